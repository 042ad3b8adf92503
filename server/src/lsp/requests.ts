import { CancellationToken, LSPErrorCodes, Position, ResponseError } from 'vscode-languageserver';
import { CancelledError } from '../service/cancellation';
import { LanguageService } from '../service/languageService';

/** The offset of a position in the parsed document (undefined when the document is unknown). */
export async function offsetOf(service: LanguageService, uri: string, position: Position): Promise<number | undefined> {
  const doc = await service.getDocument(uri);
  return doc?.lines.offsetAt(position);
}

/** Runs a request handler: a cancelled computation answers RequestCancelled, as LSP expects. */
export async function answer<T>(token: CancellationToken, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof CancelledError || token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    throw error;
  }
}
