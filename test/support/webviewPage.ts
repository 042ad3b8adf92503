import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { webviewHtml } from '../../client/src/webviews/webviewHtml';
import type { Page } from 'playwright-core';

/**
 * A panel's page as the webview serves it (its real HTML and CSP, its bundle from dist/webview),
 * on loopback, for headless Chromium. `name` is the bundle: `apiReference` serves apiReference.js/.css.
 * `html` writes a page whose panel builds its own (given the origin); by default the shared one.
 */
export async function serveWebviewPage(name: string, html?: (origin: string) => string): Promise<{ server: Server; origin: string; close(): Promise<void> }> {
  let origin = '';
  const server = createServer((request, response) => {
    if (request.url === '/') {
      response.setHeader('Content-Type', 'text/html; charset=utf-8');
      response.end(html ? html(origin) : webviewHtml({ cspSource: origin, nonce: 'test-nonce-5678', scriptUri: `${origin}/${name}.js`, styleUri: `${origin}/${name}.css`, title: name }));
    } else if (request.url === `/${name}.js` || request.url === `/${name}.css`) {
      response.setHeader('Content-Type', request.url.endsWith('.js') ? 'text/javascript' : 'text/css');
      response.end(readFileSync(resolve('dist/webview' + request.url)));
    } else {
      response.statusCode = request.url === '/favicon.ico' ? 204 : 404;
      response.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, origin, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** What the API reference page asks for when the reader opens operations or schema trees. */
export interface DetailsAsked {
  revision: string;
  operations: number[];
  schemas: string[];
}

/**
 * Loads the API reference page as its panel does: `acquireVsCodeApi` records what the page posts
 * (`window.__posted`) and hands each `details` request to `answer`, whose result goes back to the
 * page as a webview receives a message (JSON text, parsed in the page). Resolves once the page is ready.
 */
export async function loadApiReferencePage(page: Page, origin: string, answer: (asked: DetailsAsked) => Promise<unknown>): Promise<void> {
  await page.exposeFunction('answerDetails', async (asked: DetailsAsked) => {
    const details = await answer(asked);
    await page.evaluate(`window.postMessage({ type: 'details', version: 1, details: JSON.parse(${JSON.stringify(JSON.stringify(details))}) }, '*')`);
  });
  await page.addInitScript(`
    window.__posted = [];
    window.acquireVsCodeApi = () => ({ postMessage: (m) => { window.__posted.push(m); if (m.type === 'details') void window.answerDetails(m); }, getState: () => undefined, setState: () => {} });
  `);
  await page.goto(origin + '/');
  await page.waitForFunction('window.__posted.some((m) => m.type === "ready")');
}
