import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { RunFlowResult, SequenceDiagramRequest, SequenceDiagramResult } from '../../../server/src/protocol';
import { registerMarkdownMermaid } from '../markdownMermaid';
import { DiagramHostMessage, diagramHtml, parseDiagramMessage, RunMark } from './diagramHtml';
import { createNonce } from './webviewHtml';
import { fileNamesOf, isKindFile } from '../documentKinds';

export const SHOW_SEQUENCE_DIAGRAM = 'interfaceStudio.showSequenceDiagram';
const VIEW_TYPE = 'interfaceStudio.sequenceDiagram';
const UPDATE_DELAY_MS = 250;

/** The kinds whose documents have a sequence diagram. */
const DIAGRAM_KINDS = ['flow', 'mermaid'];

function mermaidTheme(): { theme: 'default' | 'dark' | 'neutral'; highContrast: boolean } {
  switch (vscode.window.activeColorTheme.kind) {
    case vscode.ColorThemeKind.Dark:
      return { theme: 'dark', highContrast: false };
    case vscode.ColorThemeKind.HighContrast:
      return { theme: 'dark', highContrast: true };
    case vscode.ColorThemeKind.HighContrastLight:
      return { theme: 'neutral', highContrast: true };
    default:
      return { theme: 'default', highContrast: false };
  }
}

/** One diagram panel per flow or `.mmd` file, updated while the file, its specs or its mappings change. */
class DiagramPanel {
  private diagram: SequenceDiagramResult | undefined;
  private marks: RunMark[] = [];
  private timer: NodeJS.Timeout | undefined;
  private version = 0;
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly source: vscode.Uri,
    readonly panel: vscode.WebviewPanel,
    private readonly client: () => LanguageClient | undefined,
    private readonly onDispose: () => void,
  ) {
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw) => this.onMessage(raw)),
      panel.onDidDispose(() => this.dispose()),
      vscode.window.onDidChangeActiveColorTheme(() => this.post()),
      // Any YAML, JSON or Mermaid change may be the flow, one of its specs or mappings: ask again (cheap, the server caches).
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (/\.(ya?ml|json|mmd)$/i.test(e.document.uri.path)) this.schedule();
      }),
    );
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,json,mmd}');
    this.disposables.push(watcher, watcher.onDidChange(() => this.schedule()), watcher.onDidCreate(() => this.schedule()), watcher.onDidDelete(() => this.schedule()));
  }

  schedule(delay = UPDATE_DELAY_MS): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), delay);
  }

  async update(): Promise<void> {
    const client = this.client();
    if (!client) return;
    const version = ++this.version;
    try {
      const result = await client.sendRequest(SequenceDiagramRequest, { uri: this.source.toString() });
      if (version !== this.version) return; // a newer request is on its way
      if (!result) {
        this.send({ type: 'problem', message: 'This file is not a flow or Mermaid file.' });
        return;
      }
      this.diagram = result;
      this.post();
    } catch (error) {
      if (version === this.version) this.send({ type: 'problem', message: `The diagram could not be built: ${(error as Error).message}` });
    }
  }

  private post(): void {
    if (!this.diagram) return;
    this.send({ type: 'render', mermaid: this.diagram.mermaid, ...mermaidTheme(), version: this.version });
    if (this.marks.length) this.send({ type: 'runMarks', marks: this.marks });
  }

  /** Marks each message of the last run of this flow: passed or failed, its status and time. */
  showRun(result: RunFlowResult): void {
    this.marks = result.steps.flatMap((step) =>
      step.arrows.map((message) => ({
        message,
        ok: step.ok,
        text: step.recorded ? 'recorded' : step.ok ? `${step.status ?? ''} · ${step.ms} ms` : `${step.status ?? 'failed'} · ${step.ms} ms`,
      })),
    );
    this.send({ type: 'runMarks', marks: this.marks });
  }

  private send(message: DiagramHostMessage): void {
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private async onMessage(raw: unknown): Promise<void> {
    const message = parseDiagramMessage(raw, this.diagram?.links.length ?? 0);
    if (!message) return;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        if (this.diagram) this.post();
        else await this.update();
        return;
      case 'reveal': {
        const link = this.diagram?.links.find((l) => l.message === message.message);
        if (!link) return;
        const range = new vscode.Range(link.range.start.line, link.range.start.character, link.range.end.line, link.range.end.character);
        const existing = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === link.uri);
        await vscode.window.showTextDocument(vscode.Uri.parse(link.uri), { selection: range, viewColumn: existing?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false });
        return;
      }
      case 'copyMermaid':
        if (this.diagram) {
          await vscode.env.clipboard.writeText(this.diagram.mermaid);
          void vscode.window.setStatusBarMessage('Mermaid text copied', 3000);
        }
        return;
      case 'exportSvg':
        await this.save('svg', new TextEncoder().encode(message.svg));
        return;
      case 'exportPng':
        await this.save('png', Buffer.from(message.dataUrl.slice('data:image/png;base64,'.length), 'base64'));
        return;
      case 'renderError':
        return; // shown in the panel; Mermaid files also get the problem as a diagnostic
    }
  }

  private async save(extension: 'svg' | 'png', bytes: Uint8Array): Promise<void> {
    // `orders.flow.yaml` → `orders.svg`
    const base = this.source.path.replace(/(\.[^./]+)?\.[^./]+$/, '');
    const target = await vscode.window.showSaveDialog({
      defaultUri: this.source.with({ path: `${base}.${extension}` }),
      filters: extension === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
      saveLabel: `Export ${extension.toUpperCase()}`,
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, bytes);
    void vscode.window.setStatusBarMessage(`Diagram saved to ${vscode.workspace.asRelativePath(target)}`, 5000);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.onDispose();
  }
}

/** Registers "Interface Studio: Show Sequence Diagram". */
export function registerDiagramPanel(context: vscode.ExtensionContext, client: () => LanguageClient | undefined, runs?: vscode.Event<RunFlowResult>): void {
  const panels = new Map<string, DiagramPanel>();
  if (runs) context.subscriptions.push(runs((result) => panels.get(result.uri)?.showRun(result)));
  const bundle = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');
  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_SEQUENCE_DIAGRAM, async (uri?: vscode.Uri) => {
      const source = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
      if (!source || !isKindFile(client(), source.path, ...DIAGRAM_KINDS)) {
        void vscode.window.showInformationMessage(`Open a flow file (${fileNamesOf(client(), 'flow')}) or a Mermaid file (${fileNamesOf(client(), 'mermaid')}) to see its sequence diagram.`);
        return;
      }
      const key = source.toString();
      const open = panels.get(key);
      if (open) {
        open.panel.reveal(undefined, true);
        return;
      }
      const name = source.path.split('/').pop() ?? 'diagram';
      const panel = vscode.window.createWebviewPanel(VIEW_TYPE, `Diagram: ${name}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: true,
        localResourceRoots: [bundle],
        retainContextWhenHidden: false,
      });
      panel.webview.html = diagramHtml({
        cspSource: panel.webview.cspSource,
        script: panel.webview.asWebviewUri(vscode.Uri.joinPath(bundle, 'diagram.js')).toString(),
        style: panel.webview.asWebviewUri(vscode.Uri.joinPath(bundle, 'diagram.css')).toString(),
        nonce: createNonce(),
      });
      panels.set(key, new DiagramPanel(source, panel, client, () => panels.delete(key)));
    }),
    { dispose: () => [...panels.values()].forEach((p) => p.panel.dispose()) },
  );
}

/** The diagram panel, and Mermaid in Markdown; returns what activate hands to the Markdown preview. */
export function registerDiagrams(context: vscode.ExtensionContext, client: () => LanguageClient | undefined, runs?: vscode.Event<RunFlowResult>): ReturnType<typeof registerMarkdownMermaid> {
  registerDiagramPanel(context, client, runs);
  return registerMarkdownMermaid();
}
