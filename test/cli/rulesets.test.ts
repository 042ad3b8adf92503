import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const cli = resolve('dist/cli.js');

function run(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('interface-studio check with team rulesets', function () {
  this.timeout(30_000);
  let folder: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'is-rulesets-'));
    cpSync(resolve('test/fixtures/rulesets/compat'), folder, { recursive: true });
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('applies the root .spectral.yaml: findings carry the rule names, in text, JSON and SARIF', () => {
    const text = run(['check', 'orders.openapi.yaml'], folder);
    assert.equal(text.code, 1);
    const lines = text.stdout.trim().split('\n');
    assert.ok(lines.includes('orders.openapi.yaml:38:20 error operation-operationId-unique Every operation must have unique "operationId".'), text.stdout);
    assert.ok(lines.includes('orders.openapi.yaml:29:20 warning operation-id-camel operationId `get_order` is not camelCase (#/paths/~1orders~1%7Bid%7D/get/operationId)'), text.stdout);
    const json = JSON.parse(run(['check', 'orders.openapi.yaml', '--format', 'json'], folder).stdout) as { code: string; severity: string; line: number }[];
    assert.ok(json.some((f) => f.code === 'tags-alphabetical' && f.severity === 'info' && f.line === 9));
    const sarif = JSON.parse(run(['check', 'orders.openapi.yaml', '--format', 'sarif'], folder).stdout) as { runs: { results: { ruleId: string; level: string }[] }[] };
    assert.ok(sarif.runs[0].results.some((r) => r.ruleId === 'tags-alphabetical' && r.level === 'note'));
  });

  it('uses --ruleset instead of the root ruleset, and fails by --fail-severity as Spectral does', () => {
    // With `field: "@key"` Spectral reports at the matched member and prints its value (an object), so do we.
    writeFileSync(join(folder, 'strict.yaml'), 'rules:\n  no-trailing-slash:\n    given: $.paths\n    severity: hint\n    then: { field: "@key", function: pattern, functionOptions: { notMatch: "/$" } }\n');
    writeFileSync(join(folder, 'clean.openapi.yaml'), 'openapi: 3.0.3\ninfo: { title: C, version: "1" }\npaths:\n  /a/:\n    get:\n      summary: A\n      responses: { "200": { description: ok } }\n');
    const hintOnly = run(['check', 'clean.openapi.yaml', '--ruleset', 'strict.yaml'], folder);
    assert.equal(hintOnly.code, 0, hintOnly.stdout);
    assert.equal(hintOnly.stdout.trim(), 'clean.openapi.yaml:4:7 hint no-trailing-slash Object{} must not match the pattern "/$"');
    assert.equal(run(['check', 'clean.openapi.yaml', '--ruleset', 'strict.yaml', '--fail-severity', 'hint'], folder).code, 1);
    assert.equal(run(['check', 'clean.openapi.yaml', '--ruleset', 'strict.yaml', '--fail-severity', 'warn'], folder).code, 0);
    const bad = run(['check', '--fail-severity', 'fatal'], folder);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /`--fail-severity` must be error, warn, info or hint/);
    assert.equal(run(['check', '--ruleset', 'missing.yaml'], folder).code, 2);
  });

  it('checks the document schema as Spectral does (oas2-schema, oas3-schema), one finding where ours agrees', () => {
    cpSync(resolve('test/fixtures/rulesets/schema'), join(folder, 'schema'), { recursive: true });
    writeFileSync(join(folder, 'schema', 'all.yaml'), 'extends: [[spectral:oas, all]]\n');
    const result = run(['check', 'schema/broken.swagger.yaml', 'schema/broken31.openapi.yaml', '--ruleset', 'schema/all.yaml'], folder);
    assert.equal(result.code, 1);
    const lines = result.stdout.trim().split('\n');
    assert.ok(lines.includes('schema/broken.swagger.yaml:1:1 error oas2-schema must have required property "info".'), result.stdout);
    assert.ok(lines.includes('schema/broken.swagger.yaml:9:16 error oas2-schema Property "summery" is not expected to be here.'), result.stdout);
    assert.ok(lines.includes('schema/broken.swagger.yaml:56:9 error oas2-schema Invalid basic authentication security definition.'), result.stdout);
    assert.ok(lines.includes('schema/broken31.openapi.yaml:17:15 error oas3-schema "in" property must be equal to one of the allowed values: "query", "header", "path", "cookie". Did you mean "query"?.'), result.stdout);
    // Our own schema check finds the unknown key and the missing `info` too: the ruleset's finding stands for both.
    assert.ok(!lines.some((l) => /^schema\/broken\.swagger\.yaml:(1|9):\d+ error oas\.schema\./.test(l)), result.stdout);
  });

  it('reports a broken ruleset in the ruleset file and still checks the spec', () => {
    writeFileSync(join(folder, '.spectral.yaml'), 'extends: spectral:oas\nrules:\n  typo:\n    given: $.info\n    then: { function: truthyy }\n');
    const result = run(['check', '.'], folder);
    assert.ok(result.stdout.includes('.spectral.yaml:5:23 error ruleset.function `truthyy` is not a function'), result.stdout);
    assert.ok(result.stdout.includes('orders.openapi.yaml:38:20 error operation-operationId-unique'), result.stdout);
  });
});
