import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { CONFIG_SECTION, DOCUMENT_SELECTOR } from './config';
import { RestartingErrorHandler } from './errorHandler';

/** Starts the bundled language server over IPC and connects it to the editor. */
export function createLanguageClient(context: vscode.ExtensionContext, outputChannel: vscode.LogOutputChannel, errorHandler: RestartingErrorHandler): LanguageClient {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel,
    errorHandler,
    initializationOptions: () => ({ workspaceTrusted: vscode.workspace.isTrusted }),
    // The server registers the files it wants to hear about (its kinds' files and what they depend on).
    synchronize: { configurationSection: CONFIG_SECTION },
  };
  return new LanguageClient('interfaceStudio', 'Interface Studio', serverOptions, clientOptions);
}
