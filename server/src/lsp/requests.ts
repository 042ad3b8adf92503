import { CancellationToken, ErrorCodes, LSPErrorCodes, Position, ResponseError } from 'vscode-languageserver';
import { CancelledError } from '../service/cancellation';
import type { ParsedDocument } from '../service/documents';
import { KindDefinition, PositionRequest, RenameRefused } from '../service/kinds';
import type { LanguageService } from '../service/languageService';

/** Runs a request handler: a cancelled computation answers RequestCancelled, a refused one InvalidRequest with its reason. */
export async function answer<T>(token: CancellationToken, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof CancelledError || token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    if (error instanceof RenameRefused) throw new ResponseError(ErrorCodes.InvalidRequest, error.message);
    throw error;
  }
}

/** A document and the kind that handles it, for a request about it. */
export async function documentAndKind(service: LanguageService, uri: string, token: CancellationToken): Promise<{ doc: ParsedDocument; kind: KindDefinition } | undefined> {
  const doc = await service.getDocument(uri);
  const kind = doc && (await service.kindOf(doc, token));
  return doc && kind ? { doc, kind } : undefined;
}

/** The request at a position of a document, for its kind's features; undefined for documents no kind handles. */
export async function positionRequest(service: LanguageService, uri: string, position: Position, token: CancellationToken): Promise<(PositionRequest & { kind: KindDefinition }) | undefined> {
  const found = await documentAndKind(service, uri, token);
  if (!found) return undefined;
  return { service, doc: found.doc, kind: found.kind, token, position, offset: found.doc.lines.offsetAt(position) };
}
