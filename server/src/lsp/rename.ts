import type { Connection } from 'vscode-languageserver';
import type { LanguageService } from '../service/languageService';
import { answer, positionRequest } from './requests';

/** prepareRename and rename, answered by the kind of the document (a refusal's reason reaches the user). */
export function registerRename(connection: Connection, service: LanguageService): void {
  connection.onPrepareRename(({ textDocument, position }, token) => answer(token, async () => {
    const request = await positionRequest(service, textDocument.uri, position, token);
    return (request && (await request.kind.features?.prepareRename?.(request))) ?? null;
  }));
  connection.onRenameRequest(({ textDocument, position, newName }, token) => answer(token, async () => {
    const request = await positionRequest(service, textDocument.uri, position, token);
    return (request && (await request.kind.features?.rename?.({ ...request, newName }))) ?? null;
  }));
}
