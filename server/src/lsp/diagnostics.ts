import { CancellationTokenSource, Connection, Diagnostic, DiagnosticSeverity, TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CancelledError } from '../service/cancellation';
import { LanguageService } from '../service/languageService';
import { SettingsStore } from './settings';

/** Delay after the last keystroke before a big document is re-checked. */
const TYPING_DELAY_MS = 60;
/** Smaller documents, quick to check, wait less: a millisecond per this many characters, within the bounds. */
const SHORTEST_TYPING_DELAY_MS = 15;
const CHARACTERS_PER_MS = 50_000;
/** A document this long (a few MB) takes a moment to check the first time: the status bar says so meanwhile. */
const LARGE_DOCUMENT_CHARACTERS = 2_000_000;

/** The clock the scheduler waits on (tests give their own). */
export interface SchedulerTimers {
  now(): number;
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: SchedulerTimers = {
  now: () => performance.now(),
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Pushes diagnostics for open documents: at once on open, shortly after each edit (superseded runs
 * are cancelled and stale results dropped), and for every open document that depends on a changed one.
 */
export class DiagnosticsScheduler {
  /** The planned check of each document: when it is due and for which version. */
  private readonly timers = new Map<string, { handle: unknown; due: number; version: number | undefined }>();
  private readonly running = new Map<string, CancellationTokenSource>();
  /** Resolves when a document's diagnostics were published (for tests and for clients that wait). */
  private readonly listeners: ((uri: string) => void)[] = [];
  /** Documents checked once already (the first check of a large one shows progress). */
  private readonly checkedOnce = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly service: LanguageService,
    private readonly settings: SettingsStore,
    private readonly clock: SchedulerTimers = realTimers,
  ) {}

  onPublished(listener: (uri: string) => void): void {
    this.listeners.push(listener);
  }

  schedule(uri: string, delay = this.typingDelay(uri)): void {
    const version = this.documents.get(uri)?.version;
    const due = this.clock.now() + delay;
    const planned = this.timers.get(uri);
    // The same text asked for again (an open also reports its content as changed) keeps the
    // earlier time: only an edit may push a check back.
    if (planned && planned.version === version && planned.due <= due) return;
    if (planned) this.clock.clear(planned.handle);
    this.running.get(uri)?.cancel();
    const handle = this.clock.set(() => {
      this.timers.delete(uri);
      void this.validate(uri);
    }, delay);
    this.timers.set(uri, { handle, due, version });
  }

  private typingDelay(uri: string): number {
    const length = this.documents.get(uri)?.getText().length ?? Infinity;
    return Math.max(SHORTEST_TYPING_DELAY_MS, Math.min(TYPING_DELAY_MS, length / CHARACTERS_PER_MS));
  }

  /** Re-checks every open document (settings changed, a file changed on disk…). */
  scheduleAll(delay = TYPING_DELAY_MS): void {
    for (const doc of this.documents.all()) this.schedule(doc.uri, delay);
  }

  scheduleDependents(uri: string, delay = TYPING_DELAY_MS): void {
    for (const dependent of this.service.dependentsOf(uri)) if (this.documents.get(dependent)) this.schedule(dependent, delay);
  }

  clear(uri: string): void {
    const planned = this.timers.get(uri);
    if (planned) this.clock.clear(planned.handle);
    this.timers.delete(uri);
    this.running.get(uri)?.cancel();
    this.checkedOnce.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private async validate(uri: string): Promise<void> {
    await this.settings.loaded;
    const document = this.documents.get(uri);
    const configFile = this.settings.configFileUris().includes(uri);
    if (!document) return;
    const source = new CancellationTokenSource();
    this.running.set(uri, source);
    const version = document.version;
    const progress = this.firstCheckProgress(uri, document);
    try {
      let diagnostics: Diagnostic[] = await this.service.diagnose(uri, source.token);
      if (configFile) diagnostics = diagnostics.concat(this.configProblems(uri));
      if (source.token.isCancellationRequested || this.documents.get(uri)?.version !== version) return;
      await this.connection.sendDiagnostics({ uri, version, diagnostics });
      this.checkedOnce.add(uri);
      for (const listener of this.listeners) listener(uri);
    } catch (error) {
      if (error instanceof CancelledError) return;
      this.connection.console.error(`Checking ${uri} failed: ${(error as Error)?.stack ?? error}`);
      await this.connection.sendDiagnostics({
        uri,
        version,
        diagnostics: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Error, source: 'interface-studio', code: 'internal.error', message: `Interface Studio could not check this document: ${(error as Error)?.message ?? error}` }],
      });
    } finally {
      if (this.running.get(uri) === source) this.running.delete(uri);
      void progress?.then((p) => p?.done());
    }
  }

  /** "Checking api.github.com.json…" in the status bar while a large document is checked for the first time. */
  private firstCheckProgress(uri: string, document: TextDocument): Promise<{ done(): void } | undefined> | undefined {
    if (this.checkedOnce.has(uri) || document.getText().length < LARGE_DOCUMENT_CHARACTERS || !this.connection.window) return undefined;
    const name = decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
    return this.connection.window.createWorkDoneProgress().then(
      (progress) => {
        progress.begin(`Checking ${name}…`);
        return progress;
      },
      () => undefined,
    );
  }

  private configProblems(uri: string): Diagnostic[] {
    const problems = this.settings.problems.find((p) => p.source === uri);
    return (problems?.messages ?? []).map((message) => ({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: DiagnosticSeverity.Error,
      source: 'interface-studio',
      code: 'config.invalid',
      message,
    }));
  }
}
