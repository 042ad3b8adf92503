import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createConnection } from 'vscode-languageserver/node';
import {
  CodeAction,
  CodeActionRequest,
  CodeLensRequest,
  CompletionList,
  CompletionRequest,
  CompletionResolveRequest,
  createProtocolConnection,
  DefinitionRequest,
  Diagnostic,
  DidOpenTextDocumentNotification,
  DocumentSymbol,
  DocumentSymbolRequest,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  InitializeResult,
  Location,
  PrepareRenameRequest,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  ReferencesRequest,
  RenameRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkspaceEdit,
  WorkspaceSymbolRequest,
} from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';
import { FileSystemWorkspace } from '../../server/src/node/fileSystemWorkspace';
import { DocumentKindRequest } from '../../server/src/protocol';
import { startServer } from '../../server/src/server';
import { builtinKinds } from '../../server/src/service/builtinKinds';
import type { KindDefinition } from '../../server/src/service/kinds';
import { applyWorkspaceEdit } from '../support/editing';
import { todoKind } from '../support/todoKind';

/** The real server, in this process, over a pair of streams, with the kinds a test gives it. */
function startInProcess(kinds: () => KindDefinition[]): ProtocolConnection {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const serverConnection = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  startServer(serverConnection, { createDiskWorkspace: (folders, isCandidate) => new FileSystemWorkspace(folders, undefined, isCandidate), kinds });
  const client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  client.listen();
  return client;
}

const list = `- task: buy-milk
  owner: ann
- task: bake-cake
  after: buy-milk
- task: eat-cake
  owner: bob
  after: bake-cake
`;

describe('a document kind registered by a test gets every feature through the real server', () => {
  let folder: string;
  let client: ProtocolConnection;
  let uri: string;
  let initialized: InitializeResult;
  const published = new Map<string, Diagnostic[]>();
  const registrations: { method: string; registerOptions?: unknown }[] = [];
  const waiters: (() => void)[] = [];

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'todo-kind-'));
    writeFileSync(join(folder, 'home.todo.yaml'), list);
    uri = URI.file(join(folder, 'home.todo.yaml')).toString();
    client = startInProcess(() => [...builtinKinds(), todoKind()]);
    client.onNotification(PublishDiagnosticsNotification.type, (p) => {
      published.set(p.uri, p.diagnostics);
      waiters.splice(0).forEach((w) => w());
    });
    client.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
    client.onRequest('client/registerCapability', (params: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      registrations.push(...params.registrations);
      return null;
    });
    initialized = await client.sendRequest(InitializeRequest.type, {
      // No process id: the server would otherwise watch this process with a timer, keeping mocha alive.
      processId: null,
      rootUri: URI.file(folder).toString(),
      workspaceFolders: [{ uri: URI.file(folder).toString(), name: 'ws' }],
      capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } },
    });
    await client.sendNotification(InitializedNotification.type, {});
    await client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text: list } });
  });

  after(() => {
    client.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  const diagnostics = async (): Promise<Diagnostic[]> => {
    while (!published.has(uri)) await new Promise<void>((resolve) => waiters.push(resolve));
    return published.get(uri)!;
  };
  const at = (text: string, occurrence = 0): { line: number; character: number } => {
    let index = -1;
    for (let i = 0; i <= occurrence; i++) index = list.indexOf(text, index + 1);
    const before = list.slice(0, index);
    return { line: before.split('\n').length - 1, character: index - before.lastIndexOf('\n') - 1 };
  };
  const textDocument = () => ({ uri });

  it('announces the kind with its file names, and names it in the status bar', async () => {
    const kinds = (initialized.capabilities.experimental as { documentKinds: { id: string; fileNames: string[] }[] }).documentKinds;
    assert.deepEqual(kinds.find((k) => k.id === 'todo'), { id: 'todo', fileNames: ['*.todo.yaml'] });
    assert.ok(initialized.capabilities.completionProvider?.triggerCharacters?.includes('@'));
    assert.deepEqual(await client.sendRequest(DocumentKindRequest, { uri }), { kind: 'todo', label: 'To-do list' });
  });

  it('asks the editor to watch its files on disk, with those of every other kind', async () => {
    await diagnostics();
    const watch = registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
    const globs = (watch?.registerOptions as { watchers: { globPattern: string }[] }).watchers.map((w) => w.globPattern);
    for (const glob of ['**/*.todo.yaml', '**/*.mapping.yaml', '**/*.mmd', '**/*.yaml', '**/*.json', '**/*.csv']) assert.ok(globs.includes(glob), `${glob} in ${globs.join(' ')}`);
  });

  it('publishes its diagnostics with their codes and default severities', async () => {
    const found = await diagnostics();
    assert.deepEqual(found.map((d) => [d.code, d.severity, d.message, d.range.start.line]), [['todo.owner.missing', 2, '`bake-cake` has no owner.', 2]]);
  });

  it('completes, and resolves the items it made', async () => {
    const items = (await client.sendRequest(CompletionRequest.type, { textDocument: textDocument(), position: at('ann') })) as CompletionList;
    assert.deepEqual(items.items.map((i) => i.label), ['ann', 'bob']);
    const resolved = await client.sendRequest(CompletionResolveRequest.type, items.items[1]);
    assert.equal(resolved.detail, 'owner bob');
  });

  it('hovers, goes to the definition, finds references', async () => {
    const hover = await client.sendRequest(HoverRequest.type, { textDocument: textDocument(), position: at('bake-cake', 1) });
    assert.equal(hover?.contents, 'Task **bake-cake**, owned by nobody');
    const definition = (await client.sendRequest(DefinitionRequest.type, { textDocument: textDocument(), position: at('buy-milk', 1) })) as Location[];
    assert.deepEqual(definition.map((l) => l.range.start), [at('buy-milk')]);
    const references = (await client.sendRequest(ReferencesRequest.type, { textDocument: textDocument(), position: at('bake-cake'), context: { includeDeclaration: true } }))!;
    assert.deepEqual(references.map((l) => l.range.start), [at('bake-cake'), at('bake-cake', 1)]);
  });

  it('renames, and refuses with its own words where nothing can be renamed', async () => {
    assert.deepEqual((await client.sendRequest(PrepareRenameRequest.type, { textDocument: textDocument(), position: at('buy-milk') }) as { placeholder: string }).placeholder, 'buy-milk');
    await assert.rejects(client.sendRequest(PrepareRenameRequest.type, { textDocument: textDocument(), position: at('owner') }), /Only a task name can be renamed/);
    const edit = (await client.sendRequest(RenameRequest.type, { textDocument: textDocument(), position: at('buy-milk'), newName: 'buy-oat-milk' })) as WorkspaceEdit;
    assert.equal(applyWorkspaceEdit({ [uri]: list }, edit)[uri], list.replaceAll('buy-milk', 'buy-oat-milk'));
  });

  it('shows code lenses, quick fixes, the outline and workspace symbols', async () => {
    const lenses = await client.sendRequest(CodeLensRequest.type, { textDocument: textDocument() });
    assert.deepEqual(lenses?.map((l) => l.command?.title), ['3 tasks']);
    const found = await diagnostics();
    const actions = (await client.sendRequest(CodeActionRequest.type, { textDocument: textDocument(), range: found[0].range, context: { diagnostics: found } })) as CodeAction[];
    assert.equal(actions[0].title, 'Give bake-cake to ann');
    assert.equal(applyWorkspaceEdit({ [uri]: list }, actions[0].edit!)[uri], list.replace('- task: bake-cake\n', '- task: bake-cake\n  owner: ann\n'));
    const outline = (await client.sendRequest(DocumentSymbolRequest.type, { textDocument: textDocument() })) as DocumentSymbol[];
    assert.deepEqual(outline.map((s) => s.name), ['buy-milk', 'bake-cake', 'eat-cake']);
    const symbols = await client.sendRequest(WorkspaceSymbolRequest.type, { query: 'cake' });
    assert.deepEqual(symbols?.map((s) => s.name).filter((n) => n.includes('cake')), ['bake-cake', 'eat-cake']);
  });

  it('answers its own custom request', async () => {
    assert.deepEqual(await client.sendRequest('interfaceStudio/todoOpenTasks', { uri }), { open: 3 });
  });
});

describe('each LSP method is handled once', () => {
  it('a second handler for a request method fails loudly instead of replacing the first', () => {
    const kind = (id: string): KindDefinition => ({ id, label: () => id, requests: [{ method: 'interfaceStudio/same', target: 'service', handle: async () => 1 }] });
    assert.throws(() => startInProcess(() => [kind('one'), kind('two')]), /`interfaceStudio\/same` is answered by two kinds/);
  });

  it('two kinds with one id, or two rules with one code, are refused', () => {
    assert.throws(() => startInProcess(() => [...builtinKinds(), { id: 'mapping', label: () => 'again' }]), /kind `mapping` is already registered/);
    assert.throws(() => startInProcess(() => [...builtinKinds(), { id: 'twice', label: () => 'twice', rules: [{ code: 'oas.schema.type', severity: 'hint', description: 'again', basis: 'none' }] }]), /`oas.schema.type` is declared twice/);
  });
});
