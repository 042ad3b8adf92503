import assert from 'node:assert/strict';
import { neverCancelled } from '../../server/src/service/cancellation';
import { codeLenses, definition, references } from '../../server/src/service/openapi/features/navigation';
import { prepareRename, rename, RenameRefused } from '../../server/src/service/openapi/features/rename';
import { documentSymbols, workspaceSymbols } from '../../server/src/service/openapi/features/symbols';
import { applyWorkspaceEdit } from '../support/editing';
import { rangeOf, serviceFor, WS } from '../support/service';

const api = `openapi: 3.0.3
info:
  title: Shop
  version: 1.0.0
paths:
  /orders/{id}:
    get:
      operationId: getOrder
      summary: Get an order
      parameters:
        - $ref: '#/components/parameters/id'
      responses:
        '200':
          description: The order
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Order'
    delete:
      operationId: deleteOrder
      responses:
        '204':
          description: Deleted
components:
  parameters:
    id:
      name: id
      in: path
      required: true
      schema:
        type: string
  schemas:
    Order:
      type: object
      properties:
        customer:
          $ref: './models.yaml#/Customer'
        lines:
          type: array
          items:
            $ref: '#/components/schemas/OrderLine'
    OrderLine:
      type: object
`;

const models = `Customer:
  type: object
  properties:
    address:
      $ref: '#/Address'
Address:
  type: object
`;

const jsonApi = JSON.stringify({
  openapi: '3.1.0',
  info: { title: 'Other', version: '1' },
  paths: { '/customers': { get: { operationId: 'listCustomers', responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: 'models.yaml#/Customer' } } } } } } } },
  components: { schemas: { Page: { $ref: 'models.yaml#/Customer/properties/address' } } },
}, null, 2);

const files = { 'api.yaml': api, 'models.yaml': models, 'other.json': jsonApi };
const at = (text: string, snippet: string, delta = 1) => text.indexOf(snippet) + delta;

describe('OpenAPI navigation', () => {
  it('goes from a local $ref to the component key', async () => {
    const { service } = serviceFor(files);
    const result = await definition(service, WS + 'api.yaml', at(api, "'#/components/schemas/Order'", 5), neverCancelled);
    const line = rangeOf(api, '    Order:').start.line;
    assert.deepEqual(result, [{ uri: WS + 'api.yaml', range: { start: { line, character: 4 }, end: { line, character: 9 } } }]);
  });

  it('goes from a $ref into another file, to the pointer inside it (YAML and JSON)', async () => {
    const { service } = serviceFor(files);
    assert.deepEqual(await definition(service, WS + 'api.yaml', at(api, './models.yaml#/Customer'), neverCancelled), [{ uri: WS + 'models.yaml', range: rangeOf(models, 'Customer') }]);
    assert.deepEqual(await definition(service, WS + 'other.json', at(jsonApi, 'models.yaml#/Customer/properties'), neverCancelled), [{ uri: WS + 'models.yaml', range: rangeOf(models, 'address') }]);
  });

  it('gives nothing outside a $ref', async () => {
    const { service } = serviceFor(files);
    assert.deepEqual(await definition(service, WS + 'api.yaml', at(api, 'getOrder'), neverCancelled), []);
  });

  it('finds every $ref to a component across files, from its key or from a $ref', async () => {
    const { service } = serviceFor(files);
    const fromKey = await references(service, WS + 'models.yaml', at(models, 'Customer'), false, neverCancelled);
    const expected = [
      { uri: WS + 'api.yaml', range: rangeOf(api, "'./models.yaml#/Customer'") },
      { uri: WS + 'other.json', range: rangeOf(jsonApi, '"models.yaml#/Customer"') },
    ];
    const sort = (l: typeof expected) => [...l].sort((a, b) => a.uri.localeCompare(b.uri));
    assert.deepEqual(sort(fromKey), sort(expected));
    const fromRef = await references(service, WS + 'api.yaml', at(api, './models.yaml#/Customer'), true, neverCancelled);
    assert.deepEqual(sort(fromRef), sort([{ uri: WS + 'models.yaml', range: rangeOf(models, 'Customer') }, ...expected]));
  });

  it('shows "N references" above each component', async () => {
    const { service } = serviceFor(files);
    const lenses = await codeLenses(service, WS + 'api.yaml', neverCancelled);
    assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command?.title]), [
      [rangeOf(api, '    id:').start.line, '1 reference'],
      [rangeOf(api, '    Order:').start.line, '1 reference'],
      [rangeOf(api, '    OrderLine:').start.line, '1 reference'],
    ]);
    const fragment = await codeLenses(service, WS + 'models.yaml', neverCancelled);
    assert.deepEqual(fragment.map((l) => l.command?.title), ['2 references', '1 reference']);
  });
});

describe('OpenAPI rename', () => {
  it('renames a schema declared in a fragment and every $ref to it or into it, across YAML and JSON files', async () => {
    const { service } = serviceFor(files);
    const prepared = await prepareRename(service, WS + 'models.yaml', at(models, 'Customer'), neverCancelled);
    assert.deepEqual(prepared, { range: rangeOf(models, 'Customer'), placeholder: 'Customer' });
    const edit = await rename(service, WS + 'models.yaml', at(models, 'Customer'), 'Client', neverCancelled);
    const after = applyWorkspaceEdit({ [WS + 'api.yaml']: api, [WS + 'models.yaml']: models, [WS + 'other.json']: jsonApi }, edit);
    assert.equal(after[WS + 'models.yaml'], models.replace('Customer:', 'Client:'));
    assert.equal(after[WS + 'api.yaml'], api.replace("'./models.yaml#/Customer'", "'./models.yaml#/Client'"));
    assert.equal(after[WS + 'other.json'], jsonApi.replace('models.yaml#/Customer"', 'models.yaml#/Client"').replace('#/Customer/properties', '#/Client/properties'));
  });

  it('renames from inside a $ref, touching only the name segment', async () => {
    const { service } = serviceFor(files);
    const offset = at(api, "OrderLine'", 2);
    const prepared = await prepareRename(service, WS + 'api.yaml', offset, neverCancelled);
    const name = rangeOf(api, "OrderLine'");
    assert.deepEqual(prepared, { range: { start: name.start, end: { ...name.end, character: name.end.character - 1 } }, placeholder: 'OrderLine' });
    const edit = await rename(service, WS + 'api.yaml', offset, 'Line', neverCancelled);
    const after = applyWorkspaceEdit({ [WS + 'api.yaml']: api, [WS + 'models.yaml']: models, [WS + 'other.json']: jsonApi }, edit);
    assert.equal(after[WS + 'api.yaml'], api.replace("schemas/OrderLine'", "schemas/Line'").replace('    OrderLine:', '    Line:'));
  });

  it('refuses a name that is already taken, or not a valid component name', async () => {
    const { service } = serviceFor(files);
    await assert.rejects(rename(service, WS + 'api.yaml', at(api, '    Order:', 5), 'OrderLine', neverCancelled), (e: Error) => e instanceof RenameRefused && /already exists/.test(e.message));
    await assert.rejects(rename(service, WS + 'api.yaml', at(api, '    Order:', 5), 'My Order', neverCancelled), RenameRefused);
  });

  it('renames an operationId, and refuses one already used', async () => {
    const { service } = serviceFor(files);
    const offset = at(api, 'getOrder');
    assert.deepEqual(await prepareRename(service, WS + 'api.yaml', offset, neverCancelled), { range: rangeOf(api, 'getOrder'), placeholder: 'getOrder' });
    const edit = await rename(service, WS + 'api.yaml', offset, 'fetchOrder', neverCancelled);
    assert.equal(applyWorkspaceEdit({ [WS + 'api.yaml']: api }, edit)[WS + 'api.yaml'], api.replace('getOrder', 'fetchOrder'));
    await assert.rejects(rename(service, WS + 'api.yaml', offset, 'deleteOrder', neverCancelled), /already used by DELETE \/orders\/\{id\}/);
  });

  it('offers nothing to rename on plain keys', async () => {
    const { service } = serviceFor(files);
    assert.equal(await prepareRename(service, WS + 'api.yaml', at(api, 'summary'), neverCancelled), undefined);
  });
});

describe('OpenAPI outline and workspace symbols', () => {
  it('lists info, paths with operations labelled by method, path and summary, and components by kind', async () => {
    const { service } = serviceFor(files);
    const symbols = await documentSymbols(service, WS + 'api.yaml', neverCancelled);
    const names = (list: typeof symbols): unknown[] => list.map((s) => (s.children?.length ? [s.name, names(s.children)] : s.name));
    assert.deepEqual(names(symbols), [
      'openapi', 'info',
      ['paths', ['GET /orders/{id} — Get an order', 'DELETE /orders/{id}']],
      ['components', [['parameters', ['id']], ['schemas', ['Order', 'OrderLine']]]],
    ]);
    const get = symbols[2].children![0];
    assert.deepEqual(get.selectionRange, rangeOf(api, 'get'));
  });

  it('outlines a JSON document the same way', async () => {
    const { service } = serviceFor(files);
    const symbols = await documentSymbols(service, WS + 'other.json', neverCancelled);
    assert.equal(symbols.find((s) => s.name === 'paths')?.children?.[0].name, 'GET /customers');
  });

  it('finds operations by operationId or path and schemas across the workspace', async () => {
    const { service } = serviceFor(files);
    assert.deepEqual((await workspaceSymbols(service, 'listcust', neverCancelled)).map((s) => [s.name, s.location.uri]), [['listCustomers — GET /customers', WS + 'other.json']]);
    assert.deepEqual((await workspaceSymbols(service, '/orders', neverCancelled)).map((s) => s.name).sort(), ['deleteOrder — DELETE /orders/{id}', 'getOrder — GET /orders/{id}']);
    assert.deepEqual((await workspaceSymbols(service, 'Address', neverCancelled)).map((s) => [s.name, s.location]), [['Address', { uri: WS + 'models.yaml', range: rangeOf(models, 'Address', 1) }]]);
  });
});
