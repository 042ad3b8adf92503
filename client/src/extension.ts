import * as vscode from 'vscode';
import { LanguageClient, Location as LspLocation, Position as LspPosition } from 'vscode-languageclient/node';
import { Commands } from './config';
import { createLanguageClient } from './languageClient';
import { RestartingErrorHandler } from './errorHandler';
import { DocumentKindStatus } from './statusBar';
import { registerSnippetCommands } from './snippetCommands';
import { registerMappingCommands } from './mappingCommands';
import { registerDiagrams } from './webviews/diagramPanel';
import { registerPreviewPanel } from './webviews/previewPanel';
import { registerMockServers } from './mockServers';
import { registerFlowTests } from './flowTests';
import type { RunFlowResult } from '../../server/src/protocol';
import { registerChangesPanel } from './webviews/changesPanel';
import { registerApiReference } from './webviews/apiReferencePanel';
import { registerInterfaceDocCommands } from './interfaceDocCommands';
import { registerTaskProvider } from './tasks';
import { registerWorkspaceCheckCommands } from './workspaceCheck';
import { registerWalkthrough } from './walkthrough';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<ReturnType<typeof registerDiagrams> & { diagnosticsModel(): 'pull' | 'push' }> {
  const outputChannel = vscode.window.createOutputChannel('Interface Studio', { log: true });
  const status = new DocumentKindStatus(() => client);
  context.subscriptions.push(outputChannel, status);

  const errorHandler = new RestartingErrorHandler(outputChannel);
  client = createLanguageClient(context, outputChannel, errorHandler);
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.restartServer, async () => {
      if (!client) return;
      errorHandler.reset();
      await client.restart();
      void status.update();
      void vscode.window.setStatusBarMessage('Interface Studio server restarted', 3000);
    }),
    vscode.commands.registerCommand(Commands.showOutput, () => outputChannel.show(true)),
    // Code lenses carry LSP positions and locations; the editor's references view wants its own types.
    vscode.commands.registerCommand(Commands.showReferences, (uri: string, position: LspPosition, locations: LspLocation[]) => {
      const converter = client?.protocol2CodeConverter;
      if (!converter) return;
      return vscode.commands.executeCommand('editor.action.showReferences', vscode.Uri.parse(uri), converter.asPosition(position), locations.map((l) => converter.asLocation(l)));
    }),
  );
  // Trust changes what the server may do (evaluate expressions, fetch remote refs): restart it.
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void vscode.commands.executeCommand(Commands.restartServer)));
  registerSnippetCommands(context, () => client);
  registerMappingCommands(context, () => client);
  const runResults = new vscode.EventEmitter<RunFlowResult>();
  context.subscriptions.push(runResults);
  const diagrams = registerDiagrams(context, () => client, runResults.event);
  registerMockServers(context, () => client);
  registerFlowTests(context, () => client, runResults);
  registerPreviewPanel(context, () => client);
  registerChangesPanel(context, () => client);
  registerApiReference(context, () => client);
  registerInterfaceDocCommands(context, () => client);
  registerTaskProvider(context);
  registerWorkspaceCheckCommands(context, () => client);
  registerWalkthrough(context);
  await client.start();
  void status.update();
  // Which diagnostics model the server and this editor agreed on (the end-to-end tests check it).
  return { ...diagrams, diagnosticsModel: () => (client?.initializeResult?.capabilities.diagnosticProvider ? 'pull' : 'push') };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
