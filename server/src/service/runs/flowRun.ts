import type { Range } from 'vscode-languageserver-types';
import type { RunFlowResult, StepRunResult } from '../../protocol';
import { CancellationToken, neverCancelled } from '../cancellation';
import type { EnvironmentTarget } from '../configuration';
import type { LanguageService } from '../languageService';
import { formatOfName } from '../mapping/model';
import { Flow, FlowStep, MessageStep, messageSteps, readFlow } from '../flow/model';
import { isFlow } from '../flow/identity';
import { findProperty } from '../parser/ast';
import { plain } from '../openapi/schemaToJsonSchema';
import { openApiVersion } from '../openapi/version';
import type { ExpressionEvaluator } from '../preview/evaluator';
import { readPayload } from '../preview/payload';
import { previewMapping } from '../preview/preview';
import { resolveUri } from '../uris';
import { Api, ApiOperation, ApiParameter, loadApi, operationById } from './api';
import { generateValue } from './generate';
import { checkResponse } from './mock';
import { Secrets } from './secrets';

/** One HTTP request the runner sends; the host sends it (only to the environment's hosts, within the time limit). */
export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export type HttpOutcome = { status: number; headers: Record<string, string>; body: string; ms: number } | { error: string; ms: number };

export interface FlowRunOptions {
  /** Each participant's target: the environment's, or the mocks'. */
  targets: Record<string, EnvironmentTarget>;
  /** The environment's name, for messages (`mocks` when the runner started them). */
  environment: string;
  /** Against mocks the runner sends placeholder credentials of the kind each operation asks for. */
  placeholderCredentials: boolean;
  send(request: OutgoingRequest, token: CancellationToken): Promise<HttpOutcome>;
  evaluator: ExpressionEvaluator;
  /** Reads `${env:NAME}`. */
  env(name: string): string | undefined;
  /** The time limit of each request and each JSONata evaluation (a target's `timeoutMs` wins). */
  timeoutMs: number;
  /** Told of each step as it ends (the Test Explorer shows progress). */
  onStep?(step: StepResult): void;
}

/** One step's result, and a whole run's: the shapes the editor receives (protocol). */
export type StepResult = StepRunResult;
export type FlowRunResult = RunFlowResult;

const QUEUE_KINDS = new Set(['queue', 'topic']);

/** An asynchronous message to or from a queue is an event: a run records it rather than sending a request. */
function isQueuedEvent(flow: Flow, step: MessageStep): boolean {
  const isQueue = (id: string | undefined) => QUEUE_KINDS.has((flow.participants.get(id ?? '')?.kind ?? '').toLowerCase());
  return !!step.async && (isQueue(step.to) || isQueue(step.from));
}

/**
 * Participants of a flow that a run calls over HTTP: those whose spec is an OpenAPI document (for
 * starting mocks). Other specs (AsyncAPI, missing files) have nothing to mock.
 */
export async function participantsWithSpecs(service: LanguageService, flow: Flow): Promise<{ id: string; specUri: string }[]> {
  const out: { id: string; specUri: string }[] = [];
  for (const p of flow.participants.values()) {
    if (p.specUri && openApiVersion(await service.documents.get(p.specUri))) out.push({ id: p.id, specUri: p.specUri });
  }
  return out;
}

/**
 * Each message step's index (`$steps[index]`, document order, every branch counted) and its arrows
 * in the diagram (its message, then its reply), numbered as `flowToMermaid` draws them.
 */
export function numberSteps(flow: Flow): Map<MessageStep, { index: number; arrows: number[] }> {
  const numbers = new Map<MessageStep, { index: number; arrows: number[] }>();
  let arrow = 0;
  for (const step of messageSteps(flow.steps)) {
    const arrows: number[] = [];
    if (step.from !== undefined && step.to !== undefined) {
      arrows.push(arrow++);
      if (step.reply !== undefined) arrows.push(arrow++);
    }
    numbers.set(step, { index: numbers.size, arrows });
  }
  return numbers;
}

/** The steps a run goes through, for a test tree: label, place, and whether a request is sent. */
export function planSteps(flow: Flow): { index: number; from: string; to: string; operation?: string; label: string; range: Range; sent: boolean }[] {
  return [...numberSteps(flow)].map(([step, { index }]) => ({
    index,
    from: step.from ?? '',
    to: step.to ?? '',
    operation: step.operation,
    label: `${step.from ?? '?'} → ${step.to ?? '?'} ${step.operation ?? step.message ?? ''}`.trim(),
    range: flow.doc.lines.rangeOf(step.node.offset, step.node.length),
    sent: !!step.operation && !isQueuedEvent(flow, step),
  }));
}

export async function readFlowAt(service: LanguageService, uri: string): Promise<Flow | string> {
  const doc = await service.documents.get(uri);
  if (!doc) return 'the flow file does not exist or cannot be read';
  if (!isFlow(doc) || !doc.parse.root) return 'it is not a flow file (*.flow.yaml, *.flow.yml, *.flow.json)';
  return readFlow(doc);
}

/**
 * Runs a flow as an integration test: every step with an operation sends a real request to its
 * participant's target (the body from the step's mapping, `input:`, or the spec's example), and the
 * response is checked against the participant's spec and the step's `reply`. `alt` runs its first
 * branch, `opt` and `loop` once, `par` every branch. Steps fail one by one; the run goes on.
 */
export async function runFlow(service: LanguageService, uri: string, options: FlowRunOptions, token: CancellationToken = neverCancelled): Promise<FlowRunResult> {
  const flow = await readFlowAt(service, uri);
  if (typeof flow === 'string') return { uri, title: '', environment: options.environment, passed: false, steps: [], problem: flow };
  const secrets = new Secrets(options.env);
  const apis = new Map<string, Api | { problem: string }>();
  const apiOf = async (specUri: string) => {
    if (!apis.has(specUri)) apis.set(specUri, await loadApi(service, specUri, token));
    return apis.get(specUri)!;
  };
  const responses: unknown[] = [];
  const results: StepResult[] = [];
  const numbers = numberSteps(flow);

  const runStep = async (step: MessageStep): Promise<void> => {
    const { index, arrows } = numbers.get(step)!;
    const started = Date.now();
    const result: StepResult = {
      index,
      from: step.from ?? '',
      to: step.to ?? '',
      operation: step.operation,
      ok: false,
      ms: 0,
      range: flow.doc.lines.rangeOf(step.node.offset, step.node.length),
      arrows,
    };
    try {
      const outcome = await executeStep(step, result);
      Object.assign(result, outcome);
    } catch (error) {
      result.ok = false;
      result.error = (error as Error).message;
    }
    result.ms = result.ms || Date.now() - started;
    if (result.error) result.error = secrets.redact(result.error);
    if (result.request) result.request = secrets.redact(result.request);
    results.push(result);
    options.onStep?.(result);
  };

  const evaluate = async (expression: string, what: string): Promise<unknown> => {
    const outcome = await options.evaluator.evaluate(
      { expression: `($steps := $$.steps; (${expression}\n))`, input: { steps: responses }, lookups: {}, timeoutMs: options.timeoutMs },
      token,
    );
    if (!outcome.ok) throw new Error(`${what} \`${expression}\` failed: ${outcome.message}`);
    return outcome.value;
  };

  const readInput = async (step: MessageStep): Promise<{ value: unknown } | undefined> => {
    const node = findProperty(step.node, 'input');
    if (!node) return undefined;
    if (node.type !== 'string') return { value: plain(node) };
    const text = String(node.value);
    const format = formatOfName(text);
    if (format && !/\s/.test(text.trim())) {
      const fileUri = resolveUri(flow.doc.uri, text.trim());
      const file = await service.workspace.readFile(fileUri);
      if (!file) throw new Error(`The input file ${text} does not exist.`);
      const read = readPayload(file.text, format, undefined);
      if (read.error !== undefined) throw new Error(`The input file ${text} cannot be read: ${read.error}`);
      return { value: read.value };
    }
    return { value: await evaluate(text, '`input`') };
  };

  const executeStep = async (step: MessageStep, result: StepResult): Promise<Partial<StepResult>> => {
    const to = step.to !== undefined ? flow.participants.get(step.to) : undefined;
    if (!step.operation || isQueuedEvent(flow, step)) {
      const input = await readInput(step);
      responses[result.index] = input?.value;
      return { ok: true, recorded: true };
    }
    if (!to) return { error: `The step sends to \`${step.to ?? ''}\`, which the flow does not declare.` };
    if (!to.specUri) return { error: `\`${to.id}\` has no spec, so \`${step.operation}\` cannot be sent.` };
    const api = await apiOf(to.specUri);
    if ('problem' in api && step.async) {
      // An event to a system described by another kind of spec (AsyncAPI): recorded, not sent.
      const input = await readInput(step);
      responses[result.index] = input?.value;
      return { ok: true, recorded: true };
    }
    if ('problem' in api) return { error: `The spec of \`${to.id}\` (${to.spec}) cannot be used: ${api.problem}.` };
    const op = operationById(api, step.operation);
    if (!op) return { error: `${to.spec} has no operation \`${step.operation}\`.` };
    const target = options.targets[to.id];
    if (!target) return { error: `The environment \`${options.environment}\` gives no base URL for \`${to.id}\`.` };

    const params = await parameterValues(step, op);
    let path = op.path;
    const query = new URLSearchParams();
    const headers: Record<string, string> = {};
    for (const p of op.parameters) {
      const value = params.get(p.name);
      if (value === undefined) continue;
      const text = Array.isArray(value) ? value.map(String) : [typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)];
      if (p.in === 'path') path = path.split(`{${p.name}}`).join(encodeURIComponent(text.join(',')));
      else if (p.in === 'query') text.forEach((t) => query.append(p.name, t));
      else if (p.in === 'header') headers[p.name] = text.join(',');
      else if (p.in === 'cookie') headers.cookie = `${headers.cookie ? headers.cookie + '; ' : ''}${p.name}=${encodeURIComponent(text.join(','))}`;
    }
    for (const [name, value] of Object.entries(target.query)) query.set(name, secrets.expand(value, `${options.environment}.${to.id}.query.${name}`));

    let body: string | undefined;
    let mappingNote = '';
    if (op.body) {
      const media = op.body.content.find((c) => /json/i.test(c.mediaType)) ?? op.body.content[0];
      let value: unknown;
      if (step.mappingUri) {
        const input = (await readInput(step)) ?? latestResponse();
        const preview = await previewMapping(
          service,
          step.mappingUri,
          { sample: input ? { text: JSON.stringify(input.value ?? null), format: 'json' } : undefined, evaluator: options.evaluator, timeoutMs: options.timeoutMs, trusted: true },
          token,
        );
        if (preview.problem) return { error: `The mapping ${step.mapping} did not run: ${preview.problem}` };
        const failed = preview.trace.filter((t) => t.error);
        if (failed.length) return { error: `The mapping ${step.mapping} failed on the payload: ${failed.map((t) => `\`${t.target}\`: ${t.error}`).join('; ')}` };
        value = preview.output;
        if (preview.targetViolations.length) mappingNote = ` (the mapping's output breaks the request schema: ${preview.targetViolations.map((v) => `${v.path || '(root)'} ${v.message}`).join('; ')})`;
      } else {
        const input = await readInput(step);
        value = input ? input.value : media?.examples[0]?.value ?? (media?.schema ? generateValue(media.schema) : undefined);
      }
      if (value !== undefined && media) {
        body = typeof value === 'string' && !/json/i.test(media.mediaType) ? value : JSON.stringify(value);
        headers['content-type'] = media.mediaType.includes('*') ? 'application/json' : media.mediaType;
      }
    }
    if (options.placeholderCredentials) Object.assign(headers, placeholderCredentials(api, op, query));
    for (const [name, value] of Object.entries(target.headers)) headers[name] = secrets.expand(value, `${options.environment}.${to.id}.headers.${name}`);
    headers.accept ??= 'application/json, */*;q=0.5';

    const qs = query.toString();
    const url = `${target.url}${path}${qs ? `?${qs}` : ''}`;
    const outcome = await options.send({ method: op.method, url, headers, body, timeoutMs: target.timeoutMs ?? options.timeoutMs }, token);
    const request = `${op.method} ${url}`;
    if ('error' in outcome) return { error: `${request}: ${outcome.error}`, ms: outcome.ms, request };
    const check = checkResponse(op, outcome.status, outcome.headers['content-type'], outcome.body);
    responses[result.index] = check.value ?? (outcome.body.length ? outcome.body : undefined);
    const problems: string[] = [];
    const expected = step.reply !== undefined ? /^\s*(\d{3})\b/.exec(step.reply)?.[1] : undefined;
    if (expected && String(outcome.status) !== expected) problems.push(`expected ${expected} (reply \`${step.reply}\`), got ${outcome.status}${problemDetail(outcome)}`);
    else if (!expected && (outcome.status < 200 || outcome.status > 299)) problems.push(`got ${outcome.status}${problemDetail(outcome)}`);
    problems.push(...check.violations);
    return {
      ok: problems.length === 0,
      status: outcome.status,
      ms: outcome.ms,
      request,
      error: problems.length ? `${request}: ${problems.join('; ')}${mappingNote}` : undefined,
    };
  };

  const latestResponse = (): { value: unknown } | undefined => {
    for (let i = responses.length - 1; i >= 0; i--) if (responses[i] !== undefined) return { value: responses[i] };
    return undefined;
  };

  const parameterValues = async (step: MessageStep, op: ApiOperation): Promise<Map<string, unknown>> => {
    const values = new Map<string, unknown>();
    const given = findProperty(step.node, 'params');
    for (const member of given?.type === 'object' ? given.children! : []) {
      const name = String(member.key);
      const value = member.type === 'string' ? await evaluate(String(member.value), `The parameter \`${name}\``) : plain(member);
      if (value === undefined) throw new Error(`The parameter \`${name}\` (\`${String(member.value)}\`) gave nothing on the earlier responses.`);
      values.set(name, value);
    }
    for (const p of op.parameters) if (!values.has(p.name) && (p.required || p.in === 'path')) values.set(p.name, exampleOf(p));
    return values;
  };

  const walk = async (steps: FlowStep[]): Promise<void> => {
    for (const step of steps) {
      if (token.isCancellationRequested) return;
      if (step.type === 'message') await runStep(step);
      else if (step.type === 'block') {
        const branches = step.block === 'alt' ? step.branches.slice(0, 1) : step.branches;
        for (const branch of branches) await walk(branch.steps);
      }
    }
  };
  await walk(flow.steps);
  return { uri, title: flow.title ?? '', environment: options.environment, passed: results.every((r) => r.ok), steps: results };
}

function exampleOf(p: ApiParameter): unknown {
  if (p.example !== undefined) return p.example;
  return generateValue(p.schema ?? { type: 'string' });
}

function problemDetail(outcome: { body: string; headers: Record<string, string> }): string {
  if (!/json/i.test(outcome.headers['content-type'] ?? '')) return '';
  try {
    const body = JSON.parse(outcome.body) as Record<string, unknown>;
    const detail = body.detail ?? body.message ?? body.title;
    return typeof detail === 'string' ? ` — ${detail}` : '';
  } catch {
    return '';
  }
}

/** Credentials of the kind an operation asks for, with placeholder values: the mocks check presence, not value. */
function placeholderCredentials(api: Api, op: ApiOperation, query: URLSearchParams): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of op.security[0] ?? []) {
    const scheme = api.securitySchemes.get(name);
    if (!scheme) continue;
    if (scheme.type === 'apiKey' && scheme.name) {
      if (scheme.in === 'query') query.set(scheme.name, 'mock-key');
      else if (scheme.in === 'cookie') headers.cookie = `${scheme.name}=mock-key`;
      else headers[scheme.name] = 'mock-key';
    } else if (scheme.type === 'basic' || (scheme.type === 'http' && scheme.scheme === 'basic')) headers.authorization = 'Basic bW9jazptb2Nr';
    else if (scheme.type === 'http' && scheme.scheme && scheme.scheme !== 'bearer') headers.authorization = `${scheme.scheme} mock`;
    else if (scheme.type !== 'mutualTLS') headers.authorization = 'Bearer mock-token';
  }
  return headers;
}
