import { FeatureProviders } from './featureProviders';
import { CompletionItem, Connection, ServerCapabilities } from 'vscode-languageserver';
import { LanguageService } from '../service/languageService';
import { AstNode, findNodeAtOffset } from '../service/parser/ast';
import { flowOperationReferences } from '../service/flow';
import { flowCompletion, flowDefinition, flowHover, flowReferences } from '../service/flow/language';
import { HTTP_METHODS } from '../service/openapi/walk';

/**
 * Completion, hover, definition and references in flow files (and the flow references of an
 * operationId in a spec). These handlers answer for flow documents only; once generic handlers
 * exist, they call the flow functions for documents of kind `flow` and this file goes.
 */
export const flowLanguageCapabilities: ServerCapabilities = {
  completionProvider: { triggerCharacters: [':', ' ', '/', '.', '['] },
  hoverProvider: true,
  definitionProvider: true,
  referencesProvider: true,
};

/** Completion items for a flow document (empty for other documents), for a generic completion handler to merge. */
export async function provideFlowCompletions(service: LanguageService, uri: string, position: { line: number; character: number }, token: { isCancellationRequested: boolean }): Promise<CompletionItem[]> {
  const doc = await service.documents.get(uri);
  if (!doc || doc.kind.kind !== 'flow') return [];
  return flowCompletion(service, uri, doc.lines.offsetAt(position), token);
}

export function registerFlowLanguage(providers: FeatureProviders, service: LanguageService): void {
  const offsetOf = async (uri: string, position: { line: number; character: number }): Promise<number | undefined> =>
    (await service.documents.get(uri))?.lines.offsetAt(position);

  providers.completion.push(({ uri, position }, token) => provideFlowCompletions(service, uri, position, token));
  providers.hover.push(async ({ uri, position }, token) => {
    const offset = await offsetOf(uri, position);
    return offset === undefined ? null : ((await flowHover(service, uri, offset, token)) ?? null);
  });
  providers.definition.push(async ({ uri, position }, token) => {
    const offset = await offsetOf(uri, position);
    return offset === undefined ? [] : flowDefinition(service, uri, offset, token);
  });
  providers.references.push(async ({ uri, position, includeDeclaration }, token) => {
    const doc = await service.documents.get(uri);
    if (!doc) return [];
    const offset = doc.lines.offsetAt(position);
    if (doc.kind.kind === 'flow') return (await flowReferences(service, doc.uri, offset, includeDeclaration, token)) ?? [];
    // In a spec: the flows that call the operationId under the cursor.
    const node = findNodeAtOffset(doc.parse.root, offset);
    if (doc.kind.kind !== 'openapi' || !isOperationId(node)) return [];
    const locations = await flowOperationReferences(service, doc.uri, String(node!.value), token);
    if (includeDeclaration) locations.unshift({ uri: doc.uri, range: doc.lines.rangeOf(node!.offset, node!.length) });
    return locations;
  });
}

function isOperationId(node: AstNode | undefined): boolean {
  return !!node && node.key === 'operationId' && node.type === 'string' && (HTTP_METHODS as readonly string[]).includes(String(node.parent?.key));
}
