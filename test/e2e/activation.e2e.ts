// The extension starts in a real VS Code on the examples/ workspace, as the packaged extension a
// user installs, and its language server checks the OpenAPI examples.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, activeExtension, cliLineCodes, closeAll, errors, examplesFolder, lineCodes, open, settledDiagnostics } from './helpers';

describe('activation', () => {
  it('runs on the examples workspace', () => {
    assert.equal(vscode.workspace.workspaceFolders?.length, 1, 'one workspace folder is open');
    assert.equal(path.basename(examplesFolder().fsPath), 'examples');
  });

  it(`activates ${EXTENSION_ID}`, async () => {
    const extension = await activeExtension();
    assert.ok(extension.isActive);
  });

  const packaged = process.env.E2E_PACKAGED === '1';
  it(packaged ? 'is the packaged extension, installed from the .vsix' : 'is the development extension, loaded from the source folder (--dev)', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const root = extension.extensionPath;
    const loadedFromCheckout = fs.realpathSync(root) === fs.realpathSync(path.resolve(__dirname, '..', '..', '..'));
    if (!packaged) {
      assert.ok(loadedFromCheckout, `${root} is the source checkout`);
      return;
    }
    assert.ok(!loadedFromCheckout, 'not loaded from the source checkout');
    // What .vscodeignore lets in, and only that: the production bundles without source maps.
    assert.ok(fs.existsSync(path.join(root, 'dist', 'server.js')), 'dist/server.js is packaged');
    assert.ok(!fs.existsSync(path.join(root, 'client')) && !fs.existsSync(path.join(root, 'server')) && !fs.existsSync(path.join(root, 'test')), 'no sources are packaged');
    const bundle = fs.readFileSync(path.join(root, 'dist', 'extension.js'), 'utf8');
    assert.ok(!/sourceMappingURL/.test(bundle), 'dist/extension.js is the production build');
  });
});

describe('OpenAPI diagnostics', () => {
  before(() => activeExtension());
  after(closeAll);

  it('reports the mistakes of the draft spec with their codes on their lines', async () => {
    const editor = await open('specs/crm-draft.openapi.yaml');
    const found = await settledDiagnostics(editor.document.uri, (list) => list.length >= 5);
    const seen = lineCodes(found);
    for (const expected of ['9:oas.operationId.duplicate', '10:oas.schema.unknownKey', '25:oas.operationId.duplicate', '28:oas.security.undefinedScope']) {
      assert.ok(seen.includes(expected), `${expected} in ${JSON.stringify(seen)}`);
    }
    const typo = found.find((d) => d.range.start.line === 9)!;
    assert.match(typo.message, /did you mean `summary`/);
    assert.equal(editor.document.getText(typo.range), 'summery');
    // The editor shows what the command-line checker finds, no more, no less.
    assert.deepEqual(seen, cliLineCodes('specs/crm-draft.openapi.yaml'));
  });

  it('finds no errors in the shop spec', async () => {
    const editor = await open('specs/shop.openapi.yaml');
    await settledDiagnostics(editor.document.uri);
    assert.deepEqual(errors(editor.document.uri).map((d) => d.message), []);
  });

  it('reports a mistake as it is typed', async () => {
    const editor = await open('specs/shop.openapi.yaml');
    await settledDiagnostics(editor.document.uri);
    const line = editor.document.getText().split('\n').findIndex((l) => /^\s+operationId:/.test(l));
    assert.ok(line >= 0);
    await editor.edit((edit) => {
      const text = editor.document.lineAt(line).text;
      const at = text.indexOf('operationId');
      edit.replace(new vscode.Range(line, at, line, at + 'operationId'.length), 'operatonId');
    });
    const found = await settledDiagnostics(editor.document.uri, (list) => list.some((d) => d.range.start.line === line));
    assert.ok(lineCodes(found).includes(`${line + 1}:oas.schema.unknownKey`), JSON.stringify(lineCodes(found)));
    assert.match(found.find((d) => d.range.start.line === line)!.message, /did you mean `operationId`/);
  });
});
