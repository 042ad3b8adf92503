import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { URI } from 'vscode-uri';

/** Where a command writes, and whether it writes to a terminal. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  isTTY: boolean;
}

/** A mistake in how the command was called: its message is printed and the exit code is 2. */
export class UsageError extends Error {}

/**
 * Splits `--name value`, `--name=value` options from positional arguments, rejecting unknown ones.
 * A `list` option may be given several times; its values are in `lists`.
 */
export function parseOptions(args: string[], known: Record<string, 'value' | 'flag' | 'list'>): { positional: string[]; options: Record<string, string | true>; lists: Record<string, string[]> } {
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
  const lists: Record<string, string[]> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    const kind = known[name];
    if (!kind) throw new UsageError(`unknown option \`--${name}\`.`);
    if (kind === 'flag') options[name] = true;
    else {
      const value = inline ?? args[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`\`--${name}\` needs a value.`);
      if (kind === 'list') (lists[name] ??= []).push(value);
      else options[name] = value;
    }
  }
  return { positional, options, lists };
}

export function fileUri(path: string): string {
  return URI.file(resolve(path)).toString();
}

export async function exists(path: string): Promise<boolean> {
  try {
    await fs.stat(path);
    return true;
  } catch {
    return false;
  }
}
