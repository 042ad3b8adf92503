import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

  it('shows oas3-schema findings as Spectral words them while typing, one diagnostic where our schema check agrees', async () => {
    const api = uriOf(join(folder, 'api.openapi.yaml'));
    writeFileSync(join(folder, '.spectral.yaml'), 'extends: [[spectral:oas, off]]\nrules:\n  oas3-schema: error\n');
    await client.open(api, spec);
    assert.deepEqual(await client.diagnostics(api), []);
    await client.change(api, spec.replace('summary: List', 'summery: List'));
    const list = await client.diagnostics(api, (l) => l.some((x) => x.code === 'oas3-schema'));
    const onLine = list.filter((x) => x.range.start.line === 6);
    assert.deepEqual(onLine.map((x) => [x.code, x.message, x.severity]), [['oas3-schema', 'Property "summery" is not expected to be here.', DiagnosticSeverity.Error]]);
    assert.deepEqual(onLine[0].codeDescription, { href: 'https://meta.stoplight.io/docs/spectral/docs/reference/openapi-rules.md#oas3-schema' });
    await client.change(api, spec.replace('version: "1"', 'version: 1'));
    const typed = await client.diagnostics(api, (l) => l.some((x) => x.message === '"version" property must be string.'));
    assert.deepEqual(typed.filter((x) => x.code === 'oas3-schema').map((x) => [x.range.start.line, x.range.start.character]), [[1, 27]]);
  });

  it('runs custom functions in a trusted workspace only, and says so in the ruleset when it is not trusted', async () => {
    mkdirSync(join(folder, 'functions'));
    writeFileSync(join(folder, 'functions/noUnderscore.js'), "module.exports = (id) => (id.includes('_') ? [{ message: `${id} has an underscore` }] : undefined);\n");
    const rulesetText = 'functions: [noUnderscore]\nrules:\n  ids-plain:\n    message: "{{error}}"\n    given: $.paths[*][*].operationId\n    then: { function: noUnderscore }\n';
    writeFileSync(join(folder, '.spectral.yaml'), rulesetText);
    const api = uriOf(join(folder, 'api.openapi.yaml'));
    const ruleset = uriOf(join(folder, '.spectral.yaml'));
    await client.open(api, spec);
    const [d] = await client.diagnostics(api, (list) => list.some((x) => x.code === 'ids-plain'));
    assert.equal(d.message, 'list_pets has an underscore');
    assert.deepEqual(d.range.start, { line: 5, character: 19 });

    const untrusted = new LspTestClient();
    try {
      await untrusted.initialize(folder, {}, { initializationOptions: { workspaceTrusted: false } });
      await untrusted.open(api, spec);
      assert.deepEqual((await untrusted.diagnostics(api)).map((x) => x.code), []);
      await untrusted.open(ruleset, rulesetText);
      const problems = await untrusted.diagnostics(ruleset, (list) => list.length > 0);
      assert.deepEqual(problems.map((p) => [p.code, p.range.start.line]), [['ruleset.customFunction', 0]]);
      assert.match(String(problems[0].message), /not trusted/);
    } finally {
      await untrusted.dispose();
    }
  });
});
