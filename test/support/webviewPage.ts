import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { webviewHtml } from '../../client/src/webviews/webviewHtml';

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
