import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const cli = resolve('dist/cli.js');

function run(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('interface-studio check', function () {
  this.timeout(60_000);
  let folder: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'is-cli-'));
    cpSync(resolve('test/fixtures/cli'), folder, { recursive: true });
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('exits 0 on a clean document and prints nothing on stdout', () => {
    const result = run(['check', 'specs/clean.openapi.yaml'], folder);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /1 file checked: 0 errors, 0 warnings/);
  });

  it('prints file:line:col severity code message and exits 1 on errors', () => {
    const result = run(['check', 'specs'], folder);
    assert.equal(result.code, 1);
    const lines = result.stdout.trim().split('\n');
    assert.ok(lines.includes("specs/broken.openapi.yaml:15:23 error oas.ref.unresolved `#/components/schemas/Missing` cannot be resolved: this document has no `Missing` at `#/components/schemas`."), result.stdout);
    assert.ok(lines.some((l) => l.startsWith('specs/broken.openapi.yaml:6:6 error oas.path.parameterUndeclared ')), result.stdout);
    assert.ok(lines.includes('specs/broken.openapi.yaml:18:5 hint oas.component.unused The schema `Spare` is never used.'), result.stdout);
    assert.ok(!result.stdout.includes('other.yaml'), 'files that are not OpenAPI documents get nothing');
  });

  it('expands globs', () => {
    const result = run(['check', 'specs/**/hint-*.yaml'], folder);
    assert.equal(result.code, 0);
    assert.equal(result.stdout.trim(), 'specs/hint-only.openapi.yaml:7:5 hint oas.operation.missingDescription `GET /ping` has neither a summary nor a description.');
  });

  it('globs skip node_modules, .git and .cache unless their fixed part names one, expand braces, and list files in order', () => {
    const broken = readFileSync(join(folder, 'specs/broken.openapi.yaml'), 'utf8');
    for (const dir of ['node_modules/pkg', 'specs/.cache', 'specs/.git', 'specs/.drafts']) {
      mkdirSync(join(folder, dir), { recursive: true });
      writeFileSync(join(folder, dir, 'copy.openapi.yaml'), broken);
    }
    const files = (args: string[]) => {
      const result = run(['check', ...args], folder);
      return { files: [...new Set(result.stdout.trim().split('\n').map((line) => line.split(':')[0]))], checked: /^(\d+) files? checked/m.exec(result.stderr)?.[1] };
    };
    assert.deepEqual(files(['**/*.yaml']), { files: ['specs/.drafts/copy.openapi.yaml', 'specs/broken.openapi.yaml', 'specs/hint-only.openapi.yaml'], checked: '5' });
    assert.deepEqual(files(['node_modules/*/*.yaml']), { files: ['node_modules/pkg/copy.openapi.yaml'], checked: '1' });
    assert.deepEqual(files(['specs/{hint-only,clean}.openapi.yaml', 'specs/b*.yaml']), { files: ['specs/broken.openapi.yaml', 'specs/hint-only.openapi.yaml'], checked: '3' });
    const none = run(['check', 'specs/*.json'], folder);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no file matches `specs\/\*\.json`/);
  });

  it('reads severities from .interface-studio.yaml and honours --max-warnings', () => {
    writeFileSync(join(folder, '.interface-studio.yaml'), 'rules:\n  oas.operation.missingDescription: warning\n');
    assert.equal(run(['check', 'specs/hint-only.openapi.yaml'], folder).code, 0);
    const strict = run(['check', 'specs/hint-only.openapi.yaml', '--max-warnings', '0'], folder);
    assert.equal(strict.code, 1);
    assert.match(strict.stdout, /7:5 warning oas.operation.missingDescription/);
    assert.match(strict.stderr, /Too many warnings: 1 \(at most 0 allowed\)/);
  });

  it('emits JSON', () => {
    const result = run(['check', 'specs/broken.openapi.yaml', '--format', 'json'], folder);
    const findings = JSON.parse(result.stdout) as { file: string; line: number; column: number; code: string; severity: string }[];
    const unresolved = findings.find((f) => f.code === 'oas.ref.unresolved');
    assert.deepEqual({ file: unresolved?.file, line: unresolved?.line, column: unresolved?.column, severity: unresolved?.severity }, { file: 'specs/broken.openapi.yaml', line: 15, column: 23, severity: 'error' });
  });

  it('emits SARIF 2.1.0 with rules and locations', () => {
    const result = run(['check', 'specs/broken.openapi.yaml', '--format=sarif'], folder);
    const sarif = JSON.parse(result.stdout);
    assert.equal(sarif.version, '2.1.0');
    const run0 = sarif.runs[0];
    assert.equal(run0.tool.driver.name, 'Interface Studio');
    const result0 = run0.results.find((r: { ruleId: string }) => r.ruleId === 'oas.ref.unresolved');
    assert.equal(run0.tool.driver.rules[result0.ruleIndex].id, 'oas.ref.unresolved');
    assert.equal(result0.level, 'error');
    assert.deepEqual(result0.locations[0].physicalLocation.region, { startLine: 15, startColumn: 23, endLine: 15, endColumn: 53 });
    assert.equal(result0.locations[0].physicalLocation.artifactLocation.uri, 'specs/broken.openapi.yaml');
  });

  it('exits 2 with a clear message on bad usage', () => {
    const unknown = run(['check', '--colour'], folder);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown option `--colour`/);
    const format = run(['check', '--format', 'xml'], folder);
    assert.equal(format.code, 2);
    assert.match(format.stderr, /`--format` must be text, json, sarif/);
    const missing = run(['check', 'nope.yaml'], folder);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /`nope.yaml` does not exist/);
    assert.equal(run(['frobnicate'], folder).code, 2);
  });
});
