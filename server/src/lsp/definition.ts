import { Connection } from 'vscode-languageserver';
import { LanguageService } from '../service/languageService';
import { definition } from '../service/openapi/features/navigation';
import { answer, offsetOf } from './requests';

export function registerDefinition(connection: Connection, service: LanguageService): void {
  connection.onDefinition((params, token) => answer(token, async () => {
    const offset = await offsetOf(service, params.textDocument.uri, params.position);
    return offset === undefined ? null : definition(service, params.textDocument.uri, offset, token);
  }));
}
