import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { ExportMappingRequest, ScaffoldMappingRequest, ScaffoldSide, SchemaChoicesRequest } from '../../server/src/protocol';
import { fileNamesOf, isKindFile } from './documentKinds';
import { withStatusProgress } from './progress';

export const MappingCommands = {
  exportReview: 'interfaceStudio.exportMappingReview',
  scaffold: 'interfaceStudio.scaffoldMapping',
} as const;

/** Export Mapping Review (Markdown or CSV, opened as a new document) and Scaffold Mapping. */
export function registerMappingCommands(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(MappingCommands.exportReview, async (target?: vscode.Uri) => {
      const uri = target ?? vscode.window.activeTextEditor?.document.uri;
      const c = client();
      if (!c || !uri || !isKindFile(c, uri.path, 'mapping')) {
        void vscode.window.showWarningMessage(`Open a mapping file (${fileNamesOf(c, 'mapping')}) to export its review table.`);
        return;
      }
      const format = await vscode.window.showQuickPick(
        [{ label: 'Markdown', format: 'md' as const }, { label: 'CSV', format: 'csv' as const }],
        { placeHolder: 'Format of the review table' },
      );
      if (!format) return;
      const { text } = await withStatusProgress('Exporting the mapping review…', () => c.sendRequest(ExportMappingRequest, { uri: uri.toString(), format: format.format }));
      const doc = await vscode.workspace.openTextDocument({ content: text, language: format.format === 'md' ? 'markdown' : 'csv' });
      await vscode.window.showTextDocument(doc);
    }),
    vscode.commands.registerCommand(MappingCommands.scaffold, async () => {
      const c = client();
      if (!c) return;
      const source = await pickSide(c, 'source');
      if (!source) return;
      const target = await pickSide(c, 'target');
      if (!target) return;
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const save = await vscode.window.showSaveDialog({
        defaultUri: folder ? vscode.Uri.joinPath(folder, 'new.mapping.yaml') : undefined,
        filters: { Mapping: ['mapping.yaml', 'yaml'] },
        title: 'Save the new mapping',
      });
      if (!save) return;
      const mappingUri = isKindFile(c, save.path, 'mapping') ? save : save.with({ path: save.path.replace(/(\.ya?ml)?$/i, '.mapping.yaml') });
      const result = await withStatusProgress('Scaffolding the mapping…', () => c.sendRequest(ScaffoldMappingRequest, { mappingUri: mappingUri.toString(), source, target }));
      if (!result.text) {
        void vscode.window.showErrorMessage(`Scaffold Mapping: ${result.problem ?? 'the schemas could not be read.'}`);
        return;
      }
      await vscode.workspace.fs.writeFile(mappingUri, new TextEncoder().encode(result.text));
      await vscode.window.showTextDocument(mappingUri);
      void vscode.window.showInformationMessage('Mapping scaffolded: every rule marked REVIEW is a guess by name.');
    }),
  );
}

async function pickSide(c: LanguageClient, side: 'source' | 'target'): Promise<ScaffoldSide | undefined> {
  const files = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: `Use as ${side}`,
    title: `The ${side} schema: an OpenAPI document, a JSON Schema or an Avro schema`,
    filters: { Schemas: ['yaml', 'yml', 'json', 'avsc'] },
  });
  const file = files?.[0];
  if (!file) return undefined;
  if (/\.avsc$/i.test(file.path)) return { uri: file.toString() };
  const choices = await c.sendRequest(SchemaChoicesRequest, { uri: file.toString() });
  const items = [
    ...choices.operations.map((o) => ({ label: o.id, description: `${o.label} · request body`, side: { uri: file.toString(), operation: o.id } as ScaffoldSide })),
    ...choices.operations.map((o) => ({ label: o.id, description: `${o.label} · response 200`, side: { uri: file.toString(), operation: o.id, response: '200' } as ScaffoldSide })),
    ...choices.pointers.map((p) => ({ label: p, description: 'schema', side: { uri: file.toString(), schema: p } as ScaffoldSide })),
  ];
  if (!choices.operations.length) items.unshift({ label: 'The whole file', description: 'JSON Schema', side: { uri: file.toString() } });
  const picked = await vscode.window.showQuickPick(items, { placeHolder: `Which schema of ${file.path.split('/').pop()} is the ${side}?`, matchOnDescription: true });
  return picked?.side;
}
