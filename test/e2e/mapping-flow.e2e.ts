// Mappings and flows in the examples workspace: their diagnostics, and the panels a person opens
// for them. A missing example or command fails the test that needs it.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activeExtension, cliLineCodes, closeAll, codeOf, contributesCommand, exampleFiles, exampleUri, lineCodes, open, settledDiagnostics, waitFor, webviewTabs } from './helpers';

const FLOW = 'flows/order-to-cash.flow.yaml';

function firstMapping(): string {
  const [mapping] = exampleFiles(/^mappings\/[^/]+\.mapping\.ya?ml$/);
  assert.ok(mapping, 'examples/mappings has a mapping file');
  return mapping;
}

function assertFlow(): void {
  assert.ok(fs.existsSync(exampleUri(FLOW).fsPath), `examples/${FLOW} exists`);
}

function assertCommand(command: string): void {
  assert.ok(contributesCommand(command), `the extension contributes ${command}`);
}

/** Runs a command for a document and waits for a webview tab whose title names the document. */
async function opensPanel(command: string, relativePath: string, alsoAccepted: string[] = []): Promise<vscode.Tab> {
  const editor = await open(relativePath);
  const before = new Set(webviewTabs());
  await vscode.commands.executeCommand(command, editor.document.uri);
  const names = [path.basename(relativePath), ...alsoAccepted];
  const tab = await waitFor(`a webview tab naming ${names.join(' or ')} after ${command}`, () =>
    webviewTabs().find((t) => !before.has(t) && names.some((n) => t.label.includes(n))),
  );
  assert.ok(tab.input instanceof vscode.TabInputWebview);
  return tab;
}

describe('mapping files', () => {
  before(() => activeExtension());
  afterEach(closeAll);

  it('shows the findings of the command-line checker on a mapping', async () => {
    const mapping = firstMapping();
    const editor = await open(mapping);
    const found = await settledDiagnostics(editor.document.uri);
    assert.deepEqual(lineCodes(found), cliLineCodes(mapping));
  });

  it('marks a JSONata syntax error in a rule as it is typed', async () => {
    const mapping = firstMapping();
    const editor = await open(mapping);
    await settledDiagnostics(editor.document.uri);
    const line = editor.document.getText().split('\n').findIndex((l) => /^\s*(- )?expr:\s*\S/.test(l));
    assert.ok(line >= 0, `${mapping} has an expr`);
    const text = editor.document.lineAt(line).text;
    await editor.edit((edit) => edit.replace(editor.document.lineAt(line).range, text.replace(/expr:.*/, 'expr: "$substring(Name, "')));
    const found = await settledDiagnostics(editor.document.uri, (list) => list.some((d) => d.range.start.line === line));
    const problem = found.find((d) => d.range.start.line === line)!;
    assert.equal(problem.severity, vscode.DiagnosticSeverity.Error, problem.message);
    assert.ok(codeOf(problem), 'the finding has a rule code');
    assert.ok(problem.range.start.character > text.indexOf('expr:'), 'the finding is inside the expression, not on the key');
  });

  it('Preview Mapping opens the preview panel', async () => {
    const mapping = firstMapping();
    assertCommand('interfaceStudio.previewMapping');
    const name = /^name:\s*(.+)$/m.exec(fs.readFileSync(exampleUri(mapping).fsPath, 'utf8'))?.[1]?.trim().replace(/^["']|["']$/g, '');
    await opensPanel('interfaceStudio.previewMapping', mapping, name ? [name] : []);
  });
});

describe('flow files', () => {
  before(() => activeExtension());
  afterEach(closeAll);

  it('shows the findings of the command-line checker on the flow', async () => {
    assertFlow();
    const editor = await open(FLOW);
    const found = await settledDiagnostics(editor.document.uri);
    assert.deepEqual(lineCodes(found), cliLineCodes(FLOW));
  });

  it('marks an unknown participant as it is typed', async () => {
    assertFlow();
    const editor = await open(FLOW);
    await settledDiagnostics(editor.document.uri);
    const line = editor.document.getText().split('\n').findIndex((l) => /^\s*to:\s*\w+\s*$/.test(l));
    assert.ok(line >= 0, `${FLOW} has a step with to:`);
    await editor.edit((edit) => edit.replace(editor.document.lineAt(line).range, editor.document.lineAt(line).text.replace(/to:\s*(\w+)/, 'to: $1xx')));
    const found = await settledDiagnostics(editor.document.uri, (list) => list.some((d) => d.range.start.line === line));
    const problem = found.find((d) => d.range.start.line === line)!;
    assert.equal(problem.severity, vscode.DiagnosticSeverity.Error, problem.message);
    assert.match(problem.message, /xx/, 'the message names the unknown participant');
  });

  it('Show Sequence Diagram opens the diagram panel', async () => {
    assertFlow();
    assertCommand('interfaceStudio.showSequenceDiagram');
    await opensPanel('interfaceStudio.showSequenceDiagram', FLOW);
  });
});
