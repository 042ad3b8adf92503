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

/**
 * Pushes diagnostics for open documents: at once on open, shortly after each edit (superseded runs
 * are cancelled and stale results dropped), and for every open document that depends on a changed one.
 */
export class DiagnosticsScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, CancellationTokenSource>();
  /** Resolves when a document's diagnostics were published (for tests and for clients that wait). */
  private readonly listeners: ((uri: string) => void)[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly service: LanguageService,
    private readonly settings: SettingsStore,
  ) {}

  onPublished(listener: (uri: string) => void): void {
    this.listeners.push(listener);
  }

  schedule(uri: string, delay = this.typingDelay(uri)): void {
    clearTimeout(this.timers.get(uri));
    this.running.get(uri)?.cancel();
    this.timers.set(uri, setTimeout(() => {
      this.timers.delete(uri);
      void this.validate(uri);
    }, delay));
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
    clearTimeout(this.timers.get(uri));
    this.running.get(uri)?.cancel();
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private async validate(uri: string): Promise<void> {
    const document = this.documents.get(uri);
    const configFile = this.settings.configFileUris().includes(uri);
    if (!document) return;
    const source = new CancellationTokenSource();
    this.running.set(uri, source);
    const version = document.version;
    try {
      let diagnostics: Diagnostic[] = await this.service.diagnose(uri, source.token);
      if (configFile) diagnostics = diagnostics.concat(this.configProblems(uri));
      if (source.token.isCancellationRequested || this.documents.get(uri)?.version !== version) return;
      await this.connection.sendDiagnostics({ uri, version, diagnostics });
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
    }
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
