import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { Commands } from './config';
import { createLanguageClient } from './languageClient';
import { DocumentKindStatus } from './statusBar';
import { registerPreviewPanel } from './webviews/previewPanel';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const outputChannel = vscode.window.createOutputChannel('Interface Studio', { log: true });
  const status = new DocumentKindStatus(() => client);
  context.subscriptions.push(outputChannel, status);

  client = createLanguageClient(context, outputChannel);
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.restartServer, async () => {
      if (!client) return;
      await client.restart();
      void status.update();
      void vscode.window.setStatusBarMessage('Interface Studio server restarted', 3000);
    }),
    vscode.commands.registerCommand(Commands.showOutput, () => outputChannel.show(true)),
  );
  registerPreviewPanel(context, () => client);
  await client.start();
  void status.update();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
