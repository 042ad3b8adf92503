import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startMockCli, stop } from '../support/mockCli';

const cli = resolve('dist/cli.js');
// newman ships no types; the part of its Node API used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const newman = require('newman') as {
  run(options: { collection: unknown; envVar?: { key: string; value: string }[]; reporters?: string[]; timeoutRequest?: number }, done: (error: Error | null, summary: NewmanSummary) => void): void;
};

interface NewmanSummary {
  run: {
    stats: { requests: { total: number; failed: number }; assertions: { total: number; failed: number } };
    failures: { error: { message: string; test?: string }; source?: { name?: string } }[];
    executions: { item: { name: string }; response?: { code: number } }[];
  };
}

interface Collection {
  info: { name: string; schema: string };
  variable: { key: string; value: string }[];
  item: { name: string; request: { method: string; url: { raw: string }; header: { key: string; value: string }[]; body?: { raw: string } }; event: { script: { exec: string[] } }[] }[];
}

function runNewman(collection: unknown, envVar: { key: string; value: string }[]): Promise<NewmanSummary> {
  return new Promise((done, fail) => newman.run({ collection, envVar, reporters: [], timeoutRequest: 10_000 }, (error, summary) => (error ? fail(error) : done(summary))));
}

function exportCollection(args: string[], cwd: string): Collection {
  const result = spawnSync(process.execPath, [cli, 'export-postman', ...args], { cwd, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as Collection;
}

function failures(summary: NewmanSummary): string[] {
  return summary.run.failures.map((f) => `${f.source?.name}: ${f.error.test ?? ''} ${f.error.message}`);
}

describe('interface-studio export-postman, run with newman', function () {
  this.timeout(90_000);
  let folder: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'is-postman-'));
    cpSync(resolve('examples'), folder, { recursive: true });
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('exports the order-to-cash flow as a collection that passes against our mocks', async () => {
    const collection = exportCollection(['flows/order-to-cash.flow.yaml'], folder);
    assert.equal(collection.info.schema, 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json');
    assert.deepEqual(collection.item.map((i) => `${i.request.method} ${i.request.url.raw}`), [
      'GET {{shop}}/customers/207119551',
      'POST {{erp}}/customers',
      'POST {{erp}}/salesOrders',
    ]);
    assert.ok(collection.variable.some((v) => v.key === 'shop') && collection.variable.some((v) => v.key === 'erp'));
    const salesOrder = JSON.parse(collection.item[2].request.body!.raw);
    const order = JSON.parse(readFileSync(join(folder, 'samples/order-1042.json'), 'utf8'));
    assert.equal(salesOrder.externalId, `SHOP-${order.number}`, 'the body is the mapping\'s output on the webhook payload');
    assert.ok(collection.item.every((i) => i.event[0].script.exec.join('\n').includes('pm.response.to.have.jsonSchema')));

    const mock = await startMockCli(['specs/shop.openapi.yaml', 'specs/erp/erp.openapi.yaml'], folder);
    try {
      const summary = await runNewman(collection, [
        { key: 'shop', value: mock.urls.get('specs/shop.openapi.yaml')! },
        { key: 'erp', value: mock.urls.get('specs/erp/erp.openapi.yaml')! },
      ]);
      assert.deepEqual(failures(summary), []);
      assert.equal(summary.run.stats.requests.total, 3);
      assert.equal(summary.run.stats.assertions.total, 6, 'a status and a schema test per request');
      assert.deepEqual(summary.run.executions.map((e) => e.response?.code), [200, 201, 201]);
    } finally {
      await stop(mock.child);
    }
  });

  it('exports a spec with a baseUrl variable; its tests fail where the mock answers off-spec', async () => {
    const collection = exportCollection(['specs/erp/erp.openapi.yaml'], folder);
    assert.deepEqual(collection.variable.find((v) => v.key === 'baseUrl'), { key: 'baseUrl', value: 'https://erp.example.com/services/rest/v1', type: 'string' });
    assert.deepEqual(collection.item.map((i) => i.name), ['createCustomer — Create a customer', 'getCustomer — Get a customer', 'createSalesOrder — Create a sales order']);

    const mock = await startMockCli(['specs/erp/erp.openapi.yaml'], folder);
    try {
      const baseUrl = [{ key: 'baseUrl', value: mock.urls.get('specs/erp/erp.openapi.yaml')! }];
      assert.deepEqual(failures(await runNewman(collection, baseUrl)), []);
    } finally {
      await stop(mock.child);
    }

    // A spec whose example breaks its own schema: the mock answers it, and the schema test says so.
    const spec = join(folder, 'specs/erp/schemas/customer.yaml');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('  required: [externalId, companyName, email, subsidiary]', '  required: [externalId, companyName, email, subsidiary]\n  example: { externalId: 1 }'));
    const offSpec = await startMockCli(['specs/erp/erp.openapi.yaml'], folder);
    try {
      const summary = await runNewman(collection, [{ key: 'baseUrl', value: offSpec.urls.get('specs/erp/erp.openapi.yaml')! }]);
      const failed = failures(summary);
      assert.ok(failed.some((f) => /getCustomer.*body matches the 200 schema/.test(f)), failed.join('\n'));
    } finally {
      await stop(offSpec.child);
    }
  });

  it('writes --out and refuses what is neither a flow nor a spec', () => {
    const out = join(folder, 'shop.postman_collection.json');
    const written = spawnSync(process.execPath, [cli, 'export-postman', 'specs/shop.openapi.yaml', '--out', out], { cwd: folder, encoding: 'utf8' });
    assert.equal(written.status, 0, written.stderr);
    assert.equal((JSON.parse(readFileSync(out, 'utf8')) as Collection).info.name, 'Shop API');
    const wrong = spawnSync(process.execPath, [cli, 'export-postman', 'samples/order-1042.json'], { cwd: folder, encoding: 'utf8' });
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /neither a flow file nor an OpenAPI document/);
  });
});
