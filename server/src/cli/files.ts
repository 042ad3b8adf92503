import { promises as fs } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { UsageError } from './options';

const SKIPPED = new Set(['node_modules', '.git', '.hg', '.svn', '.cache']);

/** Expands paths, folders and globs (`*`, `**`, `?`) into the candidate files they name (`isCandidate`: a file some document kind may be). */
export async function expandPaths(args: string[], cwd: string, isCandidate: (path: string) => boolean): Promise<string[]> {
  const files = new Set<string>();
  for (const arg of args.length ? args : ['.']) {
    const path = resolve(cwd, arg);
    const stat = await fs.stat(path).catch(() => undefined);
    if (stat?.isFile()) files.add(path);
    else if (stat?.isDirectory()) for (const f of await walk(path, isCandidate)) files.add(f);
    else if (/[*?]/.test(arg)) {
      const matches = await expandGlob(arg, cwd, isCandidate);
      if (!matches.length) throw new UsageError(`no file matches \`${arg}\`.`);
      for (const f of matches) files.add(f);
    } else throw new UsageError(`\`${arg}\` does not exist.`);
  }
  return [...files].sort();
}

async function walk(dir: string, isCandidate: (path: string) => boolean): Promise<string[]> {
  const out: string[] = [];
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED.has(entry.name)) out.push(...(await walk(path, isCandidate)));
    } else if (entry.isFile() && isCandidate(entry.name)) out.push(path);
  }
  return out;
}

/** A glob as a regular expression over `/`-separated paths: `*`, `**`, `?` and `{a,b}` alternatives. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (c === ',' && braces > 0) re += '|';
    else if (c === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp('^' + re + ')'.repeat(braces) + '$');
}

async function expandGlob(glob: string, cwd: string, isCandidate: (path: string) => boolean): Promise<string[]> {
  const normalised = glob.replace(/\\/g, '/');
  const firstWild = normalised.search(/[*?]/);
  const base = normalised.slice(0, normalised.lastIndexOf('/', firstWild) + 1);
  const baseDir = resolve(cwd, base || '.');
  const pattern = globToRegExp(normalised.slice(base.length));
  const all = await walk(baseDir, isCandidate);
  return all.filter((f) => pattern.test(f.slice(baseDir.length + 1).split(sep).join('/')));
}
