import { Connection } from 'vscode-languageserver';
import { LanguageService } from '../service/languageService';
import { documentSymbols } from '../service/openapi/features/symbols';
import { answer } from './requests';

export function registerDocumentSymbols(connection: Connection, service: LanguageService): void {
  connection.onDocumentSymbol((params, token) => answer(token, () => documentSymbols(service, params.textDocument.uri, token)));
}
