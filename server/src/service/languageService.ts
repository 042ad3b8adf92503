import type { Diagnostic } from 'vscode-languageserver-types';
import { CancellationToken, neverCancelled, throwIfCancelled, yieldToEventLoop } from './cancellation';
import { Configuration, defaultConfiguration } from './configuration';
import { toDiagnostics } from './diagnostics';
import { DocumentCache, ParsedDocument } from './documents';
import type { Finding } from './findings';
import { KindDefinition, KindRegistry } from './kinds';
import { CORE_RULES, RuleCatalog } from './rules';
import type { Workspace } from './workspace';
import type { ExpressionEvaluator } from './preview/evaluator';
import type { IntegrationHost } from './runs/host';
import type { Revisions } from './changes/revisions';
import type { RulesetFunctionHost } from './rulesets/customFunctions';

/** What the host gives the service beyond files: ways to run a user's code away from the service's thread. */
export interface ServiceHost {
  /** Runs user JSONata (mapping preview) in a bounded worker; absent where the host cannot start one. */
  evaluator?: ExpressionEvaluator;
  /** How long a preview may run, per document (the editor's setting). */
  previewTimeoutMs?(uri: string): Promise<number>;
  /** Starts mock servers and sends a flow's requests; absent where the host cannot. */
  integration?: IntegrationHost;
  /** Earlier versions of the files (git), to tell what changed since; absent where there is none. */
  revisions?: Revisions;
  /** Draws a Mermaid diagram as SVG (in a browser the host has); otherwise says why not. */
  drawMermaid?(mermaid: string): Promise<{ svg: string } | { note: string }>;
  /** The commits that changed any of the files, newest first; undefined when they are not under version control. */
  fileHistory?(uris: string[]): Promise<FileHistoryEntry[] | undefined>;
  /** Runs rulesets' custom JavaScript functions in a bounded worker; absent where the host cannot start one. */
  rulesetFunctions?: RulesetFunctionHost;
}

/** One commit in a file's history. */
export interface FileHistoryEntry {
  /** ISO date of the commit (author date). */
  date: string;
  author: string;
  subject: string;
  /** The URIs of the given files the commit changed. */
  files: string[];
}

export interface LanguageServiceOptions {
  workspace: Workspace;
  /** The configuration for a document (settings may differ per workspace folder). */
  configuration?: (uri: string) => Configuration;
  /** The document kinds this service knows, in the order they are tried. */
  kinds: readonly KindDefinition[];
  host?: ServiceHost;
}

/**
 * Where a finding names codes of ours that find the same defect (`data.sameAs`: a team ruleset's
 * rule), our finding on the same line goes: the user sees one diagnostic, the ruleset's.
 */
function dropSameDefects(doc: ParsedDocument, findings: Finding[]): void {
  const replaced = new Set<string>();
  for (const f of findings) {
    const same = f.data?.sameAs;
    if (!Array.isArray(same)) continue;
    const line = doc.lines.positionAt(f.offset).line;
    for (const code of same) replaced.add(`${code}@${line}`);
  }
  if (!replaced.size) return;
  for (let i = findings.length - 1; i >= 0; i--) {
    const f = findings[i];
    if (f.uri === doc.uri && replaced.has(`${f.code}@${doc.lines.positionAt(f.offset).line}`)) findings.splice(i, 1);
  }
}

/** The kind and label of a document, for the status bar. */
export interface KindLabel {
  kind: string;
  label?: string;
}

export class LanguageService {
  readonly workspace: Workspace;
  readonly documents: DocumentCache;
  readonly kinds = new KindRegistry();
  readonly rules: RuleCatalog;
  readonly host: ServiceHost;
  private readonly configurationOf: (uri: string) => Configuration;
  /** For each diagnosed document, the other documents its diagnostics depend on. */
  private readonly dependencies = new Map<string, Set<string>>();
  /** State a kind keeps for this service instance (indexes, caches), by the key the kind chose. */
  private readonly parts = new Map<object, unknown>();

  constructor(options: LanguageServiceOptions) {
    this.workspace = options.workspace;
    this.host = options.host ?? {};
    this.configurationOf = options.configuration ?? (() => defaultConfiguration);
    for (const kind of options.kinds) this.kinds.register(kind);
    this.rules = new RuleCatalog([...CORE_RULES, ...this.kinds.rules()]);
    this.documents = new DocumentCache(this.workspace, () => this.configurationOf('').maxFileSize, this.kinds);
  }

  configuration(uri: string): Configuration {
    return this.configurationOf(uri);
  }

  /** The state a kind keeps for this service, made on first use: `key` is any object the kind owns. */
  part<T>(key: object, create: (service: LanguageService) => T): T {
    if (!this.parts.has(key)) this.parts.set(key, create(this));
    return this.parts.get(key) as T;
  }

  async getDocument(uri: string): Promise<ParsedDocument | undefined> {
    return this.documents.get(uri);
  }

  /** The kind that handles a document: the one its name or root names, else one that claims it (fragments). */
  async kindOf(doc: ParsedDocument, token: CancellationToken = neverCancelled): Promise<KindDefinition | undefined> {
    const own = this.kinds.get(doc.kind.kind);
    if (own) return own;
    for (const kind of this.kinds.all()) if (kind.claims && (await kind.claims(this, doc, token))) return kind;
    return undefined;
  }

  /** Called when a file is created, changed on disk or deleted: cached knowledge about it goes. */
  fileChanged(uri: string, change: 'created' | 'changed' | 'deleted'): void {
    this.documents.forget(uri);
    for (const kind of this.kinds.all()) kind.fileChanged?.(this, uri, change);
  }

  /** Documents whose diagnostics depend on this one (for re-validation after a change). */
  dependentsOf(uri: string): string[] {
    const result: string[] = [];
    for (const [dependent, deps] of this.dependencies) if (dependent !== uri && deps.has(uri)) result.push(dependent);
    return result;
  }

  /** The kind of a document and its label, for the status bar. */
  async documentKind(uri: string, token: CancellationToken = neverCancelled): Promise<KindLabel> {
    const doc = await this.documents.get(uri);
    const kind = doc && (await this.kindOf(doc, token));
    if (!doc || !kind) return { kind: 'other' };
    return { kind: kind.id, label: kind.label(doc.kind) };
  }

  /** Findings of one document: its own syntax, then its kind's checks. */
  async findings(uri: string, token: CancellationToken = neverCancelled): Promise<{ doc: ParsedDocument; findings: Finding[] } | undefined> {
    const doc = await this.documents.get(uri);
    if (!doc) return undefined;
    await yieldToEventLoop();
    throwIfCancelled(token);
    const deps = new Set<string>();
    const findings: Finding[] = [];
    const syntax = (): Finding[] => doc.parse.problems.map((p) => ({ uri, code: p.code, message: p.message, offset: p.offset, length: p.length }));

    if (doc.tooLarge) {
      if (this.kinds.byFileName(uri) || (this.kinds.isCandidateFile(uri) && this.kinds.mightBeRecognised(doc.text))) {
        const limit = this.configurationOf(uri).maxFileSize;
        findings.push({ uri, code: 'document.tooLarge', offset: 0, length: 0,
          message: `This document is larger than ${Math.round(limit / 1024 / 1024)} MB (setting \`interfaceStudio.maxFileSize\`); it is not checked.` });
      }
      this.dependencies.set(uri, deps);
      return { doc, findings };
    }

    const kind = await this.kindOf(doc, token);
    if (kind) {
      if (!kind.plainText) findings.push(...syntax());
      const result = await kind.features?.diagnose?.({ service: this, doc, token });
      if (result) {
        findings.push(...result.findings);
        for (const dep of result.dependencies) deps.add(dep);
      }
      for (const other of this.kinds.all()) {
        if (!other.everywhere?.diagnose || kind.plainText) continue;
        const added = await other.everywhere.diagnose({ service: this, doc, token });
        for (const dep of added.dependencies) deps.add(dep);
        findings.push(...added.findings);
      }
      dropSameDefects(doc, findings);
    } else if (doc.parse.problems.some((p) => p.code === 'document.tooDeep') && this.kinds.mightBeRecognised(doc.text)) {
      // Too deep to read its root: it may well be a spec, so say why it is not checked.
      findings.push(...syntax());
    }
    deps.delete(uri);
    this.dependencies.set(uri, deps);
    return { doc, findings: findings.filter((f) => f.uri === uri) };
  }

  /** LSP diagnostics of one document. */
  async diagnose(uri: string, token: CancellationToken = neverCancelled): Promise<Diagnostic[]> {
    const result = await this.findings(uri, token);
    if (!result) return [];
    return toDiagnostics(result.doc, result.findings, this.configurationOf(uri), this.rules, (other) => this.documents.peek(other)?.lines);
  }
}
