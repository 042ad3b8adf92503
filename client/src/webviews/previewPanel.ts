import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { PreviewMappingParams, PreviewMappingRequest, PreviewMappingResult } from '../../../server/src/protocol';
import { isFromPreviewPage, isPreviewPageState, PreviewPageState, ToPreviewPage } from './previewMessages';
import { Throttle } from './throttle';
import { createNonce, webviewHtml } from './webviewHtml';
import { fileNamesOf, isKindFile } from '../documentKinds';

export const PREVIEW_VIEW_TYPE = 'interfaceStudio.mappingPreview';
export const PREVIEW_COMMAND = 'interfaceStudio.previewMapping';
/** After the first update, at most one run per this many milliseconds while typing. */
const THROTTLE_MS = 300;

/** The transformation preview: one panel per mapping, beside the editor, kept current while you edit. */
export function registerPreviewPanel(context: vscode.ExtensionContext, getClient: () => LanguageClient | undefined): void {
  const panels = new Map<string, MappingPreview>();
  const open = (mappingUri: vscode.Uri, panel?: vscode.WebviewPanel, sampleUri?: string): MappingPreview => {
    const key = mappingUri.toString();
    const existing = panels.get(key);
    if (existing && !panel) {
      existing.panel.reveal(vscode.ViewColumn.Beside, true);
      return existing;
    }
    // Scripts run only from the bundle, and the panel may read nothing else (not the workspace).
    const bundle = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');
    const webviewPanel = panel ?? vscode.window.createWebviewPanel(PREVIEW_VIEW_TYPE, `Preview ${basename(mappingUri)}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [bundle],
    });
    const preview = new MappingPreview(context, webviewPanel, mappingUri, sampleUri, getClient);
    panels.set(key, preview);
    webviewPanel.onDidDispose(() => {
      if (panels.get(key) === preview) panels.delete(key);
      preview.dispose();
    });
    return preview;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(PREVIEW_COMMAND, (uri?: vscode.Uri) => {
      const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
      if (!target || !isKindFile(getClient(), target.path, 'mapping')) {
        void vscode.window.showInformationMessage(`Open a mapping file (${fileNamesOf(getClient(), 'mapping')}) to preview it.`);
        return;
      }
      open(target);
    }),
    vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        if (!isPreviewPageState(state)) {
          panel.dispose();
          return;
        }
        open(vscode.Uri.parse(state.mappingUri), panel, state.sampleUri);
      },
    }),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (!event.contentChanges.length) return;
      for (const preview of panels.values()) preview.documentChanged(event.document.uri);
    }),
    vscode.workspace.onDidSaveTextDocument((doc) => {
      for (const preview of panels.values()) preview.documentChanged(doc.uri);
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      for (const preview of panels.values()) preview.schedule();
    }),
  );
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.{json,xml,csv,yaml,yml}');
  const onDisk = (uri: vscode.Uri): void => {
    for (const preview of panels.values()) preview.documentChanged(uri);
  };
  context.subscriptions.push(watcher, watcher.onDidChange(onDisk), watcher.onDidCreate(onDisk), watcher.onDidDelete(onDisk));
}

class MappingPreview {
  private version = 0;
  private running: vscode.CancellationTokenSource | undefined;
  private readonly throttle = new Throttle(THROTTLE_MS, () => void this.run());
  private last: PreviewMappingResult | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly panel: vscode.WebviewPanel,
    private readonly mappingUri: vscode.Uri,
    private sampleUri: string | undefined,
    private readonly getClient: () => LanguageClient | undefined,
  ) {
    const bundle = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');
    // A panel restored after a reload comes with its old options: set them again.
    panel.webview.options = { enableScripts: true, localResourceRoots: [bundle] };
    panel.webview.html = webviewHtml({
      cspSource: panel.webview.cspSource,
      nonce: createNonce(),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(bundle, 'preview.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(bundle, 'preview.css')).toString(),
      title: `Preview ${basename(mappingUri)}`,
    });
    this.disposables.push(panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)));
    this.disposables.push(panel.onDidChangeViewState(() => {
      if (panel.visible) this.schedule();
    }));
  }

  private post(message: ToPreviewPage): void {
    void this.panel.webview.postMessage(message);
  }

  private async receive(message: unknown): Promise<void> {
    if (!isFromPreviewPage(message)) return;
    switch (message.type) {
      case 'ready':
      case 'refresh':
        this.schedule(true);
        break;
      case 'selectSample':
        this.sampleUri = message.uri;
        this.schedule(true);
        break;
      case 'pickSample': {
        const picked = await vscode.window.showOpenDialog({
          canSelectMany: false,
          defaultUri: vscode.Uri.joinPath(this.mappingUri, '..'),
          filters: { 'Sample payloads': ['json', 'xml', 'csv'], 'All files': ['*'] },
          openLabel: 'Use as sample',
        });
        if (picked?.[0]) {
          this.sampleUri = picked[0].toString();
          this.schedule(true);
        }
        break;
      }
      case 'reveal': {
        const doc = await vscode.workspace.openTextDocument(this.mappingUri);
        const r = message.range;
        const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
        const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.mappingUri.toString());
        await vscode.window.showTextDocument(doc, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, selection: range, preserveFocus: false });
        break;
      }
      case 'acceptExpected':
        await this.acceptExpected();
        break;
    }
  }

  /** Writes the current output as the sample's expected file: only here, only on that click. */
  private async acceptExpected(): Promise<void> {
    const expected = this.last?.expected;
    if (!expected || this.last?.output === undefined || this.last.output === null) return;
    const uri = vscode.Uri.parse(expected.uri);
    const text = (this.last.outputText && /\.(xml|csv)$/i.test(uri.path)) ? this.last.outputText : JSON.stringify(this.last.output, null, 2) + '\n';
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    void vscode.window.setStatusBarMessage(`Interface Studio: wrote ${basename(uri)}`, 3000);
    this.schedule(true);
  }

  documentChanged(uri: vscode.Uri): void {
    // The mapping, its sample, its golden file, or any spec it may name.
    const s = uri.toString();
    if (s === this.mappingUri.toString() || s === this.sampleUri || s === this.last?.sample?.uri || s === this.last?.expected?.uri || /\.(ya?ml|json|avsc)$/i.test(uri.path)) this.schedule();
  }

  /** The first update at once, then at most one per THROTTLE_MS; a newer run cancels the older. */
  schedule(now = false): void {
    if (!this.panel.visible && !now) return;
    this.throttle.schedule(now);
  }

  private async run(): Promise<void> {
    const client = this.getClient();
    const version = ++this.version;
    this.running?.cancel();
    const source = (this.running = new vscode.CancellationTokenSource());
    this.post({ type: 'busy', version });
    const params: PreviewMappingParams = { uri: this.mappingUri.toString(), trusted: vscode.workspace.isTrusted };
    if (this.sampleUri) {
      params.sample = { uri: this.sampleUri };
      // An edited XML or CSV sample is not synchronised with the server: send its text.
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === this.sampleUri);
      if (open && open.isDirty) params.sample.text = open.getText();
      const format = /\.(json|xml|csv)$/i.exec(this.sampleUri)?.[1].toLowerCase();
      if (format) params.sample.format = format as 'json' | 'xml' | 'csv';
    }
    try {
      if (!client) throw new Error('The Interface Studio server is not running.');
      const result = await client.sendRequest(PreviewMappingRequest, params, source.token);
      if (version !== this.version || source.token.isCancellationRequested) return; // stale
      this.last = result;
      const state: PreviewPageState = { mappingUri: this.mappingUri.toString(), sampleUri: this.sampleUri ?? result.sample?.uri };
      this.post({ type: 'result', version, mappingUri: state.mappingUri, mappingLabel: basename(this.mappingUri), sampleUri: state.sampleUri, result });
    } catch (error) {
      if (version !== this.version || source.token.isCancellationRequested) return;
      this.post({ type: 'error', version, message: `The preview failed: ${(error as Error)?.message ?? error}` });
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
