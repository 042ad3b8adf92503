import { Connection } from 'vscode-languageserver';
import { LanguageService } from '../service/languageService';
import { workspaceSymbols } from '../service/openapi/features/symbols';
import { answer } from './requests';

export function registerWorkspaceSymbols(connection: Connection, service: LanguageService): void {
  connection.onWorkspaceSymbol((params, token) => answer(token, () => workspaceSymbols(service, params.query, token)));
}
