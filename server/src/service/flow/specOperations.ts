import { CancellationToken, neverCancelled } from '../cancellation';
import { FindingSink } from '../findings';
import { LanguageService } from '../languageService';
import { AstNode, findProperty } from '../parser/ast';
import { OpenApiAnalysis } from '../openapi/analysis';
import { Located, operationsOf, RuleContext } from '../openapi/ruleContext';
import { openApiIndex } from '../openapi/workspaceIndex';

/** One operation of a spec, as flows name it. */
export interface SpecOperation {
  operationId: string;
  method: string;
  path: string;
  webhook: boolean;
  summary: string | undefined;
  /** The operation object. */
  operation: Located;
  /** The `operationId` value node (the definition). */
  operationIdNode: AstNode;
  context: RuleContext;
}

export interface SpecOperations {
  analysis: OpenApiAnalysis;
  operations: Map<string, SpecOperation>;
}

/** The operations of an OpenAPI root, by operationId; undefined when the file is not an OpenAPI root. */
export async function specOperations(service: LanguageService, specUri: string, token: CancellationToken = neverCancelled): Promise<SpecOperations | undefined> {
  const analysis = await openApiIndex(service).analyze(specUri, token);
  if (!analysis) return undefined;
  const context = new RuleContext(analysis.set, analysis.version, new FindingSink(), false);
  const operations = new Map<string, SpecOperation>();
  const webhooks = findProperty(context.root, 'webhooks');
  for (const op of operationsOf(context)) {
    const idNode = findProperty(op.operation.node, 'operationId');
    if (idNode?.type !== 'string') continue;
    const operationId = String(idNode.value);
    if (operations.has(operationId)) continue;
    const summary = findProperty(op.operation.node, 'summary');
    operations.set(operationId, {
      operationId,
      method: op.method.toUpperCase(),
      path: op.path,
      webhook: !!webhooks && op.pathKey.node.parent === webhooks,
      summary: summary?.type === 'string' ? String(summary.value) : undefined,
      operation: op.operation,
      operationIdNode: idNode,
      context,
    });
  }
  return { analysis, operations };
}

/** How an operation reads on an arrow: `POST /salesOrders`, or `webhook orderCreated`. */
export function operationLabel(op: SpecOperation): string {
  return op.webhook ? `${op.method} webhook ${op.path}` : `${op.method} ${op.path}`;
}
