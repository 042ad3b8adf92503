import { Diagnostic } from 'vscode-languageserver-types';
import { CancellationToken, CancelledError, neverCancelled, throwIfCancelled, yieldToEventLoop } from './cancellation';
import { Configuration, defaultConfiguration } from './configuration';
import { toDiagnostics } from './diagnostics';
import { DocumentCache, DocumentKind, isCandidateFile, kindFromName, mightBeOpenApi, ParsedDocument } from './documents';
import { Finding } from './findings';
import { analyzeOpenApi, OpenApiAnalysis } from './openapi/analysis';
import { Workspace } from './workspace';
import { registerDocumentKinds } from './kinds';

/**
 * What a document kind other than OpenAPI contributes (mappings, flows, snippet libraries): its
 * findings, and the files those findings depend on (re-checked when any of them changes).
 */
export interface KindHandler {
  diagnose(doc: ParsedDocument, service: LanguageService, token: CancellationToken): Promise<{ findings: Finding[]; dependencies: string[] }>;
}

export interface LanguageServiceOptions {
  workspace: Workspace;
  /** The configuration for a document (settings may differ per workspace folder). */
  configuration?: (uri: string) => Configuration;
}

interface CachedAnalysis {
  versions: Map<string, string | number>;
  analysis: OpenApiAnalysis;
}

export class LanguageService {
  readonly workspace: Workspace;
  readonly documents: DocumentCache;
  private readonly configurationOf: (uri: string) => Configuration;
  private readonly analyses = new Map<string, CachedAnalysis>();
  private readonly inflight = new Map<string, Promise<OpenApiAnalysis | undefined>>();
  /** For each diagnosed document, the other documents its diagnostics depend on. */
  private readonly dependencies = new Map<string, Set<string>>();
  /** Root OpenAPI documents of the workspace and the files each reaches. */
  private rootIndex: Map<string, Set<string>> | undefined;
  private readonly handlers = new Map<DocumentKind['kind'], KindHandler>();

  constructor(options: LanguageServiceOptions) {
    this.workspace = options.workspace;
    this.configurationOf = options.configuration ?? (() => defaultConfiguration);
    this.documents = new DocumentCache(this.workspace, () => this.configurationOf('').maxFileSize);
  }

  configuration(uri: string): Configuration {
    return this.configurationOf(uri);
  }

  registerKind(kind: DocumentKind['kind'], handler: KindHandler): void {
    this.handlers.set(kind, handler);
  }

  async getDocument(uri: string): Promise<ParsedDocument | undefined> {
    return this.documents.get(uri);
  }

  /** The analysis of a root OpenAPI document, shared while none of its files changed. */
  async analyze(rootUri: string, token: CancellationToken = neverCancelled): Promise<OpenApiAnalysis | undefined> {
    const root = await this.documents.get(rootUri);
    if (!root || root.kind.kind !== 'openapi') return undefined;
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
    const configuration = this.configurationOf(root.uri);
    const incomingRefs = this.incomingRefs(root.uri);
    const analysis = await analyzeOpenApi(root, this.documents, {
      allowRemoteRefs: configuration.allowRemoteRefs,
      fetchRemote: this.workspace.fetchRemote?.bind(this.workspace),
      incomingRefs,
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
      const doc = await this.documents.get(uri);
      if (!doc || doc.version !== version) return false;
    }
    // A file that was missing may have appeared.
    for (const missing of cached.analysis.set.missing) if (await this.documents.get(missing)) return false;
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
  async indexWorkspace(token: CancellationToken = neverCancelled): Promise<Map<string, Set<string>>> {
    if (this.rootIndex) return this.rootIndex;
    const index = new Map<string, Set<string>>();
    for (const uri of await this.workspace.listFiles()) {
      throwIfCancelled(token);
      if (!isCandidateFile(uri) || kindFromName(uri)) continue;
      const file = await this.workspace.readFile(uri);
      if (!file || !mightBeOpenApi(file.text)) continue;
      const analysis = await this.analyze(uri, token);
      if (analysis) index.set(uri, new Set(analysis.set.documents.keys()));
    }
    this.rootIndex = index;
    return index;
  }

  /** Root documents whose document set contains a file. */
  async rootsOf(uri: string, token: CancellationToken = neverCancelled): Promise<string[]> {
    const index = await this.indexWorkspace(token);
    return [...index].filter(([root, files]) => root !== uri && files.has(uri)).map(([root]) => root);
  }

  /** Called when a file is created, changed on disk or deleted: cached knowledge about it goes. */
  fileChanged(uri: string, kind: 'created' | 'changed' | 'deleted'): void {
    this.documents.forget(uri);
    if (kind === 'deleted') {
      this.analyses.delete(uri);
      this.rootIndex?.delete(uri);
    } else if (kind === 'created' && this.rootIndex && !this.rootIndex.has(uri)) {
      // A new file may be a new root: index it lazily on the next request.
      this.rootIndex = undefined;
    }
  }

  /** Documents whose diagnostics depend on this one (for re-validation after a change). */
  dependentsOf(uri: string): string[] {
    const result: string[] = [];
    for (const [dependent, deps] of this.dependencies) if (dependent !== uri && deps.has(uri)) result.push(dependent);
    return result;
  }

  /** The kind of a document, for the status bar. */
  async documentKind(uri: string): Promise<DocumentKind> {
    const doc = await this.documents.get(uri);
    if (!doc) return { kind: 'other' };
    if (doc.kind.kind === 'other' && (await this.rootsOf(uri)).length) return { kind: 'other' };
    return doc.kind;
  }

  /** Findings of one document: its own syntax, the analyses of its roots, its kind's checks. */
  async findings(uri: string, token: CancellationToken = neverCancelled): Promise<{ doc: ParsedDocument; findings: Finding[] } | undefined> {
    const doc = await this.documents.get(uri);
    if (!doc) return undefined;
    await yieldToEventLoop();
    throwIfCancelled(token);
    const deps = new Set<string>();
    const findings: Finding[] = [];
    const syntax = (): Finding[] => doc.parse.problems.map((p) => ({ uri, code: p.code, message: p.message, offset: p.offset, length: p.length }));

    if (doc.tooLarge) {
      if (isCandidateFile(uri) && (kindFromName(uri) || mightBeOpenApi(doc.text))) {
        const limit = this.configurationOf(uri).maxFileSize;
        findings.push({ uri, code: 'document.tooLarge', offset: 0, length: 0,
          message: `This document is larger than ${Math.round(limit / 1024 / 1024)} MB (setting \`interfaceStudio.maxFileSize\`); it is not checked.` });
      }
      this.dependencies.set(uri, deps);
      return { doc, findings };
    }

    if (doc.kind.kind === 'openapi') {
      findings.push(...syntax());
      const analysis = await this.analyze(uri, token);
      if (analysis) {
        findings.push(...analysis.findings.get(uri));
        for (const file of analysis.set.documents.keys()) deps.add(file);
        for (const missing of analysis.set.missing) deps.add(missing);
      }
    } else if (doc.kind.kind === 'other') {
      const roots = await this.rootsOf(uri, token);
      const unreadable = doc.parse.problems.some((p) => p.code === 'document.tooDeep') && mightBeOpenApi(doc.text);
      if (roots.length || unreadable) findings.push(...syntax());
      for (const root of roots) {
        throwIfCancelled(token);
        const analysis = await this.analyze(root, token);
        if (!analysis) continue;
        findings.push(...analysis.findings.get(uri));
        for (const file of analysis.set.documents.keys()) deps.add(file);
      }
    } else {
      const handler = this.handlers.get(doc.kind.kind);
      if (handler) {
        if (doc.language !== 'json' || doc.kind.kind !== 'mermaid') findings.push(...syntax());
        const result = await handler.diagnose(doc, this, token);
        findings.push(...result.findings);
        for (const dep of result.dependencies) deps.add(dep);
      } else if (doc.kind.kind !== 'mermaid') {
        findings.push(...syntax());
      }
    }
    deps.delete(uri);
    this.dependencies.set(uri, deps);
    return { doc, findings: findings.filter((f) => f.uri === uri) };
  }

  /** LSP diagnostics of one document. */
  async diagnose(uri: string, token: CancellationToken = neverCancelled): Promise<Diagnostic[]> {
    const result = await this.findings(uri, token);
    if (!result) return [];
    return toDiagnostics(result.doc, result.findings, this.configurationOf(uri), (other) => this.documents.peek(other)?.lines);
  }
}

export function createLanguageService(options: LanguageServiceOptions): LanguageService {
  const service = new LanguageService(options);
  registerDocumentKinds(service);
  return service;
}
