import assert from 'node:assert/strict';
import { flowCompletion, flowDefinition, flowHover, flowReferences } from '../../server/src/service/flow/language';
import { flowOperationReferences } from '../../server/src/service/flow/references';
import { LineIndex } from '../../server/src/service/lineIndex';
import { rangeOf, serviceFor, WS } from '../support/service';

const erp = `openapi: 3.0.3
info: { title: ERP, version: '1' }
paths:
  /salesOrders:
    post:
      operationId: createSalesOrder
      summary: Create a sales order
      requestBody:
        content:
          application/json:
            schema: { $ref: '#/components/schemas/SalesOrder' }
      responses:
        '201':
          description: Created
          content:
            application/json:
              schema: { $ref: '#/components/schemas/SalesOrder' }
        '400': { description: Bad request }
  /customers:
    get:
      operationId: listCustomers
      summary: List customers
      responses:
        '200':
          description: OK
          content: { application/json: { schema: { type: array, items: { $ref: '#/components/schemas/Customer' } } } }
components:
  schemas:
    SalesOrder: { type: object }
    Customer: { type: object }
`;

const flow = `flow: "1.0"
participants:
  mw: { name: Integration layer }
  erp: { name: ERP, spec: erp.openapi.yaml }
steps:
  - from: mw
    to: erp
    operation: createSalesOrder
    mapping: maps/order.mapping.yaml
  - { from: mw, to: erp, operation: listCustomers }
`;

const files = {
  'erp.openapi.yaml': erp,
  'f.flow.yaml': flow,
  'other.flow.yaml': `flow: "1.0"\nparticipants: { a: {}, e: { spec: erp.openapi.yaml } }\nsteps:\n  - { from: a, to: e, operation: "createSalesOrder" }\n`,
  'maps/order.mapping.yaml': 'mapping: "1.0"\ntarget: { spec: ../erp.openapi.yaml, operation: createSalesOrder }\n',
  'maps/customer.mapping.yaml': 'mapping: "1.0"\ntarget: { spec: ../erp.openapi.yaml, operation: createCustomer }\n',
};

const offsetOf = (text: string, snippet: string, occurrence = 0, delta = 1) => {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) index = text.indexOf(snippet, index + 1);
  return index + delta;
};

describe('flow editing: completion, hover, definition, references', () => {
  it('completes participant ids in from/to/over, with their names', async () => {
    const text = flow + '  - { from: mw, to: e';
    const { service } = serviceFor({ ...files, 'f.flow.yaml': text });
    const items = await flowCompletion(service, WS + 'f.flow.yaml', text.length);
    assert.deepEqual(items.map((i) => [i.label, i.detail]), [['mw', 'Integration layer'], ['erp', 'ERP']]);
    const end = new LineIndex(text).positionAt(text.length);
    assert.deepEqual((items[1].textEdit as { range: unknown }).range, { start: { ...end, character: end.character - 1 }, end });
  });

  it("completes operationIds from the receiving participant's spec with method, path and summary", async () => {
    const text = flow + '  - from: mw\n    to: erp\n    operation: cre';
    const { service } = serviceFor({ ...files, 'f.flow.yaml': text });
    const items = await flowCompletion(service, WS + 'f.flow.yaml', text.length);
    assert.deepEqual(items.map((i) => [i.label, i.detail]), [['createSalesOrder', 'POST /salesOrders'], ['listCustomers', 'GET /customers']]);
    assert.match(String((items[0].documentation as { value: string }).value), /Create a sales order/);
  });

  it('completes the known participant kinds after `kind:`, with the shape each is drawn with, in block and flow style', async () => {
    const kinds = ['system', 'service', 'middleware', 'actor', 'boundary', 'control', 'entity', 'database', 'collections', 'queue'];
    for (const text of [
      flow.replace('  erp: { name: ERP, spec: erp.openapi.yaml }\n', '  erp: { name: ERP, spec: erp.openapi.yaml }\n  db:\n    name: Orders\n    kind: da\n'),
      flow.replace('  mw: { name: Integration layer }', '  mw: { name: Integration layer, kind: da\n'),
    ]) {
      const offset = text.indexOf('kind: da') + 'kind: da'.length;
      const { service } = serviceFor({ ...files, 'f.flow.yaml': text });
      const items = await flowCompletion(service, WS + 'f.flow.yaml', offset);
      assert.deepEqual(items.map((i) => i.label), kinds);
      const database = items.find((i) => i.label === 'database')!;
      assert.equal(database.detail, 'Mermaid shape: database');
      const position = new LineIndex(text).positionAt(offset);
      assert.deepEqual((database.textEdit as { range: unknown }).range, { start: { ...position, character: position.character - 2 }, end: position });
    }
  });

  it('completes mapping files as relative paths, the one for the operation first', async () => {
    const text = flow + '  - from: mw\n    to: erp\n    operation: createSalesOrder\n    mapping: ';
    const { service } = serviceFor({ ...files, 'f.flow.yaml': text });
    const items = await flowCompletion(service, WS + 'f.flow.yaml', text.length);
    const sorted = [...items].sort((a, b) => String(a.sortText).localeCompare(String(b.sortText)));
    assert.deepEqual(sorted.map((i) => i.label), ['./maps/order.mapping.yaml', './maps/customer.mapping.yaml']);
  });

  it('hovers an operation with method, path, summary and bodies in brief', async () => {
    const { service } = serviceFor(files);
    const hover = await flowHover(service, WS + 'f.flow.yaml', offsetOf(flow, 'createSalesOrder'));
    assert.deepEqual(hover?.range, rangeOf(flow, 'createSalesOrder'));
    const value = (hover?.contents as { value: string }).value;
    assert.match(value, /\*\*POST \/salesOrders\*\* `createSalesOrder`/);
    assert.match(value, /Create a sales order/);
    assert.match(value, /Request: `SalesOrder`/);
    assert.match(value, /- `201` `SalesOrder` — Created/);
    assert.match(value, /- `400` — Bad request/);
    const list = (await flowHover(service, WS + 'f.flow.yaml', offsetOf(flow, 'listCustomers')))?.contents as { value: string };
    assert.match(list.value, /- `200` `Customer`\[\] — OK/);
  });

  it('goes from an operationId to the operation and from a mapping to its file', async () => {
    const { service } = serviceFor(files);
    assert.deepEqual(await flowDefinition(service, WS + 'f.flow.yaml', offsetOf(flow, 'createSalesOrder')), [{ uri: WS + 'erp.openapi.yaml', range: rangeOf(erp, 'createSalesOrder') }]);
    assert.deepEqual(await flowDefinition(service, WS + 'f.flow.yaml', offsetOf(flow, 'order.mapping')), [{ uri: WS + 'maps/order.mapping.yaml', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }]);
    assert.deepEqual(await flowDefinition(service, WS + 'f.flow.yaml', offsetOf(flow, 'to: erp', 0, 5)), [{ uri: WS + 'f.flow.yaml', range: rangeOf(flow, 'erp', 0) }]);
  });

  it('finds the references of an operationId in every flow, and the OpenAPI side can ask for them', async () => {
    const { service } = serviceFor(files);
    const other = files['other.flow.yaml'];
    const expected = [
      { uri: WS + 'f.flow.yaml', range: rangeOf(flow, 'createSalesOrder') },
      { uri: WS + 'other.flow.yaml', range: rangeOf(other, 'createSalesOrder') },
    ];
    const sort = (l: { uri: string }[]) => [...l].sort((a, b) => a.uri.localeCompare(b.uri));
    assert.deepEqual(sort(await flowOperationReferences(service, WS + 'erp.openapi.yaml', 'createSalesOrder')), expected);
    const all = await flowReferences(service, WS + 'f.flow.yaml', offsetOf(flow, 'createSalesOrder'), true);
    assert.deepEqual(all?.[0], { uri: WS + 'erp.openapi.yaml', range: rangeOf(erp, 'createSalesOrder') });
    assert.deepEqual(sort(all!.slice(1)), expected);
  });
});
