import { CompletionItem, Connection } from 'vscode-languageserver';
import { CancelledError } from '../service/cancellation';
import { LanguageService } from '../service/languageService';
import { mappingCodeLenses, mappingCompletions, mappingDefinition, mappingHover, mappingRenameEdits, mappingUsesOfProperty, propertyKeyAt } from '../service/mapping/features';
import { provideSnippetCompletions } from './snippetCompletion';

/**
 * The language features of mapping files, and the mapping side of references/rename on a spec's
 * schema property. Until generic handlers dispatch per document kind, these handlers are the ones
 * registered on the connection: completion merges the snippet completions, and the other requests
 * answer for mappings (and, for references/rename, for the specs mappings use).
 */
export function registerMappingLanguage(connection: Connection, service: LanguageService): void {
  const guard = async <T>(fallback: T, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof CancelledError) return fallback;
      connection.console.error(`mapping: ${(error as Error).stack ?? String(error)}`);
      return fallback;
    }
  };

  connection.onCompletion(async (params, token) => {
    const [snippets, mapping] = await Promise.all([
      provideSnippetCompletions(service, params.textDocument.uri, params.position, token),
      guard<CompletionItem[]>([], () => mappingCompletions(service, params.textDocument.uri, params.position, token)),
    ]);
    return { isIncomplete: false, items: [...mapping, ...snippets] };
  });

  connection.onHover((params, token) => guard(null, async () => (await mappingHover(service, params.textDocument.uri, params.position, token)) ?? null));
  connection.onDefinition((params, token) => guard([], () => mappingDefinition(service, params.textDocument.uri, params.position, token)));
  connection.onCodeLens((params, token) => guard([], () => mappingCodeLenses(service, params.textDocument.uri, token)));

  connection.onReferences((params, token) =>
    guard([], async () => {
      const doc = await service.documents.get(params.textDocument.uri);
      const property = doc ? propertyKeyAt(doc, doc.lines.offsetAt(params.position)) : undefined;
      if (!doc || !property) return [];
      const uses = await mappingUsesOfProperty(service, doc.uri, property, token);
      const own = params.context.includeDeclaration ? [{ uri: doc.uri, range: doc.lines.rangeOf(property.keyOffset, property.keyLength) }] : [];
      return [...own, ...uses.map((u) => ({ uri: u.uri, range: u.range }))];
    }),
  );

  connection.onRenameRequest((params, token) =>
    guard(null, async () => {
      const doc = await service.documents.get(params.textDocument.uri);
      const property = doc ? propertyKeyAt(doc, doc.lines.offsetAt(params.position)) : undefined;
      if (!doc || !property) return null;
      const changes = await mappingRenameEdits(service, doc.uri, property, params.newName, token);
      const keyText = doc.text.slice(property.keyOffset, property.keyLength + property.keyOffset);
      const quote = /^["']/.test(keyText) ? keyText[0] : '';
      (changes[doc.uri] ??= []).push({ range: doc.lines.rangeOf(property.keyOffset, property.keyLength), newText: quote + params.newName + quote });
      return { changes };
    }),
  );
}
