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

export interface ExportMappingParams {
  /** The mapping's uri. */
  uri: string;
  format: 'md' | 'csv';
}
export interface ExportMappingResult {
  text: string;
}
/** `interfaceStudio/exportMapping`: the reviewer's table of a mapping (target, type, required, rule, note). */
export const ExportMappingRequest = new RequestType<ExportMappingParams, ExportMappingResult, void>('interfaceStudio/exportMapping');

export interface ScaffoldSide {
  /** The uri of an OpenAPI or AsyncAPI document, JSON Schema or Avro schema. */
  uri: string;
  /** A JSON pointer into it, or: */
  schema?: string;
  /** an operationId (request body; with `response`, that response's body). */
  operation?: string;
  response?: string;
  /** An AsyncAPI message (a message id or name, or an operation carrying one). */
  message?: string;
}
export interface ScaffoldMappingParams {
  /** Where the new mapping will be saved (paths in it are relative to this). */
  mappingUri: string;
  source: ScaffoldSide;
  target: ScaffoldSide;
  name?: string;
  /** List optional target fields too (default: required ones only). */
  includeOptional?: boolean;
}
export interface ScaffoldMappingResult {
  /** The mapping's text, or absent when a side could not be resolved (see `problem`). */
  text?: string;
  problem?: string;
}
/** `interfaceStudio/scaffoldMapping`: a new mapping between two schemas, every required target listed, best-guess source paths marked for review. */
export const ScaffoldMappingRequest = new RequestType<ScaffoldMappingParams, ScaffoldMappingResult, void>('interfaceStudio/scaffoldMapping');

export interface SchemaChoicesParams {
  uri: string;
}
export interface SchemaChoicesResult {
  /** JSON pointers to schemas (components/schemas, definitions, $defs). */
  pointers: string[];
  /** operationIds with their method and path (AsyncAPI: operations with their action and channel address). */
  operations: { id: string; label: string }[];
}
/** `interfaceStudio/schemaChoices`: what a mapping side can name in a spec (for the scaffold command's pickers). */
export const SchemaChoicesRequest = new RequestType<SchemaChoicesParams, SchemaChoicesResult, void>('interfaceStudio/schemaChoices');
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
