/** What a task of type `interface-studio` runs: kept apart from the editor's API so the command line it builds can be run in tests. */

/** A task of our type: `{ "type": "interface-studio", "command": "check", "args": ["specs"] }`. */
export interface InterfaceStudioTaskDefinition {
  readonly type: string;
  [name: string]: unknown;
  command: 'check' | 'test' | 'diff';
  /** More arguments: paths or globs for `check` and `test`, options such as `--max-warnings 0`. */
  args?: string[];
  /** `diff`: the spec to compare (default: the file in the active editor). */
  file?: string;
  /** `diff`: the git revision to compare with (default `interfaceStudio.changes.base`, else `HEAD`). */
  base?: string;
}

export const TASK_LABELS: Record<InterfaceStudioTaskDefinition['command'], string> = {
  check: 'check',
  test: 'test',
  diff: 'diff against base',
};

/**
 * The arguments the command line gets for a task (run in the workspace folder). `diff` compares a
 * spec with itself at the base revision, `interface-studio diff BASE:./FILE FILE`: `./` reads the
 * path from the folder, which need not be the top of the git work tree; the editor fills
 * `${relativeFile}` in. `defaultBase` is the base without one in the task (`interfaceStudio.changes.base`).
 */
export function commandLineOf(definition: InterfaceStudioTaskDefinition, defaultBase = ''): string[] {
  const extra = Array.isArray(definition.args) ? definition.args.filter((a): a is string => typeof a === 'string') : [];
  if (definition.command === 'diff') {
    const file = definition.file || '${relativeFile}';
    const fromFolder = /^\.\.?\//.test(file) ? file : `./${file}`;
    return ['diff', `${definition.base || defaultBase || 'HEAD'}:${fromFolder}`, file, ...extra];
  }
  return [definition.command, ...extra];
}
