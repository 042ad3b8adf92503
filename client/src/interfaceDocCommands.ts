import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { DocumentKindRequest, InterfaceDocumentRequest } from '../../server/src/protocol';
import { isKindFile } from './documentKinds';

export const EXPORT_INTERFACE_SPEC_COMMAND = 'interfaceStudio.exportInterfaceSpecification';

/**
 * Export Interface Specification: the review document of a flow (or a spec), as Markdown or
 * self-contained HTML, written where the user chooses; the errors of the files it describes are named.
 */
export function registerInterfaceDocCommands(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(EXPORT_INTERFACE_SPEC_COMMAND, async (target?: vscode.Uri) => {
      const uri = target instanceof vscode.Uri ? target : vscode.window.activeTextEditor?.document.uri;
      const c = client();
      if (!c || !uri) return;
      const kind = isKindFile(c, uri.path, 'flow') ? 'flow' : (await c.sendRequest(DocumentKindRequest, { uri: uri.toString() }).catch(() => undefined))?.kind;
      if (kind !== 'flow' && kind !== 'openapi') {
        void vscode.window.showWarningMessage('Open a flow (*.flow.yaml) or an OpenAPI document to export its interface specification.');
        return;
      }
      const picked = await vscode.window.showQuickPick(
        [
          { label: 'HTML', description: 'one self-contained file: prints, and pastes into Confluence', format: 'html' as const },
          { label: 'Markdown', description: 'for the repository: renders in VS Code and on Git forges', format: 'md' as const },
        ],
        { placeHolder: 'Format of the interface specification' },
      );
      if (!picked) return;
      const name = uri.path.split('/').pop()!.replace(/(\.(flow|openapi|swagger))?\.(ya?ml|json)$/i, '');
      const save = await vscode.window.showSaveDialog({
        defaultUri: vscode.Uri.joinPath(uri, '..', `${name}.${picked.format}`),
        filters: picked.format === 'html' ? { HTML: ['html'] } : { Markdown: ['md'] },
        title: 'Save the interface specification',
      });
      if (!save) return;
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Writing the interface specification…' }, () =>
        c.sendRequest(InterfaceDocumentRequest, { uri: uri.toString(), format: picked.format, trusted: vscode.workspace.isTrusted, baseUri: save.toString() }));
      await vscode.workspace.fs.writeFile(save, new TextEncoder().encode(result.text));
      const file = save.path.split('/').pop();
      const notes: string[] = [];
      if (result.diagramNote) notes.push(`The diagram is embedded as Mermaid text: ${result.diagramNote}.`);
      const open = picked.format === 'md' ? 'Open Preview' : 'Open';
      if (result.problems.length) {
        const show = 'Show Problems';
        const answer = await vscode.window.showWarningMessage(
          `Wrote ${file}, with ${result.problems.length} error${result.problems.length === 1 ? '' : 's'} in the files it describes (listed under "Open problems"): ${result.problems.slice(0, 3).join('; ')}${result.problems.length > 3 ? '…' : ''} ${notes.join(' ')}`,
          show, open);
        if (answer === show) await vscode.commands.executeCommand('workbench.actions.view.problems');
        else if (answer === open) await openResult(save, picked.format);
      } else {
        const answer = await vscode.window.showInformationMessage(`Wrote ${file}. ${notes.join(' ')}`.trim(), open);
        if (answer === open) await openResult(save, picked.format);
      }
    }),
  );
}

async function openResult(uri: vscode.Uri, format: 'md' | 'html'): Promise<void> {
  if (format === 'md') await vscode.commands.executeCommand('markdown.showPreview', uri);
  else await vscode.window.showTextDocument(uri);
}
