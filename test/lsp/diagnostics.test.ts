import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LspTestClient, uriOf } from '../support/lspClient';
import { rangeOf } from '../support/service';

describe('language server over stdio: diagnostics', function () {
  this.timeout(60_000);
  let client: LspTestClient;
  let folder: string;

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'is-lsp-'));
    cpSync(resolve('test/fixtures/multi'), folder, { recursive: true });
    cpSync(resolve('examples'), join(folder, 'examples'), { recursive: true });
    client = new LspTestClient();
    await client.initialize(folder);
  });

  afterEach(async () => {
    await client.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  it('publishes the findings of an example spec with codes and exact ranges', async () => {
    const path = join(folder, 'examples/specs/crm-draft.openapi.yaml');
    const text = readFileSync(path, 'utf8');
    await client.open(uriOf(path), text);
    const diagnostics = await client.diagnostics(uriOf(path), (d) => d.length > 0);
    const duplicate = diagnostics.filter((d) => d.code === 'oas.operationId.duplicate');
    assert.deepEqual(duplicate.map((d) => d.range), [rangeOf(text, 'getContact', 0), rangeOf(text, 'getContact', 1)]);
    const scope = diagnostics.find((d) => d.code === 'oas.security.undefinedScope');
    assert.deepEqual(scope?.range, rangeOf(text, 'contacts.delete'));
    assert.ok(diagnostics.every((d) => d.source === 'interface-studio'));
  });

  it('checks a fragment in the context of the root that references it, from disk', async () => {
    const fragment = join(folder, 'schemas/item.yaml');
    const text = readFileSync(fragment, 'utf8').replace("'#/Owner'", "'#/Ownr'");
    await client.open(uriOf(fragment), text);
    const [d] = await client.diagnostics(uriOf(fragment), (d) => d.length > 0);
    assert.equal(d.code, 'oas.ref.unresolved');
    assert.deepEqual(d.range, rangeOf(text, "'#/Ownr'"));
  });

  it('re-validates the root when the referenced file changes in the editor', async () => {
    const root = join(folder, 'api.openapi.yaml');
    const fragment = join(folder, 'schemas/item.yaml');
    await client.open(uriOf(root), readFileSync(root, 'utf8'));
    assert.deepEqual(await client.diagnostics(uriOf(root)), []);
    const fragmentText = readFileSync(fragment, 'utf8');
    await client.open(uriOf(fragment), fragmentText);
    await client.change(uriOf(fragment), fragmentText.replace('Item:', 'Article:'));
    const [d] = await client.diagnostics(uriOf(root), (d) => d.length > 0);
    assert.equal(d.code, 'oas.ref.unresolved');
    assert.match(String(d.message), /has no `Item`/);
  });

  it('re-validates the root when the referenced file changes on disk', async () => {
    const root = join(folder, 'api.openapi.yaml');
    const fragment = join(folder, 'schemas/item.yaml');
    await client.open(uriOf(root), readFileSync(root, 'utf8'));
    assert.deepEqual(await client.diagnostics(uriOf(root)), []);
    writeFileSync(fragment, 'Thing:\n  type: object\n');
    await client.changedOnDisk(uriOf(fragment));
    const [d] = await client.diagnostics(uriOf(root), (d) => d.length > 0);
    assert.equal(d.code, 'oas.ref.unresolved');
  });

  it('survives documents that are not text, and keeps answering', async () => {
    const garbage = uriOf(join(folder, 'garbage.openapi.json'));
    await client.open(garbage, '\u0000\u0001openapi\u0002' + 'x'.repeat(1000));
    const deep = uriOf(join(folder, 'deep.json'));
    await client.open(deep, '{"openapi": "3.0.0", "x": ' + '['.repeat(10000) + ']'.repeat(10000) + '}');
    const root = join(folder, 'api.openapi.yaml');
    await client.open(uriOf(root), readFileSync(root, 'utf8'));
    assert.deepEqual(await client.diagnostics(uriOf(root)), []);
    assert.ok(client.alive);
  });
});
