import * as vscode from 'vscode';

/** The task type in `tasks.json` (`"type": "interface-studio"`), as package.json declares it. */
export const TASK_TYPE = 'interface-studio';
/** The problem matcher package.json declares for the command line's `file:line:col severity code message` lines. */
export const PROBLEM_MATCHER = '$interface-studio';

/** A task of our type: `{ "type": "interface-studio", "command": "check", "args": ["specs"] }`. */
export interface InterfaceStudioTaskDefinition extends vscode.TaskDefinition {
  command: 'check' | 'test' | 'diff';
  /** More arguments: paths or globs for `check` and `test`, options such as `--max-warnings 0`. */
  args?: string[];
  /** `diff`: the spec to compare (default: the file in the active editor). */
  file?: string;
  /** `diff`: the git revision to compare with (default `HEAD`). */
  base?: string;
}

const LABELS: Record<InterfaceStudioTaskDefinition['command'], string> = {
  check: 'check',
  test: 'test',
  diff: 'diff against base',
};

/**
 * The arguments the command line gets for a task. `diff` compares a spec with itself at the base
 * revision (`interface-studio diff BASE:FILE FILE`); the editor fills `${relativeFile}` in.
 */
export function commandLineOf(definition: InterfaceStudioTaskDefinition): string[] {
  const extra = Array.isArray(definition.args) ? definition.args.filter((a): a is string => typeof a === 'string') : [];
  if (definition.command === 'diff') {
    const file = definition.file || '${relativeFile}';
    return ['diff', `${definition.base || 'HEAD'}:${file}`, file, ...extra];
  }
  return [definition.command, ...extra];
}

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
    const execution = new vscode.ProcessExecution(process.execPath, [cli, ...commandLineOf(definition)], { cwd, env: { ELECTRON_RUN_AS_NODE: '1' } });
    const task = new vscode.Task(definition, scope, name ?? LABELS[definition.command] ?? definition.command, 'Interface Studio', execution, [PROBLEM_MATCHER]);
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
