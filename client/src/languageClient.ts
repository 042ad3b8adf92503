import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { CONFIG_SECTION, DOCUMENT_SELECTOR, WATCHED_FILES } from './config';
import { RestartingErrorHandler } from './errorHandler';
import { SERVER_NODE_OPTIONS } from '../../server/src/protocol';

/** Starts the bundled language server over IPC and connects it to the editor. */
export function createLanguageClient(context: vscode.ExtensionContext, outputChannel: vscode.LogOutputChannel, errorHandler: RestartingErrorHandler): LanguageClient {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_OPTIONS] } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_OPTIONS, '--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel,
    errorHandler,
    initializationOptions: () => ({ workspaceTrusted: vscode.workspace.isTrusted }),
    // Files the server reads from disk; it also registers its kinds' own globs where a client lets it.
    synchronize: { configurationSection: CONFIG_SECTION, fileEvents: vscode.workspace.createFileSystemWatcher(WATCHED_FILES) },
  };
  return new LanguageClient('interfaceStudio', 'Interface Studio', serverOptions, clientOptions);
}
