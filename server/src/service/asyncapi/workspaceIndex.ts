import { CancellationToken, CancelledError, neverCancelled, throwIfCancelled } from '../cancellation';
import type { ParsedDocument } from '../documents';
import type { LanguageService } from '../languageService';
import { analyzeAsyncApi, AsyncApiAnalysis } from './analysis';
import { asyncApiVersion, mightBeAsyncApi } from './version';

interface CachedAnalysis {
  versions: Map<string, string | number>;
  analysis: AsyncApiAnalysis;
}

/** The AsyncAPI documents of one service's workspace: the analysis of each, shared while none of its files changed. */
export class AsyncApiIndex {
  private readonly analyses = new Map<string, CachedAnalysis>();
  private readonly inflight = new Map<string, Promise<AsyncApiAnalysis | undefined>>();
  private rootList: string[] | undefined;

  constructor(private readonly service: LanguageService) {}

  async analyze(rootUri: string, token: CancellationToken = neverCancelled): Promise<AsyncApiAnalysis | undefined> {
    const root = await this.service.documents.get(rootUri);
    if (!root || !asyncApiVersion(root)) return undefined;
    const cached = this.analyses.get(rootUri);
    if (cached && (await this.isCurrent(cached))) return cached.analysis;
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
    const promise = this.run(root, token).finally(() => {
      if (this.inflight.get(rootUri) === promise) this.inflight.delete(rootUri);
    });
    this.inflight.set(rootUri, promise);
    return promise;
  }

  private async run(root: ParsedDocument, token: CancellationToken): Promise<AsyncApiAnalysis | undefined> {
    const configuration = this.service.configuration(root.uri);
    const workspace = this.service.workspace;
    const incomingRefs: { targetPath: string[] | undefined }[] = [];
    for (const [other, cached] of this.analyses) {
      if (other !== root.uri) for (const use of cached.analysis.set.refs) if (use.targetUri === root.uri) incomingRefs.push(use);
    }
    const analysis = await analyzeAsyncApi(root, this.service.documents, {
      allowRemoteRefs: configuration.allowRemoteRefs,
      fetchRemote: workspace.fetchRemote?.bind(workspace),
      incomingRefs,
    }, token);
    if (!analysis) return undefined;
    const versions = new Map<string, string | number>();
    for (const [uri, doc] of analysis.set.documents) versions.set(uri, doc.version);
    this.analyses.set(root.uri, { versions, analysis });
    return analysis;
  }

  private async isCurrent(cached: CachedAnalysis): Promise<boolean> {
    for (const [uri, version] of cached.versions) {
      const doc = await this.service.documents.get(uri);
      if (!doc || doc.version !== version) return false;
    }
    for (const missing of cached.analysis.set.missing) if (await this.service.documents.get(missing)) return false;
    return true;
  }

  /** Every AsyncAPI root document of the workspace (for references, rename and workspace symbols). */
  async roots(token: CancellationToken = neverCancelled): Promise<string[]> {
    if (this.rootList) return this.rootList;
    const found: string[] = [];
    const kinds = this.service.kinds;
    for (const uri of await this.service.workspace.listFiles()) {
      throwIfCancelled(token);
      if (!kinds.isCandidateFile(uri) || kinds.byFileName(uri)) continue;
      const file = await this.service.workspace.readFile(uri);
      if (!file || !mightBeAsyncApi(file.text)) continue;
      if (asyncApiVersion(await this.service.documents.get(uri))) found.push(uri);
    }
    this.rootList = found;
    return found;
  }

  fileChanged(uri: string, change: 'created' | 'changed' | 'deleted'): void {
    if (change === 'deleted') this.analyses.delete(uri);
    if (change !== 'changed') this.rootList = undefined;
  }
}

/** The AsyncAPI index of a service (made on first use). */
export function asyncApiIndex(service: LanguageService): AsyncApiIndex {
  return service.part(AsyncApiIndex, (s) => new AsyncApiIndex(s));
}
