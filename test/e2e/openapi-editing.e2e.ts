// Completion, hover and go to definition on an OpenAPI document, through the same commands VS Code
// runs when a person types, hovers or presses F12.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeExtension, closeAll, completionLabels, open } from './helpers';

const SPEC = 'specs/crm-draft.openapi.yaml';

function positionOf(document: vscode.TextDocument, text: string, offsetInText = 0): vscode.Position {
  const at = document.getText().indexOf(text);
  assert.ok(at >= 0, `${text} is in ${SPEC}`);
  return document.positionAt(at + offsetInText);
}

function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? [])
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

describe('OpenAPI editing', () => {
  before(() => activeExtension());
  afterEach(closeAll);

  it('go to definition of a $ref lands on the component', async () => {
    const editor = await open(SPEC);
    const ref = positionOf(editor.document, "'#/components/schemas/Contact'", 25);
    const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', editor.document.uri, ref);
    assert.equal(locations?.length, 1, JSON.stringify(locations));
    const [location] = locations;
    const uri = 'targetUri' in location ? location.targetUri : location.uri;
    const range = 'targetUri' in location ? (location.targetSelectionRange ?? location.targetRange) : location.range;
    assert.equal(uri.toString(), editor.document.uri.toString());
    assert.equal(range.start.line, positionOf(editor.document, '    Contact:\n').line, 'the line of `Contact:` under components/schemas');
    assert.equal(editor.document.getText(range).replace(/:$/, ''), 'Contact');
  });

  it('completes a $ref with the components of the document', async () => {
    const editor = await open(SPEC);
    const ref = positionOf(editor.document, "$ref: '#/components/schemas/Contact'");
    const valueStart = ref.translate(0, "$ref: ".length);
    await editor.edit((edit) => edit.replace(new vscode.Range(valueStart, editor.document.lineAt(ref.line).range.end), "'#/components/schemas/"));
    const labels = await completionLabels(editor.document.uri, editor.document.lineAt(ref.line).range.end.translate(0, -1));
    const all = labels.join(' | ');
    assert.ok(labels.some((l) => /(^|\/)Contact'?$/.test(l)), `Contact offered: ${all}`);
    assert.ok(labels.some((l) => /(^|\/)LegacyContact'?$/.test(l)), `LegacyContact offered: ${all}`);
  });

  it('completes the keys of an operation', async () => {
    const editor = await open(SPEC);
    const at = positionOf(editor.document, '      summary: Delete a contact');
    await editor.edit((edit) => edit.insert(at, '      \n'));
    const labels = await completionLabels(editor.document.uri, new vscode.Position(at.line, 6));
    for (const key of ['description', 'requestBody', 'tags']) assert.ok(labels.includes(key), `${key} in ${labels.join(' | ')}`);
    assert.ok(!labels.includes('operationId'), 'keys already present are not offered again');
  });

  it('hover on a key explains it', async () => {
    const editor = await open(SPEC);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, positionOf(editor.document, 'operationId: getContact', 3));
    const text = hoverText(hovers);
    assert.match(text, /operation/i, text);
    assert.ok(text.length > 20, `a real explanation, not just the key: ${text}`);
  });
});
