import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const cli = resolve('dist/cli.js');

interface Place { file: string; line: number; column: number }
interface Change { code: string; level: string; message: string; operation?: string; old?: Place; new?: Place; impact: Place[] }
const gitEnv = { ...process.env, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com', GIT_CONFIG_NOSYSTEM: '1', HOME: tmpdir() };

function run(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: gitEnv });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function git(cwd: string, ...args: string[]): void {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8', env: gitEnv });
  assert.equal(result.status, 0, result.stderr);
}

describe('interface-studio diff', function () {
  this.timeout(60_000);
  let folder: string;
  const spec = 'specs/shop.openapi.yaml';

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'is-diff-'));
    cpSync(resolve('examples'), folder, { recursive: true });
    git(folder, 'init', '-q', '-b', 'main');
    git(folder, 'add', '-A');
    git(folder, 'commit', '-q', '-m', 'v1');
    // The next version drops the customer's email and renames getCustomer.
    const text = readFileSync(join(folder, spec), 'utf8')
      .replace('required: [id, email]', 'required: [id]')
      .replace('operationId: getCustomer', 'operationId: fetchCustomer')
      .replace(/\n {8}email:\n {10}type: string\n {10}format: email/, '');
    writeFileSync(join(folder, spec), text);
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('compares a revision with the work tree, with the mappings and flows each change breaks (JSON)', () => {
    const result = run(['diff', `HEAD:${spec}`, spec, '--format', 'json'], folder);
    assert.equal(result.code, 1, result.stderr);
    const changes = JSON.parse(result.stdout);
    const email = changes.find((c: Change) => c.code === 'change.response.propertyRemoved' && c.operation === 'GET /customers/{customerId}');
    assert.equal(email.level, 'error');
    assert.equal(email.message, '`email` was removed from the 200 response of `fetchCustomer` since HEAD: clients that read it break');
    assert.deepEqual(email.old, { file: spec, line: 191, column: 9 });
    assert.deepEqual(email.new, { file: spec, line: 188, column: 7 }, 'a removal is shown at the parent that lost it');
    assert.deepEqual(email.impact.map((i: Place) => `${i.file}:${i.line}`), ['mappings/customer-to-erp.mapping.yaml:14', 'mappings/customer-to-erp.mapping.yaml:17']);
    const renamed = changes.find((c: Change) => c.code === 'change.operation.idChanged');
    assert.equal(renamed.level, 'warning');
    assert.deepEqual(renamed.impact.map((i: Place) => `${i.file}:${i.line}:${i.column}`), ['flows/order-to-cash.flow.yaml:19:16']);
  });

  it('exits by --fail-on, and 0 when nothing changed', () => {
    assert.equal(run(['diff', `HEAD:${spec}`, `HEAD:${spec}`], folder).code, 0);
    const same = run(['diff', spec, spec], folder);
    assert.equal(same.code, 0);
    assert.equal(same.stdout, '');
    git(folder, 'commit', '-q', '-am', 'v2');
    // Only the rename (a warning) between these two: make it the only change by restoring the email.
    const text = readFileSync(join(folder, spec), 'utf8').replace('operationId: fetchCustomer', 'operationId: readCustomer');
    writeFileSync(join(folder, spec), text);
    assert.equal(run(['diff', `HEAD:${spec}`, spec], folder).code, 0, 'a warning does not fail by default');
    assert.equal(run(['diff', `HEAD:${spec}`, spec, '--fail-on', 'warning'], folder).code, 1);
  });

  it('writes text, Markdown, SARIF and JUnit', () => {
    const text = run(['diff', `main:${spec}`, spec], folder);
    assert.ok(text.stdout.split('\n').includes(`${spec}:94:7 warning change.operation.idChanged The operationId of \`GET /customers/{customerId}\` changed from \`getCustomer\` to \`fetchCustomer\` since main: generated clients, mappings and flows that name it break`), text.stdout);
    const markdown = run(['diff', `main:${spec}`, spec, '--format', 'markdown'], folder).stdout;
    assert.match(markdown, /^## API changes since `main`/);
    assert.match(markdown, /### GET \/customers\/\{customerId\} \(`fetchCustomer`\)/);
    const sarif = JSON.parse(run(['diff', `main:${spec}`, spec, '--format', 'sarif'], folder).stdout);
    assert.ok(sarif.runs[0].results.some((r: { ruleId: string; level: string }) => r.ruleId === 'change.response.propertyRemoved' && r.level === 'error'));
    const junit = run(['diff', `main:${spec}`, spec, '--format', 'junit'], folder).stdout;
    // Three responses and the webhook's payload, which the API sends to its clients, lost `email`.
    assert.match(junit, /<testsuites name="interface-studio diff" tests="\d+" failures="4">/);
    assert.match(junit, /<testcase classname="POST orderCreated" name="change\.response\.propertyRemoved [^"]*"><failure type="error"/);
  });

  it('says clearly what cannot be compared, with exit code 2', () => {
    const noRevision = run(['diff', `nope:${spec}`, spec], folder);
    assert.equal(noRevision.code, 2);
    assert.match(noRevision.stderr, /the revision `nope` does not exist/);
    const noFile = run(['diff', 'HEAD:specs/none.yaml', spec], folder);
    assert.equal(noFile.code, 2);
    assert.match(noFile.stderr, /`specs\/none.yaml` does not exist in HEAD/);
    writeFileSync(join(folder, 'broken.yaml'), 'openapi: 3.0.3\npaths: [\n');
    const broken = run(['diff', spec, 'broken.yaml'], folder);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /broken.yaml:\d+:\d+: /);
    const notApi = run(['diff', spec, 'samples/customer-77.json'], folder);
    assert.equal(notApi.code, 2);
    assert.match(notApi.stderr, /not an OpenAPI document/);
    assert.equal(run(['diff', spec], folder).code, 2);
    assert.equal(run(['diff', spec, spec, '--format', 'xml'], folder).code, 2);
    const outside = mkdtempSync(join(tmpdir(), 'is-nogit-'));
    try {
      const result = run(['diff', `HEAD:${spec}`, join(folder, spec)], outside);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /not in a git repository/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('lists the problems of a side read from a revision at their places in that revision, in order', () => {
    // Committed with two syntax errors, then rewritten in the work tree: the places are the revision's.
    writeFileSync(join(folder, 'draft.yaml'), 'openapi: 3.0.3\ninfo: { title: Shop, version: "1" }\npaths:\n  /a: [\n  /b: {\n');
    git(folder, 'add', 'draft.yaml');
    git(folder, 'commit', '-q', '-m', 'draft');
    writeFileSync(join(folder, 'draft.yaml'), '# rewritten\n'.repeat(20) + readFileSync(join(folder, spec), 'utf8'));
    const result = run(['diff', 'HEAD:draft.yaml', spec], folder);
    assert.equal(result.code, 2, result.stdout);
    const places = result.stderr.split('\n').filter((line) => line.startsWith('HEAD:draft.yaml:')).map((line) => line.split(':').slice(1, 4).join(':'));
    assert.deepEqual(places.map((p) => p.split(':')[0]), ['draft.yaml', 'draft.yaml'], result.stderr);
    const lines = places.map((p) => Number(p.split(':')[1]));
    assert.ok(lines.every((line) => line >= 4 && line <= 6) && lines[0] <= lines[1], result.stderr);
  });

  it('says which file to name when a side is a folder, and finds nothing in a spec compared with itself', () => {
    const folderSide = run(['diff', 'specs', spec], folder);
    assert.equal(folderSide.code, 2);
    assert.match(folderSide.stderr, /`specs` is a folder: name the file at the root of the API/);
    const same = run(['diff', spec, spec, '--fail-on', 'info'], folder);
    assert.equal(same.code, 0, same.stdout);
    assert.equal(same.stdout, '');
    assert.equal(same.stderr, 'No changes.\n');
  });

  it('compares GitHub\'s spec with a version missing every other path: each operation of those paths removed, nothing else', function () {
    this.timeout(600_000);
    const path = require.resolve('@octokit/openapi/generated/api.github.com.json');
    const full = JSON.parse(readFileSync(path, 'utf8')) as { paths: Record<string, Record<string, { deprecated?: boolean }>> };
    const dropped = Object.keys(full.paths).filter((_, i) => i % 2 === 1);
    const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
    const removed = dropped.flatMap((p) => Object.entries(full.paths[p]).filter(([m]) => methods.includes(m)).map(([m, op]) => `${m.toUpperCase()} ${p} ${op.deprecated ? 'removedAfterDeprecation' : 'removed'}`));
    const half = { ...full, paths: Object.fromEntries(Object.entries(full.paths).filter((_, i) => i % 2 === 0)) };
    writeFileSync(join(folder, 'github-half.json'), JSON.stringify(half, null, 2));
    const result = run(['diff', path, 'github-half.json', '--format', 'json'], folder);
    assert.equal(result.code, 1, result.stderr);
    const changes = JSON.parse(result.stdout) as Change[];
    assert.deepEqual(changes.map((c) => `${c.operation} ${c.code.replace('change.operation.', '')}`).sort(), removed.sort());
    assert.ok(changes.every((c) => c.new?.file === 'github-half.json' && c.old?.file.endsWith('api.github.com.json')));
  });
});
