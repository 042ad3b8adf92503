import { CancellationToken, CancelledError, neverCancelled, throwIfCancelled } from '../cancellation';
import type { ParsedDocument } from '../documents';
import type { LanguageService } from '../languageService';
import { analyzeOpenApi, OpenApiAnalysis } from './analysis';
import { mightBeOpenApi, openApiVersion } from './version';

interface CachedAnalysis {
  versions: Map<string, string | number>;
  analysis: OpenApiAnalysis;
}

/**
 * The OpenAPI documents of one service's workspace: the analysis of each root (shared while none
 * of its files changed) and which files each root reaches, so a fragment is checked in its roots' context.
 */
export class OpenApiIndex {
  private readonly analyses = new Map<string, CachedAnalysis>();
  private readonly inflight = new Map<string, Promise<OpenApiAnalysis | undefined>>();
  /** Root OpenAPI documents of the workspace and the files each reaches. */
  private rootIndex: Map<string, Set<string>> | undefined;

  constructor(private readonly service: LanguageService) {}

  /** The analysis of a root OpenAPI document, shared while none of its files changed. */
  async analyze(rootUri: string, token: CancellationToken = neverCancelled): Promise<OpenApiAnalysis | undefined> {
    const root = await this.service.documents.get(rootUri);
    if (!root || !openApiVersion(root)) return undefined;
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

  private async runAnalysis(root: ParsedDocument, token: CancellationToken): Promise<OpenApiAnalysis | undefined> {
    const configuration = this.service.configuration(root.uri);
    const workspace = this.service.workspace;
    const analysis = await analyzeOpenApi(root, this.service.documents, {
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

  private async isCurrent(cached: CachedAnalysis): Promise<boolean> {
    for (const [uri, version] of cached.versions) {
      const doc = await this.service.documents.get(uri);
      if (!doc || doc.version !== version) return false;
    }
    // A file that was missing may have appeared.
    for (const missing of cached.analysis.set.missing) if (await this.service.documents.get(missing)) return false;
    return true;
  }

  private incomingRefs(rootUri: string): { targetPath: string[] | undefined }[] {
    const result: { targetPath: string[] | undefined }[] = [];
    for (const [otherRoot, cached] of this.analyses) {
      if (otherRoot === rootUri) continue;
      for (const use of cached.analysis.set.refs) if (use.targetUri === rootUri) result.push(use);
    }
    return result;
  }

  /** Finds the OpenAPI roots of the workspace and the files each reaches (once; kept up to date by analyses). */
  async roots(token: CancellationToken = neverCancelled): Promise<Map<string, Set<string>>> {
    if (this.rootIndex) return this.rootIndex;
    const index = new Map<string, Set<string>>();
    const kinds = this.service.kinds;
    for (const uri of await this.service.workspace.listFiles()) {
      throwIfCancelled(token);
      if (!kinds.isCandidateFile(uri) || kinds.byFileName(uri)) continue;
      const file = await this.service.workspace.readFile(uri);
      if (!file || !mightBeOpenApi(file.text)) continue;
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

/** The OpenAPI index of a service (made on first use). */
export function openApiIndex(service: LanguageService): OpenApiIndex {
  return service.part(OpenApiIndex, (s) => new OpenApiIndex(s));
}
