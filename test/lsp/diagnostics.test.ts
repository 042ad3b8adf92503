import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
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

describe('language server over stdio: severities by version and by setting', function () {
  this.timeout(60_000);
  let client: LspTestClient | undefined;
  let folder: string;
  // A `default` outside its enum: an error by 3.0's words, a warning by 3.1's.
  const spec = (version: string) => `openapi: ${version}
info: { title: Shop, version: '1' }
paths:
  /orders:
    get:
      summary: List orders
      parameters:
        - { name: speed, in: query, schema: { type: string, enum: [slow, medium], default: fast } }
      responses: { '200': { description: OK } }
`;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'is-lsp-'));
    writeFileSync(join(folder, 'v30.openapi.yaml'), spec('3.0.3'));
    writeFileSync(join(folder, 'v31.openapi.yaml'), spec('3.1.0'));
  });

  afterEach(async () => {
    await client?.dispose();
    client = undefined;
    rmSync(folder, { recursive: true, force: true });
  });

  async function severities(settings?: Record<string, unknown>): Promise<Record<string, number | undefined>> {
    client = new LspTestClient();
    await client.initialize(folder, settings);
    const result: Record<string, number | undefined> = {};
    for (const name of ['v30', 'v31']) {
      const path = join(folder, `${name}.openapi.yaml`);
      await client.open(uriOf(path), readFileSync(path, 'utf8'));
      const diagnostics = await client.diagnostics(uriOf(path), (d) => d.some((x) => x.code === 'oas.default.mismatch'));
      result[name] = diagnostics.find((d) => d.code === 'oas.default.mismatch')?.severity;
    }
    return result;
  }

  it('takes the default of the document\'s version', async () => {
    assert.deepEqual(await severities(), { v30: DiagnosticSeverity.Error, v31: DiagnosticSeverity.Warning });
  });

  it('lets .interface-studio.yaml set one severity for every version, and the interfaceStudio.rules setting win over it', async () => {
    writeFileSync(join(folder, '.interface-studio.yaml'), 'rules:\n  oas.default.mismatch: hint\n');
    assert.deepEqual(await severities(), { v30: DiagnosticSeverity.Hint, v31: DiagnosticSeverity.Hint });
    await client!.dispose();
    assert.deepEqual(await severities({ rules: { 'oas.default.mismatch': 'error' } }), { v30: DiagnosticSeverity.Error, v31: DiagnosticSeverity.Error });
  });
});
