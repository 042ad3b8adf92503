import { CancellationToken, neverCancelled } from '../cancellation';
import type { ParsedDocument } from '../documents';
import type { LanguageService } from '../languageService';
import { deref, inlineSchema, loadReachable, Located } from '../mapping/schemas';
import { findProperty } from '../parser/ast';
import { plain } from '../openapi/schemaToJsonSchema';
import { openApiVersion } from '../openapi/version';
import { operations } from '../openapi/walk';
import type { JsonSchema } from '../preview/payload';

/**
 * An OpenAPI document read for running it: every operation with its parameters, bodies, responses
 * and security, `$ref`s (also across files) followed and schemas made self-contained. Swagger 2.0
 * is read into the same shape (body parameters become a request body, `produces` the media types).
 */
export interface Api {
  uri: string;
  version: '2.0' | '3.0' | '3.1';
  title: string;
  operations: ApiOperation[];
  securitySchemes: Map<string, SecurityScheme>;
  /**
   * The paths the API is served under: Swagger 2.0's `basePath`, the path of each 3.x server URL
   * (variables at their defaults), longest first; empty when the API sits at the root.
   */
  basePaths: string[];
  /** The base path of the first server (or `basePath`): where a flow run sends its requests to a mock. '' for the root. */
  basePath: string;
  /** The version of each document the API was read from (the spec and the files its `$ref`s reach). */
  sources: Map<string, string | number>;
}

export interface ApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema?: JsonSchema;
  example?: unknown;
}

export interface MediaContent {
  mediaType: string;
  schema?: JsonSchema;
  /** Named examples (an unnamed `example` is called `default`). */
  examples: { name: string; value: unknown }[];
}

export interface ApiResponse {
  /** `200`, `2XX` or `default`. */
  status: string;
  description: string;
  content: MediaContent[];
  /** Declared response headers (`Location`, `X-Rate-Limit`…) with their schema and example. */
  headers: { name: string; schema?: JsonSchema; example?: unknown }[];
}

export interface ApiOperation {
  id?: string;
  method: string;
  path: string;
  summary?: string;
  parameters: ApiParameter[];
  body?: { required: boolean; content: MediaContent[] };
  responses: ApiResponse[];
  /** Alternatives: one of them must be met; each names schemes that must all be present. Empty: no credentials needed. */
  security: string[][];
}

export interface SecurityScheme {
  type: 'apiKey' | 'http' | 'oauth2' | 'openIdConnect' | 'basic' | 'mutualTLS';
  /** apiKey: where and under which name. */
  in?: 'header' | 'query' | 'cookie';
  name?: string;
  /** http: `bearer`, `basic`… */
  scheme?: string;
}

const LOCATIONS = new Set(['path', 'query', 'header', 'cookie']);

/** Reads an OpenAPI document for mocking and running; a problem in words when it is not one. */
export async function loadApi(service: LanguageService, uri: string, token: CancellationToken = neverCancelled): Promise<Api | { problem: string }> {
  const doc = await service.documents.get(uri);
  if (!doc) return { problem: 'the file does not exist or cannot be read' };
  const version = openApiVersion(doc);
  if (!version || !doc.parse.root) return { problem: 'it is not an OpenAPI 2.0, 3.0 or 3.1 document' };
  const docs = await loadReachable(service, doc, token);
  return readApi(doc, docs, version);
}

/**
 * The API of a spec as it is now: read again when the spec or a file its `$ref`s reach has changed
 * (in the editor or on disk), so that a running mock serves the edited spec. While the spec cannot
 * be read (mid-edit), the last good reading is kept and `problem` says why.
 */
export function liveApi(service: LanguageService, uri: string, first?: Api): () => Promise<{ api?: Api; problem?: string; reloaded: boolean }> {
  let current = first;
  let lastProblem: string | undefined;
  return async () => {
    if (current && !(await changedSince(service, current.sources))) return { api: current, problem: lastProblem, reloaded: false };
    const next = await loadApi(service, uri);
    const problem = 'problem' in next ? next.problem : current ? await syntaxError(service, next.sources) : undefined;
    if ('problem' in next || problem) {
      lastProblem = problem;
      return { api: current, problem, reloaded: false };
    }
    const reloaded = current !== undefined;
    current = next;
    lastProblem = undefined;
    return { api: next, reloaded };
  };
}

/** The first syntax error of the files an API was read from, in words: a spec half-way through an edit. */
async function syntaxError(service: LanguageService, sources: Map<string, string | number>): Promise<string | undefined> {
  for (const uri of sources.keys()) {
    const doc = await service.documents.get(uri);
    const error = doc?.parse.problems.find((p) => p.code === 'syntax.error');
    if (doc && error) {
      const at = doc.lines.positionAt(error.offset);
      const file = uri.slice(uri.lastIndexOf('/') + 1);
      return `${file}:${at.line + 1}:${at.character + 1}: ${error.message.replace(/\.$/, '')}`;
    }
  }
  return undefined;
}

async function changedSince(service: LanguageService, sources: Map<string, string | number>): Promise<boolean> {
  for (const [uri, version] of sources) {
    const doc = await service.documents.get(uri);
    if (!doc || doc.version !== version) return true;
  }
  return false;
}

function readApi(doc: ParsedDocument, docs: Map<string, ParsedDocument>, version: '2.0' | '3.0' | '3.1'): Api {
  const root: Located = { uri: doc.uri, node: doc.parse.root! };
  const oas30 = version !== '3.1';
  const swagger = version === '2.0';
  const member = (at: Located | undefined, key: string): Located | undefined => {
    const node = at && findProperty(at.node, key);
    return node ? { uri: at!.uri, node } : undefined;
  };
  const resolved = (at: Located | undefined): Located | undefined => deref(docs, at);
  const value = (at: Located | undefined): unknown => (at ? plain(at.node) : undefined);
  const schemaAt = (at: Located | undefined): JsonSchema | undefined => (at ? inlineSchema(docs, at, oas30, true) : undefined);
  const children = (at: Located | undefined): Located[] => (at?.node.children ?? []).map((node) => ({ uri: at!.uri, node }));
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

  const securitySchemes = new Map<string, SecurityScheme>();
  for (const s of children(resolved(swagger ? member(root, 'securityDefinitions') : member(member(root, 'components'), 'securitySchemes')))) {
    const scheme = value(resolved(s)) as Record<string, unknown> | undefined;
    if (!scheme || typeof scheme !== 'object') continue;
    securitySchemes.set(String(s.node.key), {
      type: String(scheme.type) as SecurityScheme['type'],
      in: typeof scheme.in === 'string' ? (scheme.in as SecurityScheme['in']) : undefined,
      name: typeof scheme.name === 'string' ? scheme.name : undefined,
      scheme: typeof scheme.scheme === 'string' ? scheme.scheme.toLowerCase() : undefined,
    });
  }
  const requirements = (at: Located | undefined): string[][] | undefined => {
    const list = value(at);
    if (!Array.isArray(list)) return undefined;
    return list.filter((r) => r && typeof r === 'object').map((r) => Object.keys(r as object));
  };
  const rootSecurity = requirements(member(root, 'security')) ?? [];
  const rootConsumes = strings(value(member(root, 'consumes')));
  const rootProduces = strings(value(member(root, 'produces')));

  const examplesOf = (media: Located | undefined): { name: string; value: unknown }[] => {
    const out: { name: string; value: unknown }[] = [];
    const one = member(media, 'example');
    if (one) out.push({ name: 'default', value: value(one) });
    for (const e of children(member(media, 'examples'))) {
      const example = resolved(e);
      const v = value(member(example, 'value'));
      if (v !== undefined) out.push({ name: String(e.node.key), value: v });
    }
    return out;
  };
  const contentOf = (holder: Located | undefined): MediaContent[] =>
    children(member(holder, 'content')).map((m) => {
      const media = resolved(m);
      return { mediaType: String(m.node.key), schema: schemaAt(member(media, 'schema')), examples: examplesOf(media) };
    });

  const ops: ApiOperation[] = [];
  for (const site of operations(doc.parse.root, false)) {
    const op: Located = { uri: doc.uri, node: site.operation };
    const pathItem: Located = { uri: doc.uri, node: site.pathItem };
    const params = new Map<string, ApiParameter>();
    let body: ApiOperation['body'];
    const formData: ApiParameter[] = [];
    const consumes = strings(value(member(op, 'consumes')));
    const produces = strings(value(member(op, 'produces')));
    for (const p of [...children(member(pathItem, 'parameters')), ...children(member(op, 'parameters'))]) {
      const param = resolved(p);
      const raw = value(param) as Record<string, unknown> | undefined;
      if (!param || !raw || typeof raw.name !== 'string') continue;
      if (swagger && raw.in === 'body') {
        body = { required: raw.required === true, content: (consumes.length ? consumes : rootConsumes.length ? rootConsumes : ['application/json']).map((mediaType) => ({ mediaType, schema: schemaAt(member(param, 'schema')), examples: [] })) };
        continue;
      }
      if (swagger && raw.in === 'formData') {
        formData.push({ name: raw.name, in: 'query', required: raw.required === true, schema: swaggerParamSchema(raw) });
        continue;
      }
      if (typeof raw.in !== 'string' || !LOCATIONS.has(raw.in)) continue;
      const schema = swagger ? swaggerParamSchema(raw) : schemaAt(member(param, 'schema')) ?? schemaAt(member(member(member(param, 'content'), 'application/json'), 'schema'));
      params.set(`${raw.in}:${raw.in === 'header' ? raw.name.toLowerCase() : raw.name}`, {
        name: raw.name,
        in: raw.in as ApiParameter['in'],
        required: raw.required === true || raw.in === 'path',
        schema,
        example: raw.example ?? firstExample(raw.examples),
      });
    }
    if (swagger && formData.length) {
      body = {
        required: formData.some((f) => f.required),
        content: [{ mediaType: consumes[0] ?? 'application/x-www-form-urlencoded', schema: { type: 'object', required: formData.filter((f) => f.required).map((f) => f.name), properties: Object.fromEntries(formData.map((f) => [f.name, f.schema ?? {}])) }, examples: [] }],
      };
    }
    if (!swagger) {
      const requestBody = resolved(member(op, 'requestBody'));
      if (requestBody) body = { required: value(member(requestBody, 'required')) === true, content: contentOf(requestBody) };
    }
    const responses: ApiResponse[] = [];
    for (const r of children(member(op, 'responses'))) {
      if (String(r.node.key).startsWith('x-')) continue;
      const response = resolved(r);
      const description = String(value(member(response, 'description')) ?? '');
      let content: MediaContent[];
      if (swagger) {
        const schema = schemaAt(member(response, 'schema'));
        const examples = (value(member(response, 'examples')) ?? {}) as Record<string, unknown>;
        const types = produces.length ? produces : rootProduces.length ? rootProduces : ['application/json'];
        content = schema || Object.keys(examples).length
          ? types.map((mediaType) => ({ mediaType, schema, examples: examples[mediaType] !== undefined ? [{ name: 'default', value: examples[mediaType] }] : [] }))
          : [];
      } else {
        content = contentOf(response);
      }
      const headers: ApiResponse['headers'] = [];
      for (const h of children(member(response, 'headers'))) {
        const header = resolved(h);
        const raw = value(header) as Record<string, unknown> | undefined;
        if (!raw || typeof raw !== 'object' || String(h.node.key).toLowerCase() === 'content-type') continue;
        const schema = swagger ? swaggerParamSchema(raw) : schemaAt(member(header, 'schema'));
        headers.push({ name: String(h.node.key), schema, example: raw.example ?? firstExample(raw.examples) });
      }
      responses.push({ status: String(r.node.key).toUpperCase() === 'DEFAULT' ? 'default' : String(r.node.key).toUpperCase(), description, content, headers });
    }
    const id = findProperty(site.operation, 'operationId');
    const summary = findProperty(site.operation, 'summary');
    ops.push({
      id: id?.type === 'string' ? String(id.value) : undefined,
      method: site.method.toUpperCase(),
      path: site.path,
      summary: summary?.type === 'string' ? String(summary.value) : undefined,
      parameters: [...params.values()],
      body,
      responses,
      security: requirements(member(op, 'security')) ?? rootSecurity,
    });
  }
  const title = findProperty(findProperty(doc.parse.root, 'info'), 'title');
  const baseUrls = swagger ? [value(member(root, 'basePath'))] : serverUrls(value(member(root, 'servers')));
  return {
    uri: doc.uri,
    version,
    title: title?.type === 'string' ? String(title.value) : '',
    operations: ops,
    securitySchemes,
    basePaths: basePathsOf(baseUrls).sort((a, b) => b.length - a.length),
    basePath: basePathsOf(baseUrls.slice(0, 1))[0] ?? '',
    sources: new Map([...docs.values()].map((d) => [d.uri, d.version])),
  };
}

/** The URLs of 3.x `servers`, each variable replaced by its default. */
function serverUrls(servers: unknown): string[] {
  if (!Array.isArray(servers)) return [];
  const out: string[] = [];
  for (const server of servers) {
    if (!server || typeof server !== 'object' || typeof (server as { url?: unknown }).url !== 'string') continue;
    const variables = ((server as { variables?: unknown }).variables ?? {}) as Record<string, { default?: unknown }>;
    out.push((server as { url: string }).url.replace(/\{([^}]+)\}/g, (_m, name: string) => String(variables[name]?.default ?? '')));
  }
  return out;
}

/** The path parts of base URLs (`https://erp.example.com/services/rest/v1` → `/services/rest/v1`), root paths left out. */
function basePathsOf(urls: unknown[]): string[] {
  const paths = new Set<string>();
  for (const url of urls) {
    if (typeof url !== 'string') continue;
    const path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').replace(/[?#].*$/, '').replace(/\/+$/, '');
    if (path && path.startsWith('/')) paths.add(path);
  }
  return [...paths];
}


function firstExample(examples: unknown): unknown {
  if (!examples || typeof examples !== 'object') return undefined;
  for (const e of Object.values(examples as Record<string, unknown>)) if (e && typeof e === 'object' && 'value' in e) return (e as { value: unknown }).value;
  return undefined;
}

/** A Swagger 2.0 parameter's own type keywords as a JSON Schema. */
function swaggerParamSchema(raw: Record<string, unknown>): JsonSchema {
  const schema: JsonSchema = {};
  for (const key of ['type', 'format', 'enum', 'minimum', 'maximum', 'minLength', 'maxLength', 'pattern', 'items', 'default', 'minItems', 'maxItems']) {
    if (raw[key] !== undefined) schema[key] = raw[key];
  }
  if (schema.type === 'file') delete schema.type;
  return schema;
}

/** The operation whose path template matches a request path, with the path parameters' raw values. */
export function matchPath(api: Api, path: string): { template: string; operations: ApiOperation[]; params: Record<string, string> } | undefined {
  const segments = path.split('/');
  let best: { template: string; params: Record<string, string>; literal: number } | undefined;
  for (const template of new Set(api.operations.map((o) => o.path))) {
    const parts = template.split('/');
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let literal = 0;
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      const part = parts[i];
      if (!part.includes('{')) {
        ok = part === segments[i];
        literal++;
        continue;
      }
      // a segment may mix text and variables: /files/{name}.{ext}
      const names: string[] = [];
      const pattern = part.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_m, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      const match = new RegExp(`^${pattern}$`).exec(segments[i]);
      if (!match || match.slice(1).some((m) => m === '')) ok = false;
      else names.forEach((n, j) => (params[n] = safeDecode(match[j + 1])));
    }
    if (ok && (!best || literal > best.literal)) best = { template, params, literal };
  }
  return best && { template: best.template, operations: api.operations.filter((o) => o.path === best!.template), params: best.params };
}

export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** An operation by operationId. */
export function operationById(api: Api, id: string): ApiOperation | undefined {
  return api.operations.find((o) => o.id === id);
}
