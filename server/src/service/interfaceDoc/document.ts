/**
 * The interface specification document of one integration (a flow) or one API (a spec): what a
 * team files for review and audit. Gathered here from the service (flow, specs, mappings, sample
 * runs, findings) and the host (git history, a browser to draw the diagram); written as Markdown
 * or HTML by render.ts.
 */
import type { ApiContent, ApiOperation, ApiParameter, ApiReferenceModel, ApiSchema } from '../../protocol';
import { CancellationToken, neverCancelled, throwIfCancelled } from '../cancellation';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { FileHistoryEntry, LanguageService } from '../languageService';
import { allSteps, readFlow } from '../flow/model';
import { isFlow } from '../flow/identity';
import { flowDiagram } from '../flow/toMermaid';
import { readMapping } from '../mapping/model';
import { ReviewRow, reviewRows } from '../mapping/review';
import { apiReference, apiReferenceDetails, apiReferenceSummary } from '../openapi/apiReference';
import { openApiVersion } from '../openapi/version';
import { asyncApiVersion } from '../asyncapi/version';
import { previewMapping } from '../preview/preview';
import { renderPayload } from '../preview/payload';
import { relativePath } from '../uris';
import { details as schemaDetails, PlaceOf, SchemaRow, schemaRows, unresolved } from './schemaRows';

export interface DocTable {
  rows: SchemaRow[];
  truncated: boolean;
}

export interface DocOperation {
  method: string;
  path: string;
  webhook?: boolean;
  /** A request of a callback: the API sends it. */
  callback?: boolean;
  operationId?: string;
  summary?: string;
  description?: string;
  /** The spec it is in, relative to the document's file. */
  spec: string;
  deprecated?: boolean;
  parameters: DocParameter[];
  request?: { mediaType: string; required: boolean; description?: string; table: DocTable; examples: DocExample[] };
  responses: { status: string; description?: string; mediaType?: string; table?: DocTable; headers: DocParameter[]; examples: DocExample[] }[];
  /** Alternatives (`none` when the operation says no authentication is needed); empty when the spec does not say. */
  security: string[];
  /** 3.x `callbacks`: the requests the API sends back, each URL expression with its operations. */
  callbacks: { name: string; expression: string; broken?: string; operations: DocOperation[] }[];
}

/** An example payload of a body, as JSON text (cut to a readable size). */
export interface DocExample {
  name: string;
  summary?: string;
  text?: string;
  externalValue?: string;
}

export interface DocParameter {
  name: string;
  in: string;
  type: string;
  required: boolean;
  /** Markdown. */
  description: string;
}

export interface DocStep {
  number: number;
  from: string;
  to: string;
  label: string;
  async: boolean;
  reply?: string;
  /** The block the step is in (`alt: ERP unavailable`). */
  context?: string;
  operation?: DocOperation;
  /** The step that showed the same operation first. */
  sameAs?: number;
  mapping?: string;
}

export interface DocMapping {
  path: string;
  title: string;
  rows: ReviewRow[];
  samples: DocSample[];
}

/** A sample as the reviewer reads it: what goes in, what comes out, and how that compares with its golden output. */
export interface DocSample {
  path: string;
  /** The sample's text (cut to a readable size: `inputTruncated`). */
  input?: string;
  inputFormat?: string;
  inputTruncated?: boolean;
  output?: string;
  format?: string;
  problem?: string;
  /** The golden output the mapping names for it (`expect:`): whether the output matches, and where not. */
  expected?: { path: string; missing?: boolean; differences: string[] };
  /** What the schemas say is wrong with the sample and with the output. */
  violations?: string[];
}

export interface InterfaceDoc {
  kind: 'flow' | 'spec';
  title: string;
  description?: string;
  /** The file the document was made from, relative to where it is written. */
  source: string;
  participants: { id: string; name: string; kind?: string; spec?: string; specTitle?: string; specVersion?: string; openapi?: string; asyncapi?: string }[];
  mermaid?: string;
  diagram?: { svg: string } | { note: string };
  steps: DocStep[];
  mappings: DocMapping[];
  notes: { text: string; over: string[] }[];
  /** For a spec: its servers, security schemes and operations by tag. */
  api?: {
    version?: string;
    openapi: string;
    /** Contact, licence and terms of service, each worded (`Contact: API team, api@example.com`). */
    about: string[];
    servers: { url: string; description?: string; variables: string[] }[];
    security: { name: string; type: string; details: string[]; description?: string }[];
    tags: { name: string; description?: string; operations: DocOperation[] }[];
    /** 3.1 `webhooks`: the requests the API sends, by name. */
    webhooks: DocOperation[];
  };
  problems: string[];
  history?: FileHistoryEntry[];
  /** The files whose history is shown, relative. */
  files: string[];
}

export interface InterfaceDocOptions {
  /** Where the document will be written (links and paths are relative to it); default: beside the source. */
  baseUri?: string;
  /** Run the mappings' samples (false in an untrusted workspace). */
  runSamples: boolean;
  /** Draw the diagram for HTML. */
  drawDiagram: boolean;
  timeoutMs?: number;
}

/** The document of a flow or a root spec; undefined for other files. */
export async function interfaceDocument(service: LanguageService, uri: string, options: InterfaceDocOptions, token: CancellationToken = neverCancelled): Promise<InterfaceDoc | undefined> {
  const doc = await service.documents.get(uri);
  if (!doc) return undefined;
  const base = options.baseUri ?? uri;
  const rel = (target: string): string => safeDecode(relativePath(base, target)).replace(/^\.\//, '');
  if (isFlow(doc)) return flowDocument(service, uri, options, rel, token);
  if (openApiVersion(doc)) return specDocument(service, uri, options, rel, token);
  return undefined;
}

async function flowDocument(service: LanguageService, uri: string, options: InterfaceDocOptions, rel: (uri: string) => string, token: CancellationToken): Promise<InterfaceDoc> {
  const doc = (await service.documents.get(uri))!;
  const flow = readFlow(doc);
  const root = doc.parse.value as { description?: unknown } | undefined;
  const files = new Set<string>([uri]);
  const result: InterfaceDoc = {
    kind: 'flow',
    title: flow.title ?? rel(uri),
    description: typeof root?.description === 'string' ? root.description : undefined,
    source: rel(uri),
    participants: [],
    steps: [],
    mappings: [],
    notes: [],
    problems: [],
    files: [],
  };
  const references = new Map<string, ApiReferenceModel | undefined>();
  for (const participant of flow.participants.values()) {
    const entry: InterfaceDoc['participants'][number] = { id: participant.id, name: participant.name, kind: participant.kind };
    if (participant.specUri) {
      entry.spec = rel(participant.specUri);
      // The outline: only the operations the steps call are described in detail (a spec may have thousands).
      if (!references.has(participant.specUri)) references.set(participant.specUri, await apiReferenceSummary(service, participant.specUri, token));
      const model = references.get(participant.specUri);
      if (model) {
        entry.specTitle = model.info.title;
        entry.specVersion = model.info.version;
        entry.openapi = model.versionText;
        for (const file of model.files) files.add(file);
      } else {
        // A queue or topic described by an AsyncAPI document: its title and versions too.
        const spec = await service.documents.get(participant.specUri);
        if (asyncApiVersion(spec)) {
          const info = (spec!.parse.value as { info?: { title?: unknown; version?: unknown } }).info;
          if (typeof info?.title === 'string') entry.specTitle = info.title;
          if (typeof info?.version === 'string') entry.specVersion = info.version;
          entry.asyncapi = spec!.kind.versionText;
          files.add(participant.specUri);
        }
      }
    }
    result.participants.push(entry);
  }
  throwIfCancelled(token);
  const diagram = await flowDiagram(service, uri, token);
  result.mermaid = diagram?.mermaid;
  if (diagram && options.drawDiagram) {
    result.diagram = service.host.drawMermaid ? await service.host.drawMermaid(diagram.mermaid) : { note: 'No browser is available here to draw the diagram.' };
  }

  const nameOf = (id: string | undefined): string => (id === undefined ? '?' : flow.participants.get(id)?.name ?? id);
  const shown = new Map<string, number>();
  const mappingUris: string[] = [];
  const sampleUris = new Set<string>();
  const contexts = new Map<object, string>();
  for (const step of allSteps(flow.steps)) {
    if (step.type === 'block') {
      for (const branch of step.branches) for (const inner of branch.steps) contexts.set(inner, `${step.block}${branch.when ? `: ${branch.when}` : ''}`);
    }
  }
  // A step inside nested blocks names the innermost block it is in.
  for (const step of allSteps(flow.steps)) {
    if (step.type === 'note') {
      result.notes.push({ text: step.text, over: step.over.map((o) => nameOf(o.id)) });
      continue;
    }
    if (step.type !== 'message') continue;
    const number = result.steps.length + 1;
    const docStep: DocStep = { number, from: nameOf(step.from), to: nameOf(step.to), label: step.message ?? step.operation ?? '', async: step.async, reply: step.reply, context: contexts.get(step) };
    const specUri = step.to !== undefined ? flow.participants.get(step.to)?.specUri : undefined;
    const model = specUri ? references.get(specUri) : undefined;
    if (step.operation && model) {
      const index = model.operations.findIndex((o) => o.operationId === step.operation);
      const detailed = index >= 0 ? await operationInDetail(service, specUri!, model, index, token) : undefined;
      const operation = detailed?.operation;
      if (detailed && operation) {
        docStep.label = `${operation.method.toUpperCase()} ${operation.path}${operation.summary ? ` — ${operation.summary}` : ''}`;
        const key = `${specUri}#${step.operation}`;
        if (shown.has(key)) docStep.sameAs = shown.get(key);
        else {
          shown.set(key, number);
          docStep.operation = docOperation(detailed.model, operation, rel(specUri!), rel);
        }
      }
    }
    if (step.mappingUri) {
      docStep.mapping = rel(step.mappingUri);
      if (!mappingUris.includes(step.mappingUri)) mappingUris.push(step.mappingUri);
    }
    result.steps.push(docStep);
  }

  for (const mappingUri of mappingUris) {
    throwIfCancelled(token);
    const mappingDoc = await service.documents.get(mappingUri);
    if (!mappingDoc) continue;
    files.add(mappingUri);
    const review = await reviewRows(service, mappingDoc, token);
    const mapping: DocMapping = { path: rel(mappingUri), title: review.title, rows: review.rows, samples: [] };
    for (const sample of readMapping(mappingDoc).samples) {
      files.add(sample.uri);
      sampleUris.add(sample.uri);
      const entry: DocSample = { path: rel(sample.uri) };
      if (!options.runSamples || !service.host.evaluator) entry.problem = options.runSamples ? 'Mappings cannot be run here.' : 'Not run: the workspace is not trusted.';
      else {
        const run = await previewMapping(service, mappingUri, {
          evaluator: service.host.evaluator,
          timeoutMs: options.timeoutMs ?? 2000,
          trusted: true,
          sample: { uri: sample.uri, format: sample.format },
        }, token);
        if (run.problem) entry.problem = run.problem;
        const failed = run.trace.filter((t) => t.error).map((t) => `${t.target}: ${t.error}`);
        if (failed.length) entry.problem = [entry.problem, ...failed].filter(Boolean).join('; ');
        if (run.sample) {
          entry.input = run.sample.text;
          entry.inputFormat = run.sample.format;
          entry.inputTruncated = run.sample.truncated || undefined;
        }
        if (run.output !== undefined) {
          entry.format = run.outputText ? run.outputFormat : 'json';
          entry.output = run.outputText ?? renderPayload(run.output, 'json');
        }
        if (run.expected) {
          entry.expected = {
            path: rel(run.expected.uri),
            missing: run.expected.missing || undefined,
            differences: run.expected.diff.map((d) => `${d.path || '/'} ${d.kind}${d.kind === 'changed' ? `: expected ${JSON.stringify(d.expected)}, got ${JSON.stringify(d.actual)}` : ''}`),
          };
        }
        const violations = [
          ...run.sourceViolations.map((v) => `sample ${v.path || '/'}: ${v.message}`),
          ...run.targetViolations.map((v) => `output ${v.path || '/'}: ${v.message}`),
        ];
        if (violations.length) entry.violations = violations;
      }
      mapping.samples.push(entry);
    }
    result.mappings.push(mapping);
  }

  // The flow, its mappings, and the specs whose operations it describes: an error in any of them is an open problem.
  result.problems = await errorsOf(service, [...new Set([uri, ...mappingUris, ...files])].filter((f) => !sampleUris.has(f)), rel, token);
  result.files = [...files].map(rel);
  result.history = relativeHistory(await service.host.fileHistory?.([...files]), rel);
  return result;
}

async function specDocument(service: LanguageService, uri: string, _options: InterfaceDocOptions, rel: (uri: string) => string, token: CancellationToken): Promise<InterfaceDoc> {
  const model = (await apiReference(service, uri, token))!;
  const tags = model.tags.map((tag) => ({
    name: tag.name,
    description: tag.description,
    operations: model.operations.filter((o) => !o.webhook && o.tags.includes(tag.name)).map((o) => docOperation(model, o, rel(uri), rel)),
  })).filter((t) => t.operations.length);
  const webhooks = model.operations.filter((o) => o.webhook).map((o) => docOperation(model, o, rel(uri), rel));
  const result: InterfaceDoc = {
    kind: 'spec',
    title: model.info.title,
    description: [model.info.summary, model.info.description].filter(Boolean).join('\n\n') || undefined,
    source: rel(uri),
    participants: [],
    steps: [],
    mappings: [],
    notes: [],
    api: {
      version: model.info.version,
      openapi: model.versionText,
      about: aboutApi(model.info),
      servers: model.servers.map((s) => ({
        url: s.url,
        description: s.description,
        variables: s.variables.map((v) => `${v.name} = ${v.default ?? ''}${v.enum?.length ? ` (one of ${v.enum.join(', ')})` : ''}${v.description ? `: ${v.description}` : ''}`),
      })),
      security: model.components.securitySchemes.map((s) => ({ name: s.name, type: s.type, details: s.details, description: s.description })),
      tags,
      webhooks,
    },
    problems: await errorsOf(service, model.files, rel, token),
    files: model.files.map(rel),
  };
  result.history = relativeHistory(await service.host.fileHistory?.(model.files), rel);
  return result;
}

/** The API's contact, licence and terms of service, as a reviewer reads them. */
function aboutApi(info: ApiReferenceModel['info']): string[] {
  const lines: string[] = [];
  const contact = [info.contact?.name, info.contact?.email, info.contact?.url].filter(Boolean);
  if (contact.length) lines.push(`Contact: ${contact.join(', ')}`);
  const license = [info.license?.name, info.license?.identifier, info.license?.url].filter(Boolean);
  if (license.length) lines.push(`License: ${license.join(', ')}`);
  if (info.termsOfService) lines.push(`Terms of service: ${info.termsOfService}`);
  return lines;
}

/** An operation of an outline in detail, with a model that holds the schemas it names. */
async function operationInDetail(service: LanguageService, specUri: string, outline: ApiReferenceModel, index: number, token: CancellationToken): Promise<{ model: ApiReferenceModel; operation: ApiOperation } | undefined> {
  const details = outline.lazy ? await apiReferenceDetails(service, { uri: specUri, revision: outline.lazy.revision, operations: [index] }, token) : undefined;
  if (details && !details.stale && details.operations.length) return { model: { ...outline, files: details.files, schemas: { ...outline.schemas, ...details.schemas } }, operation: details.operations[0].operation };
  // The spec changed while the document was made: its whole model, as it is now.
  const model = await apiReference(service, specUri, token);
  const operation = model?.operations.find((o) => o.operationId === outline.operations[index].operationId);
  return model && operation ? { model, operation } : undefined;
}

function docOperation(model: ApiReferenceModel, operation: ApiOperation, spec: string, rel: (uri: string) => string): DocOperation {
  const where = placeIn(model, rel);
  const table = (schema: ApiSchema | undefined): DocTable => schemaRows(model, schema, where);
  const request = operation.requestBody;
  return {
    method: operation.method.toUpperCase(),
    path: operation.path,
    webhook: operation.webhook,
    operationId: operation.operationId,
    summary: operation.summary,
    description: operation.description,
    spec,
    deprecated: operation.deprecated,
    parameters: operation.parameters.map((p) => docParameter(model, p, where)),
    request: request && (request.content.length || request.broken)
      ? {
          mediaType: request.content.map((c) => c.mediaType).join(', '),
          required: request.required,
          description: request.broken ? unresolved(request.broken, where(request.at)) : request.description,
          table: table(request.content[0]?.schema),
          examples: docExamples(request.content),
        }
      : undefined,
    responses: operation.responses.map((r) => ({
      status: r.status,
      description: r.broken ? unresolved(r.broken, where(r.at)) : r.description,
      mediaType: r.content.map((c) => c.mediaType).join(', ') || undefined,
      table: r.content[0]?.schema ? table(r.content[0].schema) : undefined,
      headers: r.headers.map((h) => docParameter(model, h, where)),
      examples: docExamples(r.content),
    })),
    security: securityAlternatives(operation.security),
    callbacks: (operation.callbacks ?? []).map((callback) => ({
      name: callback.name,
      expression: callback.expression,
      broken: callback.broken && unresolved(callback.broken, where(callback.at)),
      operations: callback.operations.map((o) => ({ ...docOperation(model, o, spec, rel), callback: true })),
    })),
  };
}

function docParameter(model: ApiReferenceModel, p: ApiParameter, where: PlaceOf): DocParameter {
  return {
    name: p.name,
    in: p.in,
    type: p.schema ? schemaRows(model, p.schema, where).rows[0]?.type ?? '' : '',
    required: p.required,
    description: p.broken ? unresolved(p.broken, where(p.at)) : [(p.description ?? '').replace(/\s*\n\s*/g, ' '), p.schema ? schemaDetails(model, { ...p.schema, description: undefined }, 0, where) : ''].filter(Boolean).join(' '),
  };
}

/** Places of a model's elements as `file:line:col`, the file relative to the document. */
function placeIn(model: ApiReferenceModel, rel: (uri: string) => string): PlaceOf {
  return (at) => {
    const file = at ? model.files[at[0]] : undefined;
    return at && file ? `${rel(file)}:${at[1] + 1}:${at[2] + 1}` : undefined;
  };
}

/** A body's examples, of its first media type that has any; a few, each cut to what a reader takes in. */
function docExamples(content: ApiContent[]): DocExample[] {
  const examples = content.find((c) => c.examples.length)?.examples ?? [];
  return examples.slice(0, MAX_EXAMPLES).map((example) => {
    const text = example.value === undefined ? undefined : typeof example.value === 'string' ? example.value : JSON.stringify(example.value, null, 2);
    return {
      name: example.name,
      summary: example.summary,
      text: text !== undefined && text.length > MAX_EXAMPLE_CHARS ? `${text.slice(0, MAX_EXAMPLE_CHARS)}\n…` : text,
      externalValue: example.externalValue,
    };
  });
}

const MAX_EXAMPLES = 3;
const MAX_EXAMPLE_CHARS = 4000;

/** `security: []` (or an empty alternative) says no authentication is needed: the reviewer reads `none`, not nothing. */
function securityAlternatives(security: ApiOperation['security']): string[] {
  if (!security) return [];
  if (!security.length) return ['none'];
  return security.map((alternative) => alternative.map((s) => (s.scopes.length ? `${s.scheme} (${s.scopes.join(', ')})` : s.scheme)).join(' + ') || 'none');
}

/** The errors of the files a document describes, `path:line:col code message`. */
async function errorsOf(service: LanguageService, uris: string[], rel: (uri: string) => string, token: CancellationToken): Promise<string[]> {
  const lines: string[] = [];
  for (const uri of uris) {
    throwIfCancelled(token);
    for (const d of await service.diagnose(uri, token)) {
      if (d.severity !== DiagnosticSeverity.Error) continue;
      lines.push(`${rel(uri)}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`);
    }
  }
  return lines;
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function relativeHistory(history: FileHistoryEntry[] | undefined, rel: (uri: string) => string): FileHistoryEntry[] | undefined {
  return history?.map((entry) => ({ ...entry, files: entry.files.map(rel) }));
}
