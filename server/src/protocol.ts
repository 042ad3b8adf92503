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

export interface PreviewMappingParams {
  /** The mapping's URI. */
  uri: string;
  /** The payload to run it on: a file, or text (with its format); without it, the mapping's first listed sample. */
  sample?: { uri?: string; text?: string; format?: 'json' | 'xml' | 'csv' };
  /** Workspace trust as the editor knows it; in an untrusted workspace nothing is evaluated. Absent means trusted. */
  trusted?: boolean;
}
export interface PreviewTraceEntry {
  target: string;
  value?: unknown;
  error?: string;
  /** Fields with one value per item: `value` lists the first ones, `items` counts them. */
  items?: number;
  range: Range;
}
export interface PreviewMappingResult {
  output: unknown;
  trace: PreviewTraceEntry[];
  sourceViolations: { path: string; message: string }[];
  targetViolations: { path: string; message: string; target?: string; range?: Range }[];
  expected?: { uri: string; diff: { path: string; kind: 'added' | 'removed' | 'changed'; expected?: unknown; actual?: unknown }[]; missing?: boolean };
  ms: number;
  /** The output in the target format when that is XML or CSV. */
  outputText?: string;
  outputFormat?: 'json' | 'xml' | 'csv';
  /** The sample used (its text cut to a readable size). */
  sample?: { uri?: string; format: 'json' | 'xml' | 'csv'; text: string; truncated: boolean; expectUri?: string };
  /** The samples the mapping lists. */
  samples?: { uri: string; label: string; expectUri?: string }[];
  /** Why nothing (or not everything) was evaluated. */
  problem?: string;
}
/** `interfaceStudio/previewMapping`: runs a mapping on a sample payload (transformation preview). */
export const PreviewMappingRequest = new RequestType<PreviewMappingParams, PreviewMappingResult, void>('interfaceStudio/previewMapping');
