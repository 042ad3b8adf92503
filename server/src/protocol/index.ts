/**
 * The custom requests between the client and the server. Both sides import this file, so a
 * change of shape breaks the build instead of a user's session. Every method is listed in the README.
 */
import { Range, RequestType } from 'vscode-languageserver-protocol';

/**
 * Node's options for every process that runs the language server or the command line: the
 * extension's client, its tasks, the tests, the bench and the Neovim test start it with these,
 * so an option is tried and measured in one place. None for now: `--single-threaded-gc`,
 * `--single-threaded`, `--no-concurrent-sweeping` and `--no-concurrent-recompilation` did not
 * keep the peak on a busy machine down (README, "Speed").
 */
export const SERVER_NODE_OPTIONS: readonly string[] = [];

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

/** A running mock server: the spec it serves and where. */
export interface MockInfo {
  specUri: string;
  url: string;
}
export interface StartMocksParams {
  /** A flow (one mock per participant with a spec) or an OpenAPI document. */
  uri: string;
}
export interface StartMocksResult {
  /** Every mock now running (the ones started before stay). */
  mocks: MockInfo[];
  /** Why nothing was started (an untrusted workspace, a file that is neither a flow nor a spec…). */
  problem?: string;
}
/** `interfaceStudio/startMocks`: mock servers on 127.0.0.1 for a flow's participants or one spec. */
export const StartMocksRequest = new RequestType<StartMocksParams, StartMocksResult, void>('interfaceStudio/startMocks');
/** `interfaceStudio/stopMocks`: stops every mock server; the result lists the ones still running (none). */
export const StopMocksRequest = new RequestType<Record<string, never>, StartMocksResult, void>('interfaceStudio/stopMocks');

/** One step of a flow as a run sees it (the Test Explorer's children). */
export interface FlowStepInfo {
  index: number;
  from: string;
  to: string;
  operation?: string;
  /** `mw → erp createSalesOrder`, or the step's message. */
  label: string;
  range: Range;
  /** Whether a run sends it (an operation) or only records it. */
  sent: boolean;
}
export interface FlowStepsResult {
  title: string;
  steps: FlowStepInfo[];
  /** The environments of `.interface-studio.yaml` the flow can run against (besides the mocks). */
  environments: string[];
}
/** `interfaceStudio/flowSteps`: the steps of a flow and the environments it can run in. */
export const FlowStepsRequest = new RequestType<{ uri: string }, FlowStepsResult | null, void>('interfaceStudio/flowSteps');

export interface StepRunResult {
  /** The step's index among the flow's message steps, in document order (`$steps[index]`). */
  index: number;
  from: string;
  to: string;
  operation?: string;
  /** The HTTP status the target answered. */
  status?: number;
  ok: boolean;
  ms: number;
  error?: string;
  /** Not sent: a message without an operation, or an asynchronous one to a queue. */
  recorded?: boolean;
  /** `METHOD url` of what was sent (secrets redacted). */
  request?: string;
  /** Where the step is in the flow document. */
  range: Range;
  /** The diagram's arrows of this step (its message, and its reply), numbered as in `interfaceStudio/sequenceDiagram`. */
  arrows: number[];
}
export interface RunFlowParams {
  uri: string;
  /** An environment of `.interface-studio.yaml`; absent: mocks started for the run. */
  environment?: string;
}
export interface RunFlowResult {
  uri: string;
  title: string;
  /** The environment's name, or `mocks`. */
  environment: string;
  passed: boolean;
  steps: StepRunResult[];
  /** Why the flow could not run at all. */
  problem?: string;
}
/** `interfaceStudio/runFlow`: runs a flow as an integration test (progress: `interfaceStudio/runProgress`). */
export const RunFlowRequest = new RequestType<RunFlowParams, RunFlowResult, void>('interfaceStudio/runFlow');
/** Notification `interfaceStudio/runProgress` (server → client): `{ uri, step }` as each step of a run ends. */
export const RUN_PROGRESS = 'interfaceStudio/runProgress';
/** Notification `interfaceStudio/mockLog` (server → client): `{ specUri, line }` for every call a mock answers. */
export const MOCK_LOG = 'interfaceStudio/mockLog';
export interface ChangeRevisionsParams {
  /** A file of the repository. */
  uri: string;
}
export interface ChangeRevisionsResult {
  revisions: { name: string; kind: 'branch' | 'tag' | 'commit'; description: string }[];
}
/** `interfaceStudio/changeRevisions`: branches, tags and recent commits to compare a spec with (empty outside git). */
export const ChangeRevisionsRequest = new RequestType<ChangeRevisionsParams, ChangeRevisionsResult, void>('interfaceStudio/changeRevisions');

export interface CompareWithRevisionParams {
  /** The OpenAPI root document (its current text is compared). */
  uri: string;
  /** A branch, tag or commit; absent: the base revision (`interfaceStudio.changes.base`, else the merge-base with the default branch, else HEAD). */
  revision?: string;
}
export interface ChangeLocation {
  uri: string;
  range: Range;
}
export interface ReportChange {
  code: string;
  level: 'error' | 'warning' | 'info';
  message: string;
  /** `GET /customers/{id}` */
  operation?: string;
  operationId?: string;
  /** In the revision's version of the file (its uri is the work tree's file). */
  old?: ChangeLocation;
  /** In the current text; for a removal, the parent that lost it. */
  new?: ChangeLocation;
  /** Mappings and flows that use what changed. */
  impact: (ChangeLocation & { message: string })[];
}
export interface ChangeReport {
  uri: string;
  revision: string;
  changes: ReportChange[];
  /** The same report as Markdown, for a pull request. */
  markdown: string;
  /** Why nothing could be compared (not in git, no such revision, the file is new…). */
  error?: string;
}
/** `interfaceStudio/compareWithRevision`: what changed in a spec since a revision, with the impact on mappings and flows. */
export const CompareWithRevisionRequest = new RequestType<CompareWithRevisionParams, ChangeReport, void>('interfaceStudio/compareWithRevision');
/** Where an element of the API reference is written: [index into `files`, line, character] (0-based). */
export type ApiSourceAt = [number, number, number];

/** A schema as the API reference shows it: `$ref`s are kept as keys of `ApiReferenceModel.schemas`, so cycles stay finite. */
export interface ApiSchema {
  at?: ApiSourceAt;
  /** The schema is a `$ref`: its key in `schemas` (the target is shown there, by its name). */
  ref?: string;
  /** A `$ref` that leads nowhere: what is wrong. */
  broken?: string;
  title?: string;
  description?: string;
  /** The types (3.1 type arrays kept; `nullable: true` adds `null`). */
  type?: string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  examples?: unknown[];
  /** Bounds and patterns, worded: `>= 1`, `length ≤ 50`, `pattern ^[A-Z]+$`, `unique items`… */
  bounds?: string[];
  readOnly?: boolean;
  writeOnly?: boolean;
  deprecated?: boolean;
  properties?: { name: string; required: boolean; schema: ApiSchema }[];
  additionalProperties?: ApiSchema | boolean;
  items?: ApiSchema;
  prefixItems?: ApiSchema[];
  allOf?: ApiSchema[];
  oneOf?: ApiSchema[];
  anyOf?: ApiSchema[];
  not?: ApiSchema;
  discriminator?: string;
}

export interface ApiExample {
  name: string;
  summary?: string;
  value?: unknown;
  externalValue?: string;
  at?: ApiSourceAt;
}

export interface ApiContent {
  mediaType: string;
  schema?: ApiSchema;
  examples: ApiExample[];
}

export interface ApiParameter {
  name: string;
  in: string;
  required: boolean;
  deprecated?: boolean;
  description?: string;
  schema?: ApiSchema;
  examples: ApiExample[];
  at?: ApiSourceAt;
  broken?: string;
}

export interface ApiResponse {
  status: string;
  description?: string;
  headers: ApiParameter[];
  content: ApiContent[];
  at?: ApiSourceAt;
  broken?: string;
}

export interface ApiOperation {
  method: string;
  path: string;
  /** Under `webhooks` (3.1): `path` is the webhook's name. */
  webhook?: boolean;
  operationId?: string;
  summary?: string;
  description?: string;
  tags: string[];
  deprecated?: boolean;
  parameters: ApiParameter[];
  requestBody?: { description?: string; required: boolean; content: ApiContent[]; at?: ApiSourceAt; broken?: string };
  responses: ApiResponse[];
  /** Alternatives, each a list of schemes that apply together; `[]` means none is needed. Absent: not stated. */
  security?: { scheme: string; scopes: string[] }[][];
  /** 3.x `callbacks`: the requests the API sends back, by callback name and URL expression. */
  callbacks?: { name: string; expression: string; operations: ApiOperation[]; at?: ApiSourceAt; broken?: string }[];
  at: ApiSourceAt;
}

export interface ApiSecurityScheme {
  name: string;
  type: string;
  description?: string;
  /** Worded details: `bearer (JWT)`, `header X-API-Key`, `clientCredentials: https://…/token`… */
  details: string[];
  scopes: { name: string; description: string }[];
  at?: ApiSourceAt;
}

export interface ApiReferenceModel {
  /** `2.0`, `3.0` or `3.1`, and the version text as written. */
  version: string;
  versionText: string;
  /** The files of the document set (the root first), as URIs; `at` indexes this list. */
  files: string[];
  info: {
    title: string;
    version?: string;
    summary?: string;
    description?: string;
    termsOfService?: string;
    contact?: { name?: string; url?: string; email?: string };
    license?: { name?: string; url?: string; identifier?: string };
    at?: ApiSourceAt;
  };
  servers: { url: string; description?: string; variables: { name: string; default?: string; enum?: string[]; description?: string }[]; at?: ApiSourceAt }[];
  /** Tags in the order the document declares them, then the ones only operations name; `''` gathers untagged operations. */
  tags: { name: string; description?: string; at?: ApiSourceAt }[];
  operations: ApiOperation[];
  /** Every `$ref` target any schema names, by key (`file index#pointer`). */
  schemas: Record<string, { name: string; schema: ApiSchema }>;
  /** The components by kind (schemas are keys of `schemas`). */
  components: { schemas: string[]; securitySchemes: ApiSecurityScheme[]; other: { kind: string; name: string; at?: ApiSourceAt }[] };
  /** What could not be read: syntax errors and `$ref`s that lead nowhere, each linked to its place. */
  problems: { message: string; code: string; at: ApiSourceAt }[];
  /**
   * Set on an outline (`summary: true`): operations carry only their heads (method, path,
   * operationId, summary, tags, place) and `schemas` only names and places; ask
   * `interfaceStudio/apiReferenceDetails` with this revision for the rest.
   */
  lazy?: { revision: string };
}

export interface ApiReferenceParams {
  /** A root OpenAPI document. */
  uri: string;
  /** The outline only (see `ApiReferenceModel.lazy`): what a panel shows first of a big API. */
  summary?: boolean;
}

export interface ApiReferenceDetailsParams {
  uri: string;
  /** The outline's `lazy.revision`. */
  revision: string;
  /** Operations by their index in the outline's `operations`. */
  operations?: number[];
  /** Schema keys of the outline's `schemas`. */
  schemas?: string[];
}

export interface ApiReferenceDetails {
  revision: string;
  /** The document changed since that outline: nothing is answered; ask for the outline again. */
  stale?: boolean;
  files: string[];
  operations: { index: number; operation: ApiOperation }[];
  /** The schemas asked for and every schema they or the operations name, with their trees. */
  schemas: ApiReferenceModel['schemas'];
}
/** `interfaceStudio/apiReferenceDetails`: operations and schema trees of an API reference outline, as the reader opens them. */
export const ApiReferenceDetailsRequest = new RequestType<ApiReferenceDetailsParams, ApiReferenceDetails | null, void>('interfaceStudio/apiReferenceDetails');
/** `interfaceStudio/apiReference`: the API reference model of an OpenAPI document (info, servers, operations by tag, schemas, security); null for other files. */
export const ApiReferenceRequest = new RequestType<ApiReferenceParams, ApiReferenceModel | null, void>('interfaceStudio/apiReference');

export interface InterfaceDocumentParams {
  /** A flow file or a root OpenAPI document. */
  uri: string;
  format: 'md' | 'html';
  /** Workspace trust as the editor knows it: the mappings' samples are run only when trusted. Absent means trusted. */
  trusted?: boolean;
  /** Where the document will be saved: paths in it are written relative to this (default: the flow or spec). */
  baseUri?: string;
}
export interface InterfaceDocumentResult {
  text: string;
  /** Errors of the files the document describes (`file:line:col code message`): the document was written anyway. */
  problems: string[];
  /** Why the sequence diagram is embedded as Mermaid text in HTML (no browser to draw it). */
  diagramNote?: string;
}
/** `interfaceStudio/interfaceDocument`: the interface specification document of a flow or spec, for review and audit. */
export const InterfaceDocumentRequest = new RequestType<InterfaceDocumentParams, InterfaceDocumentResult, void>('interfaceStudio/interfaceDocument');
export interface WorkspaceCheckParams {
  /** `start`: check every unopened file of the workspace again; `cancel`: stop the check under way. */
  action: 'start' | 'cancel';
}
export interface WorkspaceCheckResult {
  /** `interfaceStudio.problems.scope` as the server applies it. */
  scope: 'workspace' | 'openFiles';
  /** How many files are waiting to be checked. */
  queued: number;
}
/** `interfaceStudio/workspaceCheck`: starts or stops the background check that fills Problems with unopened files. */
export const WorkspaceCheckRequest = new RequestType<WorkspaceCheckParams, WorkspaceCheckResult, void>('interfaceStudio/workspaceCheck');
/** `interfaceStudio/workspaceCheckState`, from the server: the background check started, went on or ended. */
export const WORKSPACE_CHECK_STATE = 'interfaceStudio/workspaceCheckState';
export interface WorkspaceCheckState {
  running: boolean;
  /** Files checked so far, of `total`. */
  done: number;
  total: number;
}
