import { CancellationToken, CancelledError, neverCancelled, throwIfCancelled, yieldToEventLoop } from './cancellation';
import type { DocumentSet, DocumentSetOptions } from './openapi/documentSet';
import type { Finding, FindingSink } from './findings';
import type { ParsedDocument } from './documents';
import type { LanguageService } from './languageService';

/** `$ref`s from other roots into a root: they count as uses of what they point at. */
export type IncomingRefs = { targetPath: string[] | undefined }[];

/**
 * What a kind of root document (OpenAPI, AsyncAPI) tells the index. `E` is what its analysis knows
 * early, before the rules run (by default the whole analysis, reported when it ends).
 */
export interface RootKind<A extends E, E extends { set: DocumentSet } = A> {
  /** Whether a parsed document is a root of this kind. */
  isRoot(doc: ParsedDocument): boolean;
  /** A cheap look at raw text: could it be a root of this kind? */
  mightBe(text: string): boolean;
  /**
   * The analysis of a root and the files it references; `early` is told the early stage as soon
   * as it is known, and the analysis goes on from it once the promise `early` returns resolves
   * (when the requests that waited for the stage are answered).
   */
  analyze(root: ParsedDocument, service: LanguageService, options: DocumentSetOptions & { incomingRefs: IncomingRefs }, token: CancellationToken, early?: (stage: E) => Promise<void>): Promise<A | undefined>;
}

interface CachedAnalysis<A> {
  versions: Map<string, string | number>;
  analysis: A;
}

/** An analysis under way: its early stage resolves first (or fails as the run does). */
interface RunningAnalysis<A, E> {
  analysis: Promise<A | undefined>;
  stage: Promise<E | undefined>;
  /** A request took the early stage before the run ended: its answer goes out before the rules run. */
  handedOut: boolean;
}

/**
 * How long a run that handed out its early stage waits before its rules hold the thread: the time
 * for a large answer made from it (the API reference's outline of GitHub's spec is 500 KB) to be
 * written to the editor, which happens only while the thread is free.
 */
const ANSWER_WRITE_MS = 30;

/**
 * The root documents of one kind in a service's workspace: the analysis of each root (shared while
 * none of its files changed) and which files each root reaches, so a fragment is checked in its
 * roots' context and references and rename find every root.
 */
export class RootIndex<A extends E, E extends { set: DocumentSet } = A> {
  private readonly analyses = new Map<string, CachedAnalysis<A>>();
  private readonly inflight = new Map<string, RunningAnalysis<A, E>>();
  /** Root documents of the workspace and the files each reaches. */
  private rootIndex: Map<string, Set<string>> | undefined;

  constructor(
    protected readonly service: LanguageService,
    private readonly kind: RootKind<A, E>,
  ) {}

  /** The analysis of a root document, shared while none of its files changed. */
  async analyze(rootUri: string, token: CancellationToken = neverCancelled): Promise<A | undefined> {
    const found = await this.find(rootUri);
    if (!found || found.current) return found?.current;
    // Share a run already under way, but only its result: it may be for older text, or be
    // cancelled by the request that started it, and then this request runs its own.
    if (found.running) {
      await settled(found.running.analysis);
      throwIfCancelled(token);
      const done = await this.currentAnalysis(rootUri);
      if (done) return done;
    }
    return this.start(found.root, token).analysis;
  }

  /**
   * The early stage of a root's analysis (for OpenAPI: the document set with its `$ref`s resolved
   * and the broken ones found), without waiting for the rules: taken from the analysis of the
   * current files when there is one, else from the run under way or a run started here, which
   * then goes on to the end so that the diagnostics it serves compute nothing twice.
   */
  async stage(rootUri: string, token: CancellationToken = neverCancelled): Promise<E | undefined> {
    const found = await this.find(rootUri);
    if (!found || found.current) return found?.current;
    const { running } = found;
    if (running) {
      const stage = await settled(running.stage);
      if (stage && (await this.setIsCurrent(stage.set))) {
        running.handedOut = true;
        return stage;
      }
      throwIfCancelled(token);
      const done = await this.currentAnalysis(rootUri);
      if (done) return done;
    }
    const started = this.start(found.root, token);
    started.handedOut = true;
    return started.stage;
  }

  /** A root document, with its analysis of the files as they are now or else the run under way. */
  private async find(rootUri: string): Promise<{ root: ParsedDocument; current?: A; running?: RunningAnalysis<A, E> } | undefined> {
    const root = await this.service.documents.get(rootUri);
    if (!root || !this.kind.isRoot(root)) return undefined;
    const current = await this.currentAnalysis(rootUri);
    return { root, current, running: current ? undefined : this.inflight.get(rootUri) };
  }

  /** The analysis made of the files as they are now, if there is one. */
  private async currentAnalysis(rootUri: string): Promise<A | undefined> {
    const cached = this.analyses.get(rootUri);
    return cached && (await this.isCurrent(cached)) ? cached.analysis : undefined;
  }

  private start(root: ParsedDocument, token: CancellationToken): RunningAnalysis<A, E> {
    let reportStage!: (stage: E | undefined) => void;
    const stage = new Promise<E | undefined>((resolve) => (reportStage = resolve));
    const early = async (value: E): Promise<void> => {
      reportStage(value);
      // Two turns: requests that came in while the documents were read are read, then answered
      // from the stage (what they do with it is synchronous, so it is done by the second turn).
      await yieldToEventLoop();
      await yieldToEventLoop();
      if (!running.handedOut) return;
      // The answers are written in a turn of their own, and the rest of a large one as the editor reads it.
      await yieldToEventLoop();
      await new Promise((resolve) => setTimeout(resolve, ANSWER_WRITE_MS));
    };
    const analysis = this.runAnalysis(root, token, early).finally(() => {
      if (this.inflight.get(root.uri) === running) this.inflight.delete(root.uri);
    });
    // A run that ends without telling its early stage (another kind, or a failure) settles it as it ends.
    const running: RunningAnalysis<A, E> = { analysis, stage: Promise.race([stage, analysis]), handedOut: false };
    running.stage.catch(() => undefined);
    this.inflight.set(root.uri, running);
    return running;
  }

  private async runAnalysis(root: ParsedDocument, token: CancellationToken, early: (stage: E) => Promise<void>): Promise<A | undefined> {
    const configuration = this.service.configuration(root.uri);
    const workspace = this.service.workspace;
    const analysis = await this.kind.analyze(root, this.service, {
      allowRemoteRefs: configuration.allowRemoteRefs,
      fetchRemote: workspace.fetchRemote?.bind(workspace),
      incomingRefs: this.incomingRefs(root.uri),
    }, token, early);
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
    return this.missingStillMissing(cached.analysis.set);
  }

  /** Whether a document set was made from the files as they are now. */
  private async setIsCurrent(set: DocumentSet): Promise<boolean> {
    for (const [uri, made] of set.documents) {
      const doc = await this.service.documents.get(uri);
      if (!doc || doc.version !== made.version) return false;
    }
    return this.missingStillMissing(set);
  }

  /** A file that was missing may have appeared. */
  private async missingStillMissing(set: DocumentSet): Promise<boolean> {
    for (const missing of set.missing) if (await this.service.documents.get(missing)) return false;
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

/** What a run gave, or undefined when it was cancelled (by the request that started it, not this one). */
async function settled<T>(run: Promise<T>): Promise<T | undefined> {
  try {
    return await run;
  } catch (error) {
    if (!(error instanceof CancelledError)) throw error;
    return undefined;
  }
}

/** The index of a kind of root document for a service (made on first use, kept with the service). */
export function rootIndexOf<A extends E, E extends { set: DocumentSet } = A>(service: LanguageService, kind: RootKind<A, E>): RootIndex<A, E> {
  return service.part(kind, (s) => new RootIndex<A, E>(s, kind));
}

/** The findings in a fragment: those of every root that reaches it, found in that root's context. */
export async function fragmentFindings<A extends E & { findings: FindingSink }, E extends { set: DocumentSet }>(index: RootIndex<A, E>, uri: string, token: CancellationToken): Promise<{ findings: Finding[]; dependencies: string[] }> {
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
