import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { ApiReferenceDetailsRequest, ApiReferenceModel, ApiReferenceRequest, DocumentKindRequest } from '../../../server/src/protocol';
import { isApiReferencePageState, isFromApiReferencePage, ToApiReferencePage } from './apiReferenceMessages';
import { Throttle } from './throttle';
import { createNonce, webviewHtml } from './webviewHtml';

export const API_REFERENCE_VIEW_TYPE = 'interfaceStudio.apiReference';
export const API_REFERENCE_COMMAND = 'interfaceStudio.previewApiReference';
/** Set while the active editor holds an OpenAPI root: the editor-title button shows then. */
const IS_OPENAPI_CONTEXT = 'interfaceStudio.activeIsOpenApi';
/** After the first update, at most one per this many milliseconds while typing. */
const THROTTLE_MS = 300;

/** The API reference beside the editor: one panel per spec, kept current while any of its files is edited. */
export function registerApiReference(context: vscode.ExtensionContext, getClient: () => LanguageClient | undefined): void {
  const panels = new Map<string, ApiReferencePanel>();
  const open = (specUri: vscode.Uri, panel?: vscode.WebviewPanel): ApiReferencePanel => {
    const key = specUri.toString();
    const existing = panels.get(key);
    if (existing && !panel) {
      existing.panel.reveal(vscode.ViewColumn.Beside, true);
      return existing;
    }
    const bundle = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');
    const webviewPanel = panel ?? vscode.window.createWebviewPanel(API_REFERENCE_VIEW_TYPE, `API Reference ${basename(specUri)}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [bundle],
    });
    const reference = new ApiReferencePanel(context, webviewPanel, specUri, getClient);
    panels.set(key, reference);
    webviewPanel.onDidDispose(() => {
      if (panels.get(key) === reference) panels.delete(key);
      reference.dispose();
    });
    return reference;
  };

  let kindTicket = 0;
  const updateContext = async (): Promise<void> => {
    const ticket = ++kindTicket;
    const editor = vscode.window.activeTextEditor;
    const client = getClient();
    let isOpenApi = false;
    if (editor && client?.isRunning()) {
      try {
        isOpenApi = (await client.sendRequest(DocumentKindRequest, { uri: editor.document.uri.toString() })).kind === 'openapi';
      } catch {
        isOpenApi = false;
      }
    }
    if (ticket === kindTicket) void vscode.commands.executeCommand('setContext', IS_OPENAPI_CONTEXT, isOpenApi);
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(API_REFERENCE_COMMAND, async (uri?: vscode.Uri) => {
      const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
      const client = getClient();
      const kind = target && client ? (await client.sendRequest(DocumentKindRequest, { uri: target.toString() }).catch(() => undefined))?.kind : undefined;
      if (!target || kind !== 'openapi') {
        void vscode.window.showInformationMessage('Open an OpenAPI document (`openapi: 3.x` or `swagger: "2.0"` at its root) to preview its API reference.');
        return;
      }
      open(target);
    }),
    vscode.window.registerWebviewPanelSerializer(API_REFERENCE_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        if (!isApiReferencePageState(state)) {
          panel.dispose();
          return;
        }
        open(vscode.Uri.parse(state.specUri), panel);
      },
    }),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (!event.contentChanges.length) return;
      for (const panel of panels.values()) panel.documentChanged(event.document.uri);
    }),
    vscode.workspace.onDidSaveTextDocument((doc) => {
      for (const panel of panels.values()) panel.documentChanged(doc.uri);
    }),
    vscode.window.onDidChangeActiveTextEditor(() => void updateContext()),
    vscode.workspace.onDidOpenTextDocument(() => void updateContext()),
  );
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.{json,yaml,yml}');
  const onDisk = (uri: vscode.Uri): void => {
    for (const panel of panels.values()) panel.documentChanged(uri);
  };
  context.subscriptions.push(watcher, watcher.onDidChange(onDisk), watcher.onDidCreate(onDisk), watcher.onDidDelete(onDisk));
  // The client starts after registration: look at the active editor once it can answer.
  setTimeout(() => void updateContext(), 1500);
}

class ApiReferencePanel {
  private version = 0;
  private running: vscode.CancellationTokenSource | undefined;
  private readonly throttle = new Throttle(THROTTLE_MS, () => void this.run());
  private last: ApiReferenceModel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    context: vscode.ExtensionContext,
    readonly panel: vscode.WebviewPanel,
    private readonly specUri: vscode.Uri,
    private readonly getClient: () => LanguageClient | undefined,
  ) {
    const bundle = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');
    panel.webview.options = { enableScripts: true, localResourceRoots: [bundle] };
    panel.webview.html = webviewHtml({
      cspSource: panel.webview.cspSource,
      nonce: createNonce(),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(bundle, 'apiReference.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(bundle, 'apiReference.css')).toString(),
      title: `API Reference ${basename(specUri)}`,
    });
    this.disposables.push(panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)));
    this.disposables.push(panel.onDidChangeViewState(() => {
      if (panel.visible && this.stale) this.schedule();
    }));
  }

  /** An edit arrived while the panel was hidden. */
  private stale = false;

  private post(message: ToApiReferencePage): void {
    void this.panel.webview.postMessage(message);
  }

  private async receive(message: unknown): Promise<void> {
    if (!isFromApiReferencePage(message)) return;
    if (message.type === 'ready') {
      this.schedule(true);
      return;
    }
    if (message.type === 'details') {
      await this.details(message.revision, message.operations, message.schemas);
      return;
    }
    const [file, line, character] = message.at;
    const uri = this.last?.files[file];
    if (!uri) return;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    const position = new vscode.Position(line, character);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === doc.uri.toString());
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, selection: new vscode.Range(position, position), preserveFocus: false });
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  documentChanged(uri: vscode.Uri): void {
    const s = uri.toString();
    // A file of the spec, or one that may become part of it (a `$ref` typed just now).
    if (s === this.specUri.toString() || this.last?.files.includes(s) || /\.(ya?ml|json)$/i.test(uri.path)) this.schedule();
  }

  /** The first update at once, then at most one per THROTTLE_MS; a newer request cancels the older. */
  schedule(now = false): void {
    if (!this.panel.visible && !now) {
      this.stale = true;
      return;
    }
    this.stale = false;
    this.throttle.schedule(now);
  }

  private async run(): Promise<void> {
    const client = this.getClient();
    const version = ++this.version;
    this.running?.cancel();
    const source = (this.running = new vscode.CancellationTokenSource());
    this.post({ type: 'busy', version });
    try {
      if (!client) throw new Error('The Interface Studio server is not running.');
      // The outline: the details come as the reader opens operations and schemas.
      const model = await client.sendRequest(ApiReferenceRequest, { uri: this.specUri.toString(), summary: true }, source.token);
      if (version !== this.version || source.token.isCancellationRequested) return; // stale
      if (!model) {
        this.post({ type: 'error', version, message: `${basename(this.specUri)} is not an OpenAPI document (\`openapi: 3.x\` or \`swagger: "2.0"\` at its root).` });
        return;
      }
      this.last = model;
      this.post({ type: 'model', version, specUri: this.specUri.toString(), model });
    } catch (error) {
      if (version !== this.version || source.token.isCancellationRequested) return;
      this.post({ type: 'error', version, message: `The API reference could not be built: ${(error as Error)?.message ?? error}` });
    }
  }

  /** Operations and schemas the page opened; an outline that is out of date is asked for again. */
  private async details(revision: string, operations: number[], schemas: string[]): Promise<void> {
    const client = this.getClient();
    const version = this.version;
    if (!client || this.last?.lazy?.revision !== revision) return;
    try {
      const details = await client.sendRequest(ApiReferenceDetailsRequest, { uri: this.specUri.toString(), revision, operations, schemas });
      if (version !== this.version) return; // a newer outline is on its way
      if (!details || details.stale) {
        this.schedule(true);
        return;
      }
      if (this.last) this.last.files = details.files;
      this.post({ type: 'details', version, details });
    } catch (error) {
      if (version !== this.version) return;
      this.post({ type: 'error', version, message: `The API reference could not be built: ${(error as Error)?.message ?? error}` });
    }
  }

  dispose(): void {
    this.throttle.dispose();
    this.running?.cancel();
    for (const d of this.disposables) d.dispose();
  }
}

function basename(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.path;
}
