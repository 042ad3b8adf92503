// Trying the integration in VS Code: mock servers started from a flow, and the flow run as a test
// (the Test Explorer's run, through the command a person runs from the flow's editor title).

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeExtension, closeAll, contributesCommand, exampleUri, open, waitFor } from './helpers';

const FLOW = 'flows/order-to-cash.flow.yaml';

interface MockInfo {
  specUri: string;
  url: string;
}

interface RunResult {
  passed: boolean;
  environment: string;
  problem?: string;
  steps: { index: number; operation?: string; status?: number; ok: boolean; error?: string; range: { start: { line: number } } }[];
}

describe('trying the integration', () => {
  before(() => activeExtension());
  afterEach(async () => {
    await vscode.commands.executeCommand('interfaceStudio.stopMockServers');
    await closeAll();
  });

  it('Start Mock Servers on a flow serves each participant\'s spec on 127.0.0.1, and Stop Mock Servers stops them', async () => {
    for (const command of ['interfaceStudio.startMockServers', 'interfaceStudio.stopMockServers']) assert.ok(contributesCommand(command), `the extension contributes ${command}`);
    await open(FLOW);
    const mocks = (await vscode.commands.executeCommand<MockInfo[]>('interfaceStudio.startMockServers')) ?? [];
    assert.deepEqual(mocks.map((m) => vscode.workspace.asRelativePath(vscode.Uri.parse(m.specUri))).sort(), ['specs/erp/erp.openapi.yaml', 'specs/shop.openapi.yaml']);
    const shop = mocks.find((m) => m.specUri.endsWith('shop.openapi.yaml'))!;
    assert.match(shop.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const order = await fetch(`${shop.url}/api/v2/orders/1042`, { headers: { 'X-Shop-Api-Key': 'k' } });
    assert.equal(order.status, 200);
    assert.equal(((await order.json()) as { number: string }).number, '#1042');
    const refused = await fetch(`${shop.url}/api/v2/orders/1042`);
    assert.equal(refused.status, 401);
    assert.equal(refused.headers.get('content-type'), 'application/problem+json');

    const stopped = (await vscode.commands.executeCommand<MockInfo[]>('interfaceStudio.stopMockServers')) ?? [];
    assert.deepEqual(stopped, []);
    await assert.rejects(fetch(`${shop.url}/api/v2/orders/1042`), 'the mock no longer answers');
  });

  it('a running mock serves the spec as it is edited, before it is saved', async () => {
    const editor = await open('specs/shop.openapi.yaml');
    const mocks = (await vscode.commands.executeCommand<MockInfo[]>('interfaceStudio.startMockServers', editor.document.uri)) ?? [];
    assert.equal(mocks.length, 1);
    const number = async () => ((await (await fetch(`${mocks[0].url}/orders/1042`, { headers: { 'X-Shop-Api-Key': 'k' } })).json()) as { number?: string }).number;
    assert.equal(await number(), '#1042');
    const text = editor.document.getText();
    const at = text.indexOf('#1042');
    assert.ok(at >= 0, 'the shop spec has an example order #1042');
    await editor.edit((edit) => edit.replace(new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + 5)), '#7777'));
    await waitFor('the mock to serve the edited example', async () => (await number()) === '#7777');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('Run Flow as Integration Test runs the order-to-cash flow green against mocks, step by step', async () => {
    assert.ok(contributesCommand('interfaceStudio.runFlow'), 'the extension contributes interfaceStudio.runFlow');
    await open(FLOW);
    const result = await vscode.commands.executeCommand<RunResult>('interfaceStudio.runFlow', exampleUri(FLOW));
    assert.ok(result, 'the run gives its result');
    assert.equal(result.problem, undefined);
    assert.equal(result.environment, 'mocks');
    assert.equal(result.passed, true, JSON.stringify(result.steps.filter((s) => !s.ok)));
    const salesOrder = result.steps.find((s) => s.operation === 'createSalesOrder');
    assert.equal(salesOrder?.status, 201);
    const document = await vscode.workspace.openTextDocument(exampleUri(FLOW));
    assert.match(document.lineAt(salesOrder!.range.start.line).text, /createSalesOrder|from:|- /, 'the step points at its line in the flow');
  });

  it('a mapping that breaks the target\'s request schema (unsaved) fails its step at its line, naming the field', async () => {
    const editor = await open('mappings/order-to-salesorder.mapping.yaml');
    const at = editor.document.getText().indexOf('expr: $number(price)');
    assert.ok(at >= 0, 'the mapping converts the shop\'s price with $number');
    await editor.edit((edit) => edit.replace(new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + 'expr: $number(price)'.length)), 'expr: price'));
    try {
      const result = await vscode.commands.executeCommand<RunResult>('interfaceStudio.runFlow', exampleUri(FLOW));
      assert.equal(result?.passed, false);
      const failed = result!.steps.filter((s) => !s.ok);
      assert.deepEqual(failed.map((s) => s.operation), ['createSalesOrder']);
      assert.equal(failed[0].status, 422);
      assert.match(failed[0].error ?? '', /\/items\/0\/rate/);
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });
});
