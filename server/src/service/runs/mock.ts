import type { JsonSchema } from '../preview/payload';
import { validatePayload } from '../preview/validate';
import { Api, ApiOperation, ApiParameter, ApiResponse, matchPath, MediaContent, safeDecode } from './api';
import { generateValue } from './generate';

/**
 * What a mock server does with one request, without the server: the request is checked against the
 * operation it addresses (path, parameters, credentials, media type, body) and answered as Prism
 * answers — from the spec's examples (`Prefer: example=NAME`, `Prefer: code=NNN`), else with a body
 * made from the response schema — or rejected with an RFC 7807 problem naming every violation.
 */
export interface MockRequest {
  method: string;
  /** The path with its query string, as the request line gives it. */
  url: string;
  /** Header names in lower case. */
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface MockResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One violation of a request: where (`body`, `query`, `path`, `header`, `cookie`, `security`), what and why. */
export interface RequestViolation {
  in: 'body' | 'query' | 'path' | 'header' | 'cookie' | 'security' | 'content-type';
  /** The parameter's name, or the JSON pointer into the body. */
  name: string;
  message: string;
}

export interface MockCall {
  method: string;
  path: string;
  operation?: string;
  status: number;
  violations: RequestViolation[];
  /** Why the answer is what it is (`example "paid"`, `generated from the 201 schema`, `no body in the spec`). */
  source?: string;
}

const PROBLEM_TYPE = 'urn:interface-studio:mock:';

export function handleMockRequest(api: Api, request: MockRequest): { response: MockResponse; call: MockCall } {
  const queryStart = request.url.indexOf('?');
  const rawPath = queryStart < 0 ? request.url : request.url.slice(0, queryStart);
  const path = rawPath.length > 1 ? rawPath.replace(/\/+$/, '') : rawPath;
  const query = new URLSearchParams(queryStart < 0 ? '' : request.url.slice(queryStart + 1));
  const method = request.method.toUpperCase();
  const call: MockCall = { method, path: rawPath, status: 0, violations: [] };
  const answer = (response: MockResponse) => {
    call.status = response.status;
    Object.assign(response.headers, corsHeaders(request.headers));
    return { response, call };
  };

  // A browser's CORS preflight is answered for every path, as Prism does by default.
  if (method === 'OPTIONS' && headerValue(request.headers['access-control-request-method'])) {
    call.source = 'CORS preflight';
    return answer({ status: 204, headers: { 'access-control-allow-methods': 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS', 'access-control-max-age': '86400' }, body: '' });
  }

  const matched = route(api, path);
  if (!matched) {
    const under = api.basePaths.length ? ` (it is served under ${api.basePaths.map((b) => `\`${b}\``).join(', ')} or at the root)` : '';
    return answer(problem(404, 'NOT_FOUND', 'Not found', `${api.title || 'The spec'} has no path matching ${rawPath}${under}.`, []));
  }
  const op = matched.operations.find((o) => o.method === method) ?? (method === 'HEAD' ? matched.operations.find((o) => o.method === 'GET') : undefined);
  if (!op) {
    const allowed = matched.operations.map((o) => o.method);
    const response = problem(405, 'METHOD_NOT_ALLOWED', 'Method not allowed', `${matched.template} has no ${method} operation; it allows ${allowed.join(', ')}.`, []);
    response.headers.allow = allowed.join(', ');
    return answer(response);
  }
  call.operation = op.id ?? `${op.method} ${op.path}`;

  const credentials = checkCredentials(api, op, request.headers, query);
  if (credentials.length) {
    call.violations = credentials;
    const response = problem(401, 'UNAUTHORIZED', 'Invalid security scheme used', credentials.map((v) => v.message).join(' '), credentials);
    response.headers['www-authenticate'] = wwwAuthenticate(api, op);
    return answer(response);
  }

  const contentType = headerValue(request.headers['content-type']);
  const hasBody = request.body.length > 0;
  if (hasBody && op.body) {
    const media = mediaFor(op.body.content, contentType);
    if (!media) {
      const violation: RequestViolation = {
        in: 'content-type',
        name: 'Content-Type',
        message: contentType ? `The media type ${contentType} is not accepted; ${call.operation} takes ${op.body.content.map((c) => c.mediaType).join(', ')}.` : `The request has a body but no Content-Type; ${call.operation} takes ${op.body.content.map((c) => c.mediaType).join(', ')}.`,
      };
      call.violations = [violation];
      return answer(problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported media type', violation.message, [violation]));
    }
  }

  const parameterViolations = checkParameters(op, matched.params, query, request.headers);
  const bodyViolations = checkBody(op, contentType, request.body);
  const violations = [...parameterViolations, ...bodyViolations];
  if (violations.length) {
    call.violations = violations;
    const malformed = bodyViolations.some((v) => v.name === '' && v.message.startsWith('The body is not valid JSON'));
    const status = bodyViolations.length && !malformed ? 422 : 400;
    return answer(problem(status, status === 422 ? 'UNPROCESSABLE_ENTITY' : 'BAD_REQUEST', 'Invalid request', violations.map(describeViolation).join(' '), violations));
  }

  const chosen = chooseResponse(op, request.headers);
  if ('problem' in chosen) return answer(chosen.problem);
  call.source = chosen.source;
  return answer(method === 'HEAD' ? { ...chosen.response, body: '' } : chosen.response);
}

/**
 * The operations a request path addresses: under one of the spec's base paths (Swagger 2.0
 * `basePath`, the servers' paths), or at the root, since clients often point at the mock's root.
 */
function route(api: Api, path: string): ReturnType<typeof matchPath> {
  for (const base of api.basePaths) {
    if (path === base || path.startsWith(`${base}/`)) {
      const matched = matchPath(api, path.slice(base.length) || '/');
      if (matched) return matched;
    }
  }
  return matchPath(api, path);
}

/** The permissive CORS headers Prism sends with every answer, so that browser clients can call a mock. */
function corsHeaders(headers: MockRequest['headers']): Record<string, string> {
  const origin = headerValue(headers.origin);
  return {
    'access-control-allow-origin': origin || '*',
    'access-control-allow-headers': headerValue(headers['access-control-request-headers']) || '*',
    'access-control-allow-credentials': 'true',
    'access-control-expose-headers': '*',
    ...(origin ? { vary: 'Origin' } : {}),
  };
}

/** One violation in words, naming the field: "body /items/0/rate must be number". */
export function describeViolation(v: RequestViolation): string {
  const message = /[.?]$/.test(v.message) ? v.message : `${v.message}.`;
  if (v.in === 'security' || v.in === 'content-type') return message;
  if (v.in === 'body') return v.name ? `Body \`${v.name}\`: ${message}` : `Body: ${message}`;
  return `${v.in[0].toUpperCase()}${v.in.slice(1)} parameter \`${v.name}\`: ${message}`;
}

function problem(status: number, code: string, title: string, detail: string, violations: RequestViolation[]): MockResponse {
  const body = {
    type: PROBLEM_TYPE + code,
    title,
    status,
    detail,
    ...(violations.length
      ? { validation: violations.map((v) => ({ location: v.in === 'body' ? ['body', ...v.name.split('/').slice(1)] : [v.in, v.name], message: v.message, severity: 'Error' })) }
      : {}),
  };
  return { status, headers: { 'content-type': 'application/problem+json' }, body: JSON.stringify(body) };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The media type of `content` a Content-Type header selects (wildcards and parameters allowed). */
export function mediaFor(content: MediaContent[], contentType: string | undefined): MediaContent | undefined {
  if (!contentType) return undefined;
  const wanted = contentType.split(';')[0].trim().toLowerCase();
  const matches = (declared: string) => {
    const d = declared.split(';')[0].trim().toLowerCase();
    if (d === wanted || d === '*/*') return true;
    if (d.endsWith('/*')) return wanted.startsWith(d.slice(0, -1));
    return false;
  };
  return content.find((c) => c.mediaType.split(';')[0].trim().toLowerCase() === wanted) ?? content.find((c) => matches(c.mediaType));
}

function isJson(mediaType: string): boolean {
  return /^application\/(.+\+)?json\b/i.test(mediaType.split(';')[0].trim()) || /\+json\b/i.test(mediaType);
}

function checkCredentials(api: Api, op: ApiOperation, headers: MockRequest['headers'], query: URLSearchParams): RequestViolation[] {
  if (!op.security.length) return [];
  const missing: string[] = [];
  for (const alternative of op.security) {
    const absent = alternative.filter((name) => !hasCredential(api.securitySchemes.get(name), headers, query));
    if (!absent.length) return [];
    missing.push(absent.map((name) => describeScheme(name, api.securitySchemes.get(name))).join(' and '));
  }
  return [{ in: 'security', name: 'credentials', message: `Credentials are missing: ${call(op)} needs ${missing.join(', or ')}.` }];
}

function call(op: ApiOperation): string {
  return op.id ?? `${op.method} ${op.path}`;
}

function hasCredential(scheme: Api['securitySchemes'] extends Map<string, infer S> ? S | undefined : never, headers: MockRequest['headers'], query: URLSearchParams): boolean {
  if (!scheme) return true; // an undefined scheme is the spec's mistake (the checker reports it), not the caller's
  const authorization = headerValue(headers.authorization) ?? '';
  switch (scheme.type) {
    case 'apiKey':
      if (!scheme.name) return true;
      if (scheme.in === 'query') return query.has(scheme.name);
      if (scheme.in === 'cookie') return new RegExp(`(^|;\\s*)${scheme.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}=`).test(headerValue(headers.cookie) ?? '');
      return !!headerValue(headers[scheme.name.toLowerCase()]);
    case 'basic':
      return /^Basic\s+\S/i.test(authorization);
    case 'http':
      if (scheme.scheme === 'basic') return /^Basic\s+\S/i.test(authorization);
      if (scheme.scheme === 'bearer') return /^Bearer\s+\S/i.test(authorization);
      return new RegExp(`^${scheme.scheme ?? ''}\\s+\\S`, 'i').test(authorization);
    case 'oauth2':
    case 'openIdConnect':
      return /^Bearer\s+\S/i.test(authorization);
    default:
      return true;
  }
}

function describeScheme(name: string, scheme: Parameters<typeof hasCredential>[0]): string {
  if (!scheme) return name;
  switch (scheme.type) {
    case 'apiKey':
      return `the API key \`${scheme.name}\` (${scheme.in ?? 'header'}, scheme \`${name}\`)`;
    case 'basic':
      return `an \`Authorization: Basic …\` header (scheme \`${name}\`)`;
    case 'http':
      return `an \`Authorization: ${scheme.scheme === 'basic' ? 'Basic' : scheme.scheme === 'bearer' ? 'Bearer' : scheme.scheme} …\` header (scheme \`${name}\`)`;
    default:
      return `an \`Authorization: Bearer …\` token (${scheme.type} scheme \`${name}\`)`;
  }
}

function wwwAuthenticate(api: Api, op: ApiOperation): string {
  const scheme = api.securitySchemes.get(op.security[0]?.[0] ?? '');
  if (scheme?.type === 'basic' || (scheme?.type === 'http' && scheme.scheme === 'basic')) return 'Basic realm="*"';
  if (scheme?.type === 'apiKey') return `apiKey ${scheme.name ?? ''}`.trim();
  return 'Bearer';
}

/** A parameter's raw text turned into the type its schema asks for, so that `?limit=5` is the integer 5. */
export function coerceParameter(raw: string | string[], schema: JsonSchema | undefined): unknown {
  const types = schema ? (Array.isArray(schema.type) ? (schema.type as string[]) : typeof schema.type === 'string' ? [schema.type] : []) : [];
  if (types.includes('array')) {
    const parts = Array.isArray(raw) ? raw.flatMap((r) => (raw.length === 1 ? r.split(',') : [r])) : raw.split(',');
    return parts.map((p) => coerceParameter(p, (schema!.items as JsonSchema) ?? {}));
  }
  const text = Array.isArray(raw) ? raw[0] : raw;
  if ((types.includes('integer') || types.includes('number')) && /^\s*-?\d+(\.\d+)?([eE][+-]?\d+)?\s*$/.test(text)) return Number(text);
  if (types.includes('boolean') && (text === 'true' || text === 'false')) return text === 'true';
  if (types.includes('null') && text === 'null') return null;
  if (types.includes('object')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

function checkParameters(op: ApiOperation, pathParams: Record<string, string>, query: URLSearchParams, headers: MockRequest['headers']): RequestViolation[] {
  const out: RequestViolation[] = [];
  const cookies = parseCookies(headerValue(headers.cookie));
  for (const p of op.parameters) {
    let raw: string | string[] | undefined;
    switch (p.in) {
      case 'path':
        raw = pathParams[p.name];
        break;
      case 'query':
        raw = query.has(p.name) ? query.getAll(p.name) : query.has(`${p.name}[]`) ? query.getAll(`${p.name}[]`) : undefined;
        if (Array.isArray(raw) && raw.length === 1) raw = raw[0];
        break;
      case 'header':
        raw = headers[p.name.toLowerCase()];
        break;
      case 'cookie':
        raw = cookies.get(p.name);
        break;
    }
    if (raw === undefined) {
      if (p.required) out.push({ in: p.in, name: p.name, message: 'is required but missing.' });
      continue;
    }
    if (!p.schema) continue;
    const value = coerceParameter(raw, p.schema);
    for (const v of validatePayload(value, p.schema)) out.push({ in: p.in, name: p.name, message: `${v.path ? `${v.path} ` : ''}${v.message}${/[.?]$/.test(v.message) ? '' : '.'}` });
  }
  return out;
}

function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim(), safeDecode(part.slice(eq + 1).trim()));
  }
  return out;
}

function checkBody(op: ApiOperation, contentType: string | undefined, text: string): RequestViolation[] {
  if (!op.body) return [];
  if (!text.length) return op.body.required ? [{ in: 'body', name: '', message: `A request body is required (${op.body.content.map((c) => c.mediaType).join(', ')}).` }] : [];
  const media = mediaFor(op.body.content, contentType);
  if (!media?.schema) return [];
  let value: unknown;
  if (isJson(media.mediaType) || isJson(contentType ?? '')) {
    try {
      value = JSON.parse(text);
    } catch (error) {
      return [{ in: 'body', name: '', message: `The body is not valid JSON: ${(error as Error).message}.` }];
    }
  } else if (/^application\/x-www-form-urlencoded/i.test(media.mediaType)) {
    const form = new URLSearchParams(text);
    const properties = (media.schema.properties ?? {}) as Record<string, JsonSchema>;
    const object: Record<string, unknown> = {};
    for (const key of new Set(form.keys())) object[key] = coerceParameter(form.getAll(key).length > 1 ? form.getAll(key) : form.get(key)!, properties[key]);
    value = object;
  } else {
    return []; // XML, text and binary bodies are taken as they are
  }
  return validatePayload(value, media.schema).map((v) => ({ in: 'body', name: v.path, message: v.message }));
}

/** The `Prefer` header's preferences (`code=404, example=notFound`). */
export function parsePrefer(header: string | string[] | undefined): { code?: string; example?: string } {
  const out: { code?: string; example?: string } = {};
  for (const part of (Array.isArray(header) ? header.join(',') : header ?? '').split(/[,;]/)) {
    const [key, value] = part.split('=').map((s) => s?.trim());
    if (!value) continue;
    const unquoted = value.replace(/^"(.*)"$/, '$1');
    if (key === 'code') out.code = unquoted;
    if (key === 'example') out.example = unquoted;
  }
  return out;
}

/** The response an operation gives by default: its lowest 2XX, else `default`, else its first. */
export function defaultResponse(op: ApiOperation): ApiResponse | undefined {
  const success = op.responses.filter((r) => /^2\d\d$/.test(r.status)).sort((a, b) => Number(a.status) - Number(b.status));
  return success[0] ?? op.responses.find((r) => r.status === '2XX') ?? op.responses.find((r) => r.status === 'default') ?? op.responses[0];
}

function responseStatus(response: ApiResponse): number {
  if (/^\d{3}$/.test(response.status)) return Number(response.status);
  if (/^\dXX$/.test(response.status)) return Number(response.status[0]) * 100;
  return 200;
}

function chooseResponse(op: ApiOperation, headers: MockRequest['headers']): { response: MockResponse; source: string } | { problem: MockResponse } {
  const prefer = parsePrefer(headers.prefer);
  let response: ApiResponse | undefined;
  let status: number;
  if (prefer.code) {
    response = op.responses.find((r) => r.status === prefer.code) ?? op.responses.find((r) => r.status === `${prefer.code![0]}XX`);
    if (!response) {
      const declared = op.responses.map((r) => r.status).join(', ') || 'none';
      return { problem: problem(404, 'NOT_FOUND', 'Response not found', `${call(op)} declares no response ${prefer.code} (Prefer: code=${prefer.code}); it declares ${declared}.`, []) };
    }
    status = /^\d{3}$/.test(prefer.code) ? Number(prefer.code) : responseStatus(response);
  } else {
    response = defaultResponse(op);
    if (!response) return { response: { status: 200, headers: {}, body: '' }, source: 'the operation declares no response' };
    status = responseStatus(response);
  }
  const declared = responseHeaders(response);
  if (!response.content.length) return { response: { status, headers: declared, body: '' }, source: `the ${response.status} response has no body` };

  const accept = headerValue(headers.accept);
  const media = pickAccepted(response.content, accept);
  if (!media) {
    return { problem: problem(406, 'NOT_ACCEPTABLE', 'Not acceptable', `The ${response.status} response of ${call(op)} is ${response.content.map((c) => c.mediaType).join(', ')}, which Accept: ${accept} does not take.`, []) };
  }
  let value: unknown;
  let source: string;
  if (prefer.example) {
    const example = media.examples.find((e) => e.name === prefer.example);
    if (!example) {
      const names = media.examples.map((e) => e.name);
      return { problem: problem(404, 'NOT_FOUND', 'Example not found', `The ${response.status} response of ${call(op)} (${media.mediaType}) has no example \`${prefer.example}\`; ${names.length ? `it has ${names.map((n) => `\`${n}\``).join(', ')}` : 'it has none'}.`, []) };
    }
    value = example.value;
    source = `example \`${example.name}\``;
  } else if (media.examples.length) {
    value = media.examples[0].value;
    source = `example \`${media.examples[0].name}\``;
  } else if (media.schema) {
    value = generateValue(media.schema);
    source = `generated from the ${response.status} schema`;
  } else {
    return { response: { status, headers: { ...declared, 'content-type': media.mediaType }, body: '' }, source: `the ${response.status} response has neither examples nor a schema: empty body` };
  }
  const mediaType = media.mediaType.includes('*') ? 'application/json' : media.mediaType;
  const body = typeof value === 'string' && !isJson(mediaType) ? value : JSON.stringify(value, null, 2);
  return { response: { status, headers: { ...declared, 'content-type': mediaType }, body }, source };
}

/** The response's declared headers, from their examples or generated from their schemas, as Prism sends them. */
function responseHeaders(response: ApiResponse): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of response.headers) {
    const value = h.example !== undefined ? h.example : h.schema ? generateValue(h.schema) : undefined;
    if (value === undefined || value === null) continue;
    const text = Array.isArray(value) ? value.join(',') : typeof value === 'object' ? JSON.stringify(value) : String(value);
    // a header value is one line of visible characters
    if (/^[\t\x20-\x7e]*$/.test(text)) out[h.name.toLowerCase()] = text;
  }
  return out;
}

function pickAccepted(content: MediaContent[], accept: string | undefined): MediaContent | undefined {
  if (!accept || accept.includes('*/*')) return content.find((c) => isJson(c.mediaType)) ?? content[0];
  for (const range of accept.split(',').map((a) => a.split(';')[0].trim().toLowerCase())) {
    const found = range.endsWith('/*') ? content.find((c) => c.mediaType.toLowerCase().startsWith(range.slice(0, -1))) : content.find((c) => c.mediaType.split(';')[0].toLowerCase() === range);
    if (found) return found;
  }
  return undefined;
}

/** One line of the mock log: `POST /salesOrders → 201 createSalesOrder (example `default`)`, or the violations. */
export function formatMockCall(c: MockCall): string {
  const head = `${c.method} ${c.path} → ${c.status}${c.operation ? ` ${c.operation}` : ''}`;
  if (c.violations.length) return `${head}: ${c.violations.map(describeViolation).join(' ')}`;
  if (c.status === 404 || c.status === 405 || c.status === 406) return `${head}: rejected`;
  return `${head}: request valid${c.source ? `; ${c.source}` : ''}`;
}

/** What a running mock tells besides its calls: that it now serves an edited spec, or cannot read it. */
export type SpecChange = { kind: 'reloaded'; operations: number } | { kind: 'unreadable'; problem: string };

/** One line of the mock log for a change of its spec. */
export function formatSpecChange(change: SpecChange): string {
  return change.kind === 'reloaded'
    ? `spec changed: now serving the edited spec (${change.operations} operation${change.operations === 1 ? '' : 's'})`
    : `spec cannot be read (${change.problem}); still serving the last version that could`;
}

/** Used by the flow runner: the violations of a response against the operation (status, media type, body schema). */
export function checkResponse(op: ApiOperation, status: number, contentType: string | undefined, text: string): { violations: string[]; value?: unknown } {
  const response = op.responses.find((r) => r.status === String(status)) ?? op.responses.find((r) => r.status === `${String(status)[0]}XX`) ?? op.responses.find((r) => r.status === 'default');
  if (!response) return { violations: [`the status ${status} is not declared by ${call(op)} (it declares ${op.responses.map((r) => r.status).join(', ') || 'none'})`] };
  if (!text.length) return { violations: response.content.length && status !== 204 && response.content.some((c) => c.schema) ? [`the ${response.status} response should have a ${response.content.map((c) => c.mediaType).join(' or ')} body, but it is empty`] : [] };
  if (!response.content.length) return { violations: [] };
  const media = mediaFor(response.content, contentType);
  if (!media) return { violations: [`the response's Content-Type ${contentType ?? '(none)'} is not one the ${response.status} response declares (${response.content.map((c) => c.mediaType).join(', ')})`] };
  if (!isJson(media.mediaType) && !isJson(contentType ?? '')) return { violations: [] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { violations: [`the response body is not JSON (${(error as Error).message}): ${JSON.stringify(text.slice(0, 80))}`] };
  }
  if (!media.schema) return { violations: [], value };
  return { violations: validatePayload(value, media.schema).map((v) => `response body ${v.path || '(root)'} ${v.message}`), value };
}

export type { ApiParameter };
