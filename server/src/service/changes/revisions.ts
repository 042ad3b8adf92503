import type { VersionReader } from './load';

/** One revision of the files (a git commit): how it is named to the user, a stable key, and how to read it. */
export interface Revision {
  label: string;
  /** The commit: the same key means the same files. */
  key: string;
  read: VersionReader;
}

/**
 * Git as the host sees it (the node layer runs `git`; the service never does). Every method answers
 * undefined or nothing outside a repository, or without git.
 */
export interface Revisions {
  /** What a file's changes are measured against: `configured`, else the merge-base with the default branch, else HEAD. */
  base(uri: string, configured?: string): Promise<Revision | undefined>;
  /** A revision named by the user (a branch, a tag, a commit). */
  at(uri: string, revision: string): Promise<Revision | undefined>;
  /** Branches, tags and recent commits of the repository holding a file. */
  list(uri: string): Promise<{ name: string; kind: 'branch' | 'tag' | 'commit'; description: string }[]>;
}
