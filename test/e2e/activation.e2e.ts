// Smoke test: the extension starts in a real VS Code on the examples/ workspace and its language
// server checks the OpenAPI examples.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, activeExtension, examplesFolder, waitFor } from './helpers';

async function open(relativePath: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(examplesFolder(), relativePath));
  await vscode.window.showTextDocument(document);
  return document;
}

function errors(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
}

describe('activation', () => {
  it('runs on the examples workspace', () => {
    assert.equal(vscode.workspace.workspaceFolders?.length, 1, 'one workspace folder is open');
    assert.equal(path.basename(examplesFolder().fsPath), 'examples');
  });

  it(`activates ${EXTENSION_ID}`, async () => {
    const extension = await activeExtension();
    assert.ok(extension.isActive);
  });
});

describe('OpenAPI diagnostics', () => {
  before(() => activeExtension());
  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('reports the mistakes of the draft spec at their place', async () => {
    const document = await open('specs/crm-draft.openapi.yaml');
    const found = await waitFor('errors on specs/crm-draft.openapi.yaml', () => {
      const list = errors(document.uri);
      return list.length > 0 && list;
    }, 30_000);
    for (const diagnostic of found) {
      assert.ok(diagnostic.range.end.line < document.lineCount, `${diagnostic.message} lies inside the document`);
      assert.ok(diagnostic.message.length > 0);
    }
  });

  it('finds no errors in the shop spec', async () => {
    const document = await open('specs/shop.openapi.yaml');
    // A clean spec may still get hints; give the server a moment either way.
    await waitFor('diagnostics on specs/shop.openapi.yaml', () => vscode.languages.getDiagnostics(document.uri).length > 0, 5000).catch(() => undefined);
    assert.deepEqual(errors(document.uri).map((d) => d.message), []);
  });
});
