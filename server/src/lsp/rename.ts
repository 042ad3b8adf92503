import { Connection, ErrorCodes, ResponseError } from 'vscode-languageserver';
import { LanguageService } from '../service/languageService';
import { prepareRename, rename, RenameRefused } from '../service/openapi/features/rename';
import { answer, offsetOf } from './requests';

export function registerRename(connection: Connection, service: LanguageService): void {
  connection.onPrepareRename((params, token) => answer(token, async () => {
    const offset = await offsetOf(service, params.textDocument.uri, params.position);
    const result = offset === undefined ? undefined : await prepareRename(service, params.textDocument.uri, offset, token);
    if (!result) throw new ResponseError(ErrorCodes.InvalidRequest, 'Only a component name or an operationId can be renamed here.');
    return result;
  }));
  connection.onRenameRequest((params, token) => answer(token, async () => {
    const offset = await offsetOf(service, params.textDocument.uri, params.position);
    if (offset === undefined) return null;
    try {
      return (await rename(service, params.textDocument.uri, offset, params.newName, token)) ?? null;
    } catch (error) {
      if (error instanceof RenameRefused) throw new ResponseError(ErrorCodes.InvalidRequest, error.message);
      throw error;
    }
  }));
}
