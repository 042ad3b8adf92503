import * as assert from 'node:assert/strict';
import type { ApiReferenceModel, ApiSchema } from '../../server/src/protocol';
import { apiReference, apiReferenceDetails, apiReferenceSummary, detailsParams } from '../../server/src/service/openapi/apiReference';
import type { Diagnostic } from 'vscode-languageserver-types';
import { openApiRules } from '../../server/src/service/openapi/analysis';
import { openApiIndex } from '../../server/src/service/openapi/workspaceIndex';
import { SPEC_WITH_BROKEN_PARTS } from '../support/brokenSpec';
import { serviceFor, WS } from '../support/service';

async function referenceOf(files: Record<string, string>, root: string): Promise<ApiReferenceModel> {
  const model = await apiReference(serviceFor(files).service, WS + root);
  assert.ok(model, `${root} has an API reference`);
  return model;
}

/** A `$ref`'d schema as the panel shows it when the reader expands it. */
function target(model: ApiReferenceModel, schema: ApiSchema | undefined): { name: string; schema: ApiSchema } {
  assert.ok(schema?.ref, 'a reference');
  return model.schemas[schema.ref];
}

const ORDERS_31 = `openapi: 3.1.0
info:
  title: Orders
  version: 2.4.0
  summary: Orders of the shop
  description: "Read **orders**. <script>alert(1)</script>"
servers:
  - url: https://{region}.api.example.com/v2
    description: Production
    variables:
      region: { default: eu, enum: [eu, us] }
tags:
  - name: orders
    description: Everything about orders
security:
  - bearer: []
paths:
  /orders/{orderId}:
    parameters:
      - $ref: './common.yaml#/parameters/OrderId'
    get:
      tags: [orders]
      operationId: getOrder
      summary: Get an order
      responses:
        '200':
          description: The order
          content:
            application/json:
              schema:
                $ref: './schemas/order.yaml'
              examples:
                small:
                  summary: A small order
                  value: { id: o-1, lines: [] }
        '404':
          $ref: './common.yaml#/responses/NotFound'
  /health:
    get:
      operationId: health
      security: []
      responses:
        '204': { description: Up }
webhooks:
  orderShipped:
    post:
      operationId: orderShipped
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Shipment'
      responses:
        '200': { description: Received }
components:
  securitySchemes:
    bearer: { type: http, scheme: bearer, bearerFormat: JWT }
  schemas:
    Shipment:
      type: object
      required: [orderId]
      properties:
        orderId: { type: string, examples: [o-1] }
        carrier:
          oneOf:
            - { type: string, enum: [dhl, ups] }
            - { type: 'null' }
`;

const ORDER = `type: object
required: [id]
properties:
  id: { type: string, pattern: '^o-[0-9]+$', description: The order's id }
  note: { type: [string, 'null'], maxLength: 200 }
  total: { type: number, minimum: 0, exclusiveMaximum: 100000 }
  lines:
    type: array
    minItems: 0
    items: { $ref: '#/$defs/Line' }
  parent: { $ref: '#' }
$defs:
  Line:
    allOf:
      - { $ref: '../common.yaml#/schemas/Base' }
      - type: object
        properties:
          sku: { type: string, format: uuid }
`;

const COMMON = `parameters:
  OrderId: { name: orderId, in: path, required: true, description: The order, schema: { type: string } }
responses:
  NotFound:
    description: No such order
    content:
      application/problem+json:
        schema: { $ref: '#/schemas/Problem' }
schemas:
  Base: { type: object, properties: { createdAt: { type: string, format: date-time, readOnly: true } } }
  Problem: { type: object, properties: { title: { type: string } } }
`;

describe('API reference', () => {
  it('shows a multi-file 3.1 spec: info, servers, tags, operations, webhooks, security, $refs across files', async () => {
    const model = await referenceOf({ 'api/orders.yaml': ORDERS_31, 'api/schemas/order.yaml': ORDER, 'api/common.yaml': COMMON }, 'api/orders.yaml');
    assert.equal(model.version, '3.1');
    assert.equal(model.info.title, 'Orders');
    assert.equal(model.info.version, '2.4.0');
    assert.equal(model.info.summary, 'Orders of the shop');
    // The description is passed on as written; the panel renders it as safe Markdown.
    assert.match(model.info.description!, /<script>/);
    assert.deepEqual(model.servers.map((s) => [s.url, s.description, s.variables.map((v) => [v.name, v.default, v.enum])]), [
      ['https://{region}.api.example.com/v2', 'Production', [['region', 'eu', ['eu', 'us']]]],
    ]);
    assert.deepEqual(model.tags.map((t) => t.name), ['orders', '']);
    assert.deepEqual(model.files, [WS + 'api/orders.yaml', WS + 'api/common.yaml', WS + 'api/schemas/order.yaml']);

    const getOrder = model.operations.find((o) => o.operationId === 'getOrder')!;
    assert.equal(getOrder.method, 'get');
    assert.equal(getOrder.path, '/orders/{orderId}');
    assert.deepEqual(getOrder.tags, ['orders']);
    // The path-level parameter, followed into common.yaml, linked to its place there.
    assert.deepEqual(getOrder.parameters.map((p) => [p.name, p.in, p.required, p.description, p.schema?.type]), [['orderId', 'path', true, 'The order', ['string']]]);
    assert.deepEqual(getOrder.parameters[0].at, [1, 1, 2]);
    assert.deepEqual(getOrder.security, [[{ scheme: 'bearer', scopes: [] }]]);

    const ok = getOrder.responses.find((r) => r.status === '200')!;
    assert.equal(ok.content[0].mediaType, 'application/json');
    assert.deepEqual(ok.content[0].examples.map((e) => [e.name, e.summary, e.value]), [['small', 'A small order', { id: 'o-1', lines: [] }]]);
    const order = target(model, ok.content[0].schema);
    assert.equal(order.name, 'order.yaml');
    const props = Object.fromEntries(order.schema.properties!.map((p) => [p.name, p]));
    assert.equal(props.id.required, true);
    assert.deepEqual(props.id.schema.bounds, ['pattern ^o-[0-9]+$']);
    assert.deepEqual(props.note.schema.type, ['string', 'null']);
    assert.deepEqual(props.note.schema.bounds, ['length ≤ 200']);
    assert.deepEqual(props.total.schema.bounds, ['>= 0', '< 100000']);
    // A recursive reference stays a reference to the same entry.
    assert.equal(props.parent.schema.ref, ok.content[0].schema!.ref);
    const line = target(model, props.lines.schema.items);
    assert.equal(line.name, 'Line');
    assert.equal(line.schema.allOf!.length, 2);
    const base = target(model, line.schema.allOf![0]);
    assert.equal(base.name, 'Base');
    assert.deepEqual(base.schema.properties!.map((p) => [p.name, p.schema.format, p.schema.readOnly]), [['createdAt', 'date-time', true]]);

    const notFound = getOrder.responses.find((r) => r.status === '404')!;
    assert.equal(notFound.description, 'No such order');
    assert.equal(target(model, notFound.content[0].schema).name, 'Problem');

    const health = model.operations.find((o) => o.operationId === 'health')!;
    assert.deepEqual(health.security, [], 'security: [] means no authentication');
    assert.deepEqual(health.tags, ['']);

    const webhook = model.operations.find((o) => o.operationId === 'orderShipped')!;
    assert.equal(webhook.webhook, true);
    assert.equal(webhook.path, 'orderShipped');
    assert.equal(webhook.requestBody?.required, true);
    const shipment = target(model, webhook.requestBody!.content[0].schema);
    assert.equal(shipment.name, 'Shipment');
    const carrier = shipment.schema.properties!.find((p) => p.name === 'carrier')!.schema;
    assert.deepEqual(carrier.oneOf!.map((s) => [s.type, s.enum]), [[['string'], ['dhl', 'ups']], [['null'], undefined]]);
    assert.deepEqual(shipment.schema.properties![0].schema.examples, ['o-1']);

    assert.deepEqual(model.components.schemas.map((k) => model.schemas[k].name), ['Shipment']);
    assert.deepEqual(model.components.securitySchemes.map((s) => [s.name, s.type, s.details]), [['bearer', 'http', ['bearer (JWT)']]]);
    assert.deepEqual(model.problems, []);
  });

  it('reads 2.0: host and basePath, body and formData parameters, produces and response examples', async () => {
    const model = await referenceOf({
      'pets.yaml': `swagger: "2.0"
info: { title: Pets, version: "1" }
host: pets.example.com
basePath: /v1
schemes: [https]
consumes: [application/json]
produces: [application/json]
securityDefinitions:
  oauth:
    type: oauth2
    flow: accessCode
    authorizationUrl: https://auth.example.com/authorize
    tokenUrl: https://auth.example.com/token
    scopes: { 'pets:write': Change pets }
paths:
  /pets:
    post:
      operationId: addPet
      security: [ { oauth: ['pets:write'] } ]
      parameters:
        - { name: body, in: body, required: true, schema: { $ref: '#/definitions/Pet' } }
        - { name: X-Trace, in: header, type: string, format: uuid }
      responses:
        '201':
          description: Created
          schema: { $ref: '#/definitions/Pet' }
          examples: { application/json: { id: 1, name: Rex } }
          headers: { Location: { type: string, description: Where it is } }
  /pets/{id}/photo:
    put:
      operationId: uploadPhoto
      consumes: [multipart/form-data]
      parameters:
        - { name: id, in: path, required: true, type: integer, minimum: 1 }
        - { name: file, in: formData, type: file, required: true }
      responses: { '204': { description: Stored } }
definitions:
  Pet:
    type: object
    required: [name]
    properties:
      id: { type: integer, format: int64, x-nullable: true }
      name: { type: string }
`,
    }, 'pets.yaml');
    assert.equal(model.version, '2.0');
    assert.deepEqual(model.servers.map((s) => s.url), ['https://pets.example.com/v1']);
    const add = model.operations.find((o) => o.operationId === 'addPet')!;
    assert.deepEqual(add.parameters.map((p) => [p.name, p.in, p.schema?.type, p.schema?.format]), [['X-Trace', 'header', ['string'], 'uuid']]);
    assert.equal(add.requestBody?.required, true);
    assert.equal(add.requestBody!.content[0].mediaType, 'application/json');
    const pet = target(model, add.requestBody!.content[0].schema);
    assert.equal(pet.name, 'Pet');
    assert.deepEqual(pet.schema.properties!.map((p) => [p.name, p.required, p.schema.type]), [['id', false, ['integer', 'null']], ['name', true, ['string']]]);
    const created = add.responses[0];
    assert.deepEqual(created.content[0].examples.map((e) => e.value), [{ id: 1, name: 'Rex' }]);
    assert.deepEqual(created.headers.map((h) => [h.name, h.description, h.schema?.type]), [['Location', 'Where it is', ['string']]]);
    assert.deepEqual(add.security, [[{ scheme: 'oauth', scopes: ['pets:write'] }]]);
    assert.deepEqual(model.components.securitySchemes[0].scopes, [{ name: 'pets:write', description: 'Change pets' }]);
    assert.deepEqual(model.components.securitySchemes[0].details, ['accessCode: https://auth.example.com/authorize: https://auth.example.com/token']);

    const upload = model.operations.find((o) => o.operationId === 'uploadPhoto')!;
    assert.deepEqual(upload.parameters.map((p) => [p.name, p.schema?.bounds]), [['id', ['>= 1']]]);
    assert.equal(upload.requestBody!.content[0].mediaType, 'multipart/form-data');
    assert.deepEqual(upload.requestBody!.content[0].schema!.properties!.map((p) => [p.name, p.required, p.schema.type]), [['file', true, ['file']]]);
  });

  it('reads 3.0: nullable, exclusiveMinimum as a flag, $ref siblings ignored, example on a media type', async () => {
    const model = await referenceOf({
      'a.yaml': `openapi: 3.0.3
info: { title: A, version: "1" }
paths:
  /a:
    get:
      parameters:
        - name: limit
          in: query
          schema: { type: integer, minimum: 1, exclusiveMinimum: true, maximum: 50, default: 10 }
          example: 20
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { type: string, nullable: true, enum: [a, b] }
              example: a
`,
    }, 'a.yaml');
    const op = model.operations[0];
    assert.deepEqual(op.parameters[0].schema?.bounds, ['> 1', '<= 50']);
    assert.equal(op.parameters[0].schema?.default, 10);
    assert.deepEqual(op.parameters[0].examples.map((e) => e.value), [20]);
    const body = op.responses[0].content[0];
    assert.deepEqual(body.schema?.type, ['string', 'null']);
    assert.deepEqual(body.schema?.enum, ['a', 'b']);
    assert.deepEqual(body.examples.map((e) => e.value), ['a']);
  });

  it('still shows a spec with syntax errors and broken $refs, with the broken places marked and linked', async () => {
    const model = await referenceOf({
      'broken.yaml': SPEC_WITH_BROKEN_PARTS,
    }, 'broken.yaml');
    assert.deepEqual(model.operations.map((o) => o.operationId), ['getA', 'getB']);
    const a = model.operations[0];
    assert.match(a.parameters[0].broken!, /#\/components\/parameters\/Missing` points at nothing/);
    assert.deepEqual(a.parameters[0].at, [0, 7, 10]);
    assert.match(a.responses[0].content[0].schema!.broken!, /nowhere\.yaml does not exist/);
    const codes = model.problems.map((p) => p.code).sort();
    assert.ok(codes.includes('syntax.error'), codes.join());
    assert.ok(codes.includes('oas.ref.unresolved'), codes.join());
    assert.ok(codes.includes('oas.ref.fileNotFound'), codes.join());
    for (const problem of model.problems) assert.equal(problem.at[0], 0);
  });

  it('is outlined before the rest of the check: a syntax error and broken $refs are still marked as the check marks them, and edits are followed', async () => {
    const spec = (summary: string, ref: string): string => `openapi: 3.0.3
info: { title: Half-written, version: "1" }
paths:
  /orders:
    get:
      operationId: listOrders
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { $ref: '${ref}' }
  /orders/{id}:
    get:
      operationId: getOrder
      parameters:
        - $ref: './common.yaml#/parameters/Id'
      summary: ${summary}
      responses: { '200': { description: ok } }
components:
  schemas:
    Order: { type: object, properties: { id: { type: string } } }
`;
    const { service, workspace } = serviceFor({ 'half-written.yaml': spec('[unclosed', '#/components/schemas/Ordr') });
    const uri = WS + 'half-written.yaml';
    // The check of the opened spec and the outline asked at the same time: the outline does not wait for the check's rules.
    const answered: string[] = [];
    const rules = [...openApiRules];
    // Counted for this spec only: the checks of other tests' specs may still be running.
    openApiRules.unshift((context) => void (context.set.root.uri === uri && answered.push('rules run')));
    let diagnostics: Diagnostic[];
    let outline: ApiReferenceModel;
    try {
      const check = service.diagnose(uri).then((found) => (answered.push('diagnostics'), found));
      outline = (await apiReferenceSummary(service, uri))!;
      answered.push('outline');
      diagnostics = await check;
    } finally {
      openApiRules.splice(0, openApiRules.length, ...rules);
    }
    assert.deepEqual(answered, ['outline', 'rules run', 'diagnostics']);
    assert.deepEqual(outline.operations.map((o) => o.operationId), ['listOrders', 'getOrder']);
    assert.deepEqual(outline.problems.map((p) => p.code).sort(), ['oas.ref.fileNotFound', 'oas.ref.unresolved', 'syntax.error']);
    // Each marked place is a finding of the check, with its code, message and place.
    const marked = (model: ApiReferenceModel) => model.problems.map((p) => `${model.files[p.at[0]]}:${p.at[1]}:${p.at[2]} ${p.code} ${p.message}`);
    const reported = (list: Diagnostic[]) => list.map((d) => `${uri}:${d.range.start.line}:${d.range.start.character} ${d.code} ${d.message}`);
    for (const place of marked(outline)) assert.ok(reported(diagnostics).includes(place), `${place} is not among\n${reported(diagnostics).join('\n')}`);
    assert.ok(marked(outline).some((p) => p.startsWith(`${uri}:11:`) && p.includes('oas.ref.unresolved') && p.includes('`Order`')), marked(outline).join('\n'));
    // The whole model, built after the check ended, marks the same places, and the outline is not made again.
    assert.deepEqual((await apiReference(service, uri))!.problems, outline.problems);
    assert.equal(await apiReferenceSummary(service, uri), outline);
    const details = (await apiReferenceDetails(service, { uri, revision: outline.lazy!.revision, operations: [0] }))!;
    assert.match(details.operations[0].operation.responses[0].content[0].schema!.broken!, /Ordr/);

    // An edit while the check of the old text is under way: the outline is of the new text.
    assert.ok(await openApiIndex(service).stage(uri));
    workspace.set(uri, spec('Reads an order', '#/components/schemas/Order'));
    const recheck = service.diagnose(uri);
    const edited = (await apiReferenceSummary(service, uri))!;
    assert.notEqual(edited.lazy!.revision, outline.lazy!.revision);
    assert.equal(edited.operations[1].summary, 'Reads an order');
    assert.deepEqual(edited.problems.map((p) => p.code), ['oas.ref.fileNotFound']);
    for (const place of marked(edited)) assert.ok(reported(await recheck).includes(place), place);
    const fixed = (await apiReferenceDetails(service, { uri, revision: edited.lazy!.revision, operations: [0] }))!;
    const schema = fixed.operations[0].operation.responses[0].content[0].schema!;
    assert.equal(fixed.schemas[schema.ref!].name, 'Order');
    assert.equal((await apiReferenceDetails(service, { uri, revision: outline.lazy!.revision, operations: [0] }))!.stale, true);

    // The missing file written: nothing is marked any more.
    workspace.set(WS + 'common.yaml', 'parameters:\n  Id: { name: id, in: path, required: true, schema: { type: string } }\n');
    const whole = (await apiReferenceSummary(service, uri))!;
    assert.deepEqual(whole.problems, []);
  });

  it('gives nothing for a document that is not an OpenAPI root', async () => {
    const { service } = serviceFor({ 'x.yaml': 'just: data\n' });
    assert.equal(await apiReference(service, WS + 'x.yaml'), undefined);
  });

  it('opens as an outline and gives the details of what the reader opens, the same as the whole model', async () => {
    const files = { 'api/orders.yaml': ORDERS_31, 'api/schemas/order.yaml': ORDER, 'api/common.yaml': COMMON };
    const { service, workspace } = serviceFor(files);
    const uri = WS + 'api/orders.yaml';
    const outline = (await apiReferenceSummary(service, uri))!;
    const full = (await apiReference(serviceFor(files).service, uri))!;
    assert.ok(outline.lazy?.revision);
    // The outline: every operation's head (what the list and the search show), no details yet.
    assert.deepEqual(outline.operations.map((o) => `${o.method} ${o.path} ${o.operationId} ${o.tags}`), full.operations.map((o) => `${o.method} ${o.path} ${o.operationId} ${o.tags}`));
    assert.deepEqual(outline.operations.map((o) => o.at), full.operations.map((o) => o.at));
    assert.ok(outline.operations.every((o) => !o.parameters.length && !o.responses.length && !o.requestBody));
    assert.deepEqual(outline.tags, full.tags);
    assert.deepEqual(outline.info, full.info);
    assert.deepEqual(outline.components, full.components);
    assert.deepEqual(outline.problems, full.problems);
    // Component schemas, and the schemas other files hold that a `$ref` names, by name and place, their trees not yet built.
    assert.deepEqual(Object.values(outline.schemas).map((s) => s.name).sort(), ['Base', 'Line', 'Problem', 'Shipment', 'order.yaml']);
    for (const entry of Object.values(outline.schemas)) assert.deepEqual(Object.keys(entry.schema), ['at']);
    const problem = Object.entries(outline.schemas).find(([, s]) => s.name === 'Problem')!;
    assert.deepEqual(problem[1].schema.at, [1, 10, 2], 'Problem is written in common.yaml, named by a response there');
    // Not a schema: a parameter and a response of common.yaml are not listed as schemas.
    assert.ok(!Object.values(outline.schemas).some((s) => s.name === 'OrderId' || s.name === 'NotFound'));

    // Opening getOrder: its details, and every schema its trees name, across files and cycles.
    const index = outline.operations.findIndex((o) => o.operationId === 'getOrder');
    const details = (await apiReferenceDetails(service, { uri, revision: outline.lazy!.revision, operations: [index] }))!;
    assert.equal(details.stale, undefined);
    assert.deepEqual(details.operations.map((o) => o.index), [index]);
    const fullGet = full.operations.find((o) => o.operationId === 'getOrder')!;
    assert.deepEqual(details.operations[0].operation, fullGet);
    assert.deepEqual(Object.values(details.schemas).map((s) => s.name).sort(), ['Base', 'Line', 'Problem', 'order.yaml']);
    for (const [key, entry] of Object.entries(details.schemas)) assert.deepEqual(entry, full.schemas[key], key);
    // A schema of the components, asked by key.
    const componentKey = outline.components.schemas[0];
    const component = (await apiReferenceDetails(service, { uri, revision: outline.lazy!.revision, schemas: [componentKey] }))!;
    assert.deepEqual(component.schemas[componentKey], full.schemas[componentKey]);

    // After an edit the old outline's revision is stale: nothing is answered for it.
    workspace.set(uri, ORDERS_31.replace('title: Orders', 'title: Orders, edited'));
    const stale = (await apiReferenceDetails(service, { uri, revision: outline.lazy!.revision, operations: [index] }))!;
    assert.equal(stale.stale, true);
    assert.deepEqual(stale.operations, []);
    const edited = (await apiReferenceSummary(service, uri))!;
    assert.equal(edited.info.title, 'Orders, edited');
    assert.notEqual(edited.lazy!.revision, outline.lazy!.revision);
    // An index that names no operation gives nothing rather than failing.
    assert.deepEqual((await apiReferenceDetails(service, { uri, revision: edited.lazy!.revision, operations: [999, -1] }))!.operations, []);
  });

  it('refuses a malformed details request with what is wrong', () => {
    assert.throws(() => detailsParams(WS + 'a.yaml', { operations: [1] }), /needs the `revision`/);
    assert.throws(() => detailsParams(WS + 'a.yaml', { revision: '1', operations: ['x'] }), /`operations` must be a list of operation indexes/);
    assert.throws(() => detailsParams(WS + 'a.yaml', { revision: '1', schemas: 'k' }), /`schemas` must be a list of schema keys/);
    assert.deepEqual(detailsParams(WS + 'a.yaml', { revision: '1', operations: [2] }), { uri: WS + 'a.yaml', revision: '1', operations: [2], schemas: undefined });
  });

  it('shows callbacks: the requests the API sends back, each with its expression and operations; a broken one marked', async () => {
    const model = await referenceOf({ 'hooks.yaml': `openapi: 3.0.3
info: { title: Hooks, version: "1" }
paths:
  /subscriptions:
    post:
      operationId: subscribe
      responses: { '201': { description: Subscribed } }
      callbacks:
        event:
          '{$request.body#/callbackUrl}':
            post:
              operationId: onEvent
              requestBody:
                content:
                  application/json:
                    schema: { type: object, required: [kind], properties: { kind: { type: string, enum: [created, deleted] } } }
              responses: { '200': { description: ok } }
        gone: { $ref: '#/components/callbacks/Nope' }
` }, 'hooks.yaml');
    const subscribe = model.operations.find((o) => o.operationId === 'subscribe')!;
    assert.deepEqual(subscribe.callbacks!.map((c) => [c.name, c.expression, c.operations.map((o) => `${o.method} ${o.operationId}`)]), [
      ['event', '{$request.body#/callbackUrl}', ['post onEvent']],
      ['gone', '', []],
    ]);
    const body = subscribe.callbacks![0].operations[0].requestBody!.content[0].schema!;
    assert.deepEqual(body.properties!.map((p) => [p.name, p.required, p.schema.enum]), [['kind', true, ['created', 'deleted']]]);
    assert.match(subscribe.callbacks![1].broken!, /Nope` points at nothing/);
    assert.deepEqual(subscribe.callbacks![1].at, [0, 17, 8]);
    // Callback operations are not operations of the API itself.
    assert.deepEqual(model.operations.map((o) => o.operationId), ['subscribe']);
  });
});
