import type { Connection } from 'vscode-languageserver';
import type { LanguageService } from '../service/languageService';
import { answer, documentAndKind } from './requests';

/** The outline of a document (its kind's), and workspace symbols (every kind's). */
export function registerSymbols(connection: Connection, service: LanguageService): void {
  connection.onDocumentSymbol(({ textDocument }, token) => answer(token, async () => {
    const found = await documentAndKind(service, textDocument.uri, token);
    return (found && (await found.kind.features?.documentSymbols?.({ service, doc: found.doc, token }))) ?? [];
  }));
  connection.onWorkspaceSymbol(({ query }, token) => answer(token, async () => {
    const lists = await Promise.all(service.kinds.all().map((k) => k.workspaceSymbols?.(service, query, token) ?? []));
    return lists.flat();
  }));
}
