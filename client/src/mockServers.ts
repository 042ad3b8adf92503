import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { MOCK_LOG, MockInfo, StartMocksRequest, StopMocksRequest } from '../../server/src/protocol';
import { withStatusProgress } from './progress';

export const START_MOCK_SERVERS = 'interfaceStudio.startMockServers';
export const STOP_MOCK_SERVERS = 'interfaceStudio.stopMockServers';
const SHOW_MOCK_LOG = 'interfaceStudio.showMockLog';

/**
 * "Start Mock Servers" (on a flow: one per participant with a spec; on a spec: that spec), "Stop
 * Mock Servers", a status-bar item while mocks run, and their calls in an output channel.
 */
export function registerMockServers(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  const log = vscode.window.createOutputChannel('Interface Studio Mocks', { log: true });
  const item = vscode.window.createStatusBarItem('interfaceStudio.mocks', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Interface Studio mock servers';
  item.command = STOP_MOCK_SERVERS;
  const relative = (uri: string) => vscode.workspace.asRelativePath(vscode.Uri.parse(uri));

  const show = (mocks: MockInfo[]) => {
    if (!mocks.length) {
      item.hide();
      return;
    }
    item.text = `$(server-process) ${mocks.length} mock${mocks.length === 1 ? '' : 's'}`;
    const tooltip = new vscode.MarkdownString(`**Mock servers** (click to stop them)\n\n${mocks.map((m) => `- ${relative(m.specUri)} → ${m.url}`).join('\n')}`);
    item.tooltip = tooltip;
    item.show();
  };

  let listening: LanguageClient | undefined;
  const listen = (c: LanguageClient) => {
    if (listening === c) return;
    listening = c;
    context.subscriptions.push(c.onNotification(MOCK_LOG, (entry: { specUri: string; line: string }) => log.info(`[${relative(entry.specUri)}] ${entry.line}`)));
  };

  context.subscriptions.push(
    log,
    item,
    vscode.commands.registerCommand(START_MOCK_SERVERS, async (uri?: vscode.Uri): Promise<MockInfo[] | undefined> => {
      const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
      const c = client();
      if (!c || !target) {
        void vscode.window.showInformationMessage('Open a flow or an OpenAPI document to start mock servers for it.');
        return;
      }
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('Mock servers do not start in an untrusted workspace. Trust the workspace to start them.');
        return;
      }
      listen(c);
      const result = await withStatusProgress('Starting mock servers…', () => c.sendRequest(StartMocksRequest, { uri: target.toString() }));
      show(result.mocks);
      if (result.problem) {
        void vscode.window.showWarningMessage(result.problem);
        return;
      }
      for (const m of result.mocks) log.info(`${relative(m.specUri)} → ${m.url}`);
      log.show(true);
      // not awaited: the command is done when the mocks run, whether or not anyone answers the notification
      void vscode.window.showInformationMessage(`Mock servers running: ${result.mocks.map((m) => `${relative(m.specUri)} → ${m.url}`).join(', ')}`, 'Show Log', 'Stop').then(async (choice) => {
        if (choice === 'Show Log') log.show();
        else if (choice === 'Stop') await vscode.commands.executeCommand(STOP_MOCK_SERVERS);
      });
      return result.mocks;
    }),
    vscode.commands.registerCommand(STOP_MOCK_SERVERS, async (): Promise<MockInfo[] | undefined> => {
      const c = client();
      if (!c) return;
      const result = await c.sendRequest(StopMocksRequest, {});
      show(result.mocks);
      log.info('Mock servers stopped.');
      void vscode.window.setStatusBarMessage('Mock servers stopped', 3000);
      return result.mocks;
    }),
    vscode.commands.registerCommand(SHOW_MOCK_LOG, () => log.show()),
  );
}
