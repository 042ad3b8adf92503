import { CancellationToken, CancelledError, neverCancelled, throwIfCancelled } from './cancellation';
import type { DocumentSet, DocumentSetOptions } from './openapi/documentSet';
import type { Finding, FindingSink } from './findings';
import type { ParsedDocument } from './documents';
import type { LanguageService } from './languageService';

/** `$ref`s from other roots into a root: they count as uses of what they point at. */
export type IncomingRefs = { targetPath: string[] | undefined }[];

/** What a kind of root document (OpenAPI, AsyncAPI) tells the index. */
export interface RootKind<A extends { set: DocumentSet }> {
  /** Whether a parsed document is a root of this kind. */
  isRoot(doc: ParsedDocument): boolean;
  /** A cheap look at raw text: could it be a root of this kind? */
  mightBe(text: string): boolean;
  /** The analysis of a root and the files it references. */
  analyze(root: ParsedDocument, service: LanguageService, options: DocumentSetOptions & { incomingRefs: IncomingRefs }, token: CancellationToken): Promise<A | undefined>;
}

interface CachedAnalysis<A> {
  versions: Map<string, string | number>;
  analysis: A;
}

/**
 * The root documents of one kind in a service's workspace: the analysis of each root (shared while
 * none of its files changed) and which files each root reaches, so a fragment is checked in its
 * roots' context and references and rename find every root.
 */
export class RootIndex<A extends { set: DocumentSet }> {
  private readonly analyses = new Map<string, CachedAnalysis<A>>();
  private readonly inflight = new Map<string, Promise<A | undefined>>();
  /** Root documents of the workspace and the files each reaches. */
  private rootIndex: Map<string, Set<string>> | undefined;

  constructor(
    protected readonly service: LanguageService,
    private readonly kind: RootKind<A>,
  ) {}

  /** The analysis of a root document, shared while none of its files changed. */
  async analyze(rootUri: string, token: CancellationToken = neverCancelled): Promise<A | undefined> {
    const root = await this.service.documents.get(rootUri);
    if (!root || !this.kind.isRoot(root)) return undefined;
    const cached = this.analyses.get(rootUri);
    if (cached && (await this.isCurrent(cached))) return cached.analysis;
    // Share a run already under way, but only its result: it may be for older text, or be
    // cancelled by the request that started it, and then this request runs its own.
    const running = this.inflight.get(rootUri);
    if (running) {
      try {
        await running;
      } catch (error) {
        if (!(error instanceof CancelledError)) throw error;
      }
      throwIfCancelled(token);
      const done = this.analyses.get(rootUri);
      if (done && (await this.isCurrent(done))) return done.analysis;
    }
    const promise = this.runAnalysis(root, token).finally(() => {
      if (this.inflight.get(rootUri) === promise) this.inflight.delete(rootUri);
    });
    this.inflight.set(rootUri, promise);
    return promise;
  }

  private async runAnalysis(root: ParsedDocument, token: CancellationToken): Promise<A | undefined> {
    const configuration = this.service.configuration(root.uri);
    const workspace = this.service.workspace;
    const analysis = await this.kind.analyze(root, this.service, {
      allowRemoteRefs: configuration.allowRemoteRefs,
      fetchRemote: workspace.fetchRemote?.bind(workspace),
      incomingRefs: this.incomingRefs(root.uri),
    }, token);
    if (!analysis) return undefined;
    const versions = new Map<string, string | number>();
    for (const [uri, doc] of analysis.set.documents) versions.set(uri, doc.version);
    this.analyses.set(root.uri, { versions, analysis });
    this.rootIndex?.set(root.uri, new Set(analysis.set.documents.keys()));
    return analysis;
  }

  private async isCurrent(cached: CachedAnalysis<A>): Promise<boolean> {
    for (const [uri, version] of cached.versions) {
      const doc = await this.service.documents.get(uri);
      if (!doc || doc.version !== version) return false;
    }
    // A file that was missing may have appeared.
    for (const missing of cached.analysis.set.missing) if (await this.service.documents.get(missing)) return false;
    return true;
  }

  private incomingRefs(rootUri: string): IncomingRefs {
    const result: IncomingRefs = [];
    for (const [otherRoot, cached] of this.analyses) {
      if (otherRoot === rootUri) continue;
      for (const use of cached.analysis.set.refs) if (use.targetUri === rootUri) result.push(use);
    }
    return result;
  }

  /** Finds the roots of the workspace and the files each reaches (once; kept up to date by analyses). */
  async roots(token: CancellationToken = neverCancelled): Promise<Map<string, Set<string>>> {
    if (this.rootIndex) return this.rootIndex;
    const index = new Map<string, Set<string>>();
    const kinds = this.service.kinds;
    for (const uri of await this.service.workspace.listFiles()) {
      throwIfCancelled(token);
      if (!kinds.isCandidateFile(uri) || kinds.byFileName(uri)) continue;
      const file = await this.service.workspace.readFile(uri);
      if (!file || !this.kind.mightBe(file.text)) continue;
      const analysis = await this.analyze(uri, token);
      if (analysis) index.set(uri, new Set(analysis.set.documents.keys()));
    }
    this.rootIndex = index;
    return index;
  }

  /** Root documents whose document set contains a file. */
  async rootsOf(uri: string, token: CancellationToken = neverCancelled): Promise<string[]> {
    const index = await this.roots(token);
    return [...index].filter(([root, files]) => root !== uri && files.has(uri)).map(([root]) => root);
  }

  fileChanged(uri: string, change: 'created' | 'changed' | 'deleted'): void {
    if (change === 'deleted') {
      this.analyses.delete(uri);
      this.rootIndex?.delete(uri);
    } else if (change === 'created' && this.rootIndex && !this.rootIndex.has(uri)) {
      // A new file may be a new root: index it lazily on the next request.
      this.rootIndex = undefined;
    }
  }
}

/** The index of a kind of root document for a service (made on first use, kept with the service). */
export function rootIndexOf<A extends { set: DocumentSet }>(service: LanguageService, kind: RootKind<A>): RootIndex<A> {
  return service.part(kind, (s) => new RootIndex(s, kind));
}

/** The findings in a fragment: those of every root that reaches it, found in that root's context. */
export async function fragmentFindings<A extends { set: DocumentSet; findings: FindingSink }>(index: RootIndex<A>, uri: string, token: CancellationToken): Promise<{ findings: Finding[]; dependencies: string[] }> {
  const findings: Finding[] = [];
  const dependencies: string[] = [];
  for (const root of await index.rootsOf(uri, token)) {
    const analysis = await index.analyze(root, token);
    if (!analysis) continue;
    findings.push(...analysis.findings.get(uri));
    dependencies.push(...analysis.set.documents.keys());
  }
  return { findings, dependencies };
}
