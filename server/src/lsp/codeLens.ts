import { Connection } from 'vscode-languageserver';
import { LanguageService } from '../service/languageService';
import { codeLenses } from '../service/openapi/features/navigation';
import { answer } from './requests';

export function registerCodeLens(connection: Connection, service: LanguageService): void {
  connection.onCodeLens((params, token) => answer(token, () => codeLenses(service, params.textDocument.uri, token)));
}
