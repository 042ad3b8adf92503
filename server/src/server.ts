import {
  Connection,
  DidChangeConfigurationNotification,
  FileChangeType,
  InitializeParams,
  InitializeResult,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { createLanguageService } from './service/languageService';
import { Workspace } from './service/workspace';
import { DiagnosticsScheduler } from './lsp/diagnostics';
import { EditorWorkspace } from './lsp/editorWorkspace';
import { SettingsStore } from './lsp/settings';
import { registerDocumentKind } from './lsp/documentKind';
import { registerSnippetCompletion } from './lsp/snippetCompletion';
import { registerMappingCodeLensAndRename, registerMappingLanguage } from './lsp/mappingLanguage';
import { registerMappingCommands } from './lsp/mappingCommands';
import { FeatureProviders } from './lsp/featureProviders';
import { registerDefinition } from './lsp/definition';
import { registerReferences } from './lsp/references';
import { registerCodeLens } from './lsp/codeLens';
import { registerRename } from './lsp/rename';
import { registerDocumentSymbols } from './lsp/documentSymbols';
import { registerWorkspaceSymbols } from './lsp/workspaceSymbols';
import { COMPLETION_TRIGGERS, registerCompletion } from './lsp/completion';
import { registerHover } from './lsp/hover';
import { CODE_ACTION_KINDS, registerCodeActions } from './lsp/codeActions';
import { snippetRegistry } from './service/snippets';
import { registerSequenceDiagram } from './lsp/flowDiagram';
import { flowLanguageCapabilities, registerFlowLanguage } from './lsp/flowLanguage';
import { registerPreview } from './lsp/preview';
import { ExpressionEvaluator } from './service/preview/evaluator';

/** What the host process provides: disk access for the workspace folders it is given. */
export interface ServerRuntime {
  createDiskWorkspace(folders: string[]): Workspace & { forget?(uri: string): void };
  /** Runs user JSONata (mapping preview) away from the server's thread, within a memory limit. */
  createEvaluator?(memoryLimitMb: () => number): ExpressionEvaluator;
}

/** Wires the language service to an LSP connection: capabilities, documents and one register call per feature. */
export function startServer(connection: Connection, runtime: ServerRuntime): void {
  const documents = new TextDocuments(TextDocument);
  let folders: string[] = [];
  let supportsConfiguration = false;
  let supportsWorkspaceFolders = false;
  let disk: ReturnType<ServerRuntime['createDiskWorkspace']> = runtime.createDiskWorkspace([]);
  const workspace = new EditorWorkspace(documents, { readFile: (u) => disk.readFile(u), listFiles: () => disk.listFiles(), fetchRemote: (u) => disk.fetchRemote!(u), folderOf: (u) => disk.folderOf?.(u) });
  const settings = new SettingsStore(connection, workspace, () => folders, () => supportsConfiguration);
  const service = createLanguageService({ workspace, configuration: () => settings.get() });
  const diagnostics = new DiagnosticsScheduler(connection, documents, service, settings);

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    supportsConfiguration = !!params.capabilities.workspace?.configuration;
    supportsWorkspaceFolders = !!params.capabilities.workspace?.workspaceFolders;
    settings.workspaceTrusted = (params.initializationOptions as { workspaceTrusted?: unknown } | undefined)?.workspaceTrusted !== false;
    folders = (params.workspaceFolders ?? []).map((f) => f.uri);
    if (!folders.length && params.rootUri) folders = [params.rootUri];
    disk = runtime.createDiskWorkspace(folders.map((f) => URI.parse(f).fsPath));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        completionProvider: {
          resolveProvider: true,
          triggerCharacters: [...new Set([...COMPLETION_TRIGGERS, '$', '.', ...(flowLanguageCapabilities.completionProvider?.triggerCharacters ?? [])])],
        },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS },
        definitionProvider: true,
        referencesProvider: true,
        codeLensProvider: { resolveProvider: false },
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: { label: 'OpenAPI' },
        workspaceSymbolProvider: true,
      },
      serverInfo: { name: 'Interface Studio' },
    };
  });

  connection.onInitialized(async () => {
    if (supportsConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'interfaceStudio' });
    }
    if (supportsWorkspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        folders = folders.filter((f) => !event.removed.some((r) => r.uri === f)).concat(event.added.map((a) => a.uri));
        disk = runtime.createDiskWorkspace(folders.map((f) => URI.parse(f).fsPath));
        service.fileChanged('', 'created');
        diagnostics.scheduleAll(0);
      });
    }
    await settings.reload();
    diagnostics.scheduleAll(0);
  });

  connection.onDidChangeConfiguration(async (change) => {
    await settings.reload(change.settings);
    diagnostics.scheduleAll(0);
  });

  documents.onDidOpen((event) => {
    service.fileChanged(event.document.uri, 'changed');
    diagnostics.schedule(event.document.uri, 0);
    diagnostics.scheduleDependents(event.document.uri);
  });
  documents.onDidChangeContent((event) => {
    diagnostics.schedule(event.document.uri);
    diagnostics.scheduleDependents(event.document.uri);
  });
  documents.onDidClose((event) => {
    // The buffer is gone: the file on disk is the truth again for documents that depend on it.
    service.fileChanged(event.document.uri, 'changed');
    diagnostics.clear(event.document.uri);
    diagnostics.scheduleDependents(event.document.uri);
  });

  connection.onDidChangeWatchedFiles(async (params) => {
    let configChanged = false;
    for (const change of params.changes) {
      disk.forget?.(change.uri);
      service.fileChanged(change.uri, change.type === FileChangeType.Created ? 'created' : change.type === FileChangeType.Deleted ? 'deleted' : 'changed');
      snippetRegistry(service).fileChanged(change.uri);
      if (settings.configFileUris().includes(change.uri)) configChanged = true;
    }
    if (configChanged) {
      await settings.reload();
      diagnostics.scheduleAll(0);
      return;
    }
    for (const change of params.changes) {
      if (!documents.get(change.uri)) diagnostics.scheduleDependents(change.uri, 0);
    }
  });

  registerDocumentKind(connection, service);
  // Several kinds answer completion, hover, definition and references: one merged handler each.
  const providers = new FeatureProviders();
  registerCompletion(providers, connection, service);
  registerHover(providers, service);
  registerDefinition(providers, service);
  registerReferences(providers, service);
  registerSnippetCompletion(providers, service);
  registerFlowLanguage(providers, service);
  registerMappingLanguage(providers, service);
  providers.listen(connection);
  registerCodeLens(connection, service);
  registerRename(connection, service);
  registerMappingCodeLensAndRename(connection, service);
  registerMappingCommands(connection, service);
  registerDocumentSymbols(connection, service);
  registerWorkspaceSymbols(connection, service);
  registerCodeActions(connection, service);
  registerSequenceDiagram(connection, service);
  registerPreview(connection, service, runtime.createEvaluator?.bind(runtime));

  documents.listen(connection);
  connection.listen();
}
