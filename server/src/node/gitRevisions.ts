import { dirname } from 'node:path';
import { URI } from 'vscode-uri';
import type { Revision, Revisions } from '../service/changes/revisions';
import { GitRepository } from './git';

/** How long a computed base (a merge-base) is reused: typing should not start a git process per keystroke. */
const BASE_REUSE_MS = 3000;
/** After a pause this long (a commit, a branch switched), the next check waits for git rather than answer an old base. */
const BASE_ANSWERED_STALE_MS = 20_000;

/** Revisions read with the `git` command, for the files of the repository each file is in. */
export class GitRevisions implements Revisions {
  private readonly repositories = new Map<string, Promise<GitRepository | undefined>>();
  private readonly bases = new Map<string, { at: number; revision: Promise<Revision | undefined> }>();

  private repository(uri: string): Promise<GitRepository | undefined> {
    const parsed = URI.parse(uri);
    if (parsed.scheme !== 'file') return Promise.resolve(undefined);
    const folder = dirname(parsed.fsPath);
    let repo = this.repositories.get(folder);
    if (!repo) this.repositories.set(folder, (repo = GitRepository.at(folder)));
    return repo;
  }

  base(uri: string, configured?: string): Promise<Revision | undefined> {
    const key = `${URI.parse(uri).scheme === 'file' ? dirname(URI.parse(uri).fsPath) : uri}\n${configured ?? ''}`;
    const known = this.bases.get(key);
    if (known && Date.now() - known.at < BASE_REUSE_MS) return known.revision;
    const revision = this.computeBase(uri, configured);
    const recent = known && Date.now() - known.at < BASE_ANSWERED_STALE_MS;
    this.bases.set(key, { at: Date.now(), revision: recent ? known.revision : revision });
    if (!recent) return revision;
    // While typing goes on, the base known a moment ago is answered at once while git is asked again:
    // no keystroke waits for a git process, and a moved branch shows from the next check on.
    void revision.then((fresh) => {
      if (this.bases.get(key)?.revision === known.revision) this.bases.set(key, { at: Date.now(), revision: Promise.resolve(fresh) });
    });
    return known.revision;
  }

  private async computeBase(uri: string, configured?: string): Promise<Revision | undefined> {
    const repo = await this.repository(uri);
    const base = repo && (await repo.base(configured));
    return base && repo ? { label: base.label, key: base.commit, read: repo.reader(base.commit) } : undefined;
  }

  async at(uri: string, revision: string): Promise<Revision | undefined> {
    const repo = await this.repository(uri);
    const commit = repo && (await repo.commit(revision));
    return commit && repo ? { label: revision, key: commit, read: repo.reader(commit) } : undefined;
  }

  async list(uri: string): Promise<{ name: string; kind: 'branch' | 'tag' | 'commit'; description: string }[]> {
    return (await (await this.repository(uri))?.revisions()) ?? [];
  }
}
