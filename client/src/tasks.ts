import * as vscode from 'vscode';
import { commandLineOf, InterfaceStudioTaskDefinition, TASK_LABELS } from './taskCommandLine';
import { SERVER_NODE_OPTIONS } from '../../server/src/protocol';

export type { InterfaceStudioTaskDefinition } from './taskCommandLine';

/** The task type in `tasks.json` (`"type": "interface-studio"`), as package.json declares it. */
export const TASK_TYPE = 'interface-studio';
/** The problem matcher package.json declares for the command line's `file:line:col severity code message` lines. */
export const PROBLEM_MATCHER = '$interface-studio';

/**
 * "Interface Studio: check", "test" and "diff against base" in Run Task, for each workspace folder,
 * running the bundled command line (dist/cli.js) with the editor's own Node; their output goes
 * through `$interface-studio` into Problems. Tasks of our type in `tasks.json` are resolved the same way.
 */
export function registerTaskProvider(context: vscode.ExtensionContext): void {
  const cli = context.asAbsolutePath('dist/cli.js');
  const toTask = (definition: InterfaceStudioTaskDefinition, scope: vscode.WorkspaceFolder | vscode.TaskScope.Workspace, name?: string): vscode.Task => {
    const cwd = typeof scope === 'object' ? scope.uri.fsPath : vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    // The extension host's Node: in desktop VS Code that is Electron, which runs scripts as Node with this variable.
    const execution = new vscode.ProcessExecution(process.execPath, [...SERVER_NODE_OPTIONS, cli, ...commandLineOf(definition, vscode.workspace.getConfiguration('interfaceStudio', typeof scope === 'object' ? scope.uri : undefined).get<string>('changes.base', ''))], { cwd, env: { ELECTRON_RUN_AS_NODE: '1' } });
    const task = new vscode.Task(definition, scope, name ?? TASK_LABELS[definition.command] ?? definition.command, 'Interface Studio', execution, [PROBLEM_MATCHER]);
    task.group = definition.command === 'diff' ? undefined : vscode.TaskGroup.Test;
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Silent, clear: true };
    return task;
  };
  context.subscriptions.push(
    vscode.tasks.registerTaskProvider(TASK_TYPE, {
      provideTasks: () =>
        (vscode.workspace.workspaceFolders ?? []).flatMap((folder) =>
          (['check', 'test', 'diff'] as const).map((command) => toTask({ type: TASK_TYPE, command }, folder)),
        ),
      resolveTask: (task) => {
        const definition = task.definition as InterfaceStudioTaskDefinition;
        if (!['check', 'test', 'diff'].includes(definition.command)) return undefined;
        const scope = task.scope && typeof task.scope === 'object' ? task.scope : vscode.TaskScope.Workspace;
        return toTask(definition, scope, task.name);
      },
    }),
  );
}
