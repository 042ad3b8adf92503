import { Connection, ErrorCodes, ResponseError } from 'vscode-languageserver';
import { DocumentKindRequest } from '../protocol';
import type { LanguageService } from '../service/languageService';
import { answer, documentAndKind } from './requests';

/**
 * The `interfaceStudio/…` requests the kinds declare, one handler per method: a document request
 * goes to the kind of the document it names (null when that kind does not answer it).
 */
export function registerCustomRequests(connection: Connection, service: LanguageService): void {
  connection.onRequest(DocumentKindRequest, ({ uri }, token) => answer(token, () => service.documentKind(uri, token)));
  for (const [method, answering] of service.kinds.requests()) {
    connection.onRequest(method, (params: unknown, token) => answer(token, async () => {
      if (answering[0].request.target === 'service') return answering[0].request.handle(service, params, token);
      const uri = (params as { uri?: unknown } | null)?.uri;
      if (typeof uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, `\`${method}\` needs the \`uri\` of a document.`);
      const found = await documentAndKind(service, uri, token);
      const handler = found && answering.find((a) => a.kind === found.kind);
      return handler ? handler.request.handle(service, params, token, found.doc) : null;
    }));
  }
}
