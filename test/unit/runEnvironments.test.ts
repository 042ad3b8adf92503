import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseEnvironments } from '../../server/src/service/configuration';
import { Secrets } from '../../server/src/service/runs/secrets';
import { httpSender } from '../../server/src/node/httpClient';

describe('flow runs: environments, secrets and where requests may go', () => {
  it('reads environments from .interface-studio.yaml and names each mistake at its place', () => {
    const problems: string[] = [];
    const environments = parseEnvironments({
      test: {
        shop: 'https://shop.test.example.com/',
        erp: { url: 'https://erp.test.example.com/v1', headers: { Authorization: 'Bearer ${env:ERP_TOKEN}' }, timeoutMs: 5000 },
        crm: { url: 'ftp://crm' },
        wms: { url: 'https://wms.example.com', header: {} },
      },
      broken: 'https://x',
    }, problems);
    assert.deepEqual(environments.test.shop, { url: 'https://shop.test.example.com', headers: {}, query: {}, timeoutMs: undefined });
    assert.deepEqual(environments.test.erp.headers, { Authorization: 'Bearer ${env:ERP_TOKEN}' });
    assert.equal(environments.test.erp.timeoutMs, 5000);
    assert.deepEqual(problems, [
      '.interface-studio.yaml: `environments.test.crm`: `ftp://crm` is not an http(s) URL.',
      '.interface-studio.yaml: `environments.test.wms` has an unknown key `header` (url, headers, query, timeoutMs).',
      '.interface-studio.yaml: `environments.broken` must map participant ids to base URLs.',
    ]);
  });

  it('reads ${env:NAME} only when asked, says which variable is missing, and redacts every value read', () => {
    const secrets = new Secrets((name) => ({ ERP_TOKEN: 'tok-123456' })[name]);
    assert.equal(secrets.redact('Bearer tok-123456'), 'Bearer tok-123456', 'nothing read yet');
    assert.equal(secrets.expand('Bearer ${env:ERP_TOKEN}', 'test.erp.headers.Authorization'), 'Bearer tok-123456');
    assert.equal(secrets.redact('GET /x?token=tok-123456 failed'), 'GET /x?token=*** failed');
    assert.throws(() => secrets.expand('${env:CRM_KEY}', 'test.crm.headers.X-Key'), /The environment variable CRM_KEY is not set \(test\.crm\.headers\.X-Key uses \$\{env:CRM_KEY\}\)/);
  });

  it('sends only to the environment\'s hosts and does not follow redirects elsewhere', async () => {
    const server = createServer((req, res) => {
      res.writeHead(302, { location: 'http://example.com/' });
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const send = httpSender([base]);
      const elsewhere = await send({ method: 'GET', url: 'http://127.0.0.2:1/x', headers: {}, timeoutMs: 1000 });
      assert.ok('error' in elsewhere && /not a host of the chosen environment; the request was not sent/.test(elsewhere.error));
      const redirected = await send({ method: 'GET', url: `${base}/x`, headers: {}, timeoutMs: 1000 });
      assert.ok(!('error' in redirected));
      assert.equal(redirected.status, 302);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
