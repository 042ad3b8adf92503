import { CancellationToken, neverCancelled } from '../cancellation';
import type { Environment } from '../configuration';
import type { LanguageService } from '../languageService';
import type { ExpressionEvaluator } from '../preview/evaluator';
import { Api, ApiOperation, loadApi, operationById } from './api';
import { generateValue } from './generate';
import { participantsWithSpecs, readFlowAt, runFlow, OutgoingRequest, HttpOutcome } from './flowRun';
import { defaultResponse, handleMockRequest } from './mock';
import { FlowStep, MessageStep, messageSteps } from '../flow/model';

/**
 * Postman collections (v2.1) of a spec's operations or of a flow's steps. Base URLs are collection
 * variables (`baseUrl` for a spec, the participant ids for a flow); credentials are variables with
 * placeholder values; secrets an environment names stay `{{NAME}}`, never their values. Each
 * request has tests of its status and of its response body's schema.
 */
export const POSTMAN_SCHEMA = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';

interface PostmanVariable {
  key: string;
  value: string;
  type: 'string';
  description?: string;
}

interface PostmanItem {
  name: string;
  request: {
    method: string;
    header: { key: string; value: string }[];
    url: { raw: string; host: string[]; path: string[]; query?: { key: string; value: string }[] };
    body?: { mode: 'raw'; raw: string; options: { raw: { language: 'json' | 'text' } } };
    description?: string;
  };
  event: { listen: 'test'; script: { type: 'text/javascript'; exec: string[] } }[];
}

export interface PostmanCollection {
  info: { name: string; description?: string; schema: string };
  variable: PostmanVariable[];
  item: PostmanItem[];
}

/** Keywords Postman's schema check (an older Ajv) does not need or does not know. */
const ANNOTATIONS = new Set(['example', 'examples', 'format', 'description', 'title', 'readOnly', 'writeOnly', 'deprecated', '$schema', 'default', 'contentMediaType', 'contentEncoding']);

function checkableSchema(schema: unknown, depth = 0): unknown {
  if (depth > 64 || !schema || typeof schema !== 'object') return schema;
  if (Array.isArray(schema)) return schema.map((s) => checkableSchema(s, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key)) continue;
    if (key === 'properties' || key === 'patternProperties') out[key] = Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, checkableSchema(v, depth + 1)]));
    else if (key === 'enum' || key === 'const' || key === 'required') out[key] = value;
    else out[key] = checkableSchema(value, depth + 1);
  }
  return out;
}

function testScript(op: ApiOperation, expected: number | undefined, label: string): string[] {
  const response = expected !== undefined ? op.responses.find((r) => r.status === String(expected)) ?? op.responses.find((r) => r.status === `${String(expected)[0]}XX`) : defaultResponse(op);
  const media = response?.content.find((c) => /json/i.test(c.mediaType));
  const lines: string[] = [];
  if (expected !== undefined) {
    lines.push(`pm.test(${JSON.stringify(`${label}: status is ${expected}`)}, function () {`, `  pm.response.to.have.status(${expected});`, '});');
  } else {
    lines.push(`pm.test(${JSON.stringify(`${label}: status is 2XX`)}, function () {`, '  pm.expect(pm.response.code).to.be.within(200, 299);', '});');
  }
  if (media?.schema) {
    lines.push(
      `pm.test(${JSON.stringify(`${label}: the body matches the ${response!.status} schema`)}, function () {`,
      `  var schema = ${JSON.stringify(checkableSchema(media.schema))};`,
      '  pm.response.to.have.jsonSchema(schema);',
      '});',
    );
  }
  return lines;
}

function item(name: string, host: string, request: { method: string; path: string; query: URLSearchParams; headers: Record<string, string>; body?: string }, tests: string[], description?: string): PostmanItem {
  const path = request.path.split('/').filter((s) => s !== '');
  const query = [...request.query.entries()].map(([key, value]) => ({ key, value }));
  const qs = request.query.toString();
  const contentType = Object.entries(request.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  return {
    name,
    request: {
      method: request.method,
      header: Object.entries(request.headers).map(([key, value]) => ({ key, value })),
      url: { raw: `{{${host}}}${request.path}${qs ? `?${qs}` : ''}`, host: [`{{${host}}}`], path, ...(query.length ? { query } : {}) },
      ...(request.body !== undefined ? { body: { mode: 'raw' as const, raw: request.body, options: { raw: { language: /json/i.test(contentType ?? '') ? ('json' as const) : ('text' as const) } } } } : {}),
      ...(description ? { description } : {}),
    },
    event: [{ listen: 'test', script: { type: 'text/javascript', exec: tests } }],
  };
}

/** Credentials of the kind an operation asks for, as Postman variables (`{{shopApiKey}}`); the variables get placeholder values. */
function credentialHeaders(api: Api, op: ApiOperation, prefix: string, query: URLSearchParams, variables: Map<string, PostmanVariable>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of op.security[0] ?? []) {
    const scheme = api.securitySchemes.get(name);
    if (!scheme || scheme.type === 'mutualTLS') continue;
    const key = `${prefix}${name[0].toUpperCase()}${name.slice(1)}`;
    if (scheme.type === 'apiKey' && scheme.name) {
      variables.set(key, { key, value: 'replace-me', type: 'string', description: `The API key ${scheme.name} (scheme ${name}).` });
      if (scheme.in === 'query') query.set(scheme.name, `{{${key}}}`);
      else if (scheme.in === 'cookie') headers.Cookie = `${scheme.name}={{${key}}}`;
      else headers[scheme.name] = `{{${key}}}`;
    } else if (scheme.type === 'basic' || (scheme.type === 'http' && scheme.scheme === 'basic')) {
      variables.set(key, { key, value: 'dXNlcjpwYXNzd29yZA==', type: 'string', description: `Base64 of user:password (scheme ${name}).` });
      headers.Authorization = `Basic {{${key}}}`;
    } else {
      variables.set(key, { key, value: 'replace-me', type: 'string', description: `A bearer token (scheme ${name}).` });
      headers.Authorization = `Bearer {{${key}}}`;
    }
  }
  return headers;
}

function withPath(op: ApiOperation, values: (name: string) => unknown): string {
  let path = op.path;
  for (const p of op.parameters) if (p.in === 'path') path = path.split(`{${p.name}}`).join(encodeURIComponent(String(values(p.name))));
  return path;
}

/** A collection of every operation of a spec, each with its example (or generated) parameters and body. */
export async function specCollection(service: LanguageService, uri: string, baseUrl?: string): Promise<PostmanCollection | { problem: string }> {
  const api = await loadApi(service, uri);
  if ('problem' in api) return api;
  const variables = new Map<string, PostmanVariable>([['baseUrl', { key: 'baseUrl', value: baseUrl ?? (await firstServer(service, uri)) ?? 'http://127.0.0.1:4010', type: 'string' }]]);
  const items = api.operations.map((op) => {
    const query = new URLSearchParams();
    const headers: Record<string, string> = {};
    for (const p of op.parameters) {
      if (!p.required || p.in === 'path') continue;
      const value = String(p.example ?? generateValue(p.schema ?? { type: 'string' }));
      if (p.in === 'query') query.set(p.name, value);
      else if (p.in === 'header') headers[p.name] = value;
    }
    Object.assign(headers, credentialHeaders(api, op, '', query, variables));
    let body: string | undefined;
    if (op.body) {
      const media = op.body.content.find((c) => /json/i.test(c.mediaType)) ?? op.body.content[0];
      const value = media?.examples[0]?.value ?? (media?.schema ? generateValue(media.schema) : undefined);
      if (value !== undefined && media) {
        body = JSON.stringify(value, null, 2);
        headers['Content-Type'] = media.mediaType.includes('*') ? 'application/json' : media.mediaType;
      }
    }
    const path = withPath(op, (name) => {
      const p = op.parameters.find((x) => x.name === name && x.in === 'path')!;
      return p.example ?? generateValue(p.schema ?? { type: 'string' });
    });
    const label = op.id ?? `${op.method} ${op.path}`;
    return item(op.summary ? `${label} — ${op.summary}` : label, 'baseUrl', { method: op.method, path, query, headers, body }, testScript(op, undefined, label));
  });
  return { info: { name: api.title || 'API', schema: POSTMAN_SCHEMA }, variable: [...variables.values()], item: items };
}

async function firstServer(service: LanguageService, uri: string): Promise<string | undefined> {
  const doc = await service.documents.get(uri);
  const value = doc?.parse.value as { servers?: { url?: unknown }[]; host?: unknown; basePath?: unknown; schemes?: unknown } | undefined;
  const url = value?.servers?.[0]?.url;
  if (typeof url === 'string' && /^https?:\/\//.test(url)) return url.replace(/\/+$/, '');
  if (typeof value?.host === 'string') return `${Array.isArray(value.schemes) && value.schemes.includes('https') ? 'https' : 'http'}://${value.host}${typeof value.basePath === 'string' ? value.basePath.replace(/\/+$/, '') : ''}`;
  return undefined;
}

/**
 * A collection of a flow's steps, in the order they run: each step's request is made as a run
 * makes it (parameters from `params:`, bodies from mappings and `input:`), with the earlier
 * responses taken from the specs' examples, so nothing is sent anywhere while exporting.
 */
export async function flowCollection(
  service: LanguageService,
  uri: string,
  options: { evaluator: ExpressionEvaluator; timeoutMs: number; environment?: { name: string; targets: Environment } },
  token: CancellationToken = neverCancelled,
): Promise<PostmanCollection | { problem: string }> {
  const flow = await readFlowAt(service, uri);
  if (typeof flow === 'string') return { problem: flow };
  const participants = await participantsWithSpecs(service, flow);
  const apis = new Map<string, Api>();
  const variables = new Map<string, PostmanVariable>();
  const targets: Environment = {};
  for (const p of participants) {
    const api = await loadApi(service, p.specUri);
    if ('problem' in api) return { problem: `the spec of \`${p.id}\` cannot be used: ${api.problem}` };
    apis.set(p.id, api);
    targets[p.id] = { url: `http://${p.id.toLowerCase().replace(/[^a-z0-9-]/g, '-')}.participant.invalid`, headers: {}, query: {} };
    const configured = options.environment?.targets[p.id];
    variables.set(p.id, { key: p.id, value: configured?.url ?? (await firstServer(service, p.specUri)) ?? 'http://127.0.0.1:4010', type: 'string', description: `Base URL of ${flow.participants.get(p.id)?.name ?? p.id}.` });
  }
  const captured: { participant: string; request: OutgoingRequest }[] = [];
  const send = async (request: OutgoingRequest): Promise<HttpOutcome> => {
    const url = new URL(request.url);
    const participant = Object.keys(targets).find((id) => new URL(targets[id].url).origin === url.origin)!;
    captured.push({ participant, request });
    const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const { response } = handleMockRequest(apis.get(participant)!, { method: request.method, url: url.pathname + url.search, headers, body: request.body ?? '' });
    return { status: response.status, headers: response.headers, body: response.body, ms: 0 };
  };
  const items: PostmanItem[] = [];
  const result = await runFlow(service, uri, {
    targets,
    environment: 'export',
    placeholderCredentials: true,
    send,
    evaluator: options.evaluator,
    env: () => undefined,
    timeoutMs: options.timeoutMs,
    onStep: (step) => {
      const sent = captured.pop();
      captured.length = 0;
      if (!sent || !step.operation) return;
      const participant = flow.participants.get(step.to);
      const api = apis.get(sent.participant)!;
      const op = operationById(api, step.operation)!;
      const url = new URL(sent.request.url);
      const query = new URLSearchParams(url.search);
      // The placeholder credentials of the simulated run become variables.
      const headers = credentialHeaders(api, op, sent.participant, query, variables);
      const taken = new Set(Object.keys(headers).map((k) => k.toLowerCase()));
      for (const [k, v] of Object.entries(sent.request.headers)) if (k !== 'accept' && !taken.has(k.toLowerCase())) headers[k === 'content-type' ? 'Content-Type' : k] = v;
      const configured = options.environment?.targets[sent.participant];
      // Secrets stay references: `${env:ERP_TOKEN}` becomes the Postman variable {{ERP_TOKEN}}.
      for (const [k, v] of Object.entries(configured?.headers ?? {})) {
        headers[k] = v.replace(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
          if (!variables.has(name)) variables.set(name, { key: name, value: '', type: 'string', description: `Secret: set it in your Postman environment (\${env:${name}} in .interface-studio.yaml).` });
          return `{{${name}}}`;
        });
      }
      const flowStep = findStep(flow.steps, step.index);
      const expected = flowStep?.reply !== undefined ? Number(/^\s*(\d{3})\b/.exec(flowStep.reply)?.[1]) || undefined : undefined;
      const label = `${step.index} ${step.from} → ${step.to} ${step.operation}`;
      const body = sent.request.body !== undefined ? prettyJson(sent.request.body) : undefined;
      const description = step.error && !step.status ? `Made without an answer to compare: ${step.error}` : undefined;
      items.push(item(label, sent.participant, { method: sent.request.method, path: url.pathname, query, headers, body }, testScript(op, expected, label), description ?? `${participant?.name ?? step.to}: ${op.method} ${op.path}`));
    },
  }, token);
  if (result.problem) return { problem: result.problem };
  return { info: { name: flow.title ?? 'Flow', description: `Exported from the flow ${uri.split('/').pop()}: one request per step with an operation, in the order the flow runs them.`, schema: POSTMAN_SCHEMA }, variable: [...variables.values()], item: items };
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function findStep(steps: FlowStep[], index: number): MessageStep | undefined {
  return [...messageSteps(steps)][index];
}
