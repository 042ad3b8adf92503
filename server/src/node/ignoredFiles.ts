import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { join, relative, sep } from 'node:path';
import picomatch from 'picomatch';

/** A glob as a regular expression over `/`-separated paths (dot files included, as VS Code and git match them). */
const globToRegExp = (glob: string): RegExp => picomatch.makeRe(glob, { dot: true });

/**
 * The files of a workspace the user keeps out of sight: those `files.exclude` names (globs relative
 * to the workspace folder, matching the file or a folder above it) and those git ignores. In a git
 * repository git itself answers (`git check-ignore`, so global and `.git/info/exclude` rules count);
 * elsewhere the `.gitignore` files between the folder and each file are read.
 */
export async function ignoredFiles(paths: string[], folders: string[], excludeGlobs: string[]): Promise<Set<string>> {
  const ignored = new Set<string>();
  const patterns = excludeGlobs.map((g) => globToRegExp(g.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/$/, '')));
  for (const folder of folders) {
    const inFolder = paths.filter((p) => p.startsWith(folder + sep) && !ignored.has(p));
    for (const path of inFolder) {
      const parts = relative(folder, path).split(sep);
      if (parts.some((_, i) => patterns.some((re) => re.test(parts.slice(0, i + 1).join('/'))))) ignored.add(path);
    }
    const rest = inFolder.filter((p) => !ignored.has(p));
    if (!rest.length) continue;
    const byGit = await gitIgnored(folder, rest);
    for (const path of byGit ?? (await gitignoreFilesIgnore(folder, rest))) ignored.add(path);
  }
  return ignored;
}

/** What `git check-ignore` says of the paths; undefined when the folder is not in a repository or git is missing. */
function gitIgnored(folder: string, paths: string[]): Promise<string[] | undefined> {
  return new Promise((resolve) => {
    const child = execFile('git', ['check-ignore', '--stdin', '-z'], { cwd: folder, maxBuffer: 64 * 1024 * 1024, timeout: 30_000 }, (error, stdout) => {
      // Exit code 1: nothing is ignored; 128 (or no git): not a repository.
      const code = (error as { code?: unknown } | null)?.code;
      if (error && code !== 1) resolve(undefined);
      else resolve(stdout.split('\0').filter(Boolean).map((p) => (p.startsWith('/') ? p : join(folder, p))));
    });
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(paths.join('\0') + '\0');
  });
}

interface IgnoreRule {
  pattern: RegExp;
  negated: boolean;
  onlyFolders: boolean;
}

/** Reads the `.gitignore` files from the folder down to each path, as git would outside a repository. */
async function gitignoreFilesIgnore(folder: string, paths: string[]): Promise<string[]> {
  const rulesOf = new Map<string, Promise<IgnoreRule[]>>();
  const rules = (dir: string) => {
    if (!rulesOf.has(dir)) rulesOf.set(dir, fs.readFile(join(dir, '.gitignore'), 'utf8').then(parseGitignore, () => []));
    return rulesOf.get(dir)!;
  };
  const result: string[] = [];
  for (const path of paths) {
    const parts = relative(folder, path).split(sep);
    // Each step down the tree: is this folder (or, last, the file) ignored by the rules above it?
    let ignored = false;
    for (let depth = 0; depth < parts.length && !ignored; depth++) {
      const isFolder = depth < parts.length - 1;
      let verdict: boolean | undefined;
      for (let level = 0; level <= depth; level++) {
        const base = join(folder, ...parts.slice(0, level));
        const rel = parts.slice(level, depth + 1).join('/');
        for (const rule of await rules(base)) {
          if (rule.onlyFolders && !isFolder) continue;
          if (rule.pattern.test(rel)) verdict = !rule.negated;
        }
      }
      ignored = verdict === true;
    }
    if (ignored) result.push(path);
  }
  return result;
}

function parseGitignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (let line of text.split(/\r?\n/)) {
    if (!line.trim() || line.startsWith('#')) continue;
    line = line.replace(/(?<!\\)\s+$/, '');
    const negated = line.startsWith('!');
    if (negated) line = line.slice(1);
    const onlyFolders = line.endsWith('/');
    if (onlyFolders) line = line.slice(0, -1);
    // A slash at the start or in the middle anchors the pattern to the .gitignore's folder.
    const anchored = line.includes('/');
    line = line.replace(/^\//, '');
    if (!line) continue;
    rules.push({ pattern: globToRegExp(anchored ? line : '**/' + line), negated, onlyFolders });
  }
  return rules;
}

