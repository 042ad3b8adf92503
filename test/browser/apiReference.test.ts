import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { Server } from 'node:http';
import { chromium, Browser, Page } from 'playwright-core';
import type { ApiReferenceModel } from '../../server/src/protocol';
import { loadApiReferencePage, serveWebviewPage } from '../support/webviewPage';
import { generateSpec } from '../bench/generateSpec';
import { apiReference, apiReferenceDetails, apiReferenceSummary } from '../../server/src/service/openapi/apiReference';
import type { LanguageService } from '../../server/src/service/languageService';
import { serviceFor, WS } from '../support/service';

const CHROMIUM = '/usr/bin/chromium';

const SPEC = `openapi: 3.1.0
info:
  title: Orders API
  version: 2.4.0
  description: |
    Orders of the **shop**. <img src="http://127.0.0.1:9/pixel.png" onerror="alert(1)">
    ![tracker](http://127.0.0.1:9/t.png) <script>alert(2)</script>
servers:
  - url: https://api.example.com/v2
tags:
  - name: orders
    description: Everything about orders
paths:
  /orders/{orderId}:
    get:
      tags: [orders]
      operationId: getOrder
      summary: Get an order
      parameters:
        - { name: orderId, in: path, required: true, schema: { type: string, pattern: '^o-[0-9]+$' } }
      responses:
        '200':
          description: The order
          content:
            application/json:
              schema: { $ref: './schemas.yaml#/Order' }
              examples:
                small: { summary: A small order, value: { id: o-1 } }
        '404':
          $ref: '#/components/responses/Missing'
      callbacks:
        orderChanged:
          '{$request.query.callbackUrl}':
            post:
              operationId: orderChangedCallback
              requestBody:
                content:
                  application/json:
                    schema: { $ref: './schemas.yaml#/Order' }
              responses: { '204': { description: Received } }
  /health:
    get:
      operationId: health
      responses: { '204': { description: Up } }
webhooks:
  orderShipped:
    post:
      operationId: orderShipped
      requestBody:
        content:
          application/json:
            schema: { type: object, properties: { carrier: { oneOf: [ { type: string, enum: [dhl, ups] }, { type: 'null' } ] } } }
      responses: { '200': { description: ok } }
components:
  schemas:
    Unused: { type: object }
`;

const SCHEMAS = `Order:
  type: object
  required: [id]
  properties:
    id: { type: string, description: The order's id }
    lines: { type: array, items: { $ref: '#/Line' } }
Line:
  type: object
  properties:
    sku: { type: [string, 'null'], format: uuid }
`;

/** The API reference panel's page in headless Chromium, served with its real CSP, the webview API stubbed. */
describe('API reference panel in Chromium', function () {
  this.timeout(180_000);
  let browser: Browser;
  let server: Server;
  let origin: string;

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium package to run the browser tests`);
    assert.ok(existsSync('dist/webview/apiReference.js'), 'dist/webview/apiReference.js is missing: run the build first');
    ({ server, origin } = await serveWebviewPage('apiReference'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  after(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
  });

  async function openPanel(model: ApiReferenceModel): Promise<{ page: Page; problems: string[]; dialogs: string[]; requests: string[] }> {
    const page = await browser.newPage();
    const problems: string[] = [];
    const dialogs: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    page.on('request', (r) => requests.push(r.url()));
    await page.addInitScript(`
      window.__posted = [];
      window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => undefined, setState: () => {} });
    `);
    await page.goto(origin + '/');
    await page.waitForFunction('window.__posted.some((m) => m.type === "ready")');
    await page.evaluate(`window.postMessage(${JSON.stringify({ type: 'model', version: 1, specUri: model.files[0], model })}, '*')`);
    await page.waitForSelector('header h1');
    return { page, problems, dialogs, requests };
  }

  /** The page as the panel drives it: an outline first, the details asked of the service as the reader opens things. */
  async function openLazyPanel(service: LanguageService, uri: string): Promise<{ page: Page; problems: string[]; asked: unknown[] }> {
    const page = await browser.newPage();
    const problems: string[] = [];
    const asked: unknown[] = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(String(e)));
    await loadApiReferencePage(page, origin, async (message) => {
      asked.push(message);
      return apiReferenceDetails(service, { uri, ...message });
    });
    const outline = (await apiReferenceSummary(service, uri))!;
    await page.evaluate(`window.postMessage(${JSON.stringify({ type: 'model', version: 1, specUri: uri, model: outline })}, '*')`);
    await page.waitForSelector('header h1');
    return { page, problems, asked };
  }

  it('from an outline, asks for an operation\'s details and a component\'s tree only when they are opened', async () => {
    const { service } = serviceFor({ 'api/orders.yaml': SPEC, 'api/schemas.yaml': SCHEMAS });
    const { page, problems, asked } = await openLazyPanel(service, WS + 'api/orders.yaml');
    assert.deepEqual(await page.$$eval('details.tag > summary h2', (hs) => hs.map((h) => h.textContent)), ['orders 1', 'Other operations 1', 'Webhooks 1', 'Components']);
    assert.deepEqual(asked, [], 'nothing is asked before the reader opens something');
    const getOrder = page.locator('details.operation', { hasText: '/orders/{orderId}' });
    await getOrder.locator('.op-title').click();
    await getOrder.locator('.op-body').waitFor();
    assert.equal(asked.length, 1);
    assert.deepEqual(await getOrder.locator('table.params tbody tr td').allTextContents().then((c) => c.slice(0, 3)), ['orderIdrequired', 'path', 'string']);
    const ok = getOrder.locator('details.response', { hasText: '200' });
    assert.equal(await ok.locator('.schema-tree .type').first().textContent(), 'Order');
    const rows = ok.locator('.schema-tree .schema-children > .schema-row');
    assert.deepEqual(await rows.locator('> .row-head .prop-name, > summary .row-head .prop-name').allTextContents(), ['id', 'lines']);
    // The schemas it names came with it: opening the array asks nothing more.
    await rows.nth(1).locator('summary').first().click();
    assert.equal(await rows.nth(1).locator('.schema-children .type').first().textContent(), 'Line');
    assert.equal(asked.length, 1);
    await rows.first().locator('.prop-name').click();
    assert.deepEqual(await page.evaluate('window.__posted.filter((m) => m.type === "reveal").pop()'), { type: 'reveal', at: [1, 4, 4] });
    // Its callback: the request the API sends back, with its body, from the same answer.
    const callback = getOrder.locator('.callback');
    assert.equal(await callback.locator('> .prop-name').textContent(), 'orderChanged');
    assert.equal(await callback.locator('> code').textContent(), '{$request.query.callbackUrl}');
    await callback.locator('details.operation summary').first().click();
    assert.equal(await callback.locator('.op-body .schema-tree .type').first().textContent(), 'Order');
    assert.equal(asked.length, 1);

    // A component's tree is asked for when it is opened.
    await page.locator('details.components > summary').click();
    const unused = page.locator('details.components .schema-row', { hasText: 'Unused' });
    await unused.locator('summary').first().click();
    await unused.locator('.schema-children').waitFor();
    assert.equal(await unused.locator('.schema-children').textContent(), 'Unused: no properties, items or variants.');
    assert.equal(asked.length, 2);
    assert.equal((asked[1] as { schemas: string[] }).schemas.length, 1);
    assert.equal(await page.locator('.loading').count(), 0);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('from an outline, the search finds operations by operationId and summary, and schemas other files hold by name, before anything is opened', async () => {
    const { service } = serviceFor({ 'api/orders.yaml': SPEC, 'api/schemas.yaml': SCHEMAS });
    const { page, problems, asked } = await openLazyPanel(service, WS + 'api/orders.yaml');
    await page.fill('input.search', 'getorder');
    await page.waitForSelector('.results');
    assert.deepEqual(await page.$$eval('.results .path', (p) => p.map((x) => x.textContent)), ['/orders/{orderId}']);
    await page.fill('input.search', 'get an ord');
    await page.waitForSelector('.results h2:has-text("1 operation")');
    // `Line` is written in schemas.yaml and named only by a `$ref` there: the outline knows it by name.
    await page.fill('input.search', 'line');
    await page.waitForSelector('.results h2:has-text("1 schema")');
    assert.deepEqual(await page.$$eval('.results h2', (h) => h.map((x) => x.textContent)), ['0 operations', '1 schema']);
    assert.deepEqual(asked, []);
    const line = page.locator('.results .schema-row', { hasText: 'Line' });
    await line.locator('summary').first().click();
    await line.locator('.schema-children').waitFor();
    assert.deepEqual(await line.locator('.schema-children .prop-name').allTextContents(), ['sku']);
    assert.equal(await line.locator('.schema-children .type').first().textContent(), 'string (uuid) | null');
    assert.equal(asked.length, 1);
    // Clicking its name reveals it in schemas.yaml.
    await line.locator('summary .prop-name').first().click();
    assert.deepEqual(await page.evaluate('window.__posted.filter((m) => m.type === "reveal").pop()'), { type: 'reveal', at: [1, 6, 0] });
    // The components list them too, after the root's own.
    await page.fill('input.search', '');
    await page.locator('details.components > summary').click();
    // The page fills the list in on the toggle event.
    await page.waitForSelector('details.components > .schema-row');
    assert.deepEqual(await page.$$eval('details.components > .schema-row .prop-name', (n) => n.map((x) => x.textContent)), ['Unused', 'Order', 'Line']);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('shows a multi-file 3.1 spec: info, servers, tags, operations, schema trees across files, webhooks; clicks reveal the source', async () => {
    const model = (await apiReference(serviceFor({ 'api/orders.yaml': SPEC, 'api/schemas.yaml': SCHEMAS }).service, WS + 'api/orders.yaml'))!;
    const { page, problems, dialogs, requests } = await openPanel(model);
    assert.equal(await page.textContent('header h1'), 'Orders API');
    assert.equal(await page.textContent('header .version'), '2.4.0');
    assert.equal(await page.textContent('header .badge'), 'OpenAPI 3.1.0');
    assert.equal(await page.textContent('.servers code'), 'https://api.example.com/v2');
    // Descriptions are Markdown, shown safely: markup stays text, nothing remote loads.
    assert.equal(await page.textContent('.overview .markdown strong'), 'shop');
    assert.match((await page.textContent('.overview .markdown'))!, /<img src="http:\/\/127\.0\.0\.1:9\/pixel\.png" onerror="alert\(1\)">/);
    assert.equal(await page.$$eval('img, #app script', (n) => n.length), 0);
    const tags = await page.$$eval('details.tag > summary h2', (hs) => hs.map((h) => h.textContent));
    assert.deepEqual(tags, ['orders 1', 'Other operations 1', 'Webhooks 1', 'Components']);

    // An operation opens on click; its body is built then.
    const getOrder = page.locator('details.operation', { hasText: '/orders/{orderId}' });
    assert.equal(await getOrder.locator('.op-body').count(), 0, 'details are built lazily');
    await getOrder.locator('.op-title').click();
    await getOrder.locator('.op-body').waitFor();
    assert.deepEqual(await getOrder.locator('table.params tbody tr td').allTextContents().then((c) => c.slice(0, 3)), ['orderIdrequired', 'path', 'string']);
    assert.ok((await getOrder.locator('table.params').textContent())!.includes('pattern ^o-[0-9]+$'));
    // The 200 response is open, its schema a tree: the $ref in another file by name, its properties.
    const ok = getOrder.locator('details.response', { hasText: '200' });
    assert.equal(await ok.locator('.schema-tree .type').first().textContent(), 'Order');
    const rows = ok.locator('.schema-tree .schema-children > .schema-row');
    assert.deepEqual(await rows.locator('> .row-head .prop-name, > summary .row-head .prop-name').allTextContents(), ['id', 'lines']);
    assert.ok((await rows.first().textContent())!.includes('required'));
    // Expanding the array shows its items' schema, also by $ref.
    await rows.nth(1).locator('summary').first().click();
    assert.equal(await rows.nth(1).locator('.schema-children .type').first().textContent(), 'Line');
    assert.equal(await ok.locator('.example summary').first().textContent(), 'Example small — A small order');

    // Clicking a property name reveals it in schemas.yaml (file 1), line 4.
    await rows.first().locator('.prop-name').click();
    const reveal = await page.evaluate('window.__posted.filter((m) => m.type === "reveal").pop()');
    assert.deepEqual(reveal, { type: 'reveal', at: [1, 4, 4] });

    // The webhook's body: `oneOf` shown as such.
    const hook = page.locator('details.operation', { hasText: 'orderShipped' });
    await hook.locator('.op-title').click();
    await hook.locator('.schema-children > .schema-row', { hasText: 'carrier' }).locator('summary').first().click();
    assert.equal(await hook.locator('.combiner-label').textContent(), 'one of');
    assert.ok((await hook.locator('.combiner').textContent())!.includes('"dhl"'));

    // Search filters operations and schemas.
    await page.fill('input.search', 'health');
    await page.waitForSelector('.results');
    assert.deepEqual(await page.$$eval('.results .path', (p) => p.map((x) => x.textContent)), ['/health']);
    await page.fill('input.search', 'unus');
    await page.waitForSelector('.results h2:has-text("1 schema")');
    await page.fill('input.search', '');
    await page.waitForSelector('details.tag');

    assert.deepEqual(dialogs, []);
    assert.deepEqual(requests.filter((u) => !u.startsWith(origin)), [], 'nothing is loaded from elsewhere');
    assert.deepEqual(problems, [], 'no script errors and no CSP violations');
    await page.close();
  });

  it('still shows a spec with broken $refs and syntax errors, the broken places marked and linked', async () => {
    const model = (await apiReference(serviceFor({
      'b.yaml': `openapi: 3.0.3\ninfo: { title: Broken, version: "1" }\npaths:\n  /a:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/Nope'\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: { $ref: './missing.yaml#/X' }\n  /b:\n    get:\n      summary: [oops\n      responses: { '200': { description: ok } }\n`,
    }).service, WS + 'b.yaml'))!;
    const { page, problems } = await openPanel(model);
    const listed = await page.$$eval('.problems li', (li) => li.map((l) => l.textContent));
    assert.ok(listed.some((l) => /b\.yaml:7 .*Nope/.test(l!)), listed.join('\n'));
    assert.ok(listed.some((l) => /b\.yaml:17 Flow sequence/.test(l!)), listed.join('\n'));
    await page.locator('.problems li .broken').first().click();
    const reveal = await page.evaluate('window.__posted.filter((m) => m.type === "reveal").pop()') as { at: number[] };
    assert.equal(reveal.at[0], 0);
    const a = page.locator('details.operation', { hasText: '/a' });
    await a.locator('summary').first().click();
    await a.locator('.op-body').waitFor();
    assert.match((await a.locator('table.params .broken').textContent())!, /Nope` points at nothing/);
    assert.match((await a.locator('.schema-tree .broken').textContent())!, /missing\.yaml does not exist/);
    assert.equal(await page.locator('details.operation', { hasText: '/b' }).count(), 1);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('opens a big API (hundreds of operations) with its tags closed and builds an operation only when opened', async () => {
    const model = (await apiReference(serviceFor({ 'big.yaml': generateSpec(12_000) }).service, WS + 'big.yaml'))!;
    assert.ok(model.operations.length >= 300, `${model.operations.length} operations`);
    const { page, problems } = await openPanel(model);
    await page.waitForSelector('details.tag');
    // Big APIs open with their tags closed: the page holds a row per tag, not per operation.
    assert.equal(await page.locator('details.operation').count(), 0);
    const other = page.locator('details.tag').first();
    await other.locator('summary').first().click();
    // An opened tag fills in its rows on its `toggle` event, which the browser fires after the click.
    await other.locator('details.operation').first().waitFor();
    assert.equal(await other.locator('details.operation').count(), model.operations.length);
    assert.equal(await page.locator('.op-body').count(), 0);
    await page.fill('input.search', 'put /resources17/');
    await page.waitForSelector('.results');
    assert.deepEqual(await page.$$eval('.results .path', (p) => p.map((x) => x.textContent)), ['/resources17/{id}']);
    const first = page.locator('.results details.operation').first();
    await first.locator('summary').click();
    await first.locator('.op-body').waitFor();
    assert.equal(await page.locator('.op-body').count(), 1);
    assert.equal(await first.locator('.schema-tree .type').first().textContent(), 'Resource17');
    assert.deepEqual(problems, []);
    await page.close();
  });
});
