/**
 * The custom requests between the client and the server. Both sides import this file, so a
 * change of shape breaks the build instead of a user's session. Every method is listed in the README.
 */
import { Range, RequestType } from 'vscode-languageserver-protocol';

export interface DocumentKindParams {
  uri: string;
}
export interface DocumentKindResult {
  /** openapi | mapping | flow | snippets | mermaid | other */
  kind: string;
  /** A short label for the status bar ("OpenAPI 3.1", "Mapping"…); absent for files we do not handle. */
  label?: string;
}
/** `interfaceStudio/documentKind`: what kind of document a file is (status bar). */
export const DocumentKindRequest = new RequestType<DocumentKindParams, DocumentKindResult, void>('interfaceStudio/documentKind');

export interface SequenceDiagramParams {
  /** A flow file (`*.flow.yaml|yml|json`) or a Mermaid file (`*.mmd`). */
  uri: string;
}
export interface SequenceDiagramLink {
  /** Which arrow of the diagram: 0 is the first message arrow in the Mermaid text, 1 the second… */
  message: number;
  /** Where that message is written: the step (its operation, or its reply) in the flow file, or the line of a `.mmd` file. */
  uri: string;
  range: Range;
}
export interface SequenceDiagramResult {
  /** The Mermaid sequence-diagram text. */
  mermaid: string;
  links: SequenceDiagramLink[];
}
/** `interfaceStudio/sequenceDiagram`: the Mermaid text of a flow (or `.mmd`) file; null for other files. */
export const SequenceDiagramRequest = new RequestType<SequenceDiagramParams, SequenceDiagramResult | null, void>('interfaceStudio/sequenceDiagram');
