import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserContext, chromium, Page } from 'playwright-core';
import type { ChangeReport } from '../../server/src/protocol';
import type { ToChangesPage } from '../../client/src/webviews/changesMessages';
import { webviewHtml } from '../../client/src/webviews/webviewHtml';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const at = (uri: string, line: number) => ({ uri, range: { start: { line, character: 4 }, end: { line, character: 9 } } });
const SPEC = 'file:///ws/specs/shop.openapi.yaml';

const report: ChangeReport = {
  uri: SPEC,
  revision: 'main',
  markdown: '## API changes since `main`',
  changes: [
    { code: 'change.operation.added', level: 'info', message: '`listThings` was added since main: nothing breaks', operation: 'GET /things', operationId: 'listThings', new: at(SPEC, 40), impact: [] },
    { code: 'change.response.propertyRemoved', level: 'error', message: '`email` was removed from the 200 response of `getCustomer` since main: clients that read it break',
      operation: 'GET /customers/{id}', operationId: 'getCustomer', old: at(SPEC, 190), new: at(SPEC, 187),
      impact: [{ ...at('file:///ws/mappings/customer-to-erp.mapping.yaml', 16), message: '`email` <b>was</b> removed since main: this rule reads it' }] },
    { code: 'change.response.enumWidened', level: 'warning', message: '`status` now also allows `blocked` since main: clients meet values they do not know', operation: 'GET /customers/{id}', operationId: 'getCustomer', old: at(SPEC, 20), new: at(SPEC, 21), impact: [] },
  ],
};

describe('change report panel in Chromium', function () {
  this.timeout(60_000);
  let browser: BrowserContext;
  let page: Page;
  let folder: string;

  before(async function () {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is needed at ${CHROMIUM} (apt-get install -y chromium)`);
    folder = mkdtempSync(join(tmpdir(), 'is-changes-view-'));
    for (const f of ['changes.js', 'changes.css']) copyFileSync(resolve('dist/webview', f), join(folder, f));
    const base = pathToFileURL(folder).toString();
    writeFileSync(join(folder, 'index.html'), webviewHtml({ cspSource: 'file:', nonce: 'n0nce', scriptUri: `${base}/changes.js`, styleUri: `${base}/changes.css`, title: 'API changes' }));
    browser = await chromium.launchPersistentContext(join(folder, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  after(async () => {
    await browser?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  beforeEach(async () => {
    page = await browser.newPage();
    await page.addInitScript(() => {
      const w = globalThis as unknown as { posted: unknown[]; acquireVsCodeApi: () => unknown };
      w.posted = [];
      w.acquireVsCodeApi = () => ({ postMessage: (m: unknown) => w.posted.push(m) });
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(pathToFileURL(join(folder, 'index.html')).toString());
    await page.waitForFunction(() => (globalThis as unknown as { posted: { type: string }[] }).posted.some((m) => m.type === 'ready'));
    assert.deepEqual(errors, []);
  });

  afterEach(async () => page?.close());

  const send = (message: ToChangesPage) => page.evaluate((m) => (globalThis as unknown as { postMessage(m: unknown, origin: string): void }).postMessage(m, '*'), message as never);
  const posted = () => page.evaluate(() => (globalThis as unknown as { posted: unknown[] }).posted);

  it('groups the changes by operation, breaking first, with levels, places and impact', async () => {
    await send({ type: 'report', title: 'shop.openapi.yaml since main', report });
    await page.waitForSelector('section.operation');
    assert.deepEqual(await page.locator('section.operation h2').allInnerTexts(), ['GET /customers/{id} · getCustomer', 'GET /things · listThings']);
    const first = page.locator('section.operation').first().locator('li.change');
    assert.deepEqual(await first.locator('.badge').allInnerTexts(), ['breaking', 'may break']);
    assert.match(await first.first().innerText(), /`email` was removed from the 200 response of `getCustomer` since main/);
    assert.match(await first.first().innerText(), /before: shop\.openapi\.yaml:191\s+now: shop\.openapi\.yaml:188/);
    assert.match(await first.first().locator('.impact').innerText(), /customer-to-erp\.mapping\.yaml:17 `email` <b>was<\/b> removed/);
    assert.equal(await page.locator('.impact b').count(), 0, 'document text stays text');
    assert.equal(await page.innerText('.summary'), '1 breaking, 1 that may break, 1 compatible.');
  });

  it('asks the extension to reveal places, copy the Markdown and pick another revision', async () => {
    await send({ type: 'report', title: 'shop.openapi.yaml since main', report });
    await page.waitForSelector('section.operation');
    await page.getByText('now: shop.openapi.yaml:188').click();
    await page.getByText('customer-to-erp.mapping.yaml:17').click();
    await page.getByText('Copy as Markdown').click();
    await page.getByText('Compare with…').click();
    const messages = (await posted()).slice(1);
    assert.deepEqual(messages, [
      { type: 'reveal', link: { change: 1, side: 'new' } },
      { type: 'reveal', link: { change: 1, side: 'impact', impact: 0 } },
      { type: 'copyMarkdown' },
      { type: 'pickRevision' },
    ]);
  });

  it('shows why nothing could be compared', async () => {
    await send({ type: 'report', title: 'new.yaml since main', report: { uri: SPEC, revision: 'main', changes: [], markdown: '', error: 'The file does not exist in main.' } });
    await page.waitForSelector('.problem');
    assert.equal(await page.innerText('.problem'), 'The file does not exist in main.');
  });
});
