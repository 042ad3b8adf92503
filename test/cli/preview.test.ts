import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MAPPING, SPEC } from '../support/previewFixtures';

const cli = resolve('dist/cli.js');

/**
 * Runs the CLI. These mappings end at once: their time limit is set far above the default 2 s,
 * which also counts the start of the evaluation thread, so that a busy machine cannot stop them.
 */
function run(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args, '--timeout', '30000'], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('interface-studio preview / test', function () {
  this.timeout(60_000);
  let folder: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'is-cli-preview-'));
    mkdirSync(join(folder, 'specs'));
    mkdirSync(join(folder, 'samples/expected'), { recursive: true });
    writeFileSync(join(folder, 'specs/crm.openapi.yaml'), SPEC);
    writeFileSync(join(folder, 'm.mapping.yaml'), MAPPING);
    writeFileSync(join(folder, 'samples/acme.json'), JSON.stringify({ Id: '1', Name: 'Acme' }));
    writeFileSync(join(folder, 'samples/globex.json'), JSON.stringify({ Id: '2', Name: 'Globex' }));
    writeFileSync(join(folder, 'samples/expected/globex.json'), JSON.stringify({ companyName: 'Globex', externalId: 'SF-2', status: 'UNKNOWN' }));
    writeFileSync(join(folder, 'samples/rows.csv'), 'Id,Name\n3,Initech\n');
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('preview prints the output of the first sample, or of --sample', () => {
    const first = run(['preview', 'm.mapping.yaml'], folder);
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(JSON.parse(first.stdout), { companyName: 'Acme', externalId: 'SF-1', status: 'UNKNOWN' });
    const csv = run(['preview', 'm.mapping.yaml', '--sample', 'samples/rows.csv'], folder);
    assert.deepEqual(JSON.parse(csv.stdout), [{ companyName: 'Initech', externalId: 'SF-3', status: 'UNKNOWN' }]);
  });

  it('preview names a failing field at its place and exits 1', () => {
    writeFileSync(join(folder, 'm.mapping.yaml'), MAPPING.replace('expr: Employees', 'expr: Name + 1'));
    const result = run(['preview', 'm.mapping.yaml'], folder);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^m\.mapping\.yaml:19:13 headcount: T2001: The left side of the "\+" operator must evaluate to a number$/m);
  });

  it('test passes golden samples and fails on a difference, exit code 1', () => {
    const ok = run(['test'], folder);
    assert.equal(ok.code, 0, ok.stdout);
    assert.match(ok.stdout, /✓ m\.mapping\.yaml ← globex\.json \(expect globex\.json\)/);
    assert.match(ok.stdout, /2 passed, 0 failed/);
    writeFileSync(join(folder, 'samples/expected/globex.json'), JSON.stringify({ companyName: 'Globex Corp', externalId: 'SF-2', status: 'UNKNOWN' }));
    const bad = run(['test', '.'], folder);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /✗ m\.mapping\.yaml ← globex\.json[^\n]*\n\s+\/companyName: expected "Globex Corp", got "Globex"/);
    assert.match(bad.stdout, /1 passed, 1 failed/);
  });
});
