import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { DocumentKindRequest } from '../../server/src/protocol';
import { Commands } from './config';

/** A status-bar item naming the kind of the active document ("OpenAPI 3.1", "Mapping"…). */
export class DocumentKindStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('interfaceStudio.documentKind', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [];
  private request = 0;

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.item.name = 'Interface Studio document kind';
    this.item.command = Commands.showOutput;
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => void this.update()),
      vscode.workspace.onDidSaveTextDocument(() => void this.update()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === vscode.window.activeTextEditor?.document) void this.update();
      }),
    );
  }

  async update(): Promise<void> {
    const ticket = ++this.request;
    const editor = vscode.window.activeTextEditor;
    const client = this.client();
    if (!editor || !client || !client.isRunning()) {
      this.item.hide();
      return;
    }
    try {
      const result = await client.sendRequest(DocumentKindRequest, { uri: editor.document.uri.toString() });
      if (ticket !== this.request) return; // a newer editor took over meanwhile
      if (!result.label) {
        this.item.hide();
        return;
      }
      this.item.text = `$(symbol-interface) ${result.label}`;
      this.item.tooltip = `Interface Studio: ${result.label}`;
      this.item.show();
    } catch {
      this.item.hide();
    }
  }

  dispose(): void {
    this.item.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
