import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const cli = resolve('dist/cli.js');
const FLOW = 'flows/order-to-cash.flow.yaml';

interface Report {
  flow: string;
  passed: boolean;
  steps: { index: number; from: string; to: string; operation?: string; status?: number; ok: boolean; ms: number; error?: string }[];
}

function run(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

function step(report: Report, operation: string) {
  const found = report.steps.find((s) => s.operation === operation);
  assert.ok(found, `no step ${operation} in ${JSON.stringify(report.steps)}`);
  return found;
}

describe('interface-studio run', function () {
  this.timeout(60_000);
  let folder: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'is-run-'));
    cpSync(resolve('examples'), folder, { recursive: true });
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('runs the order-to-cash flow green against mocks it starts and stops itself', async () => {
    const result = await run(['run', FLOW, '--reporter', 'json'], folder);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const report = JSON.parse(result.stdout) as Report;
    assert.equal(report.flow, FLOW);
    assert.equal(report.passed, true);
    assert.deepEqual(report.steps.map((s) => [s.index, s.from, s.to, s.operation ?? null, s.status ?? null, s.ok]), [
      [0, 'shop', 'mw', null, null, true],
      [1, 'mw', 'shop', 'getCustomer', 200, true],
      [2, 'mw', 'erp', 'createCustomer', 201, true],
      [3, 'mw', 'erp', 'createSalesOrder', 201, true],
      [4, 'erp', 'mw', null, null, true],
    ]);
    // getCustomer's path parameter came from the webhook's payload: `$steps[0].customer.id`
    const customerId = JSON.parse(readFileSync(join(folder, 'samples/order-1042.json'), 'utf8')).customer.id;
    // requests go to the mocks under the specs' server paths, as they would to the real systems
    assert.match(result.stderr, new RegExp(`GET /api/v2/customers/${customerId} → 200 getCustomer: request valid`));
    assert.match(result.stderr, /POST \/services\/rest\/v1\/salesOrders → 201 createSalesOrder: request valid/);

    const text = await run(['run', FLOW], folder);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /✓ 3 mw → erp createSalesOrder \(line \d+\): 201 in \d+ ms/);
    assert.match(text.stdout, /5 passed, 0 failed/);
  });

  it('fails the step whose mapping breaks the target request schema, naming the field', async () => {
    const mapping = join(folder, 'mappings/order-to-salesorder.mapping.yaml');
    writeFileSync(mapping, readFileSync(mapping, 'utf8').replace('expr: $number(price)', 'expr: price'));
    const result = await run(['run', FLOW, '--reporter', 'json'], folder);
    assert.equal(result.code, 1);
    const report = JSON.parse(result.stdout) as Report;
    assert.equal(report.passed, false);
    const failed = step(report, 'createSalesOrder');
    assert.equal(failed.ok, false);
    assert.equal(failed.status, 422);
    assert.match(failed.error!, /\/items\/0\/rate/);
    assert.equal(step(report, 'createCustomer').ok, true, 'the other steps still pass');

    const junit = await run(['run', FLOW, '--reporter', 'junit'], folder);
    assert.match(junit.stdout, /<testsuite name="Order to cash" tests="5" failures="1"/);
    assert.match(junit.stdout, /<failure message="[^"]*\/items\/0\/rate/);
  });

  it('fails the step whose mapping fails on the actual payload, saying which field', async () => {
    const order = JSON.parse(readFileSync(join(folder, 'samples/order-1042.json'), 'utf8'));
    order.line_items[0].price = 'twelve';
    writeFileSync(join(folder, 'samples/bad-order.json'), JSON.stringify(order));
    const flow = join(folder, FLOW);
    writeFileSync(flow, readFileSync(flow, 'utf8').replace('input: ../samples/order-1042.json', 'input: ../samples/bad-order.json'));
    const report = JSON.parse((await run(['run', FLOW, '--reporter', 'json'], folder)).stdout) as Report;
    const failed = step(report, 'createSalesOrder');
    assert.equal(failed.ok, false);
    assert.match(failed.error!, /mapping .*order-to-salesorder.mapping.yaml failed on the payload: `items.rate`/);
    assert.equal(failed.status, undefined, 'nothing was sent');
  });

  describe('against an environment', () => {
    let server: Server;
    let seen: { method: string; url: string; authorization?: string }[];
    let base: string;

    beforeEach(async () => {
      seen = [];
      server = createServer((req: IncomingMessage, res) => {
        seen.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization });
        req.resume();
        if (req.url!.startsWith('/customers/')) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ id: 'not-a-number' })); // off-spec: id is an integer, email is required
        } else if (req.url === '/customers') {
          res.writeHead(201, { 'content-type': 'application/json' });
          res.end('<html>oops</html>');
        } else if (req.url === '/salesOrders') {
          setTimeout(() => res.destroyed || res.end('{}'), 5000); // answers too slowly
        } else {
          res.writeHead(404);
          res.end();
        }
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      writeFileSync(join(folder, '.interface-studio.yaml'), `environments:
  test:
    shop: ${base}
    erp: { url: "${base}", headers: { Authorization: "Bearer \${env:ERP_TOKEN}" } }
`);
    });
    afterEach(async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    });

    it('checks every response against the spec, stops slow answers at the timeout and keeps the secret out of the report', async () => {
      const secret = 's3cr3t-token-value';
      const result = await run(['run', FLOW, '--env', 'test', '--reporter', 'json', '--timeout', '800'], folder, { ERP_TOKEN: secret });
      assert.equal(result.code, 1);
      const report = JSON.parse(result.stdout) as Report;
      const customer = step(report, 'getCustomer');
      assert.equal(customer.ok, false);
      assert.match(customer.error!, /\/id must be an integer/);
      assert.match(customer.error!, /\/email is required/);
      const created = step(report, 'createCustomer');
      assert.match(created.error!, /not JSON/);
      const slow = step(report, 'createSalesOrder');
      assert.match(slow.error!, /no answer within 800 ms \(timed out\)/);
      assert.ok(slow.ms < 4000);
      assert.deepEqual(seen.map((s) => `${s.method} ${s.url}`), ['GET /customers/207119551', 'POST /customers', 'POST /salesOrders']);
      assert.equal(seen.find((s) => s.url === '/customers')!.authorization, `Bearer ${secret}`, 'the secret is sent');
      assert.equal(seen.find((s) => s.url.startsWith('/customers/'))!.authorization, undefined, 'only to the participant that names it');
      assert.ok(!result.stdout.includes(secret) && !result.stderr.includes(secret));
    });

    it('names a secret that is not set, and sends nothing for that step', async () => {
      const result = await run(['run', FLOW, '--env', 'test', '--reporter', 'json'], folder, { ERP_TOKEN: '' });
      const report = JSON.parse(result.stdout) as Report;
      assert.match(step(report, 'createCustomer').error!, /environment variable ERP_TOKEN is not set \(test\.erp\.headers\.Authorization/);
      assert.ok(!seen.some((s) => s.url === '/customers'));
    });

    it('refuses an environment that does not exist, and a target that does not answer', async () => {
      const missing = await run(['run', FLOW, '--env', 'prod'], folder);
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /no environment `prod` in .interface-studio.yaml \(it has `test`\)/);
      const closed = createServer();
      await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((r) => closed.close(r));
      writeFileSync(join(folder, '.interface-studio.yaml'), `environments:\n  down:\n    shop: http://127.0.0.1:${port}\n    erp: http://127.0.0.1:${port}\n`);
      const down = JSON.parse((await run(['run', FLOW, '--env', 'down', '--reporter', 'json'], folder)).stdout) as Report;
      assert.match(step(down, 'getCustomer').error!, /connection refused/);
    });
  });

  it('reports bad usage with exit code 2', async () => {
    assert.equal((await run(['run'], folder)).code, 2);
    assert.equal((await run(['run', FLOW, '--reporter', 'xml'], folder)).code, 2);
    const notFlow = await run(['run', 'specs/shop.openapi.yaml'], folder);
    assert.equal(notFlow.code, 2);
    assert.match(notFlow.stderr, /not a flow file/);
  });
});
