import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompletionItem, CompletionList, CompletionRequest, DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver-protocol/node';
import { LspTestClient, uriOf } from '../support/lspClient';

describe('language server over stdio: snippet completion', function () {
  this.timeout(60_000);
  let client: LspTestClient;
  let folder: string;

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'is-snippets-'));
    client = new LspTestClient();
    await client.initialize(folder);
  });

  afterEach(async () => {
    await client.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  async function complete(uri: string, line: number, character: number): Promise<CompletionItem[]> {
    const result = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line, character } });
    return Array.isArray(result) ? result : (result as CompletionList | null)?.items ?? [];
  }

  it('offers built-in snippets for the document kind, and a team library as soon as it is written', async () => {
    const spec = uriOf(join(folder, 'api.yaml'));
    await client.open(spec, 'openapi: 3.1.0\ninfo:\n  title: T\n  version: 1.0.0\ncomponents:\n  responses:\n    \n');
    const before = (await complete(spec, 6, 4)).map((i) => i.label).sort();
    assert.deepEqual(before, ['paginated-response', 'problem-response']);

    const library = join(folder, '.interface-studio/snippets/team.code-snippets');
    mkdirSync(join(folder, '.interface-studio/snippets'), { recursive: true });
    writeFileSync(library, JSON.stringify({ 'Team error': { prefix: 'team-error', kind: 'openapi', at: '/components/responses', body: ['TeamError:', '  description: ${1:Failed}'] } }));
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(library), type: FileChangeType.Created }] });
    const after = await complete(spec, 6, 4);
    const team = after.find((i) => i.label === 'team-error');
    assert.ok(team, JSON.stringify(after.map((i) => i.label)));
    assert.equal(team.labelDetails?.description, 'team (team library)');
    assert.equal(team.insertTextFormat, 2);

    writeFileSync(library, JSON.stringify({ 'Team error': { prefix: 'team-problem', kind: 'openapi', body: 'x: 1' } }));
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(library), type: FileChangeType.Changed }] });
    const labels = (await complete(spec, 6, 4)).map((i) => i.label);
    assert.ok(labels.includes('team-problem') && !labels.includes('team-error'), JSON.stringify(labels));
  });

  it('publishes the problems of a broken library file', async () => {
    mkdirSync(join(folder, '.interface-studio/snippets'), { recursive: true });
    const library = uriOf(join(folder, '.interface-studio/snippets/broken.code-snippets'));
    await client.open(library, '{ "A": { "prefix": "a", "kind": "openapi", "body": "x: ${1:open" } }', 'snippets');
    const [d] = await client.diagnostics(library, (ds) => ds.length > 0);
    assert.equal(d.code, 'snippet.body.syntax');
    assert.deepEqual(d.range, { start: { line: 0, character: 55 }, end: { line: 0, character: 59 } });
  });
});
