// The API reference panel and the interface specification export, in the examples workspace.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activeExtension, closeAll, contributesCommand, open, waitFor, webviewTabs } from './helpers';

describe('API reference and interface specification', () => {
  before(() => activeExtension());
  afterEach(closeAll);

  it('Preview API Reference opens a panel beside a multi-file spec', async function () {
    if (!contributesCommand('interfaceStudio.previewApiReference')) return this.skip();
    const editor = await open('specs/erp/erp.openapi.yaml');
    const before = new Set(webviewTabs());
    await vscode.commands.executeCommand('interfaceStudio.previewApiReference', editor.document.uri);
    const tab = await waitFor('a webview tab naming erp.openapi.yaml', () => webviewTabs().find((t) => !before.has(t) && t.label.includes(path.basename(editor.document.uri.path))));
    assert.ok(tab.input instanceof vscode.TabInputWebview);
    assert.match(tab.label, /^API Reference /);
  });
});
