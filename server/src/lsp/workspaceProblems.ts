import { Connection, Diagnostic, TextDocuments, WorkDoneProgressServerReporter } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { sep } from 'node:path';
import { URI } from 'vscode-uri';
import { WORKSPACE_CHECK_STATE, WorkspaceCheckRequest, type WorkspaceCheckResult, type WorkspaceCheckState } from '../protocol';
import { CancelledError, yieldToEventLoop } from '../service/cancellation';
import { internalError } from './diagnostics';
import type { Configuration } from '../service/configuration';
import type { LanguageService } from '../service/languageService';

/** Checks a file nobody opened, away from the open documents' checks where the host can. */
export interface BackgroundChecker {
  configure(configuration: Configuration): Promise<void>;
  diagnose(uri: string): Promise<Diagnostic[]>;
  /** Forgets what it knew of a file changed on disk; answers the files whose findings depend on it. */
  fileChanged(uri: string, change: 'created' | 'changed' | 'deleted'): Promise<string[]>;
  /** Drops the check under way (its answer rejects). */
  cancel(): void;
  dispose(): void;
}

/** `interfaceStudio.problems.scope`: the whole workspace in Problems, or only the open files. */
export type ProblemsScope = 'workspace' | 'openFiles';

/** Where a host cannot start a thread: the server's own service, a turn of the event loop between files. */
export class InThreadChecker implements BackgroundChecker {
  private cancelled = false;
  constructor(private readonly service: LanguageService) {}
  async configure(): Promise<void> {}
  async diagnose(uri: string): Promise<Diagnostic[]> {
    this.cancelled = false;
    await yieldToEventLoop();
    const diagnostics = await this.service.diagnose(uri);
    if (this.cancelled) throw new CancelledError();
    return diagnostics;
  }
  async fileChanged(uri: string): Promise<string[]> {
    return this.service.dependentsOf(uri);
  }
  cancel(): void {
    this.cancelled = true;
  }
  dispose(): void {}
}

/** Where the findings of unopened files go: pushed per file, or kept for the client's `workspace/diagnostic` pulls. */
export interface ProblemsOutput {
  publish(uri: string, diagnostics: Diagnostic[]): void;
}

export interface WorkspaceProblemsHost {
  /** The candidate files of the workspace folders on disk. */
  listFiles(): Promise<string[]>;
  folders(): string[];
  checker(): BackgroundChecker;
  /** The files `files.exclude` or git keeps out of sight (file-system paths). */
  ignored(paths: string[], folders: string[], excludeGlobs: string[]): Promise<Set<string>>;
  supportsConfiguration(): boolean;
  configuration(): Configuration;
}

/**
 * Puts the findings of every recognised file of the workspace in the Problems panel, not only the
 * open ones': after start-up, after a settings change and when files change on disk, unopened files
 * are checked in the background (with work-done progress, which the editor shows in its status bar,
 * and which the user may cancel) and their diagnostics published. Open documents stay with the
 * DiagnosticsScheduler, whose results always win.
 */
export class WorkspaceProblems {
  scope: ProblemsScope = 'workspace';
  private excludeGlobs: string[] = [];
  /** Unopened files whose findings we published, with those findings (cleared when the scope shrinks). */
  private readonly published = new Map<string, Diagnostic[]>();
  private output: ProblemsOutput;
  private readonly busyListeners: (() => void)[] = [];
  private readonly queue: string[] = [];
  private generation = 0;
  private draining = false;
  private progress: WorkDoneProgressServerReporter | undefined;
  private done = 0;
  private inFlight = false;
  private readonly idleListeners: (() => void)[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly service: LanguageService,
    private readonly host: WorkspaceProblemsHost,
  ) {
    this.output = { publish: (uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }) };
    connection.onRequest(WorkspaceCheckRequest, async ({ action }): Promise<WorkspaceCheckResult> => {
      if (action === 'cancel') this.cancel();
      else await this.refresh({ rereadSettings: false });
      return { scope: this.scope, queued: this.queue.length };
    });
  }

  /** Reads the scope and `files.exclude`, then checks every unopened file again (or clears them for `openFiles`). */
  async refresh({ rereadSettings = true } = {}): Promise<void> {
    if (rereadSettings) await this.readSettings();
    this.cancel();
    await this.host.checker().configure(this.host.configuration());
    if (this.scope === 'openFiles') {
      for (const uri of this.published.keys()) if (!this.documents.get(uri)) this.output.publish(uri, []);
      this.published.clear();
      return;
    }
    const files = await this.visible(await this.host.listFiles());
    // Files that were shown before and are now out of sight (newly excluded, deleted) lose their findings.
    for (const uri of [...this.published.keys()]) {
      if (!files.includes(uri) && !this.documents.get(uri)) {
        this.published.delete(uri);
        this.output.publish(uri, []);
      }
    }
    this.enqueue(files);
  }

  /** Files created, changed or deleted on disk: they and the files that depend on them are checked again. */
  async filesChanged(changes: { uri: string; change: 'created' | 'changed' | 'deleted' }[]): Promise<void> {
    const again = new Set<string>();
    for (const { uri, change } of changes) {
      const dependents = await this.host.checker().fileChanged(uri, change).catch(() => []);
      if (change === 'deleted') {
        if (this.published.delete(uri)) this.output.publish(uri, []);
      } else if (this.service.kinds.isCandidateFile(uri)) again.add(uri);
      for (const d of dependents) again.add(d);
    }
    if (this.scope === 'workspace') this.enqueue(await this.visible([...again]));
  }

  /** A document was closed: in workspace scope its findings stay, now read from disk. Answers whether it took over. */
  closed(uri: string): boolean {
    if (this.scope !== 'workspace' || !this.service.kinds.isCandidateFile(uri) || !this.host.folders().some((f) => uri.startsWith(f.replace(/\/?$/, '/')))) return false;
    void this.host.checker().fileChanged(uri, 'changed').catch(() => undefined);
    void this.visible([uri]).then((files) => this.enqueue(files));
    return true;
  }

  opened(uri: string): void {
    this.published.delete(uri);
  }

  /** Stops the check under way; what was published stays. */
  cancel(): void {
    this.generation++;
    this.queue.length = 0;
    this.host.checker().cancel();
    this.endProgress();
  }

  /**
   * The client pulls workspace diagnostics from now on: what was pushed is withdrawn and handed to
   * `output`, which gets every later finding. Clients that never pull keep getting them pushed.
   */
  switchOutput(output: ProblemsOutput): void {
    for (const [uri, diagnostics] of this.published) {
      this.output.publish(uri, []);
      output.publish(uri, diagnostics);
    }
    this.output = output;
  }

  /** Whether files are queued or being checked. */
  get busy(): boolean {
    return this.draining || this.queue.length > 0;
  }

  /** Calls `listener` once the check under way ends (finished or cancelled). */
  onceIdle(listener: () => void): void {
    if (!this.busy) listener();
    else this.busyListeners.push(listener);
  }

  /** Resolves when nothing is queued or being checked (tests, and the first-run walkthrough). */
  whenIdle(): Promise<void> {
    if (!this.draining && !this.queue.length) return Promise.resolve();
    return new Promise((resolve) => this.idleListeners.push(resolve));
  }

  dispose(): void {
    this.cancel();
    this.host.checker().dispose();
  }

  private async readSettings(): Promise<void> {
    if (!this.host.supportsConfiguration()) return;
    const withTimeout = <T>(promise: Promise<T>): Promise<T | undefined> =>
      Promise.race([promise.catch(() => undefined), new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 2000))]);
    const own = (await withTimeout(this.connection.workspace.getConfiguration({ section: 'interfaceStudio' }))) as { problems?: { scope?: unknown } } | null | undefined;
    this.scope = own?.problems?.scope === 'openFiles' ? 'openFiles' : 'workspace';
    const globs = new Set<string>();
    for (const folder of this.host.folders()) {
      const exclude = (await withTimeout(this.connection.workspace.getConfiguration({ section: 'files.exclude', scopeUri: folder }))) as Record<string, unknown> | null | undefined;
      // `true` excludes; `{ when: … }` depends on sibling files, which we do not follow: those are checked.
      for (const [glob, on] of Object.entries(exclude && typeof exclude === 'object' ? exclude : {})) if (on === true) globs.add(glob);
    }
    this.excludeGlobs = [...globs];
  }

  /** The files among these that belong in Problems: candidates inside a folder, not excluded or ignored, not open. */
  private async visible(uris: string[]): Promise<string[]> {
    const folders = this.host.folders().map((f) => URI.parse(f).fsPath);
    const candidates = uris.filter((u) => u.startsWith('file:') && !this.documents.get(u) && this.service.kinds.isCandidateFile(u));
    const paths = new Map(candidates.map((u) => [URI.parse(u).fsPath, u]));
    const ignored = await this.host.ignored([...paths.keys()], folders, this.excludeGlobs);
    return [...paths].filter(([path]) => !ignored.has(path) && folders.some((f) => path === f || path.startsWith(f.endsWith(sep) ? f : f + sep))).map(([, uri]) => uri);
  }

  private enqueue(uris: string[]): void {
    if (this.scope !== 'workspace') return;
    const queued = new Set(this.queue);
    for (const uri of uris) if (!queued.has(uri)) this.queue.push(uri);
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.draining || !this.queue.length) return;
    this.draining = true;
    const generation = this.generation;
    try {
      await this.beginProgress(generation);
      while (this.queue.length && generation === this.generation) {
        const uri = this.queue.shift()!;
        let diagnostics: Diagnostic[] | undefined;
        if (!this.documents.get(uri)) {
          this.inFlight = true;
          try {
            diagnostics = await this.host.checker().diagnose(uri);
          } catch (error) {
            if (generation !== this.generation) break;
            diagnostics = [internalError(error)];
          } finally {
            this.inFlight = false;
          }
        }
        if (generation !== this.generation) break;
        this.done++;
        // An open document's own check wins: a result from disk never overwrites it.
        if (diagnostics && !this.documents.get(uri) && (diagnostics.length || this.published.has(uri))) {
          if (diagnostics.length) this.published.set(uri, diagnostics);
          else this.published.delete(uri);
          this.output.publish(uri, diagnostics);
        }
        this.reportProgress();
      }
    } finally {
      this.draining = false;
      if (generation === this.generation) this.endProgress();
    }
    if (this.queue.length) void this.drain();
    else for (const listener of this.idleListeners.splice(0).concat(this.busyListeners.splice(0))) listener();
  }

  private async beginProgress(generation: number): Promise<void> {
    if (this.progress) return;
    this.done = 0;
    this.sendState(true);
    const progress = await this.connection.window.createWorkDoneProgress().catch(() => undefined);
    if (!progress) return;
    if (generation !== this.generation || (!this.draining && !this.queue.length)) {
      progress.done();
      return;
    }
    this.progress = progress;
    progress.begin('Interface Studio', 0, this.progressMessage(), true);
    progress.token.onCancellationRequested(() => {
      if (this.progress === progress) this.cancel();
    });
  }

  private progressMessage(): string {
    return `Checking the workspace: ${this.done}/${this.total()} files`;
  }

  private total(): number {
    return this.done + this.queue.length + (this.inFlight ? 1 : 0);
  }

  /** Tells the client how far the check got (VS Code shows a stop button beside the status-bar progress, which cannot be cancelled there). */
  private sendState(running: boolean): void {
    if (running === this.stateRunning && !running) return;
    this.stateRunning = running;
    void this.connection.sendNotification(WORKSPACE_CHECK_STATE, { running, done: this.done, total: this.total() } satisfies WorkspaceCheckState);
  }
  private stateRunning = false;

  private reportProgress(): void {
    this.sendState(true);
    const total = this.total();
    this.progress?.report(total ? Math.floor((this.done / total) * 100) : 100, this.progressMessage());
  }

  private endProgress(): void {
    this.sendState(false);
    this.progress?.done();
    this.progress = undefined;
  }
}
