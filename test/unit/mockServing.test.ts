import assert from 'node:assert/strict';
import fc from 'fast-check';
import { liveApi } from '../../server/src/service/runs/api';
import { generateValue } from '../../server/src/service/runs/generate';
import { formatMockCall, handleMockRequest, MockRequest } from '../../server/src/service/runs/mock';
import { validatePayload } from '../../server/src/service/preview/validate';
import type { JsonSchema } from '../../server/src/service/preview/payload';
import { apiOf } from '../support/api';
import { serviceFor, WS } from '../support/service';

const api = apiOf;

function get(url: string, headers: MockRequest['headers'] = {}): MockRequest {
  return { method: 'GET', url, headers, body: '' };
}

function detail(body: string): string {
  return (JSON.parse(body) as { detail: string }).detail;
}

const PETS_20 = `swagger: '2.0'
info: { title: Pets, version: '1' }
basePath: /api/v1
paths:
  /pets/{petId}:
    get:
      operationId: getPet
      parameters: [ { name: petId, in: path, required: true, type: integer } ]
      responses:
        '200': { description: ok, schema: { type: object, required: [id], properties: { id: { type: integer } } } }
`;

const SERVERS_30 = `openapi: 3.0.3
info: { title: Billing, version: '1' }
servers:
  - url: https://{region}.billing.example.com/{version}/billing
    variables:
      region: { default: eu }
      version: { default: v2, enum: [v1, v2] }
  - url: /sandbox
paths:
  /invoices:
    get:
      operationId: listInvoices
      responses:
        '200': { description: ok, content: { application/json: { schema: { type: array, items: { type: integer } } } } }
`;

describe('mock servers: base paths, CORS and credentials', () => {
  it('serves a Swagger 2.0 API under its basePath (and at the root), naming the base path in a 404', async () => {
    const pets = await api(PETS_20, 'pets.yaml');
    assert.equal(pets.basePath, '/api/v1');
    const under = handleMockRequest(pets, get('/api/v1/pets/7'));
    assert.equal(under.response.status, 200);
    assert.equal(under.call.operation, 'getPet');
    assert.equal(handleMockRequest(pets, get('/pets/7')).response.status, 200);
    const wrong = handleMockRequest(pets, get('/api/v2/pets/7')).response;
    assert.equal(wrong.status, 404);
    assert.match(detail(wrong.body), /no path matching \/api\/v2\/pets\/7 \(it is served under `\/api\/v1` or at the root\)/);
    assert.equal(handleMockRequest(pets, get('/api/v1/pets/seven')).response.status, 400, 'the base path is stripped before the parameters are read');
  });

  it('serves a 3.x API under the paths of its servers, variables at their defaults', async () => {
    const billing = await api(SERVERS_30);
    assert.equal(billing.basePath, '/v2/billing');
    assert.deepEqual(billing.basePaths, ['/v2/billing', '/sandbox']);
    for (const url of ['/v2/billing/invoices', '/sandbox/invoices', '/invoices', '/v2/billing/invoices/']) {
      assert.equal(handleMockRequest(billing, get(url)).response.status, 200, url);
    }
    assert.equal(handleMockRequest(billing, get('/v1/billing/invoices')).response.status, 404);
  });

  it('answers a CORS preflight for any path with permissive headers, and sends CORS headers with every answer', async () => {
    const billing = await api(SERVERS_30);
    const preflight = handleMockRequest(billing, { method: 'OPTIONS', url: '/v2/billing/invoices', headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-api-key' }, body: '' });
    assert.equal(preflight.response.status, 204);
    assert.equal(preflight.response.headers['access-control-allow-origin'], 'http://localhost:3000');
    assert.match(preflight.response.headers['access-control-allow-methods'], /POST/);
    assert.equal(preflight.response.headers['access-control-allow-headers'], 'content-type, x-api-key');
    assert.match(formatMockCall(preflight.call), /OPTIONS \/v2\/billing\/invoices → 204: request valid; CORS preflight/);
    const answer = handleMockRequest(billing, get('/invoices')).response;
    assert.equal(answer.headers['access-control-allow-origin'], '*');
    const missing = handleMockRequest(billing, get('/nothing', { origin: 'http://app.example' })).response;
    assert.equal(missing.status, 404);
    assert.equal(missing.headers['access-control-allow-origin'], 'http://app.example', 'errors carry CORS headers too, so the browser shows them');
    const plainOptions = handleMockRequest(billing, { method: 'OPTIONS', url: '/invoices', headers: {}, body: '' }).response;
    assert.equal(plainOptions.status, 405, 'an OPTIONS that is no preflight is routed like any method');
  });

  it('checks the presence of each kind of credential: API key in header, query or cookie, Basic, Bearer, OAuth2, and alternatives', async () => {
    const secured = await api(`openapi: 3.1.0
info: { title: Secured, version: '1' }
components:
  securitySchemes:
    headerKey: { type: apiKey, in: header, name: X-Key }
    queryKey: { type: apiKey, in: query, name: api_key }
    cookieKey: { type: apiKey, in: cookie, name: session }
    basic: { type: http, scheme: basic }
    bearer: { type: http, scheme: bearer, bearerFormat: JWT }
    oauth: { type: oauth2, flows: { clientCredentials: { tokenUrl: 'https://auth.example.com/token', scopes: { read: r } } } }
paths:
  /header: { get: { security: [ { headerKey: [] } ], responses: { '204': { description: ok } } } }
  /query: { get: { security: [ { queryKey: [] } ], responses: { '204': { description: ok } } } }
  /cookie: { get: { security: [ { cookieKey: [] } ], responses: { '204': { description: ok } } } }
  /basic: { get: { security: [ { basic: [] } ], responses: { '204': { description: ok } } } }
  /bearer: { get: { security: [ { bearer: [] } ], responses: { '204': { description: ok } } } }
  /oauth: { get: { security: [ { oauth: [read] } ], responses: { '204': { description: ok } } } }
  /either: { get: { security: [ { headerKey: [], queryKey: [] }, { basic: [] } ], responses: { '204': { description: ok } } } }
  /open: { get: { security: [ {} ], responses: { '204': { description: ok } } } }
`);
    const cases: [string, MockRequest['headers'], MockRequest['headers'], RegExp][] = [
      ['/header', { 'x-key': 'k' }, { 'x-other': 'k' }, /API key `X-Key` \(header/],
      ['/query?api_key=k', {}, {}, /API key `api_key` \(query/],
      ['/cookie', { cookie: 'a=1; session=abc' }, { cookie: 'sessionid=abc' }, /API key `session` \(cookie/],
      ['/basic', { authorization: 'Basic dTpw' }, { authorization: 'Bearer t' }, /Authorization: Basic/],
      ['/bearer', { authorization: 'Bearer eyJ' }, { authorization: 'Basic dTpw' }, /Authorization: Bearer/],
      ['/oauth', { authorization: 'Bearer t' }, {}, /oauth2 scheme `oauth`/],
    ];
    for (const [url, good, bad, named] of cases) {
      assert.equal(handleMockRequest(secured, get(url, good)).response.status, 204, `${url} with credentials`);
      const refused = handleMockRequest(secured, get(url.replace(/\?.*/, ''), bad)).response;
      assert.equal(refused.status, 401, `${url} without credentials`);
      assert.equal(refused.headers['content-type'], 'application/problem+json');
      assert.match(detail(refused.body), named);
      assert.ok(refused.headers['www-authenticate'], `${url}: WWW-Authenticate`);
    }
    assert.equal(handleMockRequest(secured, get('/either', { authorization: 'Basic dTpw' })).response.status, 204);
    assert.equal(handleMockRequest(secured, get('/either?api_key=1', { 'x-key': 'k' })).response.status, 204);
    const half = handleMockRequest(secured, get('/either', { 'x-key': 'k' })).response;
    assert.equal(half.status, 401);
    assert.match(detail(half.body), /API key `api_key`.*, or an `Authorization: Basic/);
    assert.equal(handleMockRequest(secured, get('/open')).response.status, 204, 'an empty requirement makes credentials optional');
  });
});

describe('mock servers: response headers', () => {
  it('sends the headers a response declares, from their examples or generated from their schemas (3.x and 2.0)', async () => {
    const created = await api(`openapi: 3.0.3
info: { title: Headers, version: '1' }
paths:
  /orders:
    post:
      responses:
        '201':
          description: Created
          headers:
            Location: { schema: { type: string, format: uri }, example: /orders/17 }
            X-Rate-Limit-Remaining: { $ref: '#/components/headers/RateLimit' }
          content: { application/json: { schema: { type: object } } }
components:
  headers:
    RateLimit: { schema: { type: integer, minimum: 0, maximum: 100 } }
`);
    const answer = handleMockRequest(created, { method: 'POST', url: '/orders', headers: {}, body: '' }).response;
    assert.equal(answer.status, 201);
    assert.equal(answer.headers.location, '/orders/17');
    assert.equal(answer.headers['x-rate-limit-remaining'], '0');
    const legacy = await api(`swagger: '2.0'
info: { title: Legacy, version: '1' }
paths:
  /ping:
    get:
      responses:
        '204':
          description: ok
          headers: { X-Request-Id: { type: string, format: uuid } }
`);
    const ping = handleMockRequest(legacy, get('/ping')).response;
    assert.equal(ping.status, 204);
    assert.match(ping.headers['x-request-id'], /^[0-9a-f]{8}-[0-9a-f]{4}-/);
  });
});

describe('mock servers: serving the spec as it is edited', () => {
  const SPEC = `openapi: 3.0.3
info: { title: Live, version: '1' }
paths:
  /status:
    get:
      responses:
        '200':
          description: ok
          content: { application/json: { schema: { $ref: './status.yaml#/Status' } } }
`;

  it('reads the spec again when it or a file its $refs reach changes, and keeps the last good one while it cannot be read', async () => {
    const { service, workspace } = serviceFor({ 'live.yaml': SPEC, 'status.yaml': 'Status: { type: object, properties: { state: { type: string, enum: [up] } } }\n' });
    const current = liveApi(service, `${WS}live.yaml`);
    const body = async () => {
      const now = await current();
      return { now, answer: handleMockRequest(now.api!, get('/status')).response };
    };
    const first = await body();
    assert.equal(first.now.reloaded, false);
    assert.deepEqual(JSON.parse(first.answer.body), { state: 'up' });
    assert.equal((await current()).api, first.now.api, 'unchanged files: the same reading');

    workspace.set(`${WS}status.yaml`, 'Status: { type: object, properties: { state: { type: string, enum: [down] } } }\n');
    const second = await body();
    assert.equal(second.now.reloaded, true);
    assert.deepEqual(JSON.parse(second.answer.body), { state: 'down' });

    workspace.set(`${WS}live.yaml`, SPEC.replace('/status:', '/health:'));
    const third = await current();
    assert.equal(handleMockRequest(third.api!, get('/status')).response.status, 404);
    assert.equal(handleMockRequest(third.api!, get('/health')).response.status, 200);

    workspace.set(`${WS}live.yaml`, SPEC.replace('/health:', '/health: [').replace('/status:', '/health: ['));
    const midEdit = await current();
    assert.match(midEdit.problem ?? '', /^live\.yaml:\d+:\d+: /, `a syntax error, at its line: ${midEdit.problem}`);
    assert.equal(handleMockRequest(midEdit.api!, get('/health')).response.status, 200);

    workspace.set(`${WS}live.yaml`, 'just: text\n');
    const broken = await current();
    assert.match(broken.problem ?? '', /not an OpenAPI 2\.0, 3\.0 or 3\.1 document/);
    assert.equal(handleMockRequest(broken.api!, get('/health')).response.status, 200, 'the last good spec is still served');
  });
});

/** Schemas of the kinds specs use, with constraints that a generated value must respect. */
const scalarSchema: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record(
    {
      type: fc.constant('string'),
      format: fc.constantFrom('date-time', 'date', 'email', 'uuid', 'uri', 'ipv4', 'hostname'),
      maxLength: fc.integer({ min: 40, max: 60 }),
    },
    { requiredKeys: ['type', 'format'] },
  ),
  fc.record(
    {
      type: fc.constant('string'),
      minLength: fc.integer({ min: 0, max: 12 }),
      maxLength: fc.integer({ min: 12, max: 20 }),
      pattern: fc.constantFrom('^[A-Z]+$', '^SO-[0-9]{4,}$', '^[a-z]{2}_\\d+$', '^\\w+$'),
    },
    { requiredKeys: ['type'] },
  ),
  fc.record(
    {
      type: fc.constantFrom('integer', 'number'),
      minimum: fc.integer({ min: -50, max: 50 }),
      maximum: fc.integer({ min: 60, max: 200 }),
      exclusiveMinimum: fc.integer({ min: -60, max: 55 }),
      exclusiveMaximum: fc.integer({ min: 58, max: 210 }),
      multipleOf: fc.constantFrom(1, 2, 5, 0.5, 0.01),
    },
    { requiredKeys: ['type'] },
  ),
  fc.record({ type: fc.constant('number'), exclusiveMinimum: fc.constant(0), exclusiveMaximum: fc.constantFrom(0.1, 0.01, 1) }),
  fc.record({ type: fc.constant('string'), enum: fc.uniqueArray(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 4 }) }),
  fc.record({ type: fc.constant('boolean') }),
  fc.record({ type: fc.constant(['string', 'null']), format: fc.constant('date') }),
);

const schema: fc.Arbitrary<Record<string, unknown>> = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalarSchema, tie('array'), tie('object')),
  array: fc.record(
    { type: fc.constant('array'), items: tie('node'), minItems: fc.integer({ min: 0, max: 4 }), uniqueItems: fc.boolean() },
    { requiredKeys: ['type', 'items'] },
  ),
  object: fc
    .dictionary(fc.string({ minLength: 1, maxLength: 6 }), tie('node'), { maxKeys: 4 })
    .chain((properties) =>
      fc.record({
        type: fc.constant('object'),
        properties: fc.constant(properties),
        required: fc.subarray(Object.keys(properties)),
        additionalProperties: fc.boolean(),
      }),
    ),
})).node as fc.Arbitrary<Record<string, unknown>>;

/** How many different values a schema admits (Infinity for most). */
function distinctValues(s: Record<string, unknown>): number {
  if (Array.isArray(s.enum)) return s.enum.length;
  if (s.type === 'boolean') return 2;
  if (s.type === 'object') {
    if (s.additionalProperties !== false) return Infinity;
    const required = new Set(s.required as string[]);
    return Object.entries(s.properties as Record<string, Record<string, unknown>>).reduce((n, [name, p]) => n * (distinctValues(p) + (required.has(name) ? 0 : 1)), 1);
  }
  return Infinity;
}

/** False for the schemas no value satisfies: bounds that leave no room, more unique items than there are values. */
function satisfiable(s: Record<string, unknown>): boolean {
  const lo = Math.max((s.minimum as number) ?? -Infinity, (s.exclusiveMinimum as number) ?? -Infinity);
  const hi = Math.min((s.maximum as number) ?? Infinity, (s.exclusiveMaximum as number) ?? Infinity);
  if (lo >= hi) return false;
  if (s.multipleOf !== undefined && Math.floor(hi / (s.multipleOf as number)) * (s.multipleOf as number) <= lo) return false;
  if (s.type === 'array') {
    if (s.uniqueItems === true && ((s.minItems as number) ?? 0) > distinctValues(s.items as Record<string, unknown>)) return false;
    return satisfiable(s.items as Record<string, unknown>);
  }
  return Object.values((s.properties ?? {}) as Record<string, Record<string, unknown>>).every(satisfiable);
}

describe('mock servers: generated bodies', () => {
  it('are accepted by their own schema, whatever the formats and constraints (property test), and the same every time', () => {
    fc.assert(
      fc.property(schema, (s) => {
        fc.pre(satisfiable(s));
        const value = generateValue(s as JsonSchema);
        assert.deepEqual(validatePayload(value, s as JsonSchema), [], `${JSON.stringify(value)} for ${JSON.stringify(s)}`);
        assert.deepEqual(generateValue(s as JsonSchema), value);
      }),
      { numRuns: 250, seed: 2022 },
    );
  });

  it('makes the items of a uniqueItems array differ, and keeps numbers inside exclusive bounds', () => {
    const tags = generateValue({ type: 'array', minItems: 3, uniqueItems: true, items: { type: 'string', enum: ['a', 'b', 'c'] } });
    assert.deepEqual(tags, ['a', 'b', 'c']);
    const ids = generateValue({ type: 'array', minItems: 2, uniqueItems: true, items: { type: 'integer', minimum: 10 } });
    assert.deepEqual(ids, [10, 11]);
    const tiny = generateValue({ type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 0.01 }) as number;
    assert.ok(tiny > 0 && tiny < 0.01, String(tiny));
    assert.equal(generateValue({ type: 'integer', exclusiveMinimum: 4, maximum: 9, multipleOf: 3 }), 6);
    assert.equal(generateValue({ type: 'string', pattern: '^[A-Z]+$', minLength: 5 }), 'AAAAA');
  });
});
