import { Connection } from 'vscode-languageserver';
import { kindLabel } from '../service/documents';
import { LanguageService } from '../service/languageService';
import { DocumentKindRequest } from '../protocol';

export function registerDocumentKind(connection: Connection, service: LanguageService): void {
  connection.onRequest(DocumentKindRequest, async ({ uri }) => {
    const kind = await service.documentKind(uri);
    const roots = kind.kind === 'other' ? await service.rootsOf(uri) : [];
    if (roots.length) return { kind: 'fragment', label: 'OpenAPI fragment' };
    return { kind: kind.kind, label: kindLabel(kind) };
  });
}
