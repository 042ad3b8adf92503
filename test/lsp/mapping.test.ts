import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompletionRequest, DefinitionRequest, ReferencesRequest, RenameRequest } from 'vscode-languageserver-protocol';
import { LspTestClient, uriOf, useExampleWorkspace } from '../support/lspClient';
import { rangeOf } from '../support/service';

describe('language server over stdio: mappings', function () {
  this.timeout(60_000);
  const workspace = useExampleWorkspace('is-lsp-mapping-');
  let client: LspTestClient;
  let folder: string;
  beforeEach(() => ({ client, folder } = workspace.current()));

  it('checks a mapping, re-checks it when the spec changes in a buffer and on disk', async () => {
    const mappingPath = join(folder, 'mappings/order-to-salesorder.mapping.yaml');
    const text = readFileSync(mappingPath, 'utf8');
    const mappingUri = uriOf(mappingPath);
    await client.open(mappingUri, text);
    assert.deepEqual(await client.diagnostics(mappingUri), []);

    // renaming `sku` in the shop spec, in an open buffer, breaks the mapping at once
    const shopPath = join(folder, 'specs/shop.openapi.yaml');
    const shop = readFileSync(shopPath, 'utf8');
    const renamed = shop.replace('required: [sku, quantity, price]', 'required: [code, quantity, price]').replace('        sku:\n', '        code:\n');
    await client.open(uriOf(shopPath), shop);
    await client.change(uriOf(shopPath), renamed);
    const broken = await client.diagnostics(mappingUri, (d) => d.length > 0);
    // The samples, which still carry `sku`, now break the source schema too: that is reported on the sample entries.
    assert.ok(broken.some((d) => d.code === 'mapping.sample.mismatch' && /code/.test(String(d.message))), JSON.stringify(broken));
    assert.deepEqual(broken.filter((d) => d.code !== 'mapping.sample.mismatch').map((d) => [d.code, d.range, d.message]), [
      ['mapping.source.unknownPath', rangeOf(text, 'sku'), '`line_items` has no field `sku` (it has `code`, `title`, `quantity`, `price`).'],
    ]);

    // an ERP schema fragment changed on disk (never opened): the mapping is re-checked too
    const orderPath = join(folder, 'specs/erp/schemas/salesOrder.yaml');
    writeFileSync(orderPath, readFileSync(orderPath, 'utf8').replace('required: [externalId, customer, tranDate, currency, items]', 'required: [externalId, customer, tranDate, currency, items, department]').replace('    memo:\n', '    department:\n      type: string\n    memo:\n'));
    await client.changedOnDisk(uriOf(orderPath));
    const coverage = await client.diagnostics(mappingUri, (d) => d.some((x) => x.code === 'mapping.coverage.requiredUnmapped'));
    assert.deepEqual(coverage.find((d) => d.code === 'mapping.coverage.requiredUnmapped')?.message, 'A required target field has no rule: `department`.');
  });

  it('completes source paths and goes to the definition in another file', async () => {
    const mappingPath = join(folder, 'mappings/customer-to-erp.mapping.yaml');
    const text = readFileSync(mappingPath, 'utf8');
    const uri = uriOf(mappingPath);
    await client.open(uri, text);
    await client.diagnostics(uri);
    const completion = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: rangeOf(text, 'expr: email').end });
    const labels = (Array.isArray(completion) ? completion : completion!.items).map((i) => i.label);
    assert.ok(['email', 'first_name', 'last_name', 'phone', 'id'].every((l) => labels.includes(l)), labels.join());
    const definition = await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: rangeOf(text, 'companyName').start });
    const customer = readFileSync(join(folder, 'specs/erp/schemas/customer.yaml'), 'utf8');
    const at = customer.indexOf('companyName:');
    assert.deepEqual(definition, [{ uri: uriOf(join(folder, 'specs/erp/schemas/customer.yaml')), range: { start: { line: customer.slice(0, at).split('\n').length - 1, character: 4 }, end: { line: customer.slice(0, at).split('\n').length - 1, character: 15 } } }]);
  });

  it('finds and renames the mapping uses of a schema property from the spec', async () => {
    const shopPath = join(folder, 'specs/shop.openapi.yaml');
    const shop = readFileSync(shopPath, 'utf8');
    const shopUri = uriOf(shopPath);
    await client.open(shopUri, shop);
    await client.diagnostics(shopUri);
    const at = shop.indexOf('created_at:', shop.indexOf('    Order:'));
    const line = shop.slice(0, at).split('\n').length - 1;
    const position = { line, character: 9 };
    const mappingPath = join(folder, 'mappings/order-to-salesorder.mapping.yaml');
    const mapping = readFileSync(mappingPath, 'utf8');
    const references = await client.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri: shopUri }, position, context: { includeDeclaration: false } });
    assert.deepEqual(references, [{ uri: uriOf(mappingPath), range: rangeOf(mapping, 'created_at') }]);
    const edit = await client.connection.sendRequest(RenameRequest.type, { textDocument: { uri: shopUri }, position, newName: 'createdAt' });
    assert.deepEqual(edit?.changes?.[uriOf(mappingPath)], [{ range: rangeOf(mapping, 'created_at'), newText: 'createdAt' }]);
    assert.deepEqual(edit?.changes?.[shopUri].map((e) => e.range), [
      { start: { line, character: 8 }, end: { line, character: 18 } },
      rangeOf(shop, 'created_at', shop.slice(0, shop.indexOf('    Order:')).split('created_at').length - 1),
    ]);
  });
});
