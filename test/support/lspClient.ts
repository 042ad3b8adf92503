import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  CancellationToken,
  createProtocolConnection,
  Diagnostic,
  DocumentDiagnosticRequest,
  InitializeResult,
  WorkspaceDiagnosticRequest,
  WorkspaceDiagnosticReportPartialResult,
  WorkspaceDocumentDiagnosticReport,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidOpenTextDocumentNotification,
  FileChangeType,
  InitializeRequest,
  InitializedNotification,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';
import { SERVER_NODE_OPTIONS } from '../../server/src/protocol';

/** Drives dist/server.js over stdio the way an editor does, for protocol-level tests. */
export class LspTestClient {
  readonly connection: ProtocolConnection;
  private readonly process: ChildProcess;
  private readonly latest = new Map<string, PublishDiagnosticsParams>();
  private waiters: { uri: string; predicate: (d: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void }[] = [];
  private versions = new Map<string, number>();
  stderr = '';
  /** Work-done progress the server reported, in order (with `workDoneProgress` at initialize). */
  readonly progress: { token: string | number; value: { kind: string; title?: string; message?: string; percentage?: number; cancellable?: boolean } }[] = [];
  private progressWaiters: (() => void)[] = [];
  /** How often the server asked for `workspace/diagnostic/refresh` (a client initialised with `pull`). */
  refreshes = 0;

  constructor() {
    // Started as the editor starts it; SERVER_NODE_ARGS adds flags to the server's node (for example --cpu-prof when measuring).
    const extra = process.env.SERVER_NODE_ARGS ? process.env.SERVER_NODE_ARGS.split(' ') : [];
    this.process = spawn(process.execPath, [...SERVER_NODE_OPTIONS, ...extra, resolve('dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr!.on('data', (chunk) => (this.stderr += chunk));
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.latest.set(params.uri, params);
      this.waiters = this.waiters.filter((w) => {
        if (w.uri === params.uri && w.predicate(params.diagnostics)) {
          w.resolve(params.diagnostics);
          return false;
        }
        return true;
      });
    });
    this.connection.listen();
  }

  /**
   * `settings` answers the `interfaceStudio` section; `sections` other ones (`files.exclude`);
   * `workDoneProgress` lets the server report progress, kept in `progress`; `pull` says the client
   * pulls diagnostics (`textDocument/diagnostic`, `workspace/diagnostic`) and may be asked to refresh them.
   */
  async initialize(folder: string, settings: Record<string, unknown> = {}, options: { sections?: Record<string, unknown>; workDoneProgress?: boolean; initializationOptions?: Record<string, unknown>; pull?: boolean } = {}): Promise<InitializeResult> {
    this.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map((item) => (item.section && item.section !== 'interfaceStudio' && options.sections ? options.sections[item.section] ?? null : settings)));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshes++;
      return null;
    });
    this.connection.onNotification('$/progress', (params: LspTestClient['progress'][number]) => {
      // Partial results of a request go to it; the rest is work-done progress.
      const partial = this.partialResults.get(params.token);
      if (partial) return partial(params.value as unknown as WorkspaceDiagnosticReportPartialResult);
      this.progress.push(params);
      for (const wake of this.progressWaiters.splice(0)) wake();
    });
    const result = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: URI.file(folder).toString(),
      workspaceFolders: [{ uri: URI.file(folder).toString(), name: 'ws' }],
      initializationOptions: options.initializationOptions,
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: false }, ...(options.pull ? { diagnostics: { refreshSupport: true } } : {}) },
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true }, ...(options.pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}) },
        ...(options.workDoneProgress ? { window: { workDoneProgress: true } } : {}),
      },
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  /** Pulls a document's diagnostics (`textDocument/diagnostic`). */
  async pullDocument(uri: string): Promise<Diagnostic[]> {
    const report = await this.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
    assert(report.kind === 'full', `expected a full report for ${uri}, got ${JSON.stringify(report)}`);
    return report.items;
  }

  /**
   * Pulls the workspace's diagnostics (`workspace/diagnostic`) as VS Code does: with the result ids
   * it holds and a partial-result token. `onReport` sees each report as it streams in; the promise
   * gives every report of the request, streamed or in its answer.
   */
  async pullWorkspace(previousResultIds: { uri: string; value: string }[] = [], options: { onReport?: (report: WorkspaceDocumentDiagnosticReport) => void; token?: CancellationToken } = {}): Promise<WorkspaceDocumentDiagnosticReport[]> {
    const partialResultToken = `partial-${++this.pulls}`;
    const reports: WorkspaceDocumentDiagnosticReport[] = [];
    const take = (items: WorkspaceDocumentDiagnosticReport[]) => {
      for (const item of items) {
        reports.push(item);
        options.onReport?.(item);
      }
    };
    this.partialResults.set(partialResultToken, (partial) => take(partial.items));
    try {
      take((await this.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds, partialResultToken }, options.token)).items);
    } finally {
      this.partialResults.delete(partialResultToken);
    }
    return reports;
  }
  private pulls = 0;
  private readonly partialResults = new Map<string | number, (partial: WorkspaceDiagnosticReportPartialResult) => void>();

  open(uri: string, text: string, languageId = uri.endsWith('.json') ? 'json' : 'yaml'): Promise<void> {
    this.versions.set(uri, 1);
    return this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
  }

  change(uri: string, text: string): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    return this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** An incremental change, as an editor sends it for a keystroke: only the replaced range and its new text. */
  edit(uri: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    return this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  }

  changedOnDisk(uri: string): Promise<void> {
    return this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri, type: FileChangeType.Changed }] });
  }

  /** Waits for published diagnostics of a document that satisfy a predicate (the latest ones count too). */
  diagnostics(uri: string, predicate: (d: Diagnostic[]) => boolean = () => true, timeoutMs = 20_000): Promise<Diagnostic[]> {
    const latest = this.latest.get(uri);
    if (latest && predicate(latest.diagnostics)) return Promise.resolve(latest.diagnostics);
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; last: ${JSON.stringify(this.latest.get(uri)?.diagnostics)}\n${this.stderr}`)), timeoutMs);
      this.waiters.push({ uri, predicate, resolve: (d) => { clearTimeout(timer); resolvePromise(d); } });
    });
  }

  /** Waits until the reported progress satisfies a predicate. */
  async waitForProgress(predicate: (progress: LspTestClient['progress']) => boolean, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.progress)) {
      if (Date.now() > deadline) throw new Error(`the expected progress did not come within ${timeoutMs} ms; got ${JSON.stringify(this.progress)}\n${this.stderr}`);
      await new Promise<void>((resolve) => {
        this.progressWaiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  /** The latest diagnostics published for a document, if any. */
  lastDiagnostics(uri: string): Diagnostic[] | undefined {
    return this.latest.get(uri)?.diagnostics;
  }

  /** Forgets what was published, so the next wait sees only new diagnostics. */
  reset(uri: string): void {
    this.latest.delete(uri);
  }

  async dispose(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 1000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // the process may be gone already
    }
    // Let the server exit by itself (it writes a --cpu-prof profile then), but not for long.
    if (this.process.exitCode === null) await Promise.race([new Promise((r) => this.process.once('exit', r)), new Promise((r) => setTimeout(r, 2000))]);
    this.connection.dispose();
    this.process.kill();
  }

  get pid(): number {
    return this.process.pid ?? -1;
  }

  get alive(): boolean {
    return this.process.exitCode === null && !this.process.killed;
  }
}

export function uriOf(path: string): string {
  return URI.file(path).toString();
}

/**
 * Registers mocha hooks that give each test a fresh copy of examples/ and a server initialised on
 * it; read `current()` inside a test.
 */
export function useExampleWorkspace(prefix: string): { current(): { client: LspTestClient; folder: string } } {
  let state: { client: LspTestClient; folder: string } | undefined;
  beforeEach(async () => {
    const folder = mkdtempSync(join(tmpdir(), prefix));
    cpSync(resolve('examples'), folder, { recursive: true });
    const client = new LspTestClient();
    await client.initialize(folder);
    state = { client, folder };
  });
  afterEach(async () => {
    await state?.client.dispose();
    if (state) rmSync(state.folder, { recursive: true, force: true });
    state = undefined;
  });
  return { current: () => state! };
}
