import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LspTestClient, uriOf } from '../support/lspClient';

/** A mapping whose only mistake is a target field the ERP's customer does not have. */
function brokenMapping(folder: string): string {
  const path = join(folder, 'mappings/customer-to-erp.mapping.yaml');
  writeFileSync(path, readFileSync(path, 'utf8').replace('  - target: phone\n', '  - target: phoneNumber\n'));
  return path;
}

const brokenSpec = `openapi: 3.0.3
info: { title: Broken, version: '1' }
paths:
  /a:
    get:
      summery: oops
      responses: { '200': { description: OK } }
`;

describe('language server over stdio: the whole workspace in Problems', function () {
  this.timeout(90_000);
  let client: LspTestClient;
  let folder: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'is-ws-'));
    cpSync(resolve('examples'), folder, { recursive: true });
  });

  afterEach(async () => {
    await client?.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  it('publishes the findings of files nobody opened, with progress the user can follow', async () => {
    const mapping = brokenMapping(folder);
    client = new LspTestClient();
    const states: { running: boolean; done: number; total: number }[] = [];
    client.connection.onNotification('interfaceStudio/workspaceCheckState', (state: (typeof states)[number]) => void states.push(state));
    await client.initialize(folder, {}, { workDoneProgress: true });
    const inMapping = await client.diagnostics(uriOf(mapping), (d) => d.length > 0);
    assert.deepEqual(inMapping.map((d) => d.code), ['mapping.target.unknownPath']);
    const line = readFileSync(mapping, 'utf8').split('\n').findIndex((l) => l.includes('phoneNumber'));
    assert.equal(inMapping[0].range.start.line, line);
    const draft = await client.diagnostics(uriOf(join(folder, 'specs/crm-draft.openapi.yaml')), (d) => d.length > 0);
    assert.ok(draft.some((d) => d.code === 'oas.operationId.duplicate'));
    // The check showed progress: a cancellable begin, counts of files, and an end.
    await client.waitForProgress((p) => p.some((x) => x.value.kind === 'end'));
    const begin = client.progress.find((p) => p.value.kind === 'begin');
    assert.equal(begin?.value.cancellable, true);
    const reports = client.progress.filter((p) => p.value.kind === 'report' && p.token === begin?.token);
    assert.match(reports.at(-1)?.value.message ?? '', /^Checking the workspace: (\d+)\/\1 files$/);
    // The client hears when the check runs (VS Code shows a stop button then) and when it ends.
    assert.ok(states.some((s) => s.running), JSON.stringify(states));
    const last = states.at(-1)!;
    assert.ok(!last.running && last.done > 0 && last.done === last.total, JSON.stringify(states));
    // A clean file gets nothing published at all.
    assert.equal(client.lastDiagnostics(uriOf(join(folder, 'specs/shop.openapi.yaml'))), undefined);
  });

  it('checks a file again when it changes on disk, and the files that depend on it', async () => {
    const mapping = join(folder, 'mappings/customer-to-erp.mapping.yaml');
    client = new LspTestClient();
    await client.initialize(folder);
    const draft = uriOf(join(folder, 'specs/crm-draft.openapi.yaml'));
    await client.diagnostics(draft, (d) => d.length > 0);
    // The ERP's customer schema (a file of the spec) loses the `phone` field the mapping fills: the unopened mapping is now wrong.
    const erp = join(folder, 'specs/erp/schemas/customer.yaml');
    const erpText = readFileSync(erp, 'utf8');
    assert.ok(/\n(\s+)phone:/.test(erpText));
    writeFileSync(erp, erpText.replace(/\n(\s+)phone:/, '\n$1telephone:'));
    await client.changedOnDisk(uriOf(erp));
    const [finding] = await client.diagnostics(uriOf(mapping), (d) => d.some((x) => x.code === 'mapping.target.unknownPath'));
    assert.match(String(finding.message), /phone/);
    // The draft is fixed on disk: its findings go.
    writeFileSync(join(folder, 'specs/crm-draft.openapi.yaml'), 'openapi: 3.0.3\ninfo: { title: Fixed, version: "1" }\npaths: {}\n');
    await client.changedOnDisk(draft);
    await client.diagnostics(draft, (d) => d.length === 0);
  });

  it('keeps a closed document\'s findings, read from disk, and leaves an open one\'s to the editor', async () => {
    const spec = join(folder, 'specs/broken.openapi.yaml');
    writeFileSync(spec, brokenSpec);
    client = new LspTestClient();
    await client.initialize(folder);
    await client.diagnostics(uriOf(spec), (d) => d.some((x) => x.code === 'oas.schema.unknownKey'));
    const fixed = brokenSpec.replace('summery', 'summary');
    await client.open(uriOf(spec), fixed);
    await client.diagnostics(uriOf(spec), (d) => !d.some((x) => x.code === 'oas.schema.unknownKey'));
    // Closed without saving: the file on disk still has the mistake, and Problems says so.
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf(spec) } });
    await client.diagnostics(uriOf(spec), (d) => d.some((x) => x.code === 'oas.schema.unknownKey'));
  });

  it('skips what files.exclude and .gitignore hide, in a git repository and outside one', async () => {
    for (const name of ['visible', 'generated', 'legacy', 'build/out']) {
      mkdirSync(join(folder, name), { recursive: true });
      writeFileSync(join(folder, name, 'broken.openapi.yaml'), brokenSpec);
    }
    writeFileSync(join(folder, '.gitignore'), '# build output\ngenerated/\n/build\n');
    for (const repository of [false, true]) {
      if (repository) execFileSync('git', ['init', '-q'], { cwd: folder });
      client = new LspTestClient();
      await client.initialize(folder, {}, { workDoneProgress: true, sections: { 'files.exclude': { '**/legacy': true, '**/.git': true } } });
      await client.diagnostics(uriOf(join(folder, 'visible/broken.openapi.yaml')), (d) => d.length > 0);
      await client.waitForProgress((p) => p.some((x) => x.value.kind === 'end'));
      for (const hidden of ['generated', 'legacy', 'build/out']) {
        assert.equal(client.lastDiagnostics(uriOf(join(folder, hidden, 'broken.openapi.yaml'))), undefined, `${hidden} (${repository ? 'git' : 'no git'})`);
      }
      await client.dispose();
    }
  });

  it('lists only open files with interfaceStudio.problems.scope openFiles, and clears the others when it is set', async () => {
    const mapping = brokenMapping(folder);
    client = new LspTestClient();
    let settings: Record<string, unknown> = {};
    await client.initialize(folder);
    client.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map((i) => (i.section === 'interfaceStudio' ? settings : null)));
    await client.diagnostics(uriOf(mapping), (d) => d.length > 0);
    settings = { problems: { scope: 'openFiles' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { interfaceStudio: settings } });
    await client.diagnostics(uriOf(mapping), (d) => d.length === 0);
    const state = await client.connection.sendRequest('interfaceStudio/workspaceCheck', { action: 'start' });
    assert.deepEqual(state, { scope: 'openFiles', queued: 0 });
    // Opened, it is checked as ever.
    await client.open(uriOf(mapping), readFileSync(mapping, 'utf8'));
    await client.diagnostics(uriOf(mapping), (d) => d.length > 0);
  });

  it('stops when the user cancels the progress', async () => {
    for (let i = 0; i < 300; i++) writeFileSync(join(folder, `specs/broken-${i}.openapi.yaml`), brokenSpec);
    client = new LspTestClient();
    await client.initialize(folder, {}, { workDoneProgress: true });
    await client.waitForProgress((p) => p.some((x) => x.value.kind === 'begin'));
    const token = client.progress.find((p) => p.value.kind === 'begin')!.token;
    await client.connection.sendNotification('window/workDoneProgress/cancel', { token });
    await client.waitForProgress((p) => p.some((x) => x.value.kind === 'end' && x.token === token));
    const published = Array.from({ length: 300 }, (_, i) => client.lastDiagnostics(uriOf(join(folder, `specs/broken-${i}.openapi.yaml`)))).filter(Boolean).length;
    assert.ok(published < 300, `${published} of 300 files were still checked after the cancel`);
    // Asked again, it checks them all.
    await client.connection.sendRequest('interfaceStudio/workspaceCheck', { action: 'start' });
    await client.diagnostics(uriOf(join(folder, 'specs/broken-299.openapi.yaml')), (d) => d.length > 0);
  });

  it('checks GitHub\'s spec in the background without holding up an open document, and says "Checking …" on a large first open', async () => {
    const github = join(folder, 'specs/api.github.com.json');
    copyFileSync(resolve('node_modules/@octokit/openapi/generated/api.github.com.json'), github);
    client = new LspTestClient();
    await client.initialize(folder, {}, { workDoneProgress: true });
    const spec = join(folder, 'specs/typing.openapi.yaml');
    await client.open(uriOf(spec), brokenSpec.replace('summery', 'summary'));
    await client.diagnostics(uriOf(spec), (d) => d.length === 0);
    // Keystrokes in the open document are answered while GitHub's spec is still being checked.
    for (const [i, key] of ['summery', 'descripton', 'tags'].entries()) {
      await client.change(uriOf(spec), brokenSpec.replace('summery', key));
      const expected = i < 2 ? 1 : 0;
      await client.diagnostics(uriOf(spec), (d) => d.filter((x) => x.code === 'oas.schema.unknownKey').length === expected && (expected === 1 ? d.some((x) => String(x.message).includes(key)) : true));
    }
    assert.equal(client.lastDiagnostics(uriOf(github)), undefined, 'GitHub\'s spec was checked before the keystrokes were answered');
    const githubFindings = await client.diagnostics(uriOf(github), (d) => d.length > 0, 60_000);
    assert.ok(githubFindings.some((d) => d.code === 'oas.path.equivalent'));
    // Opening it: the first check of a 13 MB document shows its name in the status bar.
    await client.open(uriOf(github), readFileSync(github, 'utf8'));
    await client.waitForProgress((p) => p.some((x) => x.value.kind === 'begin' && x.value.title === 'Checking api.github.com.json…'), 60_000);
    const token = client.progress.find((x) => x.value.title === 'Checking api.github.com.json…')!.token;
    await client.waitForProgress((p) => p.some((x) => x.value.kind === 'end' && x.token === token), 60_000);
  });

  describe('pull diagnostics, for clients that have them', () => {
    it('offers pull diagnostics only to a client that has them', async () => {
      client = new LspTestClient();
      const pushed = await client.initialize(folder);
      assert.equal(pushed.capabilities.diagnosticProvider, undefined);
      await client.dispose();
      client = new LspTestClient();
      const pulled = await client.initialize(folder, {}, { pull: true });
      assert.deepEqual(pulled.capabilities.diagnosticProvider, { identifier: 'interface-studio', interFileDependencies: true, workspaceDiagnostics: true });
    });

    it('answers an open document\'s pull and pushes nothing', async () => {
      const spec = join(folder, 'specs/broken.openapi.yaml');
      client = new LspTestClient();
      await client.initialize(folder, {}, { pull: true });
      await client.open(uriOf(spec), brokenSpec);
      const findings = await client.pullDocument(uriOf(spec));
      assert.deepEqual(findings.filter((d) => d.severity === 1).map((d) => [d.code, d.range.start.line, d.range.start.character]), [['oas.schema.unknownKey', 5, 6]]);
      await client.change(uriOf(spec), brokenSpec.replace('summery', 'summary'));
      assert.deepEqual((await client.pullDocument(uriOf(spec))).filter((d) => d.severity === 1), []);
      // The workspace check ran meanwhile; a client that pulls gets nothing pushed for the open document.
      await client.pullWorkspace();
      assert.equal(client.lastDiagnostics(uriOf(spec)), undefined);
    });

    it('streams the unopened files\' findings through workspace/diagnostic, then holds the request until a file changes', async () => {
      const mapping = brokenMapping(folder);
      const draft = uriOf(join(folder, 'specs/crm-draft.openapi.yaml'));
      client = new LspTestClient();
      await client.initialize(folder, {}, { pull: true, workDoneProgress: true });
      let streamed = 0;
      const first = await client.pullWorkspace([], { onReport: () => streamed++ });
      assert.ok(streamed > 0 && streamed === first.length, 'the reports came as partial results');
      const inMapping = first.find((r) => r.uri === uriOf(mapping));
      assert.deepEqual(inMapping?.kind === 'full' && inMapping.items.map((d) => d.code), ['mapping.target.unknownPath']);
      const line = readFileSync(mapping, 'utf8').split('\n').findIndex((l) => l.includes('phoneNumber'));
      assert.equal(inMapping?.kind === 'full' && inMapping.items[0].range.start.line, line);
      const inDraft = first.find((r) => r.uri === draft);
      assert.ok(inDraft?.kind === 'full' && inDraft.items.some((d) => d.code === 'oas.operationId.duplicate'));
      // Clean files need no report, and nothing was pushed.
      assert.equal(first.find((r) => r.uri === uriOf(join(folder, 'specs/shop.openapi.yaml'))), undefined);
      assert.equal(client.lastDiagnostics(uriOf(mapping)), undefined);
      // The check showed its progress as before.
      await client.waitForProgress((p) => p.some((x) => x.value.kind === 'end'));
      // Asked again with the ids it holds, the server answers only when something changes: the draft fixed on disk.
      let answered = false;
      const second = client.pullWorkspace(first.map((r) => ({ uri: r.uri, value: r.resultId! }))).finally(() => (answered = true));
      await client.pullDocument(draft); // a round trip: the held request did not answer meanwhile
      assert.equal(answered, false);
      writeFileSync(join(folder, 'specs/crm-draft.openapi.yaml'), 'openapi: 3.0.3\ninfo: { title: Fixed, version: "1" }\npaths: {}\n');
      await client.changedOnDisk(draft);
      const changed = await second;
      assert.deepEqual(changed.map((r) => [r.uri, r.kind === 'full' && r.items.length]), [[draft, 0]]);
    });

    it('asks the client to pull again when a file an open document depends on changes on disk', async () => {
      const mapping = join(folder, 'mappings/customer-to-erp.mapping.yaml');
      client = new LspTestClient();
      await client.initialize(folder, {}, { pull: true });
      await client.open(uriOf(mapping), readFileSync(mapping, 'utf8'));
      assert.deepEqual(await client.pullDocument(uriOf(mapping)), []);
      const erp = join(folder, 'specs/erp/schemas/customer.yaml');
      writeFileSync(erp, readFileSync(erp, 'utf8').replace(/\n(\s+)phone:/, '\n$1telephone:'));
      await client.changedOnDisk(uriOf(erp));
      const deadline = Date.now() + 20_000;
      while (!client.refreshes && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.ok(client.refreshes > 0, 'no workspace/diagnostic/refresh came');
      const findings = await client.pullDocument(uriOf(mapping));
      assert.deepEqual(findings.map((d) => d.code), ['mapping.target.unknownPath']);
    });

    it('says "Checking api.github.com.json…" in the status bar while a large document is pulled the first time', async () => {
      const github = join(folder, 'specs/api.github.com.json');
      copyFileSync(resolve('node_modules/@octokit/openapi/generated/api.github.com.json'), github);
      const text = readFileSync(github, 'utf8');
      client = new LspTestClient();
      await client.initialize(folder, { problems: { scope: 'openFiles' } }, { pull: true, workDoneProgress: true });
      await client.open(uriOf(github), text);
      const findings = await client.pullDocument(uriOf(github));
      assert.ok(findings.some((d) => d.code === 'oas.path.equivalent'));
      const title = 'Checking api.github.com.json…';
      const begin = client.progress.find((p) => p.value.kind === 'begin' && p.value.title === title);
      assert.ok(begin, JSON.stringify(client.progress));
      await client.waitForProgress((p) => p.some((x) => x.value.kind === 'end' && x.token === begin.token));
      // Only the first time: the next pull says nothing.
      await client.change(uriOf(github), text + '\n');
      await client.pullDocument(uriOf(github));
      assert.equal(client.progress.filter((p) => p.value.title === title).length, 1);
    });

    it('reminds a client that has not pulled an edited document to pull again', async () => {
      const spec = join(folder, 'specs/broken.openapi.yaml');
      client = new LspTestClient();
      await client.initialize(folder, { problems: { scope: 'openFiles' } }, { pull: true });
      await client.open(uriOf(spec), brokenSpec);
      await client.pullDocument(uriOf(spec));
      await client.change(uriOf(spec), brokenSpec.replace('summery', 'summary'));
      // The client does not ask for the new version: the server asks it to pull again.
      const deadline = Date.now() + 20_000;
      while (!client.refreshes && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.ok(client.refreshes > 0, 'no workspace/diagnostic/refresh came');
    });

    it('pushes the unopened files\' findings to a client that pulls documents but never the workspace, until it does', async () => {
      const mapping = brokenMapping(folder);
      client = new LspTestClient();
      await client.initialize(folder, {}, { pull: true });
      await client.diagnostics(uriOf(mapping), (d) => d.some((x) => x.code === 'mapping.target.unknownPath'));
      // It starts pulling: what was pushed is withdrawn and comes in the workspace report.
      const reports = await client.pullWorkspace();
      await client.diagnostics(uriOf(mapping), (d) => d.length === 0);
      const inMapping = reports.find((r) => r.uri === uriOf(mapping));
      assert.deepEqual(inMapping?.kind === 'full' && inMapping.items.map((d) => d.code), ['mapping.target.unknownPath']);
    });
  });
});
