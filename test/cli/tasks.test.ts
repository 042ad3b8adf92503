import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { commandLineOf } from '../../client/src/taskCommandLine';

/**
 * The command lines the `interface-studio` tasks run, run as VS Code runs them (in the workspace
 * folder, `${relativeFile}` filled in), and their output read by the `$interface-studio` matcher.
 */
describe('the interface-studio tasks\' command lines', function () {
  this.timeout(60_000);
  const [matcher] = JSON.parse(readFileSync('package.json', 'utf8')).contributes.problemMatchers as { pattern: { regexp: string } }[];
  const findings = (stdout: string) =>
    stdout.split('\n').flatMap((line) => {
      const m = new RegExp(matcher.pattern.regexp).exec(line);
      return m ? [{ file: m[1], line: Number(m[2]), column: Number(m[3]), severity: m[4], code: m[5], message: m[6] }] : [];
    });
  let repository: string;
  let folder: string;

  beforeEach(() => {
    // The workspace folder is a folder inside the git work tree, not its top.
    repository = mkdtempSync(join(tmpdir(), 'is-tasks-'));
    folder = join(repository, 'integration');
    cpSync(resolve('examples'), folder, { recursive: true });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args], { cwd: repository, stdio: 'pipe' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'base');
  });

  afterEach(() => rmSync(repository, { recursive: true, force: true }));

  const run = (args: string[], relativeFile = '') =>
    spawnSync(process.execPath, [resolve('dist/cli.js'), ...args.map((a) => a.replace('${relativeFile}', relativeFile))], { cwd: folder, encoding: 'utf8' });

  it('"diff against base" compares the active spec with HEAD, and the matcher puts each breaking change at its line', () => {
    const spec = join(folder, 'specs/shop.openapi.yaml');
    const text = readFileSync(spec, 'utf8');
    writeFileSync(spec, text.replace('      required: [id, email]\n', '      required: [id]\n').replace(/\n {8}email:\n {10}type: string\n {10}format: email/, ''));
    const result = run(commandLineOf({ type: 'interface-studio', command: 'diff' }), 'specs/shop.openapi.yaml');
    assert.equal(result.status, 1, result.stderr);
    const found = findings(result.stdout);
    const removed = found.find((f) => /email/.test(f.message) && f.severity === 'error');
    assert.ok(removed, result.stdout);
    assert.equal(removed.file, 'specs/shop.openapi.yaml');
    assert.match(removed.code, /^change\./);
    assert.ok(existsSync(join(folder, removed.file)), 'the file is relative to the workspace folder, as the matcher reads it');
    // Unchanged, the same task finds nothing and passes.
    writeFileSync(spec, text);
    const clean = run(commandLineOf({ type: 'interface-studio', command: 'diff' }), 'specs/shop.openapi.yaml');
    assert.equal(clean.status, 0, clean.stdout + clean.stderr);
    assert.deepEqual(findings(clean.stdout), []);
  });

  it('"diff" takes the task\'s base, else the configured one', () => {
    assert.deepEqual(commandLineOf({ type: 'interface-studio', command: 'diff', file: 'specs/a.yaml', base: 'v1' }, 'origin/main'), ['diff', 'v1:./specs/a.yaml', 'specs/a.yaml']);
    assert.deepEqual(commandLineOf({ type: 'interface-studio', command: 'diff', file: 'specs/a.yaml' }, 'origin/main'), ['diff', 'origin/main:./specs/a.yaml', 'specs/a.yaml']);
  });

  it('"check" with the user\'s arguments: the matcher reads its findings at their places', () => {
    const result = run(commandLineOf({ type: 'interface-studio', command: 'check', args: ['specs', '--max-warnings', '0'] }));
    assert.equal(result.status, 1);
    const found = findings(result.stdout);
    assert.ok(found.some((f) => f.file === 'specs/crm-draft.openapi.yaml' && f.code === 'oas.operationId.duplicate' && f.line === 9 && f.column === 20), result.stdout);
    assert.ok(found.every((f) => f.file.startsWith('specs/')));
  });
});
