import { Connection } from 'vscode-languageserver';
import { LanguageService } from '../service/languageService';
import { references } from '../service/openapi/features/navigation';
import { answer, offsetOf } from './requests';

export function registerReferences(connection: Connection, service: LanguageService): void {
  connection.onReferences((params, token) => answer(token, async () => {
    const offset = await offsetOf(service, params.textDocument.uri, params.position);
    return offset === undefined ? null : references(service, params.textDocument.uri, offset, params.context.includeDeclaration, token);
  }));
}
