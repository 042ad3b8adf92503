import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Diagnostic, InitializedNotification, InitializeRequest } from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';
import { LspTestClient, uriOf } from '../support/lspClient';

/** An LSP client that can say whether the workspace is trusted, as the VS Code client does. */
class TrustingClient extends LspTestClient {
  async initializeWith(folder: string, settings: Record<string, unknown>, initializationOptions: Record<string, unknown>): Promise<void> {
    this.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map(() => settings));
    this.connection.onRequest('client/registerCapability', () => null);
    await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: URI.file(folder).toString(),
      workspaceFolders: [{ uri: URI.file(folder).toString(), name: 'ws' }],
      initializationOptions,
      capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
  }
}

const REMOTE_CODES = ['oas.ref.remoteDisabled', 'oas.ref.remoteFailed', 'oas.ref.unresolved'];

describe('remote $refs never reach the network unless allowed', function () {
  this.timeout(60_000);
  let http: Server;
  let base: string;
  let folder: string;
  const requests: string[] = [];
  let client: TrustingClient | undefined;

  before(async () => {
    http = createServer((request: IncomingMessage, response: ServerResponse) => {
      requests.push(request.url ?? '');
      if (request.url === '/thing.yaml') {
        response.setHeader('Content-Type', 'application/yaml');
        response.end('Thing:\n  type: object\n  properties:\n    id: { type: string }\n');
      } else if (request.url === '/huge.yaml') {
        // 21 MB, above the 20 MB the server accepts.
        response.setHeader('Content-Type', 'application/yaml');
        const chunk = '#' + 'x'.repeat(1024 * 1024 - 2) + '\n';
        for (let i = 0; i < 21; i++) response.write(chunk);
        response.end('Huge:\n  type: string\n');
      } else {
        response.statusCode = 404;
        response.end();
      }
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    folder = mkdtempSync(join(tmpdir(), 'is-remote-'));
  });

  afterEach(async () => {
    await client?.dispose();
    client = undefined;
  });

  after(async () => {
    await new Promise((r) => http.close(r));
    rmSync(folder, { recursive: true, force: true });
  });

  function spec(): string {
    return [
      'openapi: 3.0.3',
      'info: { title: Remote, version: "1" }',
      'paths: {}',
      'components:',
      '  schemas:',
      `    Local:`,
      `      $ref: '${base}/thing.yaml#/Thing'`,
      `    Big:`,
      `      $ref: '${base}/huge.yaml#/Huge'`,
      '',
    ].join('\n');
  }

  async function diagnosticsFor(settings: Record<string, unknown>, initializationOptions: Record<string, unknown> = {}): Promise<Diagnostic[]> {
    client = new TrustingClient();
    await client.initializeWith(folder, settings, initializationOptions);
    const path = join(folder, 'remote.openapi.yaml');
    writeFileSync(path, spec());
    const uri = uriOf(path);
    await client.open(uri, spec());
    const diagnostics = await client.diagnostics(uri, (d) => d.some((x) => REMOTE_CODES.includes(String(x.code))), 30_000);
    return diagnostics.filter((d) => REMOTE_CODES.includes(String(d.code)));
  }

  const lineOf = (text: string, snippet: string) => text.split('\n').findIndex((l) => l.includes(snippet));

  it('off by default: no request is made, and both refs say why they were not fetched', async () => {
    requests.length = 0;
    const diagnostics = await diagnosticsFor({});
    assert.deepEqual(requests, []);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line]).sort(), [
      ['oas.ref.remoteDisabled', lineOf(spec(), 'thing.yaml')],
      ['oas.ref.remoteDisabled', lineOf(spec(), 'huge.yaml')],
    ]);
    assert.match(String(diagnostics[0].message), /interfaceStudio\.allowRemoteRefs/);
  });

  it('allowed in the settings but the workspace is untrusted: still no request', async () => {
    requests.length = 0;
    const diagnostics = await diagnosticsFor({ allowRemoteRefs: true }, { workspaceTrusted: false });
    assert.deepEqual(requests, []);
    assert.deepEqual(diagnostics.map((d) => d.code), ['oas.ref.remoteDisabled', 'oas.ref.remoteDisabled']);
  });

  it('allowed and trusted: the small file resolves, the 21 MB one is refused with the reason', async () => {
    requests.length = 0;
    const diagnostics = await diagnosticsFor({ allowRemoteRefs: true }, { workspaceTrusted: true });
    assert.deepEqual([...new Set(requests)].sort(), ['/huge.yaml', '/thing.yaml']);
    assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
    assert.equal(diagnostics[0].code, 'oas.ref.remoteFailed');
    assert.equal(diagnostics[0].range.start.line, lineOf(spec(), 'huge.yaml'));
    assert.match(String(diagnostics[0].message), /larger than 20 MB/);
  });
});
