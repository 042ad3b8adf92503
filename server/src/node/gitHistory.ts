import { execFile } from 'node:child_process';
import { dirname, relative } from 'node:path';
import { URI } from 'vscode-uri';
import type { FileHistoryEntry } from '../service/languageService';

function git(args: string[], cwd: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, maxBuffer: 32 * 1024 * 1024, timeout: 30000 }, (error, stdout) => resolve(error ? undefined : stdout));
  });
}

/** How many commits the history lists at most. */
const MAX_COMMITS = 200;

/**
 * The commits that changed any of the files (author date, author, subject, and which of the files),
 * newest first, from `git log`; undefined when none of them is in a Git repository.
 */
export async function fileHistory(uris: string[]): Promise<FileHistoryEntry[] | undefined> {
  const paths = uris.filter((u) => u.startsWith('file:')).map((u) => URI.parse(u).fsPath);
  if (!paths.length) return undefined;
  const top = (await git(['rev-parse', '--show-toplevel'], dirname(paths[0])))?.trim();
  if (!top) return undefined;
  const inRepo = paths.filter((p) => !relative(top, p).startsWith('..'));
  const out = await git(['log', '--no-merges', `-n${MAX_COMMITS}`, '--format=%x1e%aI%x1f%an%x1f%s', '--name-only', '--', ...inRepo.map((p) => relative(top, p))], top);
  if (out === undefined) return undefined;
  const byPath = new Map(inRepo.map((p) => [relative(top, p).split('\\').join('/'), URI.file(p).toString()]));
  const entries: FileHistoryEntry[] = [];
  for (const record of out.split('\x1e').slice(1)) {
    const [head, ...names] = record.split('\n');
    const [date, author, subject] = head.split('\x1f');
    const files = names.map((n) => n.trim()).filter((n) => byPath.has(n)).map((n) => byPath.get(n)!);
    entries.push({ date, author, subject, files });
  }
  return entries;
}
