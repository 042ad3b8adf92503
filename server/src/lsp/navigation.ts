import type { Connection } from 'vscode-languageserver';
import type { LanguageService } from '../service/languageService';
import { answer, documentAndKind, positionRequest } from './requests';

/** Hover, definition, references and code lenses: each asks the kind of the document. */
export function registerNavigation(connection: Connection, service: LanguageService): void {
  connection.onHover(({ textDocument, position }, token) => answer(token, async () => {
    const request = await positionRequest(service, textDocument.uri, position, token);
    return (request && (await request.kind.features?.hover?.(request))) ?? null;
  }));
  connection.onDefinition(({ textDocument, position }, token) => answer(token, async () => {
    const request = await positionRequest(service, textDocument.uri, position, token);
    return (request && (await request.kind.features?.definition?.(request))) ?? [];
  }));
  connection.onReferences(({ textDocument, position, context }, token) => answer(token, async () => {
    const request = await positionRequest(service, textDocument.uri, position, token);
    const locations = (request && (await request.kind.features?.references?.({ ...request, includeDeclaration: context.includeDeclaration }))) ?? [];
    const seen = new Set<string>();
    return locations.filter((l) => {
      const key = `${l.uri}:${l.range.start.line}:${l.range.start.character}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
  }));
  connection.onCodeLens(({ textDocument }, token) => answer(token, async () => {
    const found = await documentAndKind(service, textDocument.uri, token);
    return (found && (await found.kind.features?.codeLenses?.({ service, doc: found.doc, token }))) ?? [];
  }));
}
