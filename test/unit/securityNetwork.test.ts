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

/** The disk workspace's remote fetch, with a small size limit and, for a server that never answers, a short time limit (the server uses 10 s and 20 MB). */
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

  /** The findings of a spec whose components are the given remote $refs (one per letter), by letter. */
  async function check(refs: Record<string, string>, timeoutMs: number): Promise<Record<string, string>> {
    const lines = [
      'openapi: 3.0.3',
      'info: { title: T, version: "1" }',
      'paths: {}',
      'components:',
      '  schemas:',
      ...Object.entries(refs).map(([letter, ref]) => `    ${letter}: { $ref: '${base}/${ref}' }`),
      '',
    ];
    const path = join(folder, 'api.yaml');
    writeFileSync(path, lines.join('\n'));
    const workspace = new FileSystemWorkspace([folder], { timeoutMs, maxBytes: 5000 });
    const service = createLanguageService({ workspace, configuration: () => ({ ...defaultConfiguration, allowRemoteRefs: true, rules: { 'oas.component.unused': 'off' } }) });
    const diagnostics = await service.diagnose(URI.file(path).toString());
    return Object.fromEntries(diagnostics.map((d) => [lines[d.range.start.line].trim().slice(0, 1), `${d.code} ${d.message}`]));
  }

  it('a server that never answers times out, a too-large body is refused, a 404 is named; each says why', async () => {
    // Only the silent server gets the short limit: without a limit the check would wait for it until mocha's timeout.
    const silent = await check({ A: 'never.yaml#/Never' }, 500);
    assert.match(silent.A, /^oas\.ref\.remoteFailed .*never\.yaml.*no answer within 0\.5 s/);
    // The servers that answer get the server's own limit, which no busy machine reaches on a local answer.
    const byLine = await check({ B: 'big.yaml#/Big', C: 'ok.yaml#/Ok', D: 'missing.yaml#/D' }, 10_000);
    assert.match(byLine.B, /^oas\.ref\.remoteFailed .*big\.yaml.*larger than 5000 bytes/);
    assert.match(byLine.D, /^oas\.ref\.remoteFailed .*missing\.yaml.*HTTP 404/);
    assert.equal(byLine.C, undefined, 'the small answer resolves');
  });
});
