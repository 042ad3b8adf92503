import { Connection } from 'vscode-languageserver';
import { LanguageService } from '../service/languageService';
import { hover } from '../service/openapi/features/hover';
import { answer, offsetOf } from './requests';

export function registerHover(connection: Connection, service: LanguageService): void {
  connection.onHover((params, token) => answer(token, async () => {
    const offset = await offsetOf(service, params.textDocument.uri, params.position);
    return (offset === undefined ? undefined : await hover(service, params.textDocument.uri, offset, token)) ?? null;
  }));
}
