import assert from 'node:assert/strict';
import { neverCancelled } from '../../server/src/service/cancellation';
import { completion, resolveCompletion } from '../../server/src/service/openapi/features/completion';
import { hover } from '../../server/src/service/openapi/features/hover';
import { applyTextEdits, cursor } from '../support/editing';
import { rangeOf, serviceFor, WS } from '../support/service';

const base = `openapi: 3.0.3
info:
  title: Shop
  version: 1.0.0
tags:
  - name: orders
    description: Order handling
  - name: admin
paths:
  /orders:
    get:
      operationId: listOrders
      summary: List orders
      responses:
        '200':
          description: ok
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: https://auth.example.com/token
          scopes:
            orders.read: Read orders
            orders.write: Change orders
  schemas:
    Order:
      type: object
      description: A customer order
      required: [id]
      properties:
        id:
          type: string
`;

const models = `Customer:
  type: object
  description: Someone who buys
`;

/** Completion at the `|` of a fixture: the items, and a helper that applies one of them. */
async function complete(marked: string, path = 'api.yaml', extra: Record<string, string> = {}, opened: string[] = []) {
  const { text, offset } = cursor(marked);
  const { service } = serviceFor({ [path]: text, 'models.yaml': models, ...extra });
  for (const other of opened) await service.getDocument(WS + other);
  const items = await completion(service, WS + path, offset, neverCancelled);
  const labels = items.map((i) => i.label);
  const apply = (label: string) => {
    const item = items.find((i) => i.label === label);
    assert.ok(item, `no item ${label} among ${labels.join(', ')}`);
    return applyTextEdits(text, [item.textEdit as never]);
  };
  return { items, labels, apply, text, service };
}

describe('OpenAPI completion', () => {
  it('offers the keys of an Operation Object on an empty line, without those already present, with their descriptions', async () => {
    const { labels, items, apply, text } = await complete(base.replace("      summary: List orders\n", "      summary: List orders\n      |\n"));
    assert.ok(labels.includes('description') && labels.includes('parameters') && labels.includes('requestBody') && labels.includes('deprecated'));
    assert.ok(!labels.includes('summary') && !labels.includes('operationId') && !labels.includes('responses'));
    assert.ok(!labels.includes('title'), 'keys of other objects are not offered');
    const tags = items.find((i) => i.label === 'tags')!;
    assert.equal(tags.detail, 'Operation Object');
    assert.match((tags.documentation as { value: string }).value, /group operations/);
    assert.equal(apply('requestBody'), text.replace('      summary: List orders\n      \n', '      summary: List orders\n      requestBody: \n'));
  });

  it('completes a partly typed key and replaces the word', async () => {
    const { apply, text } = await complete(base.replace('  version: 1.0.0\n', '  version: 1.0.0\n  desc|\n'));
    assert.equal(apply('description'), text.replace('  desc\n', '  description: \n'));
  });

  it('offers enum values after `key: `: parameter locations and schema types', async () => {
    const doc = base.replace("      responses:\n        '200'", "      parameters:\n        - name: q\n          in: |\n      responses:\n        '200'");
    assert.deepEqual((await complete(doc)).labels.sort(), ['cookie', 'header', 'path', 'query']);
    const type = await complete(base.replace('        id:\n          type: string', '        id:\n          type: "str|"'));
    assert.ok(type.labels.includes('integer'));
    assert.equal(type.apply('string'), type.text.replace('"str"', '"string"'));
  });

  it('offers status codes with reason phrases in responses, and media types in content', async () => {
    const codes = await complete(base.replace("          description: ok\n", "          description: ok\n        |\n"));
    assert.ok(!codes.labels.includes('200'));
    assert.equal(codes.items.find((i) => i.label === '404')?.detail, 'Not Found');
    const media = await complete(base.replace("          description: ok\n", "          description: ok\n          content:\n            |\n"));
    assert.ok(media.labels.includes('application/json'));
    assert.equal(media.apply('application/json').includes('            application/json: \n'), true);
  });

  it('lists $ref targets of the right kind in this file and other files, with relative paths and a preview', async () => {
    const doc = base.replace("          description: ok\n", "          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: |\n");
    const { items, labels, service } = await complete(doc, 'specs/api.yaml', { 'specs/common/models.yaml': models }, ['specs/common/models.yaml']);
    assert.ok(labels.includes('#/components/schemas/Order'));
    assert.ok(labels.includes('./common/models.yaml#/Customer'));
    assert.ok(!labels.includes('#/components/securitySchemes/oauth'));
    const order = await resolveCompletion(service, items.find((i) => i.label === '#/components/schemas/Order')!);
    assert.match((order.documentation as { value: string }).value, /\*\*Order\*\* — type `object`\n\nA customer order\n\n- `id` \*\(required\)\*: string/);
  });

  it('completes inside an existing quoted $ref value, in YAML and JSON', async () => {
    const yaml = base.replace("          description: ok\n", "          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/comp|'\n");
    const fromYaml = await complete(yaml);
    assert.equal(fromYaml.apply('#/components/schemas/Order'), fromYaml.text.replace("'#/comp'", "'#/components/schemas/Order'"));
    const json = JSON.stringify({ openapi: '3.1.0', info: { title: 't', version: '1' }, components: { schemas: { A: { type: 'object' }, B: { $ref: '#/components/schemas/X' } } } }, null, 2).replace('schemas/X', 'schemas/|X');
    const fromJson = await complete(json, 'api.json');
    assert.equal(fromJson.apply('#/components/schemas/A'), fromJson.text.replace('"#/components/schemas/X"', '"#/components/schemas/A"'));
  });

  it('offers security scheme names and their scopes in security requirements', async () => {
    const names = await complete(base.replace('      summary: List orders\n', '      summary: List orders\n      security:\n        - |\n'));
    assert.deepEqual(names.labels, ['oauth']);
    const scopes = await complete(base.replace('      summary: List orders\n', '      summary: List orders\n      security:\n        - oauth:\n          - |\n'));
    assert.deepEqual(scopes.labels, ['orders.read', 'orders.write']);
  });

  it('offers the tags declared at the root in an operation', async () => {
    const { labels } = await complete(base.replace('      summary: List orders\n', '      summary: List orders\n      tags:\n        - |\n'));
    assert.deepEqual(labels, ['orders', 'admin']);
  });

  it('writes quotes and commas in JSON', async () => {
    const json = `{
  "openapi": "3.1.0",
  "info": { "title": "x", "version": "1" },
  "paths": {
    "/a": {
      "get": {
        "responses": { "200": { "description": "ok" } },
        "|"
      }
    }
  }
}`;
    const { apply, labels, text } = await complete(json, 'api.json');
    assert.ok(labels.includes('operationId') && !labels.includes('responses'));
    assert.equal(apply('operationId'), text.replace('        ""\n', '        "operationId": \n'));
    const before = await complete(json.replace('"responses"', '"|"\n        "responses"'), 'api.json');
    assert.equal(before.apply('summary'), before.text.replace('        ""\n', '        "summary": ,\n'));
    const values = await complete(json.replace('"|"', '"parameters": [{ "name": "a", "in": "|" }],'), 'api.json');
    assert.equal(values.apply('query'), values.text.replace('"in": ""', '"in": "query"'));
  });
});

describe('OpenAPI hover', () => {
  it('says what the specification says about a key', async () => {
    const { service } = serviceFor({ 'api.yaml': base });
    const result = await hover(service, WS + 'api.yaml', base.indexOf('operationId') + 2, neverCancelled);
    assert.deepEqual(result?.range, rangeOf(base, 'operationId'));
    assert.match((result?.contents as { value: string }).value, /^\*\*operationId\*\* — Operation Object\n\nA unique string identifying the operation/);
  });

  it('renders the target of a $ref in another file', async () => {
    const text = base.replace("          description: ok\n", "          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: './models.yaml#/Customer'\n");
    const { service } = serviceFor({ 'api.yaml': text, 'models.yaml': models });
    const result = await hover(service, WS + 'api.yaml', text.indexOf('models.yaml#'), neverCancelled);
    assert.equal((result?.contents as { value: string }).value, '**Customer** — type `object`\n\nSomeone who buys');
  });

  it('shows method, path and summary on an operation', async () => {
    const { service } = serviceFor({ 'api.yaml': base });
    const result = await hover(service, WS + 'api.yaml', base.indexOf('    get:') + 5, neverCancelled);
    assert.equal((result?.contents as { value: string }).value, '**GET** `/orders`\n\nList orders\n\noperationId `listOrders`');
  });
});
