import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { ChangeLocation, ChangeReport, ChangeRevisionsRequest, CompareWithRevisionRequest } from '../../../server/src/protocol';
import { FromChangesPage, parseChangesMessage, ToChangesPage } from './changesMessages';
import { createNonce, webviewHtml } from './webviewHtml';
import { withStatusProgress } from '../progress';

export const COMPARE_WITH_REVISION = 'interfaceStudio.compareWithRevision';
const VIEW_TYPE = 'interfaceStudio.changes';

/** Asks which revision to compare with: the base, a branch, a tag, a recent commit, or any revision typed in. */
async function pickRevision(client: LanguageClient, uri: vscode.Uri): Promise<string | null | undefined> {
  const { revisions } = await client.sendRequest(ChangeRevisionsRequest, { uri: uri.toString() });
  if (!revisions.length) {
    void vscode.window.showInformationMessage('This file is not in a git repository (or git is not installed): there is no revision to compare with.');
    return undefined;
  }
  const icons = { branch: '$(git-branch)', tag: '$(tag)', commit: '$(git-commit)' };
  type Item = vscode.QuickPickItem & { revision: string | null };
  const items: Item[] = [
    { label: '$(history) Base revision', description: 'interfaceStudio.changes.base, else the merge-base with the default branch, else HEAD', revision: null },
    ...revisions.map((r) => ({ label: `${icons[r.kind]} ${r.name}`, description: r.description, revision: r.name })),
  ];
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = 'Compare with Revision';
  pick.placeholder = 'A branch, tag or commit (or type any revision)';
  pick.items = items;
  return new Promise((resolve) => {
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0];
      resolve(chosen ? chosen.revision : pick.value.trim() || undefined);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}

/** The report beside the editor: one per spec, re-asked for when another revision is picked. */
class ChangesPanel {
  private report: ChangeReport | undefined;
  private ready = false;

  constructor(
    readonly source: vscode.Uri,
    readonly panel: vscode.WebviewPanel,
    private revision: string | null,
    private readonly client: () => LanguageClient | undefined,
    onDispose: () => void,
  ) {
    panel.webview.onDidReceiveMessage((raw) => void this.onMessage(parseChangesMessage(raw)));
    panel.onDidDispose(onDispose);
  }

  private title(): string {
    return `${this.source.path.split('/').pop()} since ${this.report?.revision || this.revision || 'the base revision'}`;
  }

  async compare(revision: string | null): Promise<void> {
    const client = this.client();
    if (!client) return;
    this.revision = revision;
    this.send({ type: 'busy', title: this.title() });
    this.report = await withStatusProgress(`Comparing ${this.title()}…`, () => client.sendRequest(CompareWithRevisionRequest, { uri: this.source.toString(), ...(revision ? { revision } : {}) }));
    this.panel.title = `Changes: ${this.title()}`;
    this.send({ type: 'report', title: this.title(), report: this.report });
  }

  private send(message: ToChangesPage): void {
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private async onMessage(message: FromChangesPage | undefined): Promise<void> {
    if (!message) return;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        if (this.report) this.send({ type: 'report', title: this.title(), report: this.report });
        else await this.compare(this.revision);
        return;
      case 'copyMarkdown':
        if (this.report) {
          await vscode.env.clipboard.writeText(this.report.markdown);
          void vscode.window.setStatusBarMessage('Change report copied as Markdown', 3000);
        }
        return;
      case 'pickRevision': {
        const client = this.client();
        const revision = client && (await pickRevision(client, this.source));
        if (revision !== undefined) await this.compare(revision);
        return;
      }
      case 'reveal': {
        const change = this.report?.changes[message.link.change];
        if (!change) return;
        const link = message.link;
        const place: ChangeLocation | undefined = link.side === 'impact' ? change.impact[link.impact] : change[link.side];
        if (!place) return;
        // The old place is in the revision's version: shown through the git extension's read-only view of it.
        const uri = link.side === 'old'
          ? vscode.Uri.parse(place.uri).with({ scheme: 'git', query: JSON.stringify({ path: vscode.Uri.parse(place.uri).fsPath, ref: this.report!.revision }) })
          : vscode.Uri.parse(place.uri);
        const range = new vscode.Range(place.range.start.line, place.range.start.character, place.range.end.line, place.range.end.character);
        try {
          await vscode.window.showTextDocument(uri, { selection: range, viewColumn: vscode.ViewColumn.One });
        } catch {
          void vscode.window.showInformationMessage(`Line ${place.range.start.line + 1} of ${uri.path.split('/').pop()} in ${this.report!.revision} (the Git extension shows older versions).`);
        }
        return;
      }
    }
  }
}

/** Registers "Interface Studio: Compare with Revision…". */
export function registerChangesPanel(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  const panels = new Map<string, ChangesPanel>();
  const bundle = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');
  context.subscriptions.push(
    vscode.commands.registerCommand(COMPARE_WITH_REVISION, async (uri?: vscode.Uri, revisionArgument?: string) => {
      const source = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
      const languageClient = client();
      if (!source || !languageClient) {
        void vscode.window.showInformationMessage('Open an OpenAPI document to compare it with a revision.');
        return;
      }
      const revision = typeof revisionArgument === 'string' ? revisionArgument : await pickRevision(languageClient, source);
      if (revision === undefined) return;
      const key = source.toString();
      const open = panels.get(key);
      if (open) {
        open.panel.reveal(undefined, true);
        await open.compare(revision);
        return;
      }
      const panel = vscode.window.createWebviewPanel(VIEW_TYPE, `Changes: ${source.path.split('/').pop()}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: true,
        localResourceRoots: [bundle],
      });
      panel.webview.html = webviewHtml({
        cspSource: panel.webview.cspSource,
        nonce: createNonce(),
        scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(bundle, 'changes.js')).toString(),
        styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(bundle, 'changes.css')).toString(),
        title: 'API changes',
      });
      panels.set(key, new ChangesPanel(source, panel, revision, client, () => panels.delete(key)));
    }),
    { dispose: () => [...panels.values()].forEach((p) => p.panel.dispose()) },
  );
}
