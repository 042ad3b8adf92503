import { ParsedDocument } from '../documents';
import { SequenceDiagram } from '../flow/toMermaid';
import { checkMermaid } from './check';

/** The diagram of a `.mmd` file: its text, with each message arrow linked to its line. */
export function mermaidFileDiagram(doc: ParsedDocument): SequenceDiagram {
  const { messages } = checkMermaid(doc.text);
  return {
    mermaid: doc.text,
    links: messages.map((m, message) => ({ message, uri: doc.uri, range: doc.lines.rangeOf(m.offset, m.length) })),
  };
}
