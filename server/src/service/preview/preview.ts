import jsonata from 'jsonata';
import { Range } from 'vscode-languageserver-types';
import { CancellationToken, CancelledError, throwIfCancelled } from '../cancellation';
import { Finding } from '../findings';
import { LanguageService } from '../languageService';
import { allFields, formatOfName, fullTarget, MappingField, MappingModel, PayloadFormat, readMapping } from '../mapping/model';
import { resolveSideSchema, SideSchema } from '../mapping/schemas';
import { pointerSegments } from '../pointer';
import { basename } from '../uris';
import { compileMapping, CompiledMapping, fieldAtPosition } from './compile';
import { diffValues, DiffEntry } from './diff';
import { EvaluationResult, ExpressionEvaluator } from './evaluator';
import { isArraySchema, JsonSchema, readPayload, readsAsList, renderPayload } from './payload';
import { validatePayload, Violation } from './validate';
import { isMapping, notAMappingMessage } from '../mapping/identity';

export interface PreviewSampleParams {
  uri?: string;
  text?: string;
  format?: PayloadFormat;
}

export interface TraceEntry {
  /** The field's full target path (`contacts.email`). */
  target: string;
  value?: unknown;
  error?: string;
  /** Fields inside `each` (and rows of a CSV run) have one value per item: `value` lists the first ones, `items` counts them all. */
  items?: number;
  range: Range;
}

export interface TargetViolation extends Violation {
  target?: string;
  range?: Range;
}

export interface PreviewResult {
  output?: unknown;
  /** The output in the target's format when that is XML or CSV. */
  outputText?: string;
  outputFormat: PayloadFormat;
  trace: TraceEntry[];
  sourceViolations: Violation[];
  targetViolations: TargetViolation[];
  expected?: { uri: string; diff: DiffEntry[]; missing?: boolean };
  /** Milliseconds the whole preview took. */
  ms: number;
  /** The sample that was used, for the panel (its text cut to a readable size). */
  sample?: { uri?: string; format: PayloadFormat; text: string; truncated: boolean; expectUri?: string };
  /** The samples the mapping lists, for the picker. */
  samples: { uri: string; label: string; expectUri?: string }[];
  /** Why nothing was evaluated, or what went wrong for the mapping as a whole. */
  problem?: string;
}

export interface PreviewOptions {
  sample?: PreviewSampleParams;
  evaluator: ExpressionEvaluator;
  timeoutMs: number;
  /** False in an untrusted workspace: nothing is evaluated. */
  trusted: boolean;
}

/** How much of the sample text the panel gets back. */
const SAMPLE_DISPLAY_CHARS = 64 * 1024;
/** How many per-item values a trace entry lists. */
const TRACE_ITEMS = 20;

/** Runs a mapping on a sample payload: output, per-field trace, schema violations, golden diff. */
export async function previewMapping(service: LanguageService, uri: string, options: PreviewOptions, token: CancellationToken): Promise<PreviewResult> {
  const started = performance.now();
  const doc = await service.documents.get(uri);
  const empty = (problem: string, format: PayloadFormat = 'json'): PreviewResult => ({
    outputFormat: format, trace: [], sourceViolations: [], targetViolations: [], samples: [], problem, ms: performance.now() - started,
  });
  if (!doc) return empty(`${basename(uri)} cannot be read.`);
  if (!isMapping(doc)) return empty(notAMappingMessage(basename(uri)));
  const model = readMapping(doc);
  const outputFormat = model.target?.format ?? 'json';
  const samples = model.samples.map((s) => ({ uri: s.uri, label: String(s.pathNode.value), expectUri: s.expectUri }));
  const rangeOf = (field: MappingField): Range => {
    const node = field.targetNode ?? field.node;
    return doc.lines.rangeOf(node.offset, node.length);
  };

  if (!options.trusted) {
    return { ...empty('This workspace is not trusted, so the mapping is not run. Trust the workspace to preview it.', outputFormat), samples };
  }

  const [source, target] = await Promise.all([
    resolveSideSchema(service, model, 'source', token),
    resolveSideSchema(service, model, 'target', token),
  ]);
  throwIfCancelled(token);

  // The sample: given text, a picked file, or the first one the mapping lists.
  const listed = options.sample?.uri ? model.samples.find((s) => s.uri === options.sample!.uri) : options.sample?.text === undefined ? model.samples[0] : undefined;
  const sampleUri = options.sample?.uri ?? (options.sample?.text === undefined ? listed?.uri : undefined);
  let text = options.sample?.text;
  if (text === undefined) {
    if (!sampleUri) return { ...empty('This mapping lists no samples. Add one under `samples:`, or pick a file in the panel.', outputFormat), samples };
    const file = await service.workspace.readFile(sampleUri);
    if (!file) return { ...empty(`The sample ${basename(sampleUri)} cannot be read.`, outputFormat), samples };
    text = file.text;
  }
  const format: PayloadFormat = options.sample?.format ?? listed?.format ?? (sampleUri ? formatOfName(sampleUri) : undefined) ?? model.source?.format ?? 'json';
  const sample = { uri: sampleUri, format, text: text.slice(0, SAMPLE_DISPLAY_CHARS), truncated: text.length > SAMPLE_DISPLAY_CHARS, expectUri: listed?.expectUri };

  // Evaluate: one expression; a field that fails is left out and the rest runs again.
  const errors = new Map<MappingField, string>(syntaxErrors(model));
  const lookups: Record<string, Record<string, unknown>> = {};
  for (const [name, table] of model.lookups) lookups[name] = table.entries;
  const sampleText = text;
  const run = (perRow: boolean): { compiled: CompiledMapping; result: Promise<EvaluationResult> } => {
    const compiled = compileMapping(model, { exclude: new Set(errors.keys()), perRow });
    for (const [field, message] of compiled.problems) errors.set(field, message);
    const payload = { text: sampleText, format, schema: source.schema?.schema };
    return { compiled, result: options.evaluator.evaluate({ expression: compiled.text, payload, lookups, timeoutMs: options.timeoutMs }, token) };
  };
  // The first run starts before the sample is read here: the evaluating thread reads its own copy
  // while this one checks the sample against the source schema. Whether the sample is a list of
  // rows is told from its first character; should the reading below disagree, that run is dropped.
  const rowsOnSight = source.schema && !isArraySchema(source.schema.schema) ? readsAsList(text, format) : false;
  let early = rowsOnSight === undefined ? undefined : { perRow: rowsOnSight, ...run(rowsOnSight) };

  const payload = readPayload(text, format, source.schema?.schema);
  if (payload.error !== undefined) {
    return { ...empty(`The sample is not valid ${format.toUpperCase()}: ${payload.error}`, outputFormat), samples, sample };
  }
  const input = payload.value;
  const perRow = Array.isArray(input) && !!source.schema && !isArraySchema(source.schema.schema);
  const sourceViolations = source.schema ? validateRows(input, source.schema.schema, perRow) : [];
  if (early && early.perRow !== perRow) early = undefined;

  let output: unknown;
  let evaluated = false;
  let problem: string | undefined;
  let stops = 0;
  const fieldCount = allFields(model.fields).length;
  for (let attempt = 0; attempt <= fieldCount + 1; attempt++) {
    const { compiled, result: pending } = attempt === 0 && early ? early : run(perRow);
    const result = await pending;
    if (result.ok) {
      output = result.value;
      evaluated = true;
      break;
    }
    if (result.kind === 'cancelled') throw new CancelledError();
    const limit = `stopped after ${formatSeconds(options.timeoutMs)}`;
    const message = result.kind === 'timeout' ? limit
      : result.kind === 'memory' ? `stopped: ${result.message}`
      : /^stopped/.test(result.message) ? `${result.message} (${result.code})`
      : `${result.code ? result.code + ': ' : ''}${result.message}`;
    const span = fieldAtPosition(compiled, result.position) ?? fieldAtPosition(compiled, result.lastPosition);
    if (!span) {
      problem = `The mapping could not be run: ${message}`;
      break;
    }
    errors.set(span.field, span.role === 'expr' ? message : `in \`${span.role}\`: ${message}`);
    if (result.kind !== 'error' && ++stops >= 2) {
      problem = `The mapping was ${limit} twice; the other fields were not run.`;
      break;
    }
  }

  const trace: TraceEntry[] = [];
  for (const field of allFields(model.fields)) {
    const entry: TraceEntry = { target: fullTarget(field), range: rangeOf(field) };
    const error = errors.get(field) ?? failedAncestor(field, errors);
    if (error !== undefined) entry.error = error;
    else if (evaluated) {
      const { value, items } = valuesOf(output, field, perRow);
      if (items !== undefined) {
        entry.items = items;
        entry.value = value;
      } else if (value !== undefined) entry.value = value;
    } else entry.error = 'not run';
    trace.push(entry);
  }

  const targetViolations: TargetViolation[] = [];
  if (evaluated && target.schema) {
    const rowsOut = perRow && !isArraySchema(target.schema.schema);
    for (const v of validateRows(output, target.schema.schema, rowsOut)) {
      const field = fieldForPath(model, v.path, rowsOut);
      targetViolations.push(field ? { ...v, target: fullTarget(field), range: rangeOf(field) } : v);
    }
  }

  let expected: PreviewResult['expected'];
  if (evaluated && listed?.expectUri) {
    const file = await service.workspace.readFile(listed.expectUri);
    if (!file) expected = { uri: listed.expectUri, diff: [{ path: '', kind: 'added', actual: output }], missing: true };
    else {
      const golden = readPayload(file.text, formatOfName(listed.expectUri) ?? 'json', target.schema?.schema);
      expected = golden.error !== undefined
        ? { uri: listed.expectUri, diff: [{ path: '', kind: 'changed', expected: file.text.slice(0, 200), actual: output }] }
        : { uri: listed.expectUri, diff: diffValues(golden.value, normalise(output)) };
    }
  }

  return {
    output: evaluated ? output : undefined,
    outputText: evaluated && outputFormat !== 'json' ? renderPayload(output, outputFormat) : undefined,
    outputFormat,
    trace,
    sourceViolations,
    targetViolations,
    expected,
    ms: Math.round((performance.now() - started) * 10) / 10,
    sample,
    samples,
    problem: problem ?? (evaluated ? undefined : 'The mapping could not be run.'),
  };
}

function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/** Each user expression parsed alone: a syntax error belongs to its field and keeps the others running. */
function syntaxErrors(model: MappingModel): Map<MappingField, string> {
  const out = new Map<MappingField, string>();
  for (const field of allFields(model.fields)) {
    for (const role of ['when', 'each', 'expr', 'default'] as const) {
      const expression = field[role];
      if (!expression) continue;
      try {
        jsonata(expression.text);
      } catch (error) {
        const e = error as { code?: string; message?: string };
        out.set(field, `${role === 'expr' ? '' : `in \`${role}\`: `}${e.code ? e.code + ': ' : ''}${e.message ?? String(error)}`);
        break;
      }
    }
  }
  return out;
}

function failedAncestor(field: MappingField, errors: Map<MappingField, string>): string | undefined {
  for (let p = field.parent; p; p = p.parent) if (errors.has(p)) return `not run: \`${fullTarget(p)}\` failed`;
  return undefined;
}

function validateRows(value: unknown, schema: JsonSchema, perRow: boolean): Violation[] {
  if (!perRow || !Array.isArray(value)) return validatePayload(value, schema);
  const out: Violation[] = [];
  for (let i = 0; i < value.length && out.length < 100; i++) out.push(...validatePayload(value[i], schema, `/${i}`));
  return out.slice(0, 100);
}

function getPath(value: unknown, segments: string[]): unknown {
  let current = value;
  for (const s of segments) {
    if (!current || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[s];
  }
  return current;
}

/**
 * What a field produced, read from the output: one value, or one per item of the arrays around it
 * (the first TRACE_ITEMS of them, and how many there are).
 */
function valuesOf(output: unknown, field: MappingField, perRow: boolean): { value: unknown; items?: number } {
  const chain: MappingField[] = [];
  for (let f: MappingField | undefined = field; f; f = f.parent) chain.unshift(f);
  const paths = chain.map((f) => f.target.split('.').map((s) => s.trim()));
  const last = chain.length - 1;
  const multi = perRow || chain.some((f, i) => i < last && f.each);
  const values: unknown[] = [];
  let items = 0;
  let first: unknown;
  const visit = (value: unknown, level: number): void => {
    const here = getPath(value, paths[level]);
    if (level === last) {
      if (items++ === 0) first = here;
      if (values.length < TRACE_ITEMS) values.push(here === undefined ? null : here);
    } else if (!chain[level].each) visit(here, level + 1);
    else if (Array.isArray(here)) for (const item of here) visit(item, level + 1);
    else if (here !== undefined) visit(here, level + 1);
  };
  for (const row of perRow ? (Array.isArray(output) ? output : []) : [output]) visit(row, 0);
  return multi ? { value: values, items } : { value: first };
}

/** The field that produces the value at a JSON pointer of the output (array indexes skipped). */
function fieldForPath(model: MappingModel, pointer: string, perRow: boolean): MappingField | undefined {
  let segments = pointerSegments(pointer);
  if (perRow) segments = segments.slice(1);
  const dotted = segments.filter((s) => !/^\d+$/.test(s)).join('.');
  let best: MappingField | undefined;
  for (const field of allFields(model.fields)) {
    const t = fullTarget(field);
    if ((dotted === t || dotted.startsWith(t + '.')) && (!best || t.length > fullTarget(best).length)) best = field;
  }
  return best;
}

/** Output as it would be written to a file (sequences become plain arrays, functions disappear). */
function normalise(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value) ?? 'null');
}

/**
 * Findings for the samples a mapping lists that its source schema rejects, at each sample's entry.
 * The mapping checks call this; missing sample files are theirs to report.
 */
export async function sampleFindings(service: LanguageService, model: MappingModel, token: CancellationToken, source?: SideSchema): Promise<{ findings: Finding[]; dependencies: string[] }> {
  const findings: Finding[] = [];
  const dependencies: string[] = [];
  if (!model.samples.length) return { findings, dependencies };
  const schema = source ?? (await resolveSideSchema(service, model, 'source', token)).schema;
  for (const sample of model.samples) {
    throwIfCancelled(token);
    dependencies.push(sample.uri);
    const file = await service.workspace.readFile(sample.uri);
    if (!file) continue;
    const format = sample.format ?? model.source?.format ?? 'json';
    const payload = readPayload(file.text, format, schema?.schema);
    const at = sample.pathNode;
    if (payload.error !== undefined) {
      findings.push({ uri: model.uri, code: 'mapping.sample.unreadable', offset: at.offset, length: at.length, message: `${basename(sample.uri)} is not valid ${format.toUpperCase()}: ${payload.error}` });
      continue;
    }
    if (!schema) continue;
    const perRow = Array.isArray(payload.value) && !isArraySchema(schema.schema);
    const violations = validateRows(payload.value, schema.schema, perRow);
    if (!violations.length) continue;
    const shown = violations.slice(0, 3).map((v) => `${v.path || '/'} ${v.message}`).join('; ');
    const more = violations.length > 3 ? ` (and ${violations.length - 3} more)` : '';
    findings.push({
      uri: model.uri,
      code: 'mapping.sample.mismatch',
      offset: at.offset,
      length: at.length,
      message: `${basename(sample.uri)} does not match the source schema: ${shown}${more}.`,
      data: { violations },
    });
  }
  return { findings, dependencies };
}
