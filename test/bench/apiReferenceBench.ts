/**
 * `npm run bench`, API reference section: GitHub's api.github.com description, opened and checked
 * in the real server, shown in the real panel page in headless Chromium (the system's, under the
 * panel's CSP). The whole path a reader waits for who opens the spec and asks for its reference at
 * once: the server reading and checking it, the outline through the protocol, its transfer to the
 * page, and the first paint of the tags; then opening the biggest tag, opening an
 * operation (its details asked of the server), and scrolling the open tag, frame by frame. The
 * baseline, measured in the same run and alternating: swagger-parser's dereference() of the same
 * file, what a renderer such as Swagger UI or Redoc needs before it shows anything. The whole model
 * in one answer (what the panel asked for before the outline) is measured beside it.
 * Run on its own: `node out/test/bench/apiReferenceBench.js` after the build.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { Browser, chromium } from 'playwright-core';
import { ApiReferenceDetailsRequest, ApiReferenceRequest } from '../../server/src/protocol';
import { LspTestClient, uriOf } from '../support/lspClient';
import { loadApiReferencePage, serveWebviewPage } from '../support/webviewPage';
import { cpuMs } from './baseline';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function dereferenceMs(path: string): number {
  const script = `
    const SwaggerParser = require('@apidevtools/swagger-parser');
    const start = process.hrtime.bigint();
    SwaggerParser.dereference(${JSON.stringify(path)}).catch(() => undefined).finally(() => {
      process.stdout.write(String(Number(process.hrtime.bigint() - start) / 1e6));
    });`;
  return Number(spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: resolve('.') }).stdout);
}

interface Round {
  /** didOpen of the spec → tags painted in the page. */
  firstPaint: number;
  outlineRequest: number;
  /** The server's CPU time from didOpen to the outline's answer (the clock above also counts other jobs' turns on the cores). */
  outlineCpu: number;
  /** didOpen → the spec's diagnostics published, and the server's CPU time until then. */
  checked: number;
  checkedCpu: number;
  outlineMb: number;
  /** The whole model in one answer, for comparison. */
  fullRequest: number;
  fullMb: number;
  openTag: number;
  openTagOperations: number;
  openOperation: number;
  scrollFrames: number[];
  operations: number;
}

/** Resolves once the page has painted what was just added (the frame after next). */
const TWO_FRAMES = 'new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))';

/** One round on a fresh server: the panel is asked for as soon as the spec is opened, before it was ever checked. */
async function panelRound(client: LspTestClient, path: string, browser: Browser, origin: string): Promise<Round> {
  const uri = uriOf(path);
  const text = readFileSync(path, 'utf8');
  const page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  let revision = '';
  await loadApiReferencePage(page, origin, ({ operations, schemas }) => client.connection.sendRequest(ApiReferenceDetailsRequest, { uri, revision, operations, schemas }));

  // The reader opens the spec and asks at once: the server reads and checks it, the outline comes
  // through the protocol, goes to the page, and is painted.
  const cpuBefore = cpuMs(client.pid);
  let start = performance.now();
  const opened = start;
  await client.open(uri, text);
  const check = client.diagnostics(uri, () => true, 300_000).then(() => ({ checked: performance.now() - opened, checkedCpu: cpuMs(client.pid) - cpuBefore }));
  const outline = (await client.connection.sendRequest(ApiReferenceRequest, { uri, summary: true }))!;
  const outlineRequest = performance.now() - start;
  const outlineCpu = cpuMs(client.pid) - cpuBefore;
  revision = outline.lazy!.revision;
  // As a webview receives it: the message as JSON text, parsed in the page.
  await page.evaluate(`window.postMessage({ type: 'model', version: 1, specUri: '', model: JSON.parse(${JSON.stringify(JSON.stringify(outline))}) }, '*')`);
  await page.waitForSelector('details.tag');
  await page.evaluate(TWO_FRAMES);
  const firstPaint = performance.now() - start;

  // The biggest tag opened: a row per operation.
  const counts = await page.$$eval('details.tag > summary .count', (c) => c.map((x) => Number(x.textContent)));
  const biggest = counts.indexOf(Math.max(...counts));
  start = performance.now();
  const tag = page.locator('details.tag').nth(biggest);
  await tag.locator('summary').first().click();
  await tag.locator('details.operation').first().waitFor();
  await page.evaluate(TWO_FRAMES);
  const openTag = performance.now() - start;

  // An operation opened: its details asked of the server and built.
  start = performance.now();
  const operation = tag.locator('details.operation').first();
  await operation.locator('summary').click();
  await operation.locator('.op-body').waitFor();
  await page.evaluate(TWO_FRAMES);
  const openOperation = performance.now() - start;

  // Scrolling through the open tag, a step a frame: the time between frames.
  const scrollFrames = (await page.evaluate(`new Promise((done) => {
    const frames = [];
    let last = performance.now();
    const step = (now) => {
      frames.push(now - last);
      last = now;
      window.scrollBy(0, 240);
      if (frames.length < 150 && window.scrollY + window.innerHeight < document.body.scrollHeight) requestAnimationFrame(step);
      else done(frames.slice(1));
    };
    requestAnimationFrame(step);
  })`)) as number[];
  if (problems.length) throw new Error(`the page failed: ${problems.join('\n')}`);
  await page.close();

  // The check under way since didOpen ends before the whole model is asked for (and before the server goes).
  const { checked, checkedCpu } = await check;
  start = performance.now();
  const full = (await client.connection.sendRequest(ApiReferenceRequest, { uri }))!;
  const fullRequest = performance.now() - start;
  return {
    firstPaint, outlineRequest, outlineCpu, checked, checkedCpu, outlineMb: JSON.stringify(outline).length / 2 ** 20, fullRequest, fullMb: JSON.stringify(full).length / 2 ** 20,
    openTag, openTagOperations: counts[biggest], openOperation, scrollFrames, operations: outline.operations.length,
  };
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (or set CHROMIUM_PATH) for the API reference bench`);
  const path = require.resolve('@octokit/openapi/generated/api.github.com.json');
  const page = await serveWebviewPage('apiReference');
  const origin = page.origin;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const base: number[] = [];
  const rounds: Round[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      base.push(dereferenceMs(path));
      // A fresh server each round: nothing of the previous round is cached. As in the open table of
      // bench.ts, the workspace check is off: the bench folder holds five more 13 MB specs, which it
      // would read in its worker meanwhile.
      const client = new LspTestClient();
      await client.initialize(resolve('.cache/bench'), { problems: { scope: 'openFiles' } });
      rounds.push(await panelRound(client, path, browser, origin));
      await client.dispose();
    }
  } finally {
    await browser.close();
    await page.close();
  }
  const b = median(base);
  const m = (pick: (r: Round) => number): number => median(rounds.map(pick));
  const frames = rounds.flatMap((r) => r.scrollFrames);
  const first = m((r) => r.firstPaint);
  console.log(`\nEach round: ${rounds.map((r) => `tags painted ${r.firstPaint.toFixed(0)} ms, outline answered ${r.outlineRequest.toFixed(0)} ms (server CPU ${r.outlineCpu} ms), diagnostics ${r.checked.toFixed(0)} ms (server CPU ${r.checkedCpu} ms)`).join('; ')}; load average ${loadavg()[0].toFixed(1)}.`);
  console.log(`\n| API reference of GitHub's api.github.com (${rounds[0].operations} operations), median of ${ROUNDS} | swagger-parser dereference() | spec opened → tags painted in Chromium | ratio | of which the outline's answer (spec read, outlined) | server CPU to the outline | spec opened → diagnostics (server CPU) | outline size | the whole model in one answer (size) | open the biggest tag (${rounds[0].openTagOperations} operations) | open an operation (details asked) | scrolling it: frame time median / 95th percentile / longest |`);
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  console.log(`| | ${b.toFixed(0)} ms | ${first.toFixed(0)} ms | **${(first / b).toFixed(2)}** | ${m((r) => r.outlineRequest).toFixed(0)} ms | ${m((r) => r.outlineCpu).toFixed(0)} ms | ${m((r) => r.checked).toFixed(0)} ms (${m((r) => r.checkedCpu).toFixed(0)} ms) | ${(rounds[0].outlineMb * 1024).toFixed(0)} KB | ${m((r) => r.fullRequest).toFixed(0)} ms (${rounds[0].fullMb.toFixed(1)} MB) | ${m((r) => r.openTag).toFixed(0)} ms | ${m((r) => r.openOperation).toFixed(0)} ms | ${median(frames).toFixed(0)} / ${percentile(frames, 0.95).toFixed(0)} / ${Math.max(...frames).toFixed(0)} ms |`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
