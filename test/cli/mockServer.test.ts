import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { startMockCli, stop } from '../support/mockCli';

const cli = resolve('dist/cli.js');

/** Sends raw bytes and resolves with whatever comes back before the socket closes (or 2 s pass). */
function raw(port: number, bytes: string): Promise<string> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    const finish = () => {
      socket.destroy();
      done(reply);
    };
    socket.setTimeout(2000, finish);
    socket.on('data', (d) => (reply += d));
    socket.on('close', finish);
    socket.on('error', finish);
    socket.end(bytes);
  });
}

describe('interface-studio mock', function () {
  this.timeout(60_000);

  it('serves each spec on 127.0.0.1, prints SPEC → URL, logs every call with its result, stops on SIGTERM', async () => {
    const mock = await startMockCli(['specs/shop.openapi.yaml', 'specs/erp/erp.openapi.yaml']);
    try {
      const shop = mock.urls.get('specs/shop.openapi.yaml')!;
      const erp = mock.urls.get('specs/erp/erp.openapi.yaml')!;
      assert.match(shop, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.match(erp, /^http:\/\/127\.0\.0\.1:\d+$/);
      const order = await fetch(`${shop}/orders/1042`, { headers: { 'X-Shop-Api-Key': 'k' } });
      assert.equal(order.status, 200);
      assert.equal(((await order.json()) as { number: string }).number, '#1042');
      const bad = await fetch(`${erp}/salesOrders`, { method: 'POST', headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, body: JSON.stringify({ externalId: 'x' }) });
      assert.equal(bad.status, 422);
      assert.equal(bad.headers.get('content-type'), 'application/problem+json');
      assert.match(((await bad.json()) as { detail: string }).detail, /`\/customer`: is required but missing/);
      assert.match(await mock.logged(/GET \/orders\/1042 → /), /\[specs\/shop.openapi.yaml\] GET \/orders\/1042 → 200 getOrder: request valid/);
      assert.match(await mock.logged(/POST \/salesOrders → /), /\[specs\/erp\/erp.openapi.yaml\] POST \/salesOrders → 422 createSalesOrder: Body `\/customer`/);
    } finally {
      assert.equal(await stop(mock.child), 0);
    }
  });

  it('takes --port for the first spec and says when the port is taken', async () => {
    const first = await startMockCli(['specs/shop.openapi.yaml']);
    try {
      const port = new URL(first.urls.get('specs/shop.openapi.yaml')!).port;
      const second = spawn(process.execPath, [cli, 'mock', 'specs/shop.openapi.yaml', '--port', port], { cwd: resolve('examples') });
      let err = '';
      second.stderr.on('data', (d) => (err += d));
      const code = await new Promise((r) => second.on('exit', r));
      assert.equal(code, 1);
      assert.match(err, new RegExp(`port ${port} is already in use`));
    } finally {
      await stop(first.child);
    }
  });

  it('keeps serving through malformed requests, each answered with a 4xx and a reason', async () => {
    const mock = await startMockCli(['specs/erp/erp.openapi.yaml']);
    const base = mock.urls.get('specs/erp/erp.openapi.yaml')!;
    const port = Number(new URL(base).port);
    try {
      for (const bytes of ['GARBAGE\r\n\r\n', 'GET /customers/1 HTTP/1.1\r\nHost\r\n\r\n', 'POST /salesOrders HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', '\u0000\u0001\u0002']) {
        const reply = await raw(port, bytes);
        assert.match(reply, /^HTTP\/1\.1 4\d\d /, `reply to ${JSON.stringify(bytes)}: ${reply}`);
      }
      // random request lines and headers, as raw bytes: each gets an HTTP answer or a closed connection, never a crash
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('GET', 'POST', 'PUT', 'G\u0000T', '', 'OPTIONS', 'BREW'),
          fc.oneof(fc.constantFrom('/customers/1', '*', '/salesOrders', 'http://evil.example/x', '/%', '/customers/1?limit=%ZZ'), fc.string({ maxLength: 40 })),
          fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/9.9', 'HTTP/1.1 extra', ''),
          fc.array(fc.oneof(fc.constantFrom('Host: x', 'Content-Length: -1', 'Content-Length: 99999999999', 'Transfer-Encoding: gzip', 'Content-Type: application/json', 'Authorization: Bearer', 'Prefer: code=abc', 'Prefer: example=', 'Cookie: ;;=;', 'Accept: */*;q=x'), fc.string({ maxLength: 30 })), { maxLength: 5 }),
          fc.string({ maxLength: 60 }),
          async (method, target, version, headers, body) => {
            const reply = await raw(port, `${method} ${target} ${version}\r\n${headers.join('\r\n')}\r\n\r\n${body}`);
            assert.ok(reply === '' || /^HTTP\/1\.1 \d{3} /.test(reply), `reply: ${reply.slice(0, 200)}`);
            assert.doesNotMatch(reply, /^HTTP\/1\.1 5\d\d /, `a server error for ${method} ${target}: ${reply.slice(0, 300)}`);
          },
        ),
        { numRuns: 120, seed: 7 },
      );
      const statuses = new Set([400, 401, 404, 405, 413, 415, 422]);
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
          fc.constantFrom('/customers', '/customers/1', '/salesOrders', '/salesOrders/x', '/%zz', '/customers/%E0%A4%A', '//', '/customers?x=%'),
          fc.constantFrom('application/json', 'text/plain', 'application/xml', ''),
          fc.oneof(fc.string(), fc.json(), fc.constant('{"externalId": 1, "items": "no"}'), fc.constant('[' .repeat(5000))),
          async (method, path, type, body) => {
            const headers: Record<string, string> = { authorization: 'Bearer t' };
            if (type) headers['content-type'] = type;
            const response = await fetch(base + path, { method, headers, body: method === 'GET' ? undefined : body });
            const text = await response.text();
            if (response.status >= 400) {
              assert.ok(statuses.has(response.status), `${method} ${path} ${type}: ${response.status} ${text}`);
              assert.equal(response.headers.get('content-type'), 'application/problem+json');
              assert.ok(JSON.parse(text).detail.length > 0);
            }
          },
        ),
        { numRuns: 150, seed: 22 },
      );
      const after = await fetch(`${base}/customers/1`, { headers: { authorization: 'Bearer t' } });
      assert.equal(after.status, 200, 'still serving');
      assert.doesNotMatch(mock.stderr(), /→ 500/);
    } finally {
      await stop(mock.child);
    }
  });

  it('serves a spec changed on disk from the next request on, under its basePath, and says so', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'is-mock-reload-'));
    const spec = (status: string) => `swagger: '2.0'
info: { title: Status, version: '1' }
basePath: /v1
paths:
  /status:
    get:
      produces: [application/json]
      responses:
        '200': { description: ok, schema: { type: object, properties: { state: { type: string, enum: [${status}] } } } }
`;
    writeFileSync(join(folder, 'status.yaml'), spec('up'));
    const mock = await startMockCli(['status.yaml'], folder);
    try {
      const base = mock.urls.get('status.yaml')!;
      assert.deepEqual(await (await fetch(`${base}/v1/status`)).json(), { state: 'up' });
      writeFileSync(join(folder, 'status.yaml'), spec('down'));
      assert.deepEqual(await (await fetch(`${base}/v1/status`)).json(), { state: 'down' });
      assert.match(await mock.logged(/spec changed/), /\[status\.yaml\] spec changed: now serving the edited spec \(1 operation\)/);
      writeFileSync(join(folder, 'status.yaml'), 'swagger: [');
      const still = await fetch(`${base}/v1/status`);
      assert.equal(still.status, 200, 'a broken file: the last good spec is served');
      assert.match(await mock.logged(/spec cannot be read/), /\[status\.yaml\] spec cannot be read \(.+\); still serving the last version that could/);
    } finally {
      await stop(mock.child);
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('says what is wrong with a file that is not a spec', async () => {
    const child = spawn(process.execPath, [cli, 'mock', 'mappings/customer-to-erp.mapping.yaml'], { cwd: resolve('examples') });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    assert.equal(await new Promise((r) => child.on('exit', r)), 1);
    assert.match(err, /not an OpenAPI 2\.0, 3\.0 or 3\.1 document/);
  });
});
