import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { LspTestClient, uriOf } from '../support/lspClient';

const spec = 'openapi: 3.0.3\ninfo: { title: T, version: "1" }\npaths:\n  /pets:\n    get:\n      operationId: list_pets\n      summary: List\n      responses: { "200": { description: ok } }\n';

describe('language server over stdio: team rulesets', function () {
  this.timeout(60_000);
  let client: LspTestClient;
  let folder: string;

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'is-lsp-rulesets-'));
    writeFileSync(join(folder, 'api.openapi.yaml'), spec);
    writeFileSync(join(folder, '.spectral.yaml'), 'rules: {}\n');
    client = new LspTestClient();
    await client.initialize(folder);
  });

  afterEach(async () => {
    await client.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  it('editing the ruleset re-checks the open spec at once, and a broken rule is shown in the ruleset', async () => {
    const api = uriOf(join(folder, 'api.openapi.yaml'));
    const ruleset = uriOf(join(folder, '.spectral.yaml'));
    await client.open(api, spec);
    assert.deepEqual(await client.diagnostics(api), []);
    await client.open(ruleset, 'rules: {}\n');
    const rule = 'rules:\n  ids-kebab:\n    severity: error\n    documentationUrl: https://example.com/ids\n    given: $.paths[*][*].operationId\n    then: { function: casing, functionOptions: { type: kebab } }\n';
    await client.change(ruleset, rule);
    const [d] = await client.diagnostics(api, (list) => list.length > 0);
    assert.equal(d.code, 'ids-kebab');
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.deepEqual(d.codeDescription, { href: 'https://example.com/ids' });
    assert.equal(d.range.start.line, 5);
    await client.change(ruleset, rule.replace('casing', 'cassing'));
    const problems = await client.diagnostics(ruleset, (list) => list.some((p) => p.code === 'ruleset.function'));
    assert.equal(problems.find((p) => p.code === 'ruleset.function')?.range.start.line, 5);
    assert.deepEqual(await client.diagnostics(api, (list) => list.length === 0), []);
  });
});
