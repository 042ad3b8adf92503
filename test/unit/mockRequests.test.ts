import assert from 'node:assert/strict';
import type { Api } from '../../server/src/service/runs/api';
import { apiOf } from '../support/api';
import { generateValue, fromPattern } from '../../server/src/service/runs/generate';
import { handleMockRequest, MockRequest, formatMockCall } from '../../server/src/service/runs/mock';
import { validatePayload } from '../../server/src/service/preview/validate';

const SPEC = `openapi: 3.1.0
info: { title: Orders, version: '1' }
security:
  - key: []
paths:
  /orders:
    get:
      operationId: listOrders
      parameters:
        - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 100 } }
        - { name: status, in: query, required: true, schema: { type: string, enum: [open, paid] } }
        - { name: X-Tenant, in: header, required: true, schema: { type: string, pattern: '^T[0-9]{3}$' } }
      responses:
        '200':
          description: A page
          content:
            application/json:
              schema: { type: array, items: { $ref: '#/components/schemas/Order' } }
    post:
      operationId: createOrder
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: '#/components/schemas/Order' }
      responses:
        '201':
          description: Created
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Order' }
              examples:
                small: { value: { id: 1, currency: EUR, total: 5, placed: '2026-01-02T03:04:05Z', email: a@b.example } }
                large: { value: { id: 2, currency: USD, total: 500, placed: '2026-01-02T03:04:05Z', email: c@d.example } }
        '409':
          description: Exists
          content:
            application/problem+json:
              schema: { type: object, properties: { title: { type: string } } }
  /orders/{orderId}:
    parameters:
      - { name: orderId, in: path, required: true, schema: { type: integer, format: int64 } }
    get:
      operationId: getOrder
      security: []
      responses:
        '200':
          description: One order
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Order' }
        '404':
          description: None
    delete:
      operationId: deleteOrder
      responses:
        '204': { description: Deleted }
components:
  securitySchemes:
    key: { type: apiKey, in: header, name: X-Api-Key }
  schemas:
    Order:
      type: object
      required: [id, currency, total, placed, email]
      properties:
        id: { type: integer, minimum: 1 }
        currency: { type: string, pattern: '^[A-Z]{3}$' }
        total: { type: number, exclusiveMinimum: 0, maximum: 10000 }
        placed: { type: string, format: date-time }
        email: { type: string, format: email }
        code: { type: string, minLength: 8, maxLength: 8 }
        lines:
          type: array
          minItems: 2
          items: { type: object, required: [sku], properties: { sku: { type: string, format: uuid } } }
`;

function api(spec = SPEC, name = 'orders.openapi.yaml', extra: Record<string, string> = {}): Promise<Api> {
  return apiOf(spec, name, extra);
}

function request(partial: Partial<MockRequest> & { url: string }): MockRequest {
  return { method: 'GET', headers: { 'x-api-key': 'k', 'x-tenant': 'T001' }, body: '', ...partial };
}

function problemOf(body: string): { status: number; detail: string; validation?: { location: string[]; message: string }[] } {
  return JSON.parse(body);
}

describe('mock servers: answering a request from the spec', () => {
  it('answers with the first example, a named one with Prefer: example=NAME, a status with Prefer: code=NNN', async () => {
    const orders = await api();
    const body = JSON.stringify({ id: 3, currency: 'EUR', total: 1, placed: '2026-01-01T00:00:00Z', email: 'x@y.example' });
    const post = (headers: Record<string, string>) => handleMockRequest(orders, request({ method: 'POST', url: '/orders', headers: { 'x-api-key': 'k', 'content-type': 'application/json', ...headers }, body }));
    const first = post({});
    assert.equal(first.response.status, 201);
    assert.equal(JSON.parse(first.response.body).id, 1);
    assert.match(formatMockCall(first.call), /POST \/orders → 201 createOrder: request valid; example `small`/);
    assert.equal(JSON.parse(post({ prefer: 'example=large' }).response.body).id, 2);
    const conflict = post({ prefer: 'code=409' });
    assert.equal(conflict.response.status, 409);
    assert.equal(conflict.response.headers['content-type'], 'application/problem+json');
    const unknown = post({ prefer: 'example=huge' });
    assert.equal(unknown.response.status, 404);
    assert.match(problemOf(unknown.response.body).detail, /no example `huge`; it has `small`, `large`/);
    const undeclared = post({ prefer: 'code=418' });
    assert.match(problemOf(undeclared.response.body).detail, /declares no response 418/);
  });

  it('generates a body from the response schema that the schema accepts, the same every time', async () => {
    const orders = await api();
    const one = handleMockRequest(orders, request({ url: '/orders/7' }));
    assert.equal(one.response.status, 200);
    const order = JSON.parse(one.response.body);
    const schema = orders.operations.find((o) => o.id === 'getOrder')!.responses[0].content[0].schema!;
    assert.deepEqual(validatePayload(order, schema), []);
    assert.equal(order.lines.length, 2, 'minItems respected');
    assert.equal(order.code.length, 8, 'minLength respected');
    assert.match(order.currency, /^[A-Z]{3}$/);
    assert.ok(order.total > 0);
    assert.equal(handleMockRequest(orders, request({ url: '/orders/7' })).response.body, one.response.body);
    const list = handleMockRequest(orders, request({ url: '/orders?status=open' }));
    assert.equal(list.response.status, 200);
    assert.ok(Array.isArray(JSON.parse(list.response.body)));
  });

  it('rejects as Prism does: 404 unknown path, 405 wrong method, 401 missing credentials, 400 bad parameters, 415 media type, 422 body', async () => {
    const orders = await api();
    assert.equal(handleMockRequest(orders, request({ url: '/invoices' })).response.status, 404);
    const wrongMethod = handleMockRequest(orders, request({ method: 'PATCH', url: '/orders/1' })).response;
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers.allow, 'GET, DELETE');

    const noKey = handleMockRequest(orders, request({ url: '/orders?status=open', headers: { 'x-tenant': 'T001' } })).response;
    assert.equal(noKey.status, 401);
    assert.equal(noKey.headers['content-type'], 'application/problem+json');
    assert.match(problemOf(noKey.body).detail, /X-Api-Key/);
    assert.equal(handleMockRequest(orders, request({ url: '/orders/1', headers: {} })).response.status, 200, 'security: [] needs no credentials');

    const badParams = handleMockRequest(orders, request({ url: '/orders?limit=0', headers: { 'x-api-key': 'k', 'x-tenant': 'nope' } }));
    assert.equal(badParams.response.status, 400);
    const problem = problemOf(badParams.response.body);
    assert.deepEqual(problem.validation!.map((v) => v.location.join('.')).sort(), ['header.X-Tenant', 'query.limit', 'query.status']);
    assert.match(problem.detail, /Query parameter `status`: is required but missing/);
    assert.match(problem.detail, /Query parameter `limit`: must be >= 1/);
    assert.equal(handleMockRequest(orders, request({ url: '/orders/abc' })).response.status, 400);

    const media = handleMockRequest(orders, request({ method: 'POST', url: '/orders', headers: { 'x-api-key': 'k', 'content-type': 'text/xml' }, body: '<a/>' })).response;
    assert.equal(media.status, 415);
    assert.match(problemOf(media.body).detail, /text\/xml is not accepted; createOrder takes application\/json/);

    const body = JSON.stringify({ id: 0, currency: 'euro', total: 1, placed: 'yesterday', lines: [{ sku: 'x' }] });
    const invalid = handleMockRequest(orders, request({ method: 'POST', url: '/orders', headers: { 'x-api-key': 'k', 'content-type': 'application/json; charset=utf-8' }, body }));
    assert.equal(invalid.response.status, 422);
    const named = problemOf(invalid.response.body).validation!.map((v) => v.location.join('/'));
    for (const field of ['body/id', 'body/currency', 'body/placed', 'body/email', 'body/lines', 'body/lines/0/sku']) assert.ok(named.includes(field), `${field} in ${named.join(', ')}`);
    assert.match(formatMockCall(invalid.call), /→ 422 createOrder: .*Body `\/email`: is required but missing/);

    const missing = handleMockRequest(orders, request({ method: 'POST', url: '/orders', headers: { 'x-api-key': 'k' } })).response;
    assert.equal(missing.status, 422);
    assert.match(problemOf(missing.body).detail, /request body is required/);
    const broken = handleMockRequest(orders, request({ method: 'POST', url: '/orders', headers: { 'x-api-key': 'k', 'content-type': 'application/json' }, body: '{"id": ' })).response;
    assert.equal(broken.status, 400);
    assert.match(problemOf(broken.body).detail, /not valid JSON/);
  });

  it('answers an operation whose spec has neither examples nor schemas with its status and no body', async () => {
    const bare = await api(`openapi: 3.0.3
info: { title: Bare, version: '1' }
paths:
  /ping:
    get:
      responses:
        '200': { description: OK }
  /things:
    post:
      responses:
        '202':
          description: Accepted
          content: { application/json: {} }
`, 'bare.openapi.yaml');
    const ping = handleMockRequest(bare, request({ url: '/ping' }));
    assert.equal(ping.response.status, 200);
    assert.equal(ping.response.body, '');
    const things = handleMockRequest(bare, request({ method: 'POST', url: '/things' }));
    assert.equal(things.response.status, 202);
    assert.match(formatMockCall(things.call), /neither examples nor a schema/);
  });

  it('reads Swagger 2.0: body parameters, produces, examples by media type, basic auth', async () => {
    const swagger = await api(`swagger: '2.0'
info: { title: Legacy, version: '1' }
basePath: /v1
securityDefinitions:
  basic: { type: basic }
security: [ { basic: [] } ]
paths:
  /pets:
    post:
      operationId: addPet
      consumes: [application/json]
      produces: [application/json]
      parameters:
        - in: body
          name: pet
          required: true
          schema: { type: object, required: [name], properties: { name: { type: string } } }
      responses:
        '200':
          description: ok
          schema: { type: object, properties: { id: { type: integer } } }
          examples: { application/json: { id: 42 } }
`, 'legacy.yaml');
    const auth = { authorization: 'Basic dTpw', 'content-type': 'application/json' };
    assert.equal(handleMockRequest(swagger, request({ method: 'POST', url: '/pets', headers: { 'content-type': 'application/json' }, body: '{"name":"a"}' })).response.status, 401);
    const bad = handleMockRequest(swagger, request({ method: 'POST', url: '/pets', headers: auth, body: '{}' })).response;
    assert.equal(bad.status, 422);
    assert.match(problemOf(bad.body).detail, /Body `\/name`: is required but missing/);
    const good = handleMockRequest(swagger, request({ method: 'POST', url: '/pets', headers: auth, body: '{"name":"a"}' })).response;
    assert.deepEqual(JSON.parse(good.body), { id: 42 });
  });

  it('follows $refs into other files', async () => {
    const split = await api(`openapi: 3.0.3
info: { title: Split, version: '1' }
paths:
  /customers:
    post:
      requestBody:
        required: true
        content: { application/json: { schema: { $ref: './customer.yaml#/Customer' } } }
      responses:
        '201': { description: Created, content: { application/json: { schema: { $ref: './customer.yaml#/Customer' } } } }
`, 'split.openapi.yaml', { 'customer.yaml': 'Customer:\n  type: object\n  required: [name]\n  properties:\n    name: { type: string, maxLength: 3 }\n    phone: { type: string, nullable: true }\n' });
    const tooLong = handleMockRequest(split, request({ method: 'POST', url: '/customers', headers: { 'content-type': 'application/json' }, body: '{"name":"Annabel","phone":null}' }));
    assert.equal(tooLong.response.status, 422);
    assert.match(problemOf(tooLong.response.body).detail, /`\/name`: must (NOT have more than|be at most) 3 characters/);
    assert.equal(handleMockRequest(split, request({ method: 'POST', url: '/customers', headers: { 'content-type': 'application/json' }, body: '{"name":"Ann","phone":null}' })).response.status, 201);
  });
});

describe('mock servers: values generated from schemas', () => {
  it('respects formats, enums, ranges, lengths and patterns', () => {
    const schema = {
      type: 'object',
      required: ['when', 'day', 'mail', 'id', 'state', 'count', 'ratio', 'code', 'tags'],
      properties: {
        when: { type: 'string', format: 'date-time' },
        day: { type: 'string', format: 'date' },
        mail: { type: 'string', format: 'email' },
        id: { type: 'string', format: 'uuid' },
        state: { type: 'string', enum: ['NEW', 'OLD'] },
        count: { type: 'integer', minimum: 10, maximum: 20, multipleOf: 5 },
        ratio: { type: 'number', exclusiveMaximum: 1, exclusiveMinimum: 0 },
        code: { type: 'string', pattern: '^SO-[0-9]{6}$' },
        tags: { type: 'array', items: { type: 'string', minLength: 3 }, minItems: 3 },
        maybe: { type: ['string', 'null'], maxLength: 2 },
        either: { oneOf: [{ type: 'null' }, { type: 'integer', minimum: 5 }] },
        both: { allOf: [{ type: 'object', properties: { a: { type: 'integer' } } }, { type: 'object', properties: { b: { type: 'boolean' } } }] },
      },
    };
    const value = generateValue(schema) as Record<string, unknown>;
    assert.deepEqual(validatePayload(value, schema), []);
    assert.equal(value.state, 'NEW');
    assert.equal(value.count, 10);
    assert.deepEqual(value.both, { a: 1, b: true });
    assert.equal(value.either, 5);
    assert.equal(fromPattern('^[A-Z]{2}-\\d+$'), 'AA-0');
    assert.equal(fromPattern('^(a|b)$'), undefined, 'patterns beyond the simple kinds are not guessed');
  });

  it('stops at recursive schemas', () => {
    const node: Record<string, unknown> = { type: 'object', required: ['name'], properties: { name: { type: 'string' } } };
    (node.properties as Record<string, unknown>).children = { type: 'array', items: node };
    const value = generateValue(node);
    assert.ok(JSON.stringify(value).length < 100_000);
  });
});
