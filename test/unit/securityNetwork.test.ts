import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import { FileSystemWorkspace } from '../../server/src/node/fileSystemWorkspace';
import { defaultConfiguration } from '../../server/src/service/configuration';
import { createLanguageService } from '../../server/src/service/builtinKinds';

/** The disk workspace's remote fetch, with short limits so the test stays quick (the server uses 10 s and 20 MB). */
describe('remote $refs: time and size limits', function () {
  this.timeout(20_000);
  let http: Server;
  let base: string;
  let folder: string;
  const hanging: ServerResponse[] = [];

  before(async () => {
    http = createServer((request, response) => {
      if (request.url === '/never.yaml') {
        hanging.push(response); // never answers
      } else if (request.url === '/big.yaml') {
        response.end('Big:\n  description: "' + 'x'.repeat(10_000) + '"\n');
      } else if (request.url === '/ok.yaml') {
        response.end('Ok:\n  type: string\n');
      } else {
        response.statusCode = 404;
        response.end();
      }
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    folder = mkdtempSync(join(tmpdir(), 'is-remote-unit-'));
  });

  after(async () => {
    for (const response of hanging) response.destroy();
    http.closeAllConnections();
    await new Promise((r) => http.close(r));
    rmSync(folder, { recursive: true, force: true });
  });

  async function check(allowRemoteRefs: boolean) {
    const text = [
      'openapi: 3.0.3',
      'info: { title: T, version: "1" }',
      'paths: {}',
      'components:',
      '  schemas:',
      `    A: { $ref: '${base}/never.yaml#/Never' }`,
      `    B: { $ref: '${base}/big.yaml#/Big' }`,
      `    C: { $ref: '${base}/ok.yaml#/Ok' }`,
      `    D: { $ref: '${base}/missing.yaml#/D' }`,
      '',
    ].join('\n');
    const path = join(folder, 'api.yaml');
    writeFileSync(path, text);
    const workspace = new FileSystemWorkspace([folder], { timeoutMs: 500, maxBytes: 5000 });
    const service = createLanguageService({ workspace, configuration: () => ({ ...defaultConfiguration, allowRemoteRefs, rules: { 'oas.component.unused': 'off' } }) });
    const start = Date.now();
    const diagnostics = await service.diagnose(URI.file(path).toString());
    return { diagnostics, elapsed: Date.now() - start, text };
  }

  it('a server that never answers times out, a too-large body is refused, a 404 is named; each says why', async () => {
    const { diagnostics, elapsed, text } = await check(true);
    assert.ok(elapsed < 5000, `took ${elapsed} ms`);
    const byLine = Object.fromEntries(diagnostics.map((d) => [text.split('\n')[d.range.start.line].trim().slice(0, 1), `${d.code} ${d.message}`]));
    assert.match(byLine.A, /^oas\.ref\.remoteFailed .*never\.yaml.*no answer within 0\.5 s/);
    assert.match(byLine.B, /^oas\.ref\.remoteFailed .*big\.yaml.*larger than 5000 bytes/);
    assert.match(byLine.D, /^oas\.ref\.remoteFailed .*missing\.yaml.*HTTP 404/);
    assert.equal(byLine.C, undefined, 'the small answer resolves');
  });
});
