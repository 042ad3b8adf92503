import { promises as fs } from 'node:fs';
import { basename, resolve, sep } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { UsageError } from './options';

const SKIPPED = ['node_modules', '.git', '.hg', '.svn', '.cache'];

/**
 * Expands paths, folders and globs (`*`, `**`, `?`, `[…]`, `{a,b}`) into the candidate files they
 * name (`isCandidate`: a file some document kind may be).
 */
export async function expandPaths(args: string[], cwd: string, isCandidate: (path: string) => boolean): Promise<string[]> {
  const files = new Set<string>();
  for (const arg of args.length ? args : ['.']) {
    const path = resolve(cwd, arg);
    const stat = await fs.stat(path).catch(() => undefined);
    if (stat?.isFile()) files.add(path);
    else if (stat?.isDirectory()) for (const f of await candidates('**', path, isCandidate)) files.add(f);
    else if (isDynamicPattern(pattern(arg))) {
      const matches = await expandGlob(pattern(arg), cwd, isCandidate);
      if (!matches.length) throw new UsageError(`no file matches \`${arg}\`.`);
      for (const f of matches) files.add(f);
    } else throw new UsageError(`\`${arg}\` does not exist.`);
  }
  return [...files].sort();
}

/** Globs use `/`; on Windows a path typed with `\` means the same (there it cannot be an escape). */
function pattern(arg: string): string {
  return sep === '\\' ? arg.replace(/\\/g, '/') : arg;
}

/**
 * The candidate files below `dir` that a glob matches, hidden ones included, never inside the
 * skipped folders (unless the glob's fixed part names one) nor through symbolic links.
 */
async function candidates(globPattern: string, dir: string, isCandidate: (path: string) => boolean): Promise<string[]> {
  const found = await glob(globPattern, {
    cwd: dir,
    absolute: true,
    dot: true,
    onlyFiles: true,
    followSymbolicLinks: false,
    ignore: SKIPPED.map((name) => `**/${name}/**`),
  });
  return found.map((f) => resolve(f)).filter((f) => isCandidate(basename(f)));
}

/** The glob's fixed leading folders are where the search starts: `../specs/**` searches `../specs`. */
async function expandGlob(globPattern: string, cwd: string, isCandidate: (path: string) => boolean): Promise<string[]> {
  const segments = globPattern.split('/');
  const fixed = segments.findIndex((s) => isDynamicPattern(s));
  const base = segments.slice(0, fixed).join('/');
  return candidates(segments.slice(fixed).join('/'), resolve(cwd, base === '' && fixed > 0 ? '/' : base || '.'), isCandidate);
}
