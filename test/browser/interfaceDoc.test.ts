import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import MarkdownIt from 'markdown-it';
import { chromium, Browser } from 'playwright-core';
import { mermaidMarkdownIt } from '../../client/src/markdownMermaid';

const CHROMIUM = '/usr/bin/chromium';
const cli = resolve('dist/cli.js');

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function git(args: string[], cwd: string): void {
  const result = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'Grace Reviewer', GIT_AUTHOR_EMAIL: 'grace@example.com', GIT_COMMITTER_NAME: 'Grace Reviewer', GIT_COMMITTER_EMAIL: 'grace@example.com', GIT_AUTHOR_DATE: '2026-05-04T10:00:00Z', GIT_COMMITTER_DATE: '2026-05-04T10:00:00Z' },
  });
  assert.equal(result.status, 0, result.stderr);
}

/** The exported interface document, opened in Chromium as a reviewer opens the file. */
describe('interface document (HTML) in Chromium', function () {
  this.timeout(180_000);
  let browser: Browser;
  let dir: string;

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium package to run the browser tests`);
    assert.ok(existsSync('dist/webview/mermaidExport.js'), 'dist/webview/mermaidExport.js is missing: run the build first');
    dir = mkdtempSync(join(tmpdir(), 'interface-doc-'));
    cpSync(resolve('examples'), dir, { recursive: true });
    git(['init', '-q'], dir);
    git(['add', '.'], dir);
    git(['commit', '-q', '-m', 'Order to cash, first draft for review'], dir);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  after(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('writes a self-contained document: headings, tables, the drawn diagram, samples, history; loading it requests nothing', async () => {
    const result = run(['doc', 'flows/order-to-cash.flow.yaml', '--format', 'html', '--out', 'review/order-to-cash.html'], dir);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /wrote review\/order-to-cash\.html/);
    const file = join(dir, 'review', 'order-to-cash.html');
    const html = readFileSync(file, 'utf8');
    assert.doesNotMatch(html, /<script/i, 'no script in the document');
    assert.doesNotMatch(html, /\b(src|href)="(?!#)(?!https?:\/\/)(?!mailto:)(?!data:image\/svg\+xml;)[^"]*"/, 'no local resource links');

    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(file).href);
    await page.waitForLoadState('load');
    // The page itself is the only thing loaded: no fonts, images, scripts or styles from anywhere.
    assert.deepEqual(requests, [pathToFileURL(file).href]);

    assert.equal(await page.title(), 'Order to cash');
    const headings = await page.$$eval('h2', (hs) => hs.map((h) => h.textContent));
    assert.deepEqual(headings, ['Participants', 'Sequence diagram', 'Steps', 'Mappings', 'Notes', 'History']);
    const participants = await page.$$eval('h2:text("Participants") + table tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent)));
    assert.deepEqual(participants[0], ['Web shop (shop)', '', 'Shop API ../specs/shop.openapi.yaml', '2.4.0, OpenAPI 3.1.0']);
    assert.deepEqual(participants[2], ['ERP (erp)', '', 'ERP REST API ../specs/erp/erp.openapi.yaml', '2025.2.0, OpenAPI 3.0.3']);

    // The diagram is drawn SVG, shown as an image (what an editor keeps when the page is pasted),
    // with the operations on its arrows; the browser decodes and lays it out.
    const image = await page.$eval('figure.diagram img', (img) => ({
      alt: img.alt, src: img.src, loaded: img.complete && img.naturalWidth > 0, height: img.getBoundingClientRect().height,
    }));
    assert.equal(image.alt, 'Sequence diagram of Order to cash');
    assert.ok(image.loaded, 'the diagram image decodes');
    assert.ok(image.height > 200, `the diagram has a size (${image.height}px)`);
    assert.match(image.src, /^data:image\/svg\+xml;charset=utf-8,/);
    const drawing = decodeURIComponent(image.src.slice(image.src.indexOf(',') + 1));
    assert.match(drawing, /^<svg[\s>]/);
    assert.match(drawing, /POST \/salesOrders/);
    assert.match(drawing, /GET \/customers\/\{customerId\}/);

    // A step with its operation and the request body's schema as a table.
    const steps = await page.$$eval('h3', (hs) => hs.map((h) => h.textContent));
    assert.ok(steps.includes('4. Integration layer → ERP: POST /salesOrders — Create a sales order'), steps.join('\n'));
    const requestRows = await page.$$eval('h3', (hs) => {
      let node = hs.find((h) => h.textContent?.startsWith('4. '))?.nextElementSibling;
      while (node && !node.textContent?.startsWith('Request body')) node = node.nextElementSibling;
      const table = node?.nextElementSibling;
      return table ? [...table.querySelectorAll('tbody tr')].map((r) => [...r.querySelectorAll('td')].slice(0, 3).map((c) => c.textContent)) : [];
    });
    assert.deepEqual(requestRows.find((r) => r[0] === 'items[].quantity'), ['items[].quantity', 'number', 'yes']);
    assert.deepEqual(requestRows.find((r) => r[0] === 'currency'), ['currency', 'string', 'yes']);

    // Each mapping as the reviewer's table, and its samples with their outputs.
    const mappingHeader = await page.$$eval('h3', (hs) => {
      const h = hs.find((x) => x.textContent === 'Shop order to ERP sales order');
      const table = h?.nextElementSibling?.nextElementSibling;
      return table ? [...table.querySelectorAll('th')].map((c) => c.textContent) : [];
    });
    assert.deepEqual(mappingHeader, ['Target', 'Type', 'Required', 'Rule', 'Note']);
    // The sample's input, then its output (each a labelled block), then the golden output's verdict.
    const blocksAfter = (heading: string): Promise<string[]> => page.$$eval('h4', (hs, name) => {
      const blocks: string[] = [];
      let node = hs.find((h) => h.textContent === name)?.nextElementSibling;
      while (node && node.tagName !== 'H4' && node.tagName !== 'H3') {
        blocks.push(node.textContent ?? '');
        node = node.nextElementSibling;
      }
      return blocks;
    }, heading);
    const sample = await blocksAfter('Sample ../samples/order-1042.json');
    assert.equal(sample.length, 4);
    assert.equal(sample[0], 'Input:');
    assert.equal(JSON.parse(sample[1]).number, '1042');
    assert.equal(sample[2], 'Output:');
    assert.equal(JSON.parse(sample[3]).externalId, 'SHOP-1042');
    const xml = await blocksAfter('Sample ../samples/order.xml');
    assert.match(xml[1], /^<\?xml|^<order/);
    assert.equal(xml[4], 'Expected output ../samples/expected/salesorder-1042.json: the output matches it.');

    const history = await page.$$eval('h2:text("History") + table tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent)));
    assert.equal(history.length, 1);
    assert.deepEqual(history[0].slice(0, 3), ['2026-05-04', 'Grace Reviewer', 'Order to cash, first draft for review']);
    assert.match(history[0][3]!, /flows\/order-to-cash\.flow\.yaml/);
    await page.close();
  });

  it('without a browser to draw it, embeds the Mermaid text with a note saying so', async () => {
    const result = run(['doc', 'flows/order-to-cash.flow.yaml', '--format', 'html', '--out', 'no-browser.html'], dir, { CHROMIUM_PATH: join(dir, 'no-such-chromium') });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /embedded as Mermaid text: no Chromium was found/);
    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(dir, 'no-browser.html')).href);
    assert.equal(await page.$('figure.diagram img'), null);
    assert.match(await page.$eval('p.note', (p) => p.textContent ?? ''), /shown as its Mermaid text: no Chromium was found/);
    assert.match(await page.$eval('pre.mermaid-source', (p) => p.textContent ?? ''), /^sequenceDiagram\n/);
    await page.close();
  });

  it('shows descriptions safely: HTML stays text, no remote image loads, no script runs', async () => {
    writeFileSync(join(dir, 'specs', 'hostile.openapi.yaml'), `openapi: 3.1.0
info:
  title: Hostile
  version: "1"
  description: |
    Hello <img src="http://127.0.0.1:9/pixel.png" onerror="alert(1)"> and <script>alert(2)</script>.
    ![tracker](http://127.0.0.1:9/tracker.png) [docs](javascript:alert(3)) [site](https://example.com)
paths:
  /x:
    get:
      operationId: getX
      description: "**bold** <b onclick=alert(4)>b</b>"
      responses: { '200': { description: ok } }
`);
    const result = run(['doc', 'specs/hostile.openapi.yaml', '--format', 'html', '--out', 'hostile.html'], dir);
    assert.equal(result.code, 0, result.stderr);
    const page = await browser.newPage();
    const requests: string[] = [];
    const dialogs: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    await page.goto(pathToFileURL(join(dir, 'hostile.html')).href);
    await page.waitForLoadState('load');
    assert.equal(requests.length, 1, requests.join('\n'));
    assert.deepEqual(dialogs, []);
    assert.equal(await page.$$eval('img, script', (x) => x.length), 0);
    const text = await page.$eval('body', (b) => b.textContent ?? '');
    assert.match(text, /Hello <img src="http:\/\/127\.0\.0\.1:9\/pixel\.png" onerror="alert\(1\)"> and <script>alert\(2\)<\/script>\./);
    const links = await page.$$eval('a', (as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
    assert.deepEqual(links, [['image: tracker', 'http://127.0.0.1:9/tracker.png'], ['site', 'https://example.com']]);
    assert.ok((await page.$$eval('strong', (s) => s.map((x) => x.textContent))).includes('bold'));
    assert.equal(await page.$$eval('[onclick], [onerror]', (x) => x.length), 0);
    assert.match(text, /<b onclick=alert\(4\)>b<\/b>/);
    await page.close();
  });

  it('the Markdown form renders as VS Code\'s Markdown preview renders it: the diagram drawn by our preview script, tables as tables, descriptions safe', async () => {
    const flow = run(['doc', 'flows/order-to-cash.flow.yaml', '--format', 'md', '--out', 'review/order-to-cash.md'], dir);
    assert.equal(flow.code, 0, flow.stderr);
    writeFileSync(join(dir, 'specs', 'hostile-md.openapi.yaml'), `openapi: 3.1.0
info:
  title: Hostile
  version: "1"
  description: |
    Hello <img src="http://127.0.0.1:9/pixel.png" onerror="alert(1)"> and <script>alert(2)</script>.
    ![tracker](http://127.0.0.1:9/tracker.png) [site](https://example.com)
paths:
  /x:
    get:
      operationId: getX
      responses: { '200': { description: "**ok** <iframe src=http://127.0.0.1:9/frame></iframe>" } }
`);
    const spec = run(['doc', 'specs/hostile-md.openapi.yaml', '--format', 'md', '--out', 'review/hostile.md'], dir);
    assert.equal(spec.code, 0, spec.stderr);
    // VS Code's preview renders with markdown-it, raw HTML allowed, and our plugin and preview script.
    const md = new MarkdownIt({ html: true, linkify: true }).use(mermaidMarkdownIt);
    const script = pathToFileURL(resolve('dist/webview/markdownMermaid.js')).href;
    const page = await browser.newPage();
    const requests: string[] = [];
    const dialogs: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    const file = join(dir, 'review', 'preview.html');
    const body = ['order-to-cash.md', 'hostile.md'].map((name) => md.render(readFileSync(join(dir, 'review', name), 'utf8'))).join('\n');
    writeFileSync(file, `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body class="vscode-light">${body}<script src="${script}"></script></body></html>`);
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('div.interface-studio-mermaid svg', { timeout: 60_000 });
    const diagram = await page.$eval('div.interface-studio-mermaid svg', (svg) => svg.textContent ?? '');
    assert.match(diagram, /POST \/salesOrders/);
    assert.equal(await page.$$eval('.interface-studio-mermaid-error', (x) => x.length), 0);
    // Headings and tables as the reviewer expects them.
    const h2 = await page.$$eval('h2', (hs) => hs.map((h) => h.textContent));
    assert.deepEqual(h2.slice(0, 5), ['Participants', 'Sequence diagram', 'Steps', 'Mappings', 'Notes']);
    const participants = await page.$$eval('h2:text("Participants") + table tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent)));
    assert.deepEqual(participants[2], ['ERP (erp)', '', 'ERP REST API ../specs/erp/erp.openapi.yaml', '2025.2.0, OpenAPI 3.0.3']);
    const mappingHeader = await page.$$eval('h3', (hs) => {
      const table = hs.find((x) => x.textContent === 'Shop order to ERP sales order')?.nextElementSibling?.nextElementSibling;
      return table ? [...table.querySelectorAll('th')].map((c) => c.textContent) : [];
    });
    assert.deepEqual(mappingHeader, ['Target', 'Type', 'Required', 'Rule', 'Note']);
    // The descriptions' HTML is text, even to a renderer that passes raw HTML through; nothing remote loads, nothing runs.
    assert.equal(await page.$$eval('img, iframe, [onerror]', (x) => x.length), 0);
    const text = await page.$eval('body', (b) => b.textContent ?? '');
    assert.match(text, /Hello <img src="http:\/\/127\.0\.0\.1:9\/pixel\.png" onerror="alert\(1\)"> and <script>alert\(2\)<\/script>\./);
    // (markdown-it's linkify makes a link of the address in it: a link, loaded by nobody.)
    assert.match(text, /ok <iframe src=http:\/\/127\.0\.0\.1:9\/frame/);
    assert.deepEqual(await page.$$eval('a[href^="http://127.0.0.1:9/tracker"]', (as) => as.map((a) => a.textContent)), ['image: tracker']);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(requests, [pathToFileURL(file).href, script]);
    await page.close();
  });
});
