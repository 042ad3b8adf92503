import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { URI } from 'vscode-uri';
import { checkCommand } from './check';
import { exportCommand, importCommand } from './mapping';
import { diagramCommand } from './diagram';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  isTTY: boolean;
}

export class UsageError extends Error {}

const HELP = `Usage: interface-studio <command> [options]

Commands:
  check [paths|globs...] [--format text|json|sarif] [--max-warnings N]
      Check OpenAPI documents, mappings and flows (default: the current folder).
      Exit code 0 when clean, 1 on errors or too many warnings, 2 on bad usage.
  export MAPPING [--format md|csv] [--out FILE]
      The reviewer's table of a mapping: target, type, required, rule, note.
  import FILE.csv [--source SPEC#/pointer|SPEC#operationId] [--target ...] [--out FILE.mapping.yaml]
      A mapping from a review table (columns target, rule, note).
  diagram FLOW [--markdown]
      Print the flow's Mermaid sequence diagram (with --markdown: a Markdown section with a mermaid fence).
  help
      Show this help.
`;

/** Runs one CLI command and returns its exit code. */
export async function runCli(args: string[], io: CliIO): Promise<number> {
  const [command, ...rest] = args;
  try {
    switch (command) {
      case 'check':
        return await checkCommand(rest, io);
      case 'export':
        return await exportCommand(rest, io);
      case 'import':
        return await importCommand(rest, io);
      case 'diagram':
        return await diagramCommand(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(HELP);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command \`${command}\`. Run \`interface-studio help\` for the list.`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`interface-studio: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

/** Splits `--name value`, `--name=value` options from positional arguments, rejecting unknown ones. */
export function parseOptions(args: string[], known: Record<string, 'value' | 'flag'>): { positional: string[]; options: Record<string, string | true> } {
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
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
      options[name] = value;
    }
  }
  return { positional, options };
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
