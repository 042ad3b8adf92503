import { CancellationToken, neverCancelled, throwIfCancelled } from '../cancellation';
import { FindingSink } from '../findings';
import { LanguageService } from '../languageService';
import { AstNode, findProperty } from '../parser/ast';
import type { DocumentSet } from '../openapi/documentSet';
import { Located, operationsOf, RuleContext } from '../openapi/ruleContext';
import { openApiIndex } from '../openapi/workspaceIndex';
import { asyncApiIndex } from '../asyncapi/workspaceIndex';
import { messageDisplayName, operationMessages } from '../asyncapi/messages';
import type { Flow, FlowParticipant, MessageStep } from './model';

/** What an AsyncAPI operation says about the messages of a step. */
export interface AsyncOperationInfo {
  /** `send`/`receive` (3.0), `publish`/`subscribe` (2.x). */
  action: string;
  /** The channel's address (or its id when 3.0 leaves the address unknown). */
  address: string | undefined;
  /** The names of the messages it carries. */
  messages: string[];
  /** Every name those messages answer to (keys, `name`, `messageId`). */
  messageNames: string[];
}

/** One operation of a spec, as flows name it. */
export interface SpecOperation {
  operationId: string;
  method: string;
  path: string;
  webhook: boolean;
  summary: string | undefined;
  /** The operation object. */
  operation: Located;
  /** Where the id is written, the definition: the `operationId` value, or a 3.0 AsyncAPI operation's key. */
  idSpan: { uri: string; offset: number; length: number };
  /** OpenAPI operations: the context their bodies are read in. */
  context?: RuleContext;
  /** AsyncAPI operations: their channel and messages. */
  asyncApi?: AsyncOperationInfo;
}

export interface SpecOperations {
  analysis: { set: DocumentSet };
  operations: Map<string, SpecOperation>;
  /** Whether the spec is an AsyncAPI document (a step from its participant may name its operations too). */
  asyncApi: boolean;
}

/** The operations of an OpenAPI or AsyncAPI root, by operationId; undefined when the file is neither. */
export async function specOperations(service: LanguageService, specUri: string, token: CancellationToken = neverCancelled): Promise<SpecOperations | undefined> {
  const analysis = await openApiIndex(service).analyze(specUri, token);
  if (!analysis) return asyncSpecOperations(service, specUri, token);
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
      idSpan: { uri: op.operation.uri, offset: idNode.offset, length: idNode.length },
      context,
    });
  }
  return { analysis, operations, asyncApi: false };
}

/** The operations of an AsyncAPI root: 3.0 operations by key, 2.x ones by operationId. */
async function asyncSpecOperations(service: LanguageService, specUri: string, token: CancellationToken): Promise<SpecOperations | undefined> {
  const analysis = await asyncApiIndex(service).analyze(specUri, token);
  if (!analysis) return undefined;
  const operations = new Map<string, SpecOperation>();
  for (const op of analysis.model.operations) {
    if (op.id === undefined || !op.idAt || operations.has(op.id)) continue;
    const idNode: AstNode = op.idAt.node;
    const onKey = analysis.version === '3';
    const address = op.channel?.address ?? op.channel?.id;
    const carried = operationMessages(op, analysis.set.targets);
    operations.set(op.id, {
      operationId: op.id,
      method: op.action,
      path: address ?? '',
      webhook: false,
      summary: op.summary,
      operation: op.operation ?? op.entry,
      idSpan: onKey ? { uri: op.idAt.uri, offset: idNode.keyOffset, length: idNode.keyLength } : { uri: op.idAt.uri, offset: idNode.offset, length: idNode.length },
      asyncApi: { action: op.action, address, messages: carried.map(messageDisplayName), messageNames: carried.flatMap((m) => m.names) },
    });
  }
  return { analysis, operations, asyncApi: true };
}

/** How an operation reads on an arrow: `POST /salesOrders`, `webhook orderCreated`, or an AsyncAPI channel and its messages (`orders.dlq · OrderParked`). */
export function operationLabel(op: SpecOperation): string {
  if (op.asyncApi) return [op.asyncApi.address, op.asyncApi.messages.join(' | ')].filter(Boolean).join(' · ') || op.operationId;
  return op.webhook ? `${op.method} webhook ${op.path}` : `${op.method} ${op.path}`;
}

/** How an operation reads in completion and hover: `POST /salesOrders`, `send orders.dlq`. */
export function operationDetail(op: SpecOperation): string {
  if (op.asyncApi) return `${op.asyncApi.action} ${op.asyncApi.address ?? ''}`.trim() + (op.asyncApi.messages.length ? ` (${op.asyncApi.messages.join(', ')})` : '');
  return operationLabel(op);
}

/**
 * The participants whose spec a step's `operation` may name: the receiver's spec, and an AsyncAPI
 * document on the sending side (a system that publishes an event names its own operation).
 */
export function operationOwners(flow: Flow, step: MessageStep, isAsyncApi: (specUri: string) => boolean): FlowParticipant[] {
  const owners: FlowParticipant[] = [];
  const receiver = step.to !== undefined ? flow.participants.get(step.to) : undefined;
  const sender = step.from !== undefined ? flow.participants.get(step.from) : undefined;
  if (receiver?.specUri) owners.push(receiver);
  if (sender?.specUri && sender !== receiver && isAsyncApi(sender.specUri)) owners.push(sender);
  return owners;
}

/** The operation a step names, in the first spec of its owners that has it. */
export function stepOperation(flow: Flow, step: MessageStep, specs: Map<string, SpecOperations | undefined>): { owner: FlowParticipant; operation: SpecOperation } | undefined {
  if (step.operation === undefined) return undefined;
  for (const owner of operationOwners(flow, step, (uri) => !!specs.get(uri)?.asyncApi)) {
    const operation = specs.get(owner.specUri!)?.operations.get(step.operation);
    if (operation) return { owner, operation };
  }
  return undefined;
}

/** The specs of the two participants of a step, loaded for one request. */
export async function stepSpecs(service: LanguageService, flow: Flow, step: MessageStep, token: CancellationToken): Promise<Map<string, SpecOperations | undefined>> {
  const specs = new Map<string, SpecOperations | undefined>();
  for (const id of [step.to, step.from]) {
    const uri = id !== undefined ? flow.participants.get(id)?.specUri : undefined;
    if (!uri || specs.has(uri)) continue;
    throwIfCancelled(token);
    specs.set(uri, await specOperations(service, uri, token));
  }
  return specs;
}
