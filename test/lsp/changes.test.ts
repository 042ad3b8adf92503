import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ChangeReport, ChangeRevisionsRequest, CompareWithRevisionRequest } from '../../server/src/protocol';
import { LspTestClient, uriOf } from '../support/lspClient';
import { rangeOf } from '../support/service';

const gitEnv = { ...process.env, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com', GIT_CONFIG_NOSYSTEM: '1', HOME: tmpdir() };

function git(cwd: string, ...args: string[]): void {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8', env: gitEnv });
  assert.equal(result.status, 0, result.stderr);
}

/** The shop spec without the customer's email (what the next version of the API does). */
function withoutEmail(text: string): string {
  return text.replace('required: [id, email]', 'required: [id]').replace(/\n {8}email:\n {10}type: string\n {10}format: email/, '');
}

describe('language server over stdio: changes since the base revision', function () {
  this.timeout(60_000);
  let client: LspTestClient;
  let folder: string;
  const spec = (): string => join(folder, 'specs/shop.openapi.yaml');

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'is-changes-'));
    cpSync(resolve('examples'), folder, { recursive: true });
    git(folder, 'init', '-q', '-b', 'main');
    git(folder, 'add', '-A');
    git(folder, 'commit', '-q', '-m', 'v1');
    client = new LspTestClient();
    await client.initialize(folder);
  });

  afterEach(async () => {
    await client.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  it('marks a breaking change where it is in the text being edited, and the mapping rules it breaks', async () => {
    const original = readFileSync(spec(), 'utf8');
    await client.open(uriOf(spec()), original);
    assert.deepEqual((await client.diagnostics(uriOf(spec()))).filter((d) => String(d.code).startsWith('change.')), [], 'nothing changed yet');
    const text = withoutEmail(original);
    await client.change(uriOf(spec()), text);
    const diagnostics = await client.diagnostics(uriOf(spec()), (d) => d.some((x) => String(x.code).startsWith('change.')));
    const removed = diagnostics.find((d) => d.code === 'change.response.propertyRemoved' && String(d.message).includes('`getCustomer`'));
    assert.ok(removed, JSON.stringify(diagnostics));
    assert.equal(removed.message, '`email` was removed from the 200 response of `getCustomer` since HEAD: clients that read it break');
    assert.equal(removed.severity, 1);
    const customer = text.indexOf('    Customer:');
    assert.equal(removed.range.start.line, rangeOf(text.slice(0, customer) + text.slice(customer).replace('properties:', 'PROPERTIES:'), 'PROPERTIES').start.line, 'at the properties that lost it');

    const mapping = join(folder, 'mappings/customer-to-erp.mapping.yaml');
    const mappingText = readFileSync(mapping, 'utf8');
    await client.open(uriOf(mapping), mappingText);
    const impacted = await client.diagnostics(uriOf(mapping), (d) => d.some((x) => String(x.code).startsWith('change.')));
    const read = impacted.filter((d) => d.code === 'change.response.propertyRemoved' && String(d.message).includes('getCustomer'));
    assert.deepEqual(read.map((d) => d.range.start.line + 1), [14, 17]);
    assert.match(String(read[1].message), /^`email` was removed from the 200 response of `getCustomer` since HEAD: this rule reads it$/);
  });

  it('measures against the merge-base with the default branch, and answers the report for any revision', async () => {
    git(folder, 'checkout', '-q', '-b', 'feature');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(spec(), withoutEmail(readFileSync(spec(), 'utf8')));
    git(folder, 'commit', '-q', '-am', 'drop email');
    const { revisions } = await client.connection.sendRequest(ChangeRevisionsRequest, { uri: uriOf(spec()) });
    assert.ok(revisions.some((r) => r.name === 'main' && r.kind === 'branch'));
    const report: ChangeReport = await client.connection.sendRequest(CompareWithRevisionRequest, { uri: uriOf(spec()) });
    assert.equal(report.revision, 'main', 'the merge-base with the default branch');
    assert.ok(report.changes.some((c) => c.code === 'change.response.propertyRemoved' && c.impact.some((i) => i.uri.endsWith('customer-to-erp.mapping.yaml'))));
    assert.match(report.markdown, /^## API changes since `main`/);
    const none: ChangeReport = await client.connection.sendRequest(CompareWithRevisionRequest, { uri: uriOf(spec()), revision: 'HEAD' });
    assert.deepEqual(none.changes, []);
    const missing: ChangeReport = await client.connection.sendRequest(CompareWithRevisionRequest, { uri: uriOf(spec()), revision: 'no-such-branch' });
    assert.match(String(missing.error), /not a revision/);
  });

  it('shows nothing outside a git repository', async () => {
    rmSync(join(folder, '.git'), { recursive: true, force: true });
    const text = withoutEmail(readFileSync(spec(), 'utf8'));
    await client.open(uriOf(spec()), text);
    const diagnostics = await client.diagnostics(uriOf(spec()));
    assert.deepEqual(diagnostics.filter((d) => String(d.code).startsWith('change.')), []);
    const { revisions } = await client.connection.sendRequest(ChangeRevisionsRequest, { uri: uriOf(spec()) });
    assert.deepEqual(revisions, []);
  });
});
