import { CancellationToken, CancellationTokenSource, Connection, Diagnostic, DiagnosticSeverity, TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CancelledError } from '../service/cancellation';
import { LanguageService } from '../service/languageService';
import { SettingsStore } from './settings';

/**
 * Delay after a keystroke that follows another one closely (a burst) before a big document is
 * re-checked. A keystroke after a quiet moment longer than this is checked at once.
 */
const TYPING_DELAY_MS = 60;
/** Smaller documents, quick to check, wait less: a millisecond per this many characters, within the bounds. */
const SHORTEST_TYPING_DELAY_MS = 15;
const CHARACTERS_PER_MS = 50_000;
/** A document this long (a few MB) takes a moment to check the first time: the status bar says so meanwhile. */
const LARGE_DOCUMENT_CHARACTERS = 2_000_000;
/** How long a pulling client may take to ask for an opened or edited document's diagnostics before it is reminded. */
const PULL_EXPECTED_WITHIN_MS = 2000;

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
 * With a client that pulls diagnostics (`pull`), nothing is pushed: the client asks for each open
 * document's (`check`), and when a file it does not know about changes it is asked to pull again.
 */
export class DiagnosticsScheduler {
  /** The client pulls diagnostics; `refreshSupport`: it may be asked to pull them again. */
  private pull: { refreshSupport: boolean } | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** The version of each open document the client last pulled, and the checks that it does. */
  private readonly pulledVersions = new Map<string, number>();
  private readonly pullWatch = new Map<string, ReturnType<typeof setTimeout>>();
  /** The planned check of each document: when it is due and for which version. */
  private readonly timers = new Map<string, { handle: unknown; due: number; version: number | undefined }>();
  private readonly running = new Map<string, CancellationTokenSource>();
  /** Resolves when a document's diagnostics were published (for tests and for clients that wait). */
  private readonly listeners: ((uri: string) => void)[] = [];
  /** Documents checked once already (the first check of a large one shows progress). */
  private readonly checkedOnce = new Set<string>();
  /** When each open document was last edited: an edit after a quiet moment is checked without waiting. */
  private readonly lastEdited = new Map<string, number>();

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

  /** From now on the client pulls diagnostics (set at initialize, from its capabilities). */
  usePull(refreshSupport: boolean): void {
    this.pull = { refreshSupport };
  }

  get pulling(): boolean {
    return !!this.pull;
  }

  /** No check is planned or running. */
  get quiet(): boolean {
    return this.timers.size === 0 && this.running.size === 0;
  }

  /**
   * An open document was edited: it is checked again, and the open documents that depend on it.
   * A lone edit (none to this document within the typing delay before it) is checked at once; an
   * edit that follows another closely waits the typing delay, so that a burst gives one check
   * after its last keystroke (each newer edit cancels the check of the one before).
   */
  edited(uri: string): void {
    // A pulling client asks for the edited document and, as the server declares inter-file dependencies, for the others.
    if (this.pull) return this.expectPull(uri);
    const now = this.clock.now();
    const previous = this.lastEdited.get(uri);
    this.lastEdited.set(uri, now);
    const delay = this.typingDelay(uri);
    this.schedule(uri, previous === undefined || now - previous >= delay ? 0 : delay);
    this.scheduleDependents(uri);
  }

  schedule(uri: string, delay = this.typingDelay(uri)): void {
    if (this.pull) return this.expectPull(uri);
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
    if (this.pull) return this.refresh();
    for (const doc of this.documents.all()) this.schedule(doc.uri, delay);
  }

  scheduleDependents(uri: string, delay = TYPING_DELAY_MS): void {
    if (this.pull) {
      if (this.service.dependentsOf(uri).some((d) => this.documents.get(d))) this.refresh();
      return;
    }
    for (const dependent of this.service.dependentsOf(uri)) if (this.documents.get(dependent)) this.schedule(dependent, delay);
  }

  clear(uri: string): void {
    const planned = this.timers.get(uri);
    if (planned) this.clock.clear(planned.handle);
    this.timers.delete(uri);
    this.running.get(uri)?.cancel();
    this.checkedOnce.delete(uri);
    this.lastEdited.delete(uri);
    this.pulledVersions.delete(uri);
    clearTimeout(this.pullWatch.get(uri));
    this.pullWatch.delete(uri);
    if (!this.pull) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /**
   * A pulling client should now ask for this document's diagnostics; if it has not done so a moment
   * later (VS Code's client can lose track of a document closed and opened again at once), it is
   * asked to pull again, so that no open document is left without findings.
   */
  private expectPull(uri: string): void {
    clearTimeout(this.pullWatch.get(uri));
    this.pullWatch.set(uri, setTimeout(() => {
      this.pullWatch.delete(uri);
      const document = this.documents.get(uri);
      if (document && this.pulledVersions.get(uri) !== document.version) this.refresh();
    }, PULL_EXPECTED_WITHIN_MS));
  }

  /** Asks a pulling client to pull the open documents' diagnostics again (several changes at once make one request). */
  private refresh(): void {
    if (!this.pull?.refreshSupport || this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      void this.connection.languages.diagnostics.refresh().catch(() => undefined);
    }, TYPING_DELAY_MS);
  }

  /**
   * The diagnostics of an open document now, for a client's pull (none for a document that is not
   * open: the workspace's report has those). Throws CancelledError when `token` is cancelled.
   */
  async check(uri: string, token: CancellationToken): Promise<Diagnostic[]> {
    await this.settings.loaded;
    const document = this.documents.get(uri);
    if (!document) return [];
    this.pulledVersions.set(uri, document.version);
    const progress = this.firstCheckProgress(uri, document);
    try {
      const diagnostics = await this.diagnose(uri, token);
      this.checkedOnce.add(uri);
      return diagnostics;
    } catch (error) {
      if (error instanceof CancelledError) throw error;
      this.connection.console.error(`Checking ${uri} failed: ${(error as Error)?.stack ?? error}`);
      return [internalError(error)];
    } finally {
      void progress?.then((p) => p?.done());
    }
  }

  /** The findings of a document, and for the configuration file its own problems. */
  private async diagnose(uri: string, token: CancellationToken): Promise<Diagnostic[]> {
    const diagnostics: Diagnostic[] = await this.service.diagnose(uri, token);
    return this.settings.configFileUris().includes(uri) ? diagnostics.concat(this.configProblems(uri)) : diagnostics;
  }

  private async validate(uri: string): Promise<void> {
    await this.settings.loaded;
    const document = this.documents.get(uri);
    if (!document) return;
    const source = new CancellationTokenSource();
    this.running.set(uri, source);
    const version = document.version;
    const progress = this.firstCheckProgress(uri, document);
    try {
      const diagnostics = await this.diagnose(uri, source.token);
      if (source.token.isCancellationRequested || this.documents.get(uri)?.version !== version) return;
      await this.connection.sendDiagnostics({ uri, version, diagnostics });
      this.checkedOnce.add(uri);
      for (const listener of this.listeners) listener(uri);
    } catch (error) {
      if (error instanceof CancelledError) return;
      this.connection.console.error(`Checking ${uri} failed: ${(error as Error)?.stack ?? error}`);
      await this.connection.sendDiagnostics({ uri, version, diagnostics: [internalError(error)] });
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

/** What a user sees when a check fails inside the server: a finding at the top of the file, not silence. */
export function internalError(error: unknown): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Error,
    source: 'interface-studio',
    code: 'internal.error',
    message: `Interface Studio could not check this document: ${(error as Error)?.message ?? error}`,
  };
}
