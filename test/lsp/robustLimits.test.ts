import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { LspTestClient, uriOf } from '../support/lspClient';
import { exampleFiles } from '../fuzz/entryPoints';
import { defaultConfiguration } from '../../server/src/service/configuration';

function snapshot(folder: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(folder, path), readFileSync(path).toString('base64'));
    }
  };
  walk(folder);
  return files;
}

describe('no silent writes, and the size limit', function () {
  this.timeout(120_000);
  let folder: string;
  let client: LspTestClient | undefined;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'is-readonly-'));
    cpSync('examples', folder, { recursive: true });
  });
  afterEach(async () => {
    await client?.dispose();
    client = undefined;
    rmSync(folder, { recursive: true, force: true });
  });

  it('every read-only feature over every example file leaves the folder byte-identical', async () => {
    const before = snapshot(folder);
    client = new LspTestClient();
    await client.initialize(folder);
    const connection = client.connection;
    const texts = exampleFiles(folder);
    for (const [path, text] of Object.entries(texts)) {
      if (path.startsWith('.interface-studio/snippets/builtin-')) continue;
      const uri = uriOf(join(folder, path));
      await client.open(uri, text, path.endsWith('.json') || path.endsWith('.code-snippets') ? 'json' : path.endsWith('.md') ? 'markdown' : 'yaml');
      const diagnostics = await client.diagnostics(uri);
      const lines = text.split('\n');
      const positions = lines.flatMap((line, i) => (i % 3 === 0 ? [{ line: i, character: 0 }, { line: i, character: Math.floor(line.length / 2) }, { line: i, character: Math.max(0, line.length - 1) }] : []));
      await Promise.all(positions.flatMap((position) => [
        connection.sendRequest('textDocument/completion', { textDocument: { uri }, position }),
        connection.sendRequest('textDocument/hover', { textDocument: { uri }, position }),
        connection.sendRequest('textDocument/definition', { textDocument: { uri }, position }),
        connection.sendRequest('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: true } }),
      ]));
      await connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
      await connection.sendRequest('textDocument/codeLens', { textDocument: { uri } });
      await connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } }, context: { diagnostics } });
      await connection.sendRequest('interfaceStudio/sequenceDiagram', { uri });
      await connection.sendRequest('interfaceStudio/documentKind', { uri });
    }
    await connection.sendRequest('workspace/symbol', { query: '' });
    let cliStatus = 0;
    try {
      execFileSync(process.execPath, [join(process.cwd(), 'dist/cli.js'), 'check', '.'], { cwd: folder, stdio: 'pipe' });
    } catch (error) {
      cliStatus = (error as { status: number }).status;
    }
    assert.ok(cliStatus === 0 || cliStatus === 1, `the CLI ran (status ${cliStatus})`);
    const after = snapshot(folder);
    assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort(), 'no file added or removed');
    for (const [path, bytes] of before) assert.equal(after.get(path), bytes, `${path} changed`);
  });

  it('a document above interfaceStudio.maxFileSize gets one clear diagnostic; a smaller one is checked', async () => {
    client = new LspTestClient();
    await client.initialize(folder, { maxFileSize: 1 });
    const big = 'openapi: 3.0.3\ninfo: { title: Big, version: "1" }\npaths: {}\nx-padding: "' + 'a'.repeat(1024 * 1024 + 10) + '"\n';
    const uri = uriOf(join(folder, 'big.openapi.yaml'));
    await client.open(uri, big);
    const diagnostics = await client.diagnostics(uri);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['document.tooLarge', 0, 0]]);
    assert.match(String(diagnostics[0].message), /larger than 1 MB \(setting `interfaceStudio\.maxFileSize`\)/);
    const small = 'openapi: 3.0.3\ninfo: { title: Small, version: "1" }\npaths: {}\nx-padding: "' + 'a'.repeat(1000) + '"\n';
    const smallUri = uriOf(join(folder, 'small.openapi.yaml'));
    await client.open(smallUri, small);
    assert.deepEqual(await client.diagnostics(smallUri), []);
  });

  it("GitHub's description (13 MB) is under the default limit", () => {
    const path = require.resolve('@octokit/openapi/generated/api.github.com.json');
    const size = statSync(path).size;
    assert.ok(size > 10 * 1024 * 1024, `${size} bytes`);
    assert.ok(size < defaultConfiguration.maxFileSize, `${size} < ${defaultConfiguration.maxFileSize}`);
    assert.equal(defaultConfiguration.maxFileSize, 30 * 1024 * 1024);
  });
});
