// Smoke test: the extension starts in a real VS Code on the examples/ workspace.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, activeExtension, examplesFolder } from './helpers';

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
