import { Connection } from 'vscode-languageserver';
import { SequenceDiagramRequest } from '../protocol';
import { LanguageService } from '../service/languageService';
import { flowDiagram } from '../service/flow/toMermaid';
import { answer } from './requests';
import { mermaidFileDiagram } from '../service/mermaid/diagram';

/** `interfaceStudio/sequenceDiagram`: the diagram panel asks for the Mermaid text of a flow or `.mmd` file. */
export function registerSequenceDiagram(connection: Connection, service: LanguageService): void {
  connection.onRequest(SequenceDiagramRequest, ({ uri }, token) => answer(token, async () => {
    const doc = await service.documents.get(uri);
    if (!doc) return null;
    if (doc.kind.kind === 'mermaid') return mermaidFileDiagram(doc);
    return (await flowDiagram(service, uri, token)) ?? null;
  }));
}
