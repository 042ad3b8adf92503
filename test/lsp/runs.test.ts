import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FlowStepsRequest, MOCK_LOG, RUN_PROGRESS, RunFlowRequest, StartMocksRequest, StepRunResult, StopMocksRequest } from '../../server/src/protocol';
import { LspTestClient, uriOf, useExampleWorkspace } from '../support/lspClient';

/** Polls until the condition holds; fails after 20 s (only a deadline for what never comes). */
async function waitFor(condition: () => Promise<boolean>, what: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('language server over stdio: mock servers and flow runs', function () {
  this.timeout(60_000);
  const workspace = useExampleWorkspace('is-lsp-runs-');

  it('starts one mock per participant with a spec, logs each call, and stops them', async () => {
    const { client, folder } = workspace.current();
    const logs: { specUri: string; line: string }[] = [];
    client.connection.onNotification(MOCK_LOG, (entry: { specUri: string; line: string }) => void logs.push(entry));
    const flow = uriOf(join(folder, 'flows/order-to-cash.flow.yaml'));
    const started = await client.connection.sendRequest(StartMocksRequest, { uri: flow });
    assert.equal(started.problem, undefined);
    assert.deepEqual(started.mocks.map((m) => m.specUri).sort(), [uriOf(join(folder, 'specs/erp/erp.openapi.yaml')), uriOf(join(folder, 'specs/shop.openapi.yaml'))]);
    const shop = started.mocks.find((m) => m.specUri.endsWith('shop.openapi.yaml'))!;
    assert.match(shop.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${shop.url}/orders/1042`);
    assert.equal(response.status, 401);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(logs.length, 1);
    assert.match(logs[0].line, /GET \/orders\/1042 → 401 getOrder: Credentials are missing/);
    const again = await client.connection.sendRequest(StartMocksRequest, { uri: uriOf(join(folder, 'specs/shop.openapi.yaml')) });
    assert.equal(again.mocks.length, 2, 'a spec already mocked is not started twice');
    const stopped = await client.connection.sendRequest(StopMocksRequest, {});
    assert.deepEqual(stopped.mocks, []);
    await assert.rejects(fetch(`${shop.url}/orders/1042`));
  });

  it('serves the spec as it is being edited (unsaved text), and as it is on disk once closed', async () => {
    const { client, folder } = workspace.current();
    const logs: string[] = [];
    client.connection.onNotification(MOCK_LOG, (entry: { specUri: string; line: string }) => void logs.push(entry.line));
    const path = join(folder, 'specs/shop.openapi.yaml');
    const uri = uriOf(path);
    const original = readFileSync(path, 'utf8');
    const started = await client.connection.sendRequest(StartMocksRequest, { uri });
    const url = started.mocks[0].url;
    const headers = { 'X-Shop-Api-Key': 'k' };
    assert.equal((await fetch(`${url}/api/v2/orders/1042`, { headers })).status, 200, 'under the server URL\'s path');
    const number = async () => ((await (await fetch(`${url}/orders/1042`, { headers })).json()) as { number: string }).number;
    assert.equal(await number(), '#1042');

    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: original } });
    const edited = original.replace(/#1042/g, '#2099');
    assert.notEqual(edited, original);
    client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: edited }] });
    await waitFor(async () => (await number()) === '#2099', () => 'the edited text to be served');
    // the log line travels over the LSP connection, the answer over HTTP: either may come first
    await waitFor(async () => logs.some((l) => /spec changed: now serving the edited spec \(\d+ operations\)/.test(l)), () => `the change in the log:\n${logs.join('\n')}`);

    client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: 'openapi: 3.0.3\ninfo: [' }] });
    // the mock reads the spec again when a request comes; the edit reaches the server asynchronously
    await waitFor(async () => (await number()) === '#2099' && logs.some((l) => /spec cannot be read \(shop\.openapi\.yaml:2:\d+: .+\); still serving the last version that could/.test(l)), () => `the broken spec in the log:\n${logs.join('\n')}`);

    client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    writeFileSync(path, original.replace(/#1042/g, '#3000'));
    await waitFor(async () => (await number()) === '#3000', () => 'the file on disk to be served');
    await client.connection.sendRequest(StopMocksRequest, {});
  });

  it('lists a flow\'s steps and environments, and runs it with progress per step', async () => {
    const { client, folder } = workspace.current();
    writeFileSync(join(folder, '.interface-studio.yaml'), 'environments:\n  test:\n    shop: https://shop.test.example.com\n');
    const flow = uriOf(join(folder, 'flows/order-to-cash.flow.yaml'));
    const steps = await client.connection.sendRequest(FlowStepsRequest, { uri: flow });
    assert.deepEqual(steps?.environments, ['test']);
    assert.deepEqual(steps?.steps.filter((s) => s.sent).map((s) => s.label), ['mw → shop getCustomer', 'mw → erp createCustomer', 'mw → erp createSalesOrder', 'mw → erp createSalesOrder']);
    const progress: StepRunResult[] = [];
    client.connection.onNotification(RUN_PROGRESS, (p: { uri: string; step: StepRunResult }) => void progress.push(p.step));
    const result = await client.connection.sendRequest(RunFlowRequest, { uri: flow });
    assert.equal(result.passed, true, JSON.stringify(result));
    assert.equal(result.environment, 'mocks');
    const salesOrder = result.steps.find((s) => s.operation === 'createSalesOrder')!;
    assert.equal(salesOrder.status, 201);
    assert.equal(salesOrder.range.start.line, steps!.steps.find((s) => s.operation === 'createSalesOrder')!.range.start.line);
    assert.deepEqual(salesOrder.arrows, [5], 'the sixth arrow of the diagram');
    assert.equal(progress.length, result.steps.length);
  });

  it('starts and runs nothing in an untrusted workspace', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'is-lsp-untrusted-'));
    cpSync(resolve('examples'), folder, { recursive: true });
    const client = new LspTestClient();
    try {
      await client.initialize(folder, {}, { initializationOptions: { workspaceTrusted: false } });
      const flow = uriOf(join(folder, 'flows/order-to-cash.flow.yaml'));
      const mocks = await client.connection.sendRequest(StartMocksRequest, { uri: flow });
      assert.deepEqual(mocks.mocks, []);
      assert.match(mocks.problem!, /not trusted/);
      const run = await client.connection.sendRequest(RunFlowRequest, { uri: flow });
      assert.equal(run.passed, false);
      assert.deepEqual(run.steps, []);
      assert.match(run.problem!, /not trusted/);
    } finally {
      await client.dispose();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
