import assert from 'node:assert/strict';
import { neverCancelled } from '../../server/src/service/cancellation';
import { codeActions } from '../../server/src/service/openapi/features/codeActions';
import { applyTextEdits } from '../support/editing';
import { serviceFor, WS } from '../support/service';

const spec = `openapi: 3.0.3
info:
  title: Shop
  version: 1.0.0
paths:
  /orders/{orderId}:
    get:
      summary: Get an order
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Ordr'
components:
  schemas:
    Order:
      type: object
`;

/** Applies the quick fix with a title to the file and returns the new text. */
async function applyFix(files: Record<string, string>, path: string, code: string, title: RegExp): Promise<string> {
  const { service } = serviceFor(files);
  const diagnostics = (await service.diagnose(WS + path)).filter((d) => d.code === code);
  assert.ok(diagnostics.length, `no ${code} diagnostic`);
  const actions = await codeActions(service, WS + path, diagnostics, neverCancelled);
  const action = actions.find((a) => title.test(a.title));
  assert.ok(action, `no action ${title} among ${actions.map((a) => a.title).join(' | ')}`);
  return applyTextEdits(files[path], action.edit!.changes![WS + path]);
}

describe('OpenAPI quick fixes', () => {
  it('corrects a misspelt $ref to the closest component', async () => {
    const fixed = await applyFix({ 'api.yaml': spec }, 'api.yaml', 'oas.ref.unresolved', /Change to `Order`/);
    assert.equal(fixed, spec.replace('schemas/Ordr', 'schemas/Order'));
  });

  it('creates a stub for an unresolved component, indented like its siblings', async () => {
    const text = spec.replace('schemas/Ordr', 'schemas/Invoice');
    const fixed = await applyFix({ 'api.yaml': text }, 'api.yaml', 'oas.ref.unresolved', /Create `Invoice`/);
    assert.equal(fixed, text + '    Invoice:\n      type: object\n      properties: {}\n');
  });

  it('declares a missing path parameter', async () => {
    const fixed = await applyFix({ 'api.yaml': spec }, 'api.yaml', 'oas.path.parameterUndeclared', /Declare the path parameter `orderId`/);
    assert.equal(fixed, spec.replace("          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Ordr'\n",
      "          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Ordr'\n    parameters:\n      - name: orderId\n        in: path\n        required: true\n        schema:\n          type: string\n"));
  });

  it('corrects a misspelt key', async () => {
    const text = spec.replace('summary: Get an order', 'sumary: Get an order');
    const fixed = await applyFix({ 'api.yaml': text }, 'api.yaml', 'oas.schema.unknownKey', /Change to `summary`/);
    assert.equal(fixed, spec);
  });

  it('sets required: true on a path parameter', async () => {
    const text = spec.replace('    get:\n', '    parameters:\n      - name: orderId\n        in: path\n        required: false\n        schema:\n          type: string\n    get:\n');
    const fixed = await applyFix({ 'api.yaml': text }, 'api.yaml', 'oas.path.parameterNotRequired', /required: true/);
    assert.equal(fixed, text.replace('required: false', 'required: true'));
  });

  it('removes an unused component', async () => {
    const text = spec.replace('schemas/Ordr', 'schemas/Order') + '    Unused:\n      type: string\n';
    const fixed = await applyFix({ 'api.yaml': text }, 'api.yaml', 'oas.component.unused', /Remove the unused `Unused`/);
    assert.equal(fixed, text.replace('    Unused:\n      type: string\n', ''));
  });

  it('adds a responses skeleton in JSON', async () => {
    const json = JSON.stringify({ openapi: '3.0.3', info: { title: 't', version: '1' }, paths: { '/a': { get: { summary: 'A' } } } }, null, 2);
    const fixed = await applyFix({ 'api.json': json }, 'api.json', 'oas.schema.missingKey', /responses/);
    assert.deepEqual(JSON.parse(fixed).paths['/a'].get, { summary: 'A', responses: { '200': { description: 'OK' } } });
    assert.match(fixed, /\n {8}"responses": \{\n {10}"200": \{\n {12}"description": "OK"\n {10}\}\n {8}\}/);
  });

  it('defines a missing security scheme and a missing scope', async () => {
    const text = spec.replace('schemas/Ordr', 'schemas/Order').replace('      summary: Get an order\n', '      summary: Get an order\n      security:\n        - bearer: []\n');
    const fixed = await applyFix({ 'api.yaml': text }, 'api.yaml', 'oas.security.undefinedScheme', /Define the security scheme `bearer`/);
    assert.equal(fixed, text + '  securitySchemes:\n    bearer:\n      type: http\n      scheme: bearer\n');
  });

  it('suppresses a rule on the next line (YAML)', async () => {
    const fixed = await applyFix({ 'api.yaml': spec }, 'api.yaml', 'oas.ref.unresolved', /Suppress/);
    assert.equal(fixed, spec.replace("                $ref: '#/components/schemas/Ordr'", "                # interface-studio-disable-next-line oas.ref.unresolved\n                $ref: '#/components/schemas/Ordr'"));
    const { service } = serviceFor({ 'api.yaml': fixed });
    assert.deepEqual((await service.diagnose(WS + 'api.yaml')).filter((d) => d.code === 'oas.ref.unresolved'), []);
  });
});
