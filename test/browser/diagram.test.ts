import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { Server } from 'node:http';
import { chromium, Browser, Page } from 'playwright-core';
import { diagramHtml } from '../../client/src/webviews/diagramHtml';
import { flowDiagram } from '../../server/src/service/flow/toMermaid';
import { serviceFor, WS } from '../support/service';
import { serveWebviewPage } from '../support/webviewPage';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The diagram panel's page in headless Chromium (Playwright gives each launch a fresh profile), served with its real CSP, with the webview API stubbed. */
describe('diagram panel in Chromium', function () {
  this.timeout(120_000);
  let browser: Browser;
  let server: Server;
  let origin: string;
  const nonce = 'test-nonce-1234';

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium) or set CHROMIUM_PATH to run the browser tests`);
    assert.ok(existsSync('dist/webview/diagram.js'), 'dist/webview/diagram.js is missing: run the build first');
    ({ server, origin } = await serveWebviewPage('diagram', (at) => diagramHtml({ cspSource: at, script: `${at}/diagram.js`, style: `${at}/diagram.css`, nonce })));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  after(async () => {
    await browser?.close();
    // When the before hook failed early there is no server to wait for.
    if (server) await new Promise((r) => server.close(r));
  });

  async function openPanel(): Promise<{ page: Page; problems: string[]; dialogs: string[] }> {
    const page = await browser.newPage();
    const problems: string[] = [];
    const dialogs: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    await page.addInitScript(`
      window.__posted = [];
      window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => undefined, setState: () => {} });
    `);
    await page.goto(origin + '/');
    await page.waitForFunction('window.__posted.some((m) => m.type === "ready")');
    return { page, problems, dialogs };
  }

  async function render(page: Page, mermaid: string, theme = 'default'): Promise<void> {
    await page.evaluate(`window.postMessage(${JSON.stringify({ type: 'render', mermaid, theme, highContrast: false, version: 1 })}, '*')`);
    await page.waitForSelector('#stage svg .messageText');
  }

  it('renders a flow with its participants and messages, and a click posts the reveal of that message', async () => {
    const files: Record<string, string> = {
      'erp.openapi.yaml': `openapi: 3.0.3\ninfo: { title: ERP, version: '1' }\npaths:\n  /salesOrders:\n    post:\n      operationId: createSalesOrder\n      responses: { '201': { description: Created } }\n`,
      'f.flow.yaml': `flow: "1.0"\ntitle: Order to cash\nparticipants:\n  shop: { name: Web shop }\n  mw: { name: Integration layer }\n  erp: { name: ERP, spec: erp.openapi.yaml }\n  dlq: { name: orders.dlq, kind: queue }\nsteps:\n  - { from: shop, to: mw, message: order created, async: true }\n  - { from: mw, to: erp, operation: createSalesOrder, reply: 201 Created }\n  - alt:\n      - when: ERP unavailable\n        steps: [ { from: mw, to: dlq, message: park for retry, async: true } ]\n      - when: otherwise\n        steps: [ { note: posted, over: [mw, erp] } ]\n`,
    };
    const { service } = serviceFor(files);
    const diagram = await flowDiagram(service, WS + 'f.flow.yaml');
    const { page, problems } = await openPanel();
    await render(page, diagram!.mermaid);
    const actors = await page.$$eval('#stage svg text.actor', (nodes) => [...new Set(nodes.map((n) => n.textContent?.trim()))]);
    assert.deepEqual(actors.sort(), ['ERP', 'Integration layer', 'Web shop', 'orders.dlq']);
    const messages = await page.$$eval('#stage svg .messageText', (nodes) => nodes.map((n) => n.textContent));
    assert.deepEqual(messages, ['order created', 'POST /salesOrders', '201 Created', 'park for retry']);
    assert.equal(messages.length, diagram!.links.length);
    assert.ok(await page.isVisible('text=ERP unavailable'));
    assert.ok(await page.isVisible('text=posted'));
    const dashed = await page.$$eval('#stage svg .messageLine1', (nodes) => nodes.length);
    assert.equal(dashed, 1, 'the reply is the one dashed arrow');

    await page.click('#stage svg .messageText >> nth=1');
    const posted = await page.evaluate('window.__posted.filter((m) => m.type === "reveal")');
    assert.deepEqual(posted, [{ type: 'reveal', message: 1 }]);

    await page.click('#export-svg');
    const svg = await page.evaluate('window.__posted.find((m) => m.type === "exportSvg")?.svg');
    assert.match(String(svg), /^<svg[\s>]/);
    assert.ok(String(svg).includes('POST /salesOrders'));
    assert.deepEqual(problems, [], 'no script errors and no CSP violations');
    await page.close();
  });

  it('draws every known participant kind with its shape, and an unknown kind as a plain participant, without a Mermaid error', async () => {
    const kinds = ['actor', 'boundary', 'control', 'entity', 'database', 'collections', 'queue', 'middleware', 'scheduler'];
    const flow = `flow: "1.0"\nparticipants:\n${kinds.map((k) => `  ${k}: { name: "The ${k}", kind: ${k} }\n`).join('')}steps:\n${kinds.slice(1).map((k) => `  - { from: actor, to: ${k}, message: "to ${k}" }\n`).join('')}`;
    const { service } = serviceFor({ 'f.flow.yaml': flow });
    const diagram = await flowDiagram(service, WS + 'f.flow.yaml');
    const { page, problems } = await openPanel();
    await render(page, diagram!.mermaid);
    // Mermaid marks each participant's group with its id and the shape it drew.
    const drawn = await page.$$eval('#stage svg [data-type][data-id]', (nodes) => Object.fromEntries(nodes.map((n) => [n.getAttribute('data-id'), n.getAttribute('data-type')])));
    assert.deepEqual(drawn, {
      p1: 'actor', boundary: 'boundary', control: 'control', entity: 'entity', database: 'database', collections: 'collections', queue: 'queue',
      middleware: 'participant', scheduler: 'participant',
    });
    for (const kind of kinds) assert.ok(await page.isVisible(`#stage svg text >> text="The ${kind}" >> nth=0`), `the ${kind} is labelled`);
    const messages = await page.$$eval('#stage svg .messageText', (nodes) => nodes.map((n) => n.textContent));
    assert.deepEqual(messages, kinds.slice(1).map((k) => `to ${k}`));
    assert.equal(await page.evaluate('window.__posted.some((m) => m.type === "renderError")'), false);
    assert.deepEqual(problems, [], 'no script errors and no CSP violations');
    await page.close();
  });

  it('shows a label with markup as text: no element is created and no script runs', async () => {
    const { service } = serviceFor({
      'f.flow.yaml': `flow: "1.0"\nparticipants:\n  a: { name: "<b>Shop</b>" }\n  b: { name: B }\nsteps:\n  - { from: a, to: b, message: "<img src=x onerror=alert(1)>" }\n  - { note: "<script>alert(2)</script>", over: a }\n`,
    });
    const diagram = await flowDiagram(service, WS + 'f.flow.yaml');
    const { page, dialogs } = await openPanel();
    await render(page, diagram!.mermaid, 'dark');
    assert.equal(await page.$$eval('#stage img, #stage script, #stage b', (n) => n.length), 0);
    const label = await page.$eval('#stage svg .messageText', (n) => n.textContent);
    assert.equal(label, '<img src=x onerror=alert(1)>');
    assert.ok(await page.isVisible('#stage svg .messageText'));
    assert.ok(await page.isVisible('text=<b>Shop</b>'));
    await page.waitForTimeout(200);
    assert.deepEqual(dialogs, []);
    await page.close();
  });

  it('shows Mermaid syntax errors in the panel and reports them', async () => {
    const { page } = await openPanel();
    await page.evaluate(`window.postMessage(${JSON.stringify({ type: 'render', mermaid: 'sequenceDiagram\n  A->>B hello\n', theme: 'default', highContrast: false, version: 1 })}, '*')`);
    await page.waitForSelector('#problem:not([hidden])');
    assert.match(await page.textContent('#problem') ?? '', /could not render/);
    assert.ok(await page.evaluate('window.__posted.some((m) => m.type === "renderError")'));
    await page.close();
  });

  it('marks each message of a run passed or failed, with its status and time, and keeps the marks across re-renders', async () => {
    const mermaid = 'sequenceDiagram\n  participant mw\n  participant erp\n  mw->>erp: POST /customers\n  erp-->>mw: 201 Created\n  mw->>erp: POST /salesOrders\n';
    const { page, problems } = await openPanel();
    await render(page, mermaid);
    const marks = [
      { message: 0, ok: true, text: '201 · 12 ms' },
      { message: 1, ok: true, text: '201 · 12 ms' },
      { message: 2, ok: false, text: '422 · 8 ms' },
      { message: 'x', ok: 'no', text: 1 },
    ];
    await page.evaluate(`window.postMessage(${JSON.stringify({ type: 'runMarks', marks })}, '*')`);
    await page.waitForSelector('#stage svg .messageText.run-failed');
    const read = () => page.$$eval('#stage svg .messageText', (nodes) => nodes.map((n) => [n.getAttribute('class'), n.textContent]));
    const labels = await read();
    assert.deepEqual(labels.map(([cls]) => /run-passed/.test(cls ?? '') ? 'passed' : /run-failed/.test(cls ?? '') ? 'failed' : 'none'), ['passed', 'passed', 'failed']);
    assert.match(labels[0][1] ?? '', /POST \/customers ✓ 201 · 12 ms/);
    assert.match(labels[2][1] ?? '', /POST \/salesOrders ✗ 422 · 8 ms/);
    await render(page, mermaid.replace('POST /customers', 'POST /customers '));
    await page.waitForSelector('#stage svg .messageText.run-failed');
    assert.equal((await read()).filter(([, text]) => /✓|✗/.test(text ?? '')).length, 3);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
