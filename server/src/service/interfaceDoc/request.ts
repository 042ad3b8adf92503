import type { InterfaceDocumentParams, InterfaceDocumentResult } from '../../protocol';
import type { CustomRequest } from '../kinds';
import { interfaceDocument } from './document';
import { interfaceDocHtml, interfaceDocMarkdown } from './render';

/** `interfaceStudio/interfaceDocument`, answered for flows and for root specs. */
export function interfaceDocumentRequest(): CustomRequest {
  return {
    method: 'interfaceStudio/interfaceDocument',
    target: 'document',
    async handle(service, params, token, doc): Promise<InterfaceDocumentResult | null> {
      const p = params as InterfaceDocumentParams;
      const format = p.format === 'html' ? 'html' : 'md';
      const timeoutMs = (await service.host.previewTimeoutMs?.(doc!.uri)) ?? 2000;
      const built = await interfaceDocument(service, doc!.uri, { runSamples: p.trusted !== false, drawDiagram: format === 'html', timeoutMs, baseUri: p.baseUri }, token);
      if (!built) return null;
      return {
        text: format === 'html' ? interfaceDocHtml(built) : interfaceDocMarkdown(built),
        problems: built.problems,
        diagramNote: built.diagram && 'note' in built.diagram ? built.diagram.note : undefined,
      };
    },
  };
}
