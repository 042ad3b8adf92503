import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { PreviewMappingResult } from '../../server/src/protocol';
import { ToPreviewPage } from '../../client/src/webviews/previewMessages';
import { webviewHtml } from '../../client/src/webviews/webviewHtml';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const range = (line: number, start: number, end: number) => ({ start: { line, character: start }, end: { line, character: end } });

const fixture: PreviewMappingResult = {
  output: { companyName: 'Acme <b>bold</b>', externalId: 'SF-1', contacts: [{ email: 'x' }] },
  trace: [
    { target: 'companyName', value: 'Acme <b>bold</b>', range: range(11, 10, 21) },
    { target: 'headcount', error: 'stopped after 2 s', range: range(17, 10, 19) },
    { target: 'contacts.email', value: ['x'], items: 1, range: range(22, 16, 21) },
  ],
  sourceViolations: [{ path: '/Employees', message: 'must be an integer, not the string "many"' }],
  targetViolations: [{ path: '/contacts/0/email', message: 'must be an email address; got "x"', target: 'contacts.email', range: range(22, 16, 21) }],
  expected: { uri: 'file:///ws/samples/expected/acme.json', diff: [{ path: '/externalId', kind: 'changed', expected: 'SF-001', actual: 'SF-1' }] },
  ms: 42.4,
  outputFormat: 'json',
  sample: { uri: 'file:///ws/samples/acme.json', format: 'json', text: '{"Name":"Acme <b>bold</b>"}', truncated: false },
  samples: [{ uri: 'file:///ws/samples/acme.json', label: 'samples/acme.json', expectUri: 'file:///ws/samples/expected/acme.json' }, { uri: 'file:///ws/samples/b.csv', label: 'samples/b.csv' }],
};

describe('mapping preview panel in Chromium', function () {
  this.timeout(60_000);
  let browser: BrowserContext;
  let page: Page;
  let folder: string;

  before(async function () {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is needed at ${CHROMIUM}: install Debian's chromium package (apt-get install -y chromium) or set CHROMIUM_PATH`);
    folder = mkdtempSync(join(tmpdir(), 'is-webview-'));
    for (const f of ['preview.js', 'preview.css']) copyFileSync(resolve('dist/webview', f), join(folder, f));
    const base = pathToFileURL(folder).toString();
    writeFileSync(join(folder, 'index.html'), webviewHtml({ cspSource: 'file:', nonce: 'n0nce', scriptUri: `${base}/preview.js`, styleUri: `${base}/preview.css`, title: 'Preview' }));
    // A fresh profile each run.
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
      const w = globalThis as unknown as { posted: unknown[]; state: unknown; acquireVsCodeApi: () => unknown };
      w.posted = [];
      w.acquireVsCodeApi = () => ({ postMessage: (m: unknown) => w.posted.push(m), getState: () => w.state, setState: (s: unknown) => (w.state = s) });
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(pathToFileURL(join(folder, 'index.html')).toString());
    await page.waitForFunction(() => (globalThis as unknown as { posted: { type: string }[] }).posted.some((m) => m.type === 'ready'));
    assert.deepEqual(errors, []);
  });

  afterEach(async () => page?.close());

  const send = (message: unknown) => page.evaluate((m) => (globalThis as unknown as { postMessage(m: unknown, origin: string): void }).postMessage(m, '*'), message as never);
  const posted = () => page.evaluate(() => (globalThis as unknown as { posted: unknown[] }).posted);
  /** Resolves once the page has handled every message sent before (window messages arrive in the order they were posted). */
  const handled = () => page.evaluate(() => new Promise<void>((done) => {
    type Listener = (event: { data: unknown }) => void;
    const w = globalThis as unknown as { addEventListener(t: string, l: Listener): void; removeEventListener(t: string, l: Listener): void; postMessage(m: unknown, origin: string): void };
    const marker = `handled-${Math.random()}`;
    const listener: Listener = (event) => {
      if (event.data !== marker) return;
      w.removeEventListener('message', listener);
      done();
    };
    w.addEventListener('message', listener);
    w.postMessage(marker, '*');
  }));

  it('shows the output, the trace, the violations, the diff and the sample a person reads', async () => {
    const message: ToPreviewPage = { type: 'result', version: 1, mappingUri: 'file:///ws/m.mapping.yaml', mappingLabel: 'm.mapping.yaml', result: fixture };
    await send(message);
    await page.waitForSelector('table.trace');
    const output = await page.textContent('pre.output');
    assert.deepEqual(JSON.parse(output!), fixture.output);
    // Document strings stay text: nothing the sample says becomes markup.
    assert.equal(await page.locator('b').count(), 0);
    const rows = await page.locator('table.trace tbody tr').allInnerTexts();
    assert.deepEqual(rows.map((r) => r.replace(/\s+/g, ' ').trim()), ['companyName "Acme <b>bold</b>"', 'headcount stopped after 2 s', 'contacts.email ["x"]']);
    const violations = await page.locator('section', { hasText: 'Target-schema violations (1)' }).locator('li').allInnerTexts();
    assert.deepEqual(violations, ['/contacts/0/email must be an email address; got "x"']);
    assert.match(await page.innerText('body'), /Does not match the source schema \(1\)\s+\/Employees must be an integer, not the string "many"/);
    assert.match(await page.innerText('table.diff'), /\/externalId\s+changed\s+"SF-001"\s+"SF-1"/);
    assert.match(await page.innerText('.summary'), /1 field failed · 1 target-schema violation · 1 sample violation · 1 difference from expected/);
    assert.equal(await page.innerText('.timing'), '42 ms');
    assert.deepEqual(await page.locator('select option').allInnerTexts(), ['samples/acme.json — golden', 'samples/b.csv']);
  });

  it('asks the extension to jump to a field, pick a sample, and accept the expected output; with the keyboard too', async () => {
    await send({ type: 'result', version: 1, mappingUri: 'file:///ws/m.mapping.yaml', mappingLabel: 'm.mapping.yaml', result: fixture });
    await page.waitForSelector('table.trace');
    await page.click('table.trace >> text=headcount');
    await page.locator('section', { hasText: 'Target-schema violations' }).locator('button').focus();
    await page.keyboard.press('Enter');
    await page.selectOption('select', 'file:///ws/samples/b.csv');
    await page.click('text=Accept as Expected');
    assert.deepEqual((await posted()).slice(1), [
      { type: 'reveal', range: range(17, 10, 19) },
      { type: 'reveal', range: range(22, 16, 21) },
      { type: 'selectSample', uri: 'file:///ws/samples/b.csv' },
      { type: 'acceptExpected' },
    ]);
    assert.deepEqual(await page.evaluate(() => (globalThis as unknown as { state: unknown }).state), { mappingUri: 'file:///ws/m.mapping.yaml', sampleUri: 'file:///ws/samples/acme.json' });
  });

  it('ignores malformed and stale messages, and says why nothing ran', async () => {
    await send({ type: 'result', version: 5, mappingUri: 'file:///ws/m.mapping.yaml', mappingLabel: 'm', result: { ...fixture, output: null, trace: [], targetViolations: [], sourceViolations: [], expected: undefined, problem: 'This workspace is not trusted, so the mapping is not run.' } });
    await page.waitForSelector('.problem');
    await send({ type: 'result', version: 4, mappingUri: 'x', mappingLabel: 'old', result: fixture });
    await send({ type: 'result', version: 6, mappingUri: 'x', mappingLabel: 'bad', result: { trace: 'nope' } });
    await send('<img src=x onerror=alert(1)>');
    await handled();
    assert.equal(await page.innerText('.problem'), 'This workspace is not trusted, so the mapping is not run.');
    assert.equal(await page.innerText('.title'), 'm');
    assert.match(await page.innerText('section >> nth=0'), /^Output\s+No output.$/);
  });
});
