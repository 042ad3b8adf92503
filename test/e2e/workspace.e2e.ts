// The whole workspace in Problems, the tasks and their problem matcher, and the Get Started
// walkthrough, in the real VS Code.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activeExtension, closeAll, codeOf, exampleUri, waitFor } from './helpers';

describe('the whole workspace in Problems', () => {
  before(() => activeExtension());
  after(closeAll);

  it('lists a finding of a mapping nobody opened, and follows the file on disk', async () => {
    // VS Code pulls diagnostics (workspace/diagnostic for the files nobody opened): the path tested here.
    const api = (await activeExtension()).exports as { diagnosticsModel(): string };
    assert.equal(api.diagnosticsModel(), 'pull');
    // A new mapping written on disk, never opened: its target field does not exist in the ERP's customer.
    const source = fs.readFileSync(exampleUri('mappings/customer-to-erp.mapping.yaml').fsPath, 'utf8');
    const broken = exampleUri('mappings/unopened-e2e.mapping.yaml');
    fs.writeFileSync(broken.fsPath, source.replace('  - target: phone\n', '  - target: phoneNumber\n'));
    try {
      const found = await waitFor('the unopened mapping\'s finding in Problems', () => {
        const list = vscode.languages.getDiagnostics(broken).filter((d) => codeOf(d) === 'mapping.target.unknownPath');
        return list.length > 0 && list;
      }, 45_000);
      assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === broken.toString()), 'the mapping was never opened');
      const line = source.split('\n').findIndex((l) => l === '  - target: phone');
      assert.equal(found[0].range.start.line, line);
      assert.match(found[0].message, /phoneNumber/);
      // Fixed on disk: the finding goes.
      fs.writeFileSync(broken.fsPath, source);
      await waitFor('the finding to go once the file is fixed on disk', () => vscode.languages.getDiagnostics(broken).length === 0, 45_000);
    } finally {
      fs.rmSync(broken.fsPath, { force: true });
    }
  });
});

describe('tasks and the $interface-studio problem matcher', () => {
  before(() => activeExtension());
  after(closeAll);

  it('offers check, test and diff against base', async () => {
    const tasks = await vscode.tasks.fetchTasks({ type: 'interface-studio' });
    assert.deepEqual(tasks.map((t) => t.name).sort(), ['check', 'diff against base', 'test']);
    assert.ok(tasks.every((t) => t.source === 'Interface Studio'));
  });

  it('runs the check task, and its matcher puts the command line\'s findings in Problems', async () => {
    // A spec outside the workspace folder: the language server never checks it, so whatever
    // Problems shows for it came from the task's output through the matcher.
    const outside = fs.mkdtempSync(path.join(path.dirname(exampleUri('.').fsPath), 'outside-'));
    const spec = path.join(outside, 'task-only.openapi.yaml');
    fs.writeFileSync(spec, "openapi: 3.0.3\ninfo: { title: T, version: '1' }\npaths:\n  /a:\n    get:\n      summery: x\n      responses: { '200': { description: OK } }\n");
    try {
      const [provided] = (await vscode.tasks.fetchTasks({ type: 'interface-studio' })).filter((t) => t.definition.command === 'check');
      const definition = { type: 'interface-studio', command: 'check', args: [spec] };
      const folder = vscode.workspace.workspaceFolders![0];
      // The same execution as the provided task, with the user's arguments (as tasks.json would give them).
      const execution = provided.execution as vscode.ProcessExecution;
      const task = new vscode.Task(definition, folder, 'check outside', 'Interface Studio', new vscode.ProcessExecution(execution.process, [execution.args[0], 'check', spec], execution.options), ['$interface-studio']);
      const exit = new Promise<number | undefined>((resolve) => {
        const listener = vscode.tasks.onDidEndTaskProcess((e) => {
          if (e.execution.task.name === 'check outside') {
            listener.dispose();
            resolve(e.exitCode);
          }
        });
      });
      await vscode.tasks.executeTask(task);
      assert.equal(await exit, 1, 'the check exits 1 on an error');
      const uri = vscode.Uri.file(spec);
      const found = await waitFor('the matcher\'s finding in Problems', () => {
        const list = vscode.languages.getDiagnostics(uri);
        return list.length > 0 && list;
      }, 30_000);
      const unknownKey = found.find((d) => codeOf(d) === 'oas.schema.unknownKey');
      assert.ok(unknownKey, JSON.stringify(found));
      assert.equal(unknownKey.range.start.line, 5);
      assert.equal(unknownKey.range.start.character, 6);
      assert.equal(unknownKey.severity, vscode.DiagnosticSeverity.Error);
      assert.match(unknownKey.message, /`summery` is not allowed/);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('the Get Started walkthrough', () => {
  before(() => activeExtension());
  after(closeAll);

  it('is declared with its steps, and Interface Studio: Get Started opens it', async () => {
    const extension = vscode.extensions.getExtension('interface-studio.interface-studio')!;
    const walkthroughs = (extension.packageJSON as { contributes: { walkthroughs: { id: string; steps: { id: string; media: { image?: string; markdown?: string } }[] }[] } }).contributes.walkthroughs;
    const [walkthrough] = walkthroughs;
    assert.equal(walkthrough.id, 'interfaceStudio.gettingStarted');
    for (const step of walkthrough.steps) {
      const media = step.media.image ?? step.media.markdown!;
      assert.ok(fs.existsSync(path.join(extension.extensionPath, media)), `${step.id}: ${media} is packaged`);
    }
    const before = vscode.window.tabGroups.all.flatMap((g) => g.tabs).length;
    await vscode.commands.executeCommand('interfaceStudio.getStarted');
    const tab = await waitFor('the walkthrough\'s editor', () => vscode.window.tabGroups.activeTabGroup.activeTab?.input instanceof vscode.TabInputText ? undefined : vscode.window.tabGroups.activeTabGroup.activeTab, 20_000);
    assert.ok(vscode.window.tabGroups.all.flatMap((g) => g.tabs).length > before, 'a tab was opened');
    assert.match(tab.label, /Welcome|Walkthrough|Get Started/i);
  });
});
