import { execFile } from 'node:child_process';
import { relative, resolve, sep } from 'node:path';
import { URI } from 'vscode-uri';

/** What `git` printed, or undefined when it failed (no git, not a repository, no such revision or file). */
function git(cwd: string, args: string[]): Promise<string | undefined> {
  return new Promise((done) => {
    execFile('git', args, { cwd, maxBuffer: 512 * 1024 * 1024, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' }, windowsHide: true },
      (error, stdout) => done(error ? undefined : stdout));
  });
}

/** A git work tree, read with the `git` command (`git show REV:path`, `git merge-base`, `git rev-parse`). */
export class GitRepository {
  private readonly shown = new Map<string, Promise<string | undefined>>();

  private constructor(readonly top: string) {}

  /** The repository holding a folder; undefined outside one, or without git. */
  static async at(folder: string): Promise<GitRepository | undefined> {
    const top = await git(folder, ['rev-parse', '--show-toplevel']);
    return top ? new GitRepository(resolve(top.trim())) : undefined;
  }

  /** The commit a revision names; undefined when it names none. */
  async commit(revision: string): Promise<string | undefined> {
    if (revision.startsWith('-')) return undefined;
    return (await git(this.top, ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`]))?.trim() || undefined;
  }

  /** A file's text at a commit (a path relative to the top of the work tree); undefined when it is not there. */
  show(commit: string, path: string): Promise<string | undefined> {
    const key = `${commit}:${path}`;
    let text = this.shown.get(key);
    if (!text) this.shown.set(key, (text = git(this.top, ['show', key])));
    return text;
  }

  /** The path of an absolute file inside the work tree, as `git show` names it; undefined outside. */
  pathOf(file: string): string | undefined {
    const path = relative(this.top, file);
    return path.startsWith('..') || path === '' ? undefined : path.split(sep).join('/');
  }

  /** Reads files (by `file:` URI) as they are at a commit. */
  reader(commit: string): (uri: string) => Promise<string | undefined> {
    return async (uri) => {
      const parsed = URI.parse(uri);
      const path = parsed.scheme === 'file' ? this.pathOf(parsed.fsPath) : undefined;
      return path === undefined ? undefined : this.show(commit, path);
    };
  }

  /** The default branch: the remote's HEAD, else `main` or `master` (local or on origin). */
  async defaultBranch(): Promise<string | undefined> {
    const remoteHead = (await git(this.top, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']))?.trim();
    if (remoteHead) return remoteHead;
    for (const name of ['main', 'master', 'origin/main', 'origin/master']) if (await this.commit(name)) return name;
    return undefined;
  }

  /**
   * The revision changes are measured against: the configured one, else the merge-base of HEAD
   * with the default branch (when HEAD is not on it), else HEAD. Its label is what users read.
   */
  async base(configured?: string): Promise<{ label: string; commit: string } | undefined> {
    if (configured) {
      const commit = await this.commit(configured);
      return commit ? { label: configured, commit } : undefined;
    }
    const head = await this.commit('HEAD');
    if (!head) return undefined;
    const branch = await this.defaultBranch();
    if (branch) {
      const mergeBase = (await git(this.top, ['merge-base', 'HEAD', branch]))?.trim();
      if (mergeBase && mergeBase !== head) return { label: branch, commit: mergeBase };
    }
    return { label: 'HEAD', commit: head };
  }

  /** Branches, tags and recent commits, for picking a revision to compare with. */
  async revisions(): Promise<{ name: string; kind: 'branch' | 'tag' | 'commit'; description: string }[]> {
    const refs = (await git(this.top, ['for-each-ref', '--sort=-committerdate', '--format=%(refname:short)%09%(refname)%09%(subject)', 'refs/heads', 'refs/remotes', 'refs/tags'])) ?? '';
    const commits = (await git(this.top, ['log', '-n', '30', '--format=%h%x09%s'])) ?? '';
    const result: { name: string; kind: 'branch' | 'tag' | 'commit'; description: string }[] = [];
    for (const line of refs.split('\n').filter(Boolean)) {
      const [name, full, subject] = line.split('\t');
      if (full.endsWith('/HEAD')) continue;
      result.push({ name, kind: full.startsWith('refs/tags/') ? 'tag' : 'branch', description: subject ?? '' });
    }
    for (const line of commits.split('\n').filter(Boolean)) {
      const [hash, subject] = line.split('\t');
      result.push({ name: hash, kind: 'commit', description: subject ?? '' });
    }
    return result;
  }
}
