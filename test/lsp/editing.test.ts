import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CodeAction, CompletionList, Location, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { LspTestClient, uriOf } from '../support/lspClient';
import { applyTextEdits, applyWorkspaceEdit } from '../support/editing';
import { rangeOf } from '../support/service';

describe('language server over stdio: OpenAPI editing', function () {
  this.timeout(60_000);
  let client: LspTestClient;
  let folder: string;
  let root: string;
  let fragment: string;

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'is-edit-'));
    cpSync(resolve('test/fixtures/multi'), folder, { recursive: true });
    root = join(folder, 'api.openapi.yaml');
    fragment = join(folder, 'schemas/item.yaml');
    client = new LspTestClient();
    await client.initialize(folder);
  });

  afterEach(async () => {
    await client.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  const position = (text: string, snippet: string, delta = 1) => rangeOf(text, snippet).start && { line: rangeOf(text, snippet).start.line, character: rangeOf(text, snippet).start.character + delta };

  it('completes the keys of an operation', async () => {
    const text = readFileSync(root, 'utf8').replace('      summary: Get an item\n', '      summary: Get an item\n      desc\n');
    await client.open(uriOf(root), text);
    const result = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri: uriOf(root) }, position: position(text, '      desc', 10) })) as CompletionList;
    const description = result.items.find((i) => i.label === 'description');
    assert.ok(description);
    assert.equal(applyTextEdits(text, [description.textEdit as never]), text.replace('      desc\n', '      description: \n'));
    assert.ok(!result.items.some((i) => i.label === 'summary'));
  });

  it('goes to the definition in another file and finds references across files', async () => {
    const text = readFileSync(root, 'utf8');
    await client.open(uriOf(root), text);
    const definition = (await client.connection.sendRequest('textDocument/definition', { textDocument: { uri: uriOf(root) }, position: position(text, 'item.yaml#/Item', 12) })) as Location[];
    const itemText = readFileSync(fragment, 'utf8');
    assert.deepEqual(definition, [{ uri: uriOf(fragment), range: rangeOf(itemText, 'Item') }]);
    const references = (await client.connection.sendRequest('textDocument/references', { textDocument: { uri: uriOf(fragment) }, position: position(itemText, 'Owner:'), context: { includeDeclaration: false } })) as Location[];
    assert.deepEqual(references, [{ uri: uriOf(fragment), range: rangeOf(itemText, "'#/Owner'") }]);
  });

  it('renames a schema and its $refs across files, and refuses a taken name', async () => {
    const text = readFileSync(root, 'utf8');
    const itemText = readFileSync(fragment, 'utf8');
    await client.open(uriOf(fragment), itemText);
    const at = { textDocument: { uri: uriOf(fragment) }, position: position(itemText, 'Item:') };
    const prepared = await client.connection.sendRequest('textDocument/prepareRename', at);
    assert.deepEqual(prepared, { range: rangeOf(itemText, 'Item'), placeholder: 'Item' });
    const edit = (await client.connection.sendRequest('textDocument/rename', { ...at, newName: 'Article' })) as WorkspaceEdit;
    const after = applyWorkspaceEdit({ [uriOf(root)]: text, [uriOf(fragment)]: itemText }, edit);
    assert.equal(after[uriOf(root)], text.replace('item.yaml#/Item', 'item.yaml#/Article'));
    assert.equal(after[uriOf(fragment)], itemText.replace('Item:', 'Article:'));
    await assert.rejects(client.connection.sendRequest('textDocument/rename', { ...at, newName: 'Owner' }), /already exists/);
  });

  it('applies a quick fix from a published diagnostic', async () => {
    const text = readFileSync(root, 'utf8').replace("'./schemas/item.yaml#/Item'", "'./schemas/item.yaml#/Iten'");
    await client.open(uriOf(root), text);
    const diagnostics = await client.diagnostics(uriOf(root), (d) => d.some((x) => x.code === 'oas.ref.unresolved'));
    const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: uriOf(root) }, range: diagnostics[0].range, context: { diagnostics } })) as CodeAction[];
    const change = actions.find((a) => a.title === 'Change to `Item`');
    assert.ok(change, actions.map((a) => a.title).join(' | '));
    assert.equal(applyTextEdits(text, change.edit!.changes![uriOf(root)]), text.replace('#/Iten', '#/Item'));
  });
});
