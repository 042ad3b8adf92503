/**
 * The custom requests between the client and the server. Both sides import this file, so a
 * change of shape breaks the build instead of a user's session. Every method is listed in the README.
 */
import { RequestType } from 'vscode-languageserver-protocol';

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
