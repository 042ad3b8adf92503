import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { FlowStepsRequest, RUN_PROGRESS, RunFlowRequest, RunFlowResult, StepRunResult } from '../../server/src/protocol';
import { withStatusProgress } from './progress';

export const RUN_FLOW = 'interfaceStudio.runFlow';
const FLOW_GLOB = '**/*.flow.{yaml,yml,json}';

function range(r: StepRunResult['range']): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/**
 * Flows in the Test Explorer: each flow a test, each step a child. A run sends the flow's requests
 * (against mocks, or an environment of `.interface-studio.yaml`); a failed step is marked at its
 * line with the reason. Results also go to the flow's sequence diagram.
 */
export function registerFlowTests(context: vscode.ExtensionContext, client: () => LanguageClient | undefined, results: vscode.EventEmitter<RunFlowResult>): void {
  const controller = vscode.tests.createTestController('interfaceStudio.flows', 'Integration flows');
  context.subscriptions.push(controller);

  const flowItem = (uri: vscode.Uri): vscode.TestItem => {
    const existing = controller.items.get(uri.toString());
    if (existing) return existing;
    const item = controller.createTestItem(uri.toString(), vscode.workspace.asRelativePath(uri), uri);
    item.canResolveChildren = true;
    controller.items.add(item);
    return item;
  };

  const resolveSteps = async (item: vscode.TestItem): Promise<string[]> => {
    const c = client();
    if (!c || !item.uri) return [];
    const steps = await c.sendRequest(FlowStepsRequest, { uri: item.uri.toString() });
    if (!steps) return [];
    if (steps.title) item.label = `${steps.title} (${vscode.workspace.asRelativePath(item.uri)})`;
    item.children.replace(steps.steps.map((s) => {
      const child = controller.createTestItem(`${item.id}#${s.index}`, `${s.index} ${s.label}`, item.uri);
      child.range = range(s.range);
      child.description = s.sent ? undefined : 'recorded, not sent';
      return child;
    }));
    return steps.environments;
  };

  controller.resolveHandler = async (item) => {
    if (item) {
      await resolveSteps(item);
      return;
    }
    for (const uri of await vscode.workspace.findFiles(FLOW_GLOB, '**/node_modules/**')) flowItem(uri);
  };
  const watcher = vscode.workspace.createFileSystemWatcher(FLOW_GLOB);
  context.subscriptions.push(
    watcher,
    watcher.onDidCreate((uri) => flowItem(uri)),
    watcher.onDidDelete((uri) => controller.items.delete(uri.toString())),
    watcher.onDidChange((uri) => {
      const item = controller.items.get(uri.toString());
      if (item) void resolveSteps(item);
    }),
  );

  const runFlows = async (request: vscode.TestRunRequest, token: vscode.CancellationToken, environment: 'mocks' | 'pick'): Promise<RunFlowResult[]> => {
    const run = controller.createTestRun(request);
    const finished: RunFlowResult[] = [];
    try {
      const flows = new Set<vscode.TestItem>();
      const included = request.include ?? [...iterate(controller.items)];
      for (const item of included) flows.add(item.parent ?? item);
      const c = client();
      for (const flow of flows) {
        if (token.isCancellationRequested) break;
        if (!c || !flow.uri) continue;
        if (!vscode.workspace.isTrusted) {
          run.errored(flow, new vscode.TestMessage('This workspace is not trusted, so flows are not run. Trust the workspace to run them.'));
          continue;
        }
        const environments = await resolveSteps(flow);
        let chosen: string | undefined;
        if (environment === 'pick') {
          chosen = await vscode.window.showQuickPick(['mocks', ...environments], { title: `Run ${flow.label} against`, placeHolder: environments.length ? 'an environment of .interface-studio.yaml' : 'no environments in .interface-studio.yaml: mocks only' });
          if (!chosen) continue;
        }
        run.started(flow);
        flow.children.forEach((child) => run.enqueued(child));
        const report = (step: StepRunResult) => {
          const child = flow.children.get(`${flow.id}#${step.index}`);
          if (!child) return;
          if (step.ok) run.passed(child, step.ms);
          else {
            const message = new vscode.TestMessage(step.error ?? 'failed');
            message.location = new vscode.Location(flow.uri!, range(step.range));
            run.failed(child, message, step.ms);
          }
          if (step.request) run.appendOutput(`${step.ok ? '✓' : '✗'} ${step.index} ${step.request} → ${step.status ?? '—'} (${step.ms} ms)${step.error ? `: ${step.error}` : ''}\r\n`, new vscode.Location(flow.uri!, range(step.range)), child);
        };
        let statusBar: vscode.Progress<{ message?: string }> | undefined;
        let stepsDone = 0;
        const progress = c.onNotification(RUN_PROGRESS, (p: { uri: string; step: StepRunResult }) => {
          if (p.uri !== flow.uri!.toString()) return;
          report(p.step);
          statusBar?.report({ message: `${++stepsDone}/${flow.children.size} steps` });
        });
        try {
          const result = await withStatusProgress(`Running ${flow.label} against ${chosen ?? 'mocks'}`, (bar) => {
            statusBar = bar;
            return c.sendRequest(RunFlowRequest, { uri: flow.uri!.toString(), environment: chosen === 'mocks' ? undefined : chosen }, token);
          });
          results.fire(result);
          finished.push(result);
          const ran = new Set(result.steps.map((s) => `${flow.id}#${s.index}`));
          flow.children.forEach((child) => {
            if (!ran.has(child.id)) run.skipped(child);
          });
          if (result.problem) run.errored(flow, new vscode.TestMessage(result.problem));
          else if (result.passed) run.passed(flow, result.steps.reduce((sum, s) => sum + s.ms, 0));
          else run.failed(flow, new vscode.TestMessage(`${result.steps.filter((s) => !s.ok).length} of ${result.steps.length} steps failed against ${result.environment}.`));
        } catch (error) {
          run.errored(flow, new vscode.TestMessage(`The flow could not run: ${(error as Error).message}`));
        } finally {
          progress.dispose();
        }
      }
    } finally {
      run.end();
    }
    return finished;
  };

  controller.createRunProfile('Run against mocks', vscode.TestRunProfileKind.Run, async (request, token) => void (await runFlows(request, token, 'mocks')), true);
  controller.createRunProfile('Run against an environment…', vscode.TestRunProfileKind.Run, async (request, token) => void (await runFlows(request, token, 'pick')), false);

  context.subscriptions.push(
    // returns the run's result, for tasks and other extensions that run a flow
    vscode.commands.registerCommand(RUN_FLOW, async (uri?: vscode.Uri): Promise<RunFlowResult | undefined> => {
      const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
      if (!target || !/\.flow\.(ya?ml|json)$/i.test(target.path)) {
        void vscode.window.showInformationMessage('Open a flow file (*.flow.yaml) to run it.');
        return undefined;
      }
      const source = new vscode.CancellationTokenSource();
      try {
        return (await runFlows(new vscode.TestRunRequest([flowItem(target)]), source.token, 'mocks'))[0];
      } finally {
        source.dispose();
      }
    }),
  );
}

function* iterate(collection: vscode.TestItemCollection): Generator<vscode.TestItem> {
  const items: vscode.TestItem[] = [];
  collection.forEach((item) => items.push(item));
  yield* items;
}
