import { CodeActionKind, Connection } from 'vscode-languageserver';
import { DIAGNOSTIC_SOURCE } from '../service/diagnostics';
import type { LanguageService } from '../service/languageService';
import { answer, documentAndKind } from './requests';

export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix];

/** Quick fixes for our own diagnostics, by the kind of the document. */
export function registerCodeActions(connection: Connection, service: LanguageService): void {
  connection.onCodeAction(({ textDocument, range, context }, token) => answer(token, async () => {
    const found = await documentAndKind(service, textDocument.uri, token);
    const diagnostics = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    return (found && (await found.kind.features?.codeActions?.({ service, doc: found.doc, token, range, diagnostics }))) ?? [];
  }));
}
