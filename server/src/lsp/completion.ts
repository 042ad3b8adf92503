import { Connection } from 'vscode-languageserver';
import { LanguageService } from '../service/languageService';
import { completion } from '../service/openapi/features/completion';
import { answer, offsetOf } from './requests';

export const COMPLETION_TRIGGERS = ['"', "'", ':', '/', '#', ' '];

export function registerCompletion(connection: Connection, service: LanguageService): void {
  connection.onCompletion((params, token) => answer(token, async () => {
    const offset = await offsetOf(service, params.textDocument.uri, params.position);
    return offset === undefined ? null : { isIncomplete: false, items: await completion(service, params.textDocument.uri, offset, token) };
  }));
}
