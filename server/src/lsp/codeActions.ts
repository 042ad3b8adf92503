import { CodeActionKind, Connection } from 'vscode-languageserver';
import { LanguageService } from '../service/languageService';
import { codeActions } from '../service/openapi/features/codeActions';
import { answer } from './requests';

export function registerCodeActions(connection: Connection, service: LanguageService): void {
  connection.onCodeAction((params, token) => answer(token, () => codeActions(service, params.textDocument.uri, params.context.diagnostics.filter((d) => d.source === 'interface-studio'), token)));
}

export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix];
