import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { WORKSPACE_CHECK_STATE, WorkspaceCheckRequest, type WorkspaceCheckState } from '../../server/src/protocol';

export const WorkspaceCheckCommands = {
  check: 'interfaceStudio.checkWorkspace',
  stop: 'interfaceStudio.stopWorkspaceCheck',
} as const;

/**
 * Check the Whole Workspace / Stop Checking the Workspace. The check itself runs in the server and
 * shows its progress in the status bar; these start it again (after a branch switch, say) or stop it.
 * While it runs, a stop button stands beside that progress (which VS Code cannot cancel from there).
 */
export function registerWorkspaceCheckCommands(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  const stop = vscode.window.createStatusBarItem('interfaceStudio.stopWorkspaceCheck', vscode.StatusBarAlignment.Left, -100);
  stop.name = 'Interface Studio: Stop Checking the Workspace';
  stop.text = '$(debug-stop)';
  stop.command = WorkspaceCheckCommands.stop;
  client()?.onNotification(WORKSPACE_CHECK_STATE, (state: WorkspaceCheckState) => {
    stop.tooltip = `Stop checking the workspace (${state.done} of ${state.total} files checked)`;
    if (state.running) stop.show();
    else stop.hide();
  });
  context.subscriptions.push(
    stop,
    vscode.commands.registerCommand(WorkspaceCheckCommands.check, async () => {
      const c = client();
      if (!c?.isRunning()) return;
      const result = await c.sendRequest(WorkspaceCheckRequest, { action: 'start' });
      if (result.scope === 'openFiles') {
        const open = 'Open Setting';
        const choice = await vscode.window.showInformationMessage('Problems lists only open files (`interfaceStudio.problems.scope` is `openFiles`).', open);
        if (choice === open) await vscode.commands.executeCommand('workbench.action.openSettings', 'interfaceStudio.problems.scope');
      }
    }),
    vscode.commands.registerCommand(WorkspaceCheckCommands.stop, async () => {
      await client()?.sendRequest(WorkspaceCheckRequest, { action: 'cancel' });
    }),
  );
}
