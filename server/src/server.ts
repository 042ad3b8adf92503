import {
  Connection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  InitializeParams,
  InitializeResult,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { editorDocuments } from './lsp/editorDocument';
import { URI } from 'vscode-uri';
import { builtinKinds, createLanguageService } from './service/builtinKinds';
import type { KindDefinition } from './service/kinds';
import { Workspace } from './service/workspace';
import { DiagnosticsScheduler } from './lsp/diagnostics';
import { BackgroundChecker, InThreadChecker, WorkspaceProblems } from './lsp/workspaceProblems';
import { EditorWorkspace } from './lsp/editorWorkspace';
import { DIAGNOSTICS_IDENTIFIER, registerPullDiagnostics } from './lsp/pullDiagnostics';
import { SettingsStore } from './lsp/settings';
import { loadBuiltinSnippets } from './lsp/builtinSnippets';
import { registerCompletion } from './lsp/completion';
import { registerNavigation } from './lsp/navigation';
import { registerRename } from './lsp/rename';
import { registerSymbols } from './lsp/symbols';
import { CODE_ACTION_KINDS, registerCodeActions } from './lsp/codeActions';
import { registerCustomRequests } from './lsp/customRequests';
import { onceOnly } from './lsp/handlers';
import { defaultPreviewSettings, readPreviewSettings } from './lsp/previewSettings';
import { ExpressionEvaluator } from './service/preview/evaluator';
import type { ServiceHost } from './service/languageService';
import type { DocumentKindInfo } from './protocol/fileNames';
import { MOCK_LOG, RUN_PROGRESS } from './protocol';
import type { IntegrationEvents, IntegrationHost } from './service/runs/host';
import { formatMockCall, formatSpecChange } from './service/runs/mock';

import type { Revisions } from './service/changes/revisions';
import type { RulesetFunctionHost } from './service/rulesets/customFunctions';

/** What the host process provides: disk access for the workspace folders it is given. */
export interface ServerRuntime {
  /** A workspace of the folders' files on disk, listing those `isCandidate` accepts. */
  createDiskWorkspace(folders: string[], isCandidate: (name: string) => boolean): Workspace & { forget?(uri: string): void };
  /** Runs user JSONata (mapping preview) away from the server's thread, within a memory limit. */
  createEvaluator?(memoryLimitMb: () => number): ExpressionEvaluator;
  /** Runs rulesets' custom functions in a bounded worker, only while `trusted` says so. */
  createRulesetFunctions?(trusted: () => boolean): RulesetFunctionHost;
  /** Mock servers and flow runs (they need a network stack). */
  createIntegrationHost?(events: IntegrationEvents): IntegrationHost;
  /** Earlier versions of the files (git), for changes since a revision. */
  revisions?: Revisions;
  /** Draws Mermaid as SVG for exported documents (a headless browser); without it they embed the Mermaid text. */
  drawMermaid?: ServiceHost['drawMermaid'];
  /** The Git history of files, for exported documents. */
  fileHistory?: ServiceHost['fileHistory'];
  /** The document kinds to serve; the built-in ones by default. */
  kinds?(): KindDefinition[];
  /** Checks unopened files away from the server's thread (built-in kinds only); else they are checked in it. */
  createBackgroundChecker?(folders: string[], trusted: boolean): BackgroundChecker;
  /**
   * Called each time a document's diagnostics are published: a moment to hand back what the check
   * left behind. `quiet` says whether no check is waiting or running (no keystroke to keep waiting).
   */
  afterCheck?(quiet: () => boolean): void;
  /** The files (paths) that `files.exclude` globs or git ignore; nothing is ignored without it. */
  ignoredFiles?(paths: string[], folders: string[], excludeGlobs: string[]): Promise<Set<string>>;
}

/**
 * Wires the language service to an LSP connection: capabilities, documents, and one handler per
 * method, each asking the kind registry (a second handler for a method throws).
 */
export function startServer(rawConnection: Connection, runtime: ServerRuntime): void {
  const connection = onceOnly(rawConnection);
  const documents = new TextDocuments(editorDocuments);
  let folders: string[] = [];
  let supportsConfiguration = false;
  let supportsWorkspaceFolders = false;
  let supportsWatcherRegistration = false;
  let disk: ReturnType<ServerRuntime['createDiskWorkspace']> = runtime.createDiskWorkspace([], () => false);
  const workspace = new EditorWorkspace(documents, { readFile: (u) => disk.readFile(u), listFiles: () => disk.listFiles(), fetchRemote: (u) => disk.fetchRemote!(u), folderOf: (u) => disk.folderOf?.(u) });
  let previewSettings = defaultPreviewSettings;
  const service = createLanguageService({
    workspace,
    configuration: () => settings.get(),
    kinds: runtime.kinds?.() ?? builtinKinds(),
    host: {
      evaluator: runtime.createEvaluator?.(() => previewSettings.memoryLimitMb),
      previewTimeoutMs: async (uri) => (previewSettings = await readPreviewSettings(connection, uri)).timeoutMs,
      integration: runtime.createIntegrationHost?.({
        trusted: () => settings.workspaceTrusted,
        mockCall: (specUri, call) => void connection.sendNotification(MOCK_LOG, { specUri, line: formatMockCall(call) }),
        specChanged: (specUri, change) => void connection.sendNotification(MOCK_LOG, { specUri, line: formatSpecChange(change) }),
        stepDone: (uri, step) => void connection.sendNotification(RUN_PROGRESS, { uri, step }),
        timeoutMs: () => 10_000,
      }),
      revisions: runtime.revisions,
      drawMermaid: runtime.drawMermaid,
      fileHistory: runtime.fileHistory,
      rulesetFunctions: runtime.createRulesetFunctions?.(() => settings.workspaceTrusted),
    },
  });
  const settings = new SettingsStore(connection, workspace, () => folders, () => supportsConfiguration, () => service.rules);
  const isCandidate = (name: string) => service.kinds.isCandidateFile(name);
  const diagnostics = new DiagnosticsScheduler(connection, documents, service, settings);
  if (runtime.afterCheck) diagnostics.onPublished(() => runtime.afterCheck!(() => diagnostics.quiet));
  const newChecker = (): BackgroundChecker =>
    runtime.createBackgroundChecker && !runtime.kinds ? runtime.createBackgroundChecker(folders.map((f) => URI.parse(f).fsPath), settings.workspaceTrusted) : new InThreadChecker(service);
  let checker: BackgroundChecker = new InThreadChecker(service);
  const workspaceProblems = new WorkspaceProblems(connection, documents, service, {
    listFiles: () => disk.listFiles(),
    folders: () => folders,
    checker: () => checker,
    ignored: (paths, roots, globs) => runtime.ignoredFiles?.(paths, roots, globs) ?? Promise.resolve(new Set()),
    supportsConfiguration: () => supportsConfiguration,
    configuration: () => settings.get(),
  });

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    supportsConfiguration = !!params.capabilities.workspace?.configuration;
    supportsWorkspaceFolders = !!params.capabilities.workspace?.workspaceFolders;
    supportsWatcherRegistration = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    // Pull diagnostics where the client has them; everything is pushed to those without.
    const pull = !!params.capabilities.textDocument?.diagnostic;
    if (pull) diagnostics.usePull(!!params.capabilities.workspace?.diagnostics?.refreshSupport);
    settings.workspaceTrusted = (params.initializationOptions as { workspaceTrusted?: unknown } | undefined)?.workspaceTrusted !== false;
    folders = (params.workspaceFolders ?? []).map((f) => f.uri);
    if (!folders.length && params.rootUri) folders = [params.rootUri];
    disk = runtime.createDiskWorkspace(folders.map((f) => URI.parse(f).fsPath), isCandidate);
    checker = newChecker();
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        completionProvider: { resolveProvider: true, triggerCharacters: service.kinds.completionTriggers() },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS },
        definitionProvider: true,
        referencesProvider: true,
        codeLensProvider: { resolveProvider: false },
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: { label: 'Interface Studio' },
        workspaceSymbolProvider: true,
        ...(pull ? { diagnosticProvider: { identifier: DIAGNOSTICS_IDENTIFIER, interFileDependencies: true, workspaceDiagnostics: true } } : {}),
        experimental: { documentKinds: service.kinds.all().map((k): DocumentKindInfo => ({ id: k.id, fileNames: [...(k.fileNames ?? [])] })) },
      },
      serverInfo: { name: 'Interface Studio' },
    };
  });

  connection.onInitialized(async () => {
    if (supportsConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: ['interfaceStudio', 'files.exclude'] });
    }
    if (supportsWatcherRegistration) {
      // The kinds say which files matter on disk; the editor watches them for us.
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: service.kinds.watchedGlobs().map((globPattern) => ({ globPattern })) });
    }
    if (supportsWorkspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        folders = folders.filter((f) => !event.removed.some((r) => r.uri === f)).concat(event.added.map((a) => a.uri));
        disk = runtime.createDiskWorkspace(folders.map((f) => URI.parse(f).fsPath), isCandidate);
        service.fileChanged('', 'created');
        diagnostics.scheduleAll(0);
        workspaceProblems.cancel();
        checker.dispose();
        checker = newChecker();
        void workspaceProblems.refresh();
      });
    }
    await settings.reload();
    diagnostics.scheduleAll(0);
    void workspaceProblems.refresh();
  });

  connection.onDidChangeConfiguration(async (change) => {
    await settings.reload(change.settings);
    diagnostics.scheduleAll(0);
    void workspaceProblems.refresh();
  });

  documents.onDidOpen((event) => {
    workspaceProblems.opened(event.document.uri);
    service.fileChanged(event.document.uri, 'changed');
    diagnostics.schedule(event.document.uri, 0);
    diagnostics.scheduleDependents(event.document.uri);
  });
  documents.onDidChangeContent((event) => diagnostics.edited(event.document.uri));
  documents.onDidClose((event) => {
    // The buffer is gone: the file on disk is the truth again for documents that depend on it.
    service.fileChanged(event.document.uri, 'changed');
    // Its diagnostics go with its version; in workspace scope those of the file on disk follow.
    diagnostics.clear(event.document.uri);
    workspaceProblems.closed(event.document.uri);
    diagnostics.scheduleDependents(event.document.uri);
  });

  connection.onDidChangeWatchedFiles(async (params) => {
    let configChanged = false;
    for (const change of params.changes) {
      disk.forget?.(change.uri);
      service.fileChanged(change.uri, change.type === FileChangeType.Created ? 'created' : change.type === FileChangeType.Deleted ? 'deleted' : 'changed');
      if (settings.configFileUris().includes(change.uri)) configChanged = true;
    }
    if (configChanged) {
      await settings.reload();
      diagnostics.scheduleAll(0);
      void workspaceProblems.refresh();
      return;
    }
    for (const change of params.changes) {
      if (!documents.get(change.uri)) diagnostics.scheduleDependents(change.uri, 0);
    }
    void workspaceProblems.filesChanged(params.changes.map((c) => ({ uri: c.uri, change: c.type === FileChangeType.Created ? 'created' : c.type === FileChangeType.Deleted ? 'deleted' : 'changed' })));
  });
  const pulled = registerPullDiagnostics(connection, diagnostics, workspaceProblems);
  connection.onShutdown(() => {
    pulled.dispose();
    workspaceProblems.dispose();
  });

  loadBuiltinSnippets(service);
  registerCompletion(connection, service);
  registerNavigation(connection, service);
  registerRename(connection, service);
  registerSymbols(connection, service);
  registerCodeActions(connection, service);
  registerCustomRequests(connection, service);

  documents.listen(rawConnection);
  rawConnection.listen();
}
