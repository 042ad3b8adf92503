import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FlowStepsRequest, MOCK_LOG, RUN_PROGRESS, RunFlowRequest, StartMocksRequest, StepRunResult, StopMocksRequest } from '../../server/src/protocol';
import { LspTestClient, uriOf, useExampleWorkspace } from '../support/lspClient';

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
