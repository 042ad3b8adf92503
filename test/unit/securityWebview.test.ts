import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { ESLint } from 'eslint';
import { diagramHtml, parseDiagramMessage } from '../../client/src/webviews/diagramHtml';
import { createNonce as nonce } from '../../client/src/webviews/webviewHtml';
import { MAX_RESTARTS, RestartPolicy, WINDOW_MS } from '../../client/src/restartPolicy';

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';

function cspOf(html: string): Map<string, string[]> {
  const content = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
  assert.ok(content, 'the page has a CSP meta tag');
  return new Map(content.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
}

function sourcesOf(dir: string): { path: string; text: string }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name))
    .map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}

describe('webviews: CSP, message validation, Mermaid and HTML insertion', () => {
  it("every panel page: default-src 'none', scripts only with the page's nonce, no inline script", () => {
    const n = nonce();
    const html = diagramHtml({ cspSource: CSP_SOURCE, script: `${CSP_SOURCE}/ext/dist/webview/diagram.js`, style: `${CSP_SOURCE}/ext/dist/webview/diagram.css`, nonce: n });
    const csp = cspOf(html);
    assert.deepEqual(csp.get('default-src'), ["'none'"]);
    assert.deepEqual(csp.get('script-src'), [`'nonce-${n}'`]);
    for (const [name, values] of csp) {
      assert.ok(!values.includes("'unsafe-eval'"), `${name} allows eval`);
      assert.ok(!values.some((v) => v === '*' || v === 'http:' || v === 'https:'), `${name} allows any host`);
      if (name !== 'style-src') assert.ok(!values.includes("'unsafe-inline'"), `${name} allows inline code`);
    }
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.ok(scripts.length >= 1);
    for (const [, attributes, body] of scripts) {
      assert.match(attributes, new RegExp(`nonce="${n}"`));
      assert.equal(body.trim(), '', 'no inline script body');
    }
    for (const [, url] of html.matchAll(/\b(?:src|href)="([^"]*)"/g)) assert.ok(url.startsWith(`${CSP_SOURCE}/ext/dist/webview/`), url);
  });

  it('nonces are fresh and long enough', () => {
    const seen = new Set(Array.from({ length: 200 }, () => nonce()));
    assert.equal(seen.size, 200);
    for (const n of seen) assert.match(n, /^[A-Za-z0-9]{24,}$/);
  });

  it('panels load resources from dist/webview only, with scripts enabled only there', () => {
    for (const { path, text } of sourcesOf('client/src')) {
      for (const [, options] of text.matchAll(/createWebviewPanel\([\s\S]*?\{([\s\S]*?)\}\);/g)) {
        assert.match(options, /localResourceRoots:\s*\[bundle\]/, `${path}: localResourceRoots`);
        assert.match(text, /const bundle = vscode\.Uri\.joinPath\(context\.extensionUri, 'dist', 'webview'\)/, `${path}: bundle is dist/webview`);
      }
      assert.doesNotMatch(text, /localResourceRoots:\s*\[[^\]]*workspaceFolders/, `${path} exposes the workspace to a webview`);
    }
  });

  it('the diagram panel accepts only well-formed messages from its webview', () => {
    assert.deepEqual(parseDiagramMessage({ type: 'ready' }, 0), { type: 'ready' });
    assert.deepEqual(parseDiagramMessage({ type: 'reveal', message: 2 }, 3), { type: 'reveal', message: 2 });
    const junk: unknown[] = [
      null, undefined, 0, 'ready', [], ['ready'], {}, { type: 'READY' }, { type: 'eval', code: 'x' },
      { type: 'reveal', message: 3 }, { type: 'reveal', message: -1 }, { type: 'reveal', message: 1.5 }, { type: 'reveal', message: '1' }, { type: 'reveal', message: NaN },
      { type: 'exportSvg', svg: '<script>alert(1)</script>' }, { type: 'exportSvg', svg: 42 }, { type: 'exportSvg' },
      { type: 'exportPng', dataUrl: 'data:text/html;base64,PHNjcmlwdD4=' }, { type: 'exportPng', dataUrl: 'file:///etc/passwd' },
      { type: 'renderError', message: { toString: () => 'x' } },
      { type: 'exportSvg', svg: '<svg>' + 'x'.repeat(50 * 1024 * 1024) },
    ];
    for (const message of junk) assert.equal(parseDiagramMessage(message, 3), undefined, JSON.stringify(message)?.slice(0, 80));
    const long = parseDiagramMessage({ type: 'renderError', message: 'x'.repeat(100_000) }, 0);
    assert.equal(long?.type === 'renderError' && long.message.length, 2000);
  });

  it('whatever arrives, the validator answers a known message or nothing, and never throws', () => {
    const known = new Set(['ready', 'reveal', 'exportSvg', 'exportPng', 'copyMermaid', 'renderError']);
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.record({ type: fc.constantFrom(...known, 'x'), message: fc.anything(), svg: fc.anything(), dataUrl: fc.anything() }, { requiredKeys: ['type'] })), fc.nat(5), (message, count) => {
        const parsed = parseDiagramMessage(message, count);
        if (parsed === undefined) return;
        assert.ok(known.has(parsed.type));
        if (parsed.type === 'reveal') assert.ok(Number.isInteger(parsed.message) && parsed.message >= 0 && parsed.message < count);
        if (parsed.type === 'exportSvg') assert.match(parsed.svg, /^<svg[\s>]/);
        if (parsed.type === 'exportPng') assert.ok(parsed.dataUrl.startsWith('data:image/png;base64,'));
      }),
      { numRuns: 2000, seed: 7 },
    );
  });

  it("Mermaid always runs with securityLevel 'strict'", () => {
    const sources = sourcesOf('client');
    const calls = sources.flatMap(({ path, text }) => [...text.matchAll(/mermaid\.initialize\(\{([\s\S]*?)\}\)/g)].map((m) => ({ path, options: m[1] })));
    assert.ok(calls.length >= 2, 'the diagram panel and the Markdown preview initialise Mermaid');
    for (const { path, options } of calls) assert.match(options, /securityLevel: 'strict'/, path);
    for (const { path, text } of sources) assert.doesNotMatch(text, /securityLevel:\s*'(loose|antiscript|sandbox)'/, path);
    const bundle = readFileSync('dist/webview/diagram.js', 'utf8');
    assert.ok(bundle.includes('securityLevel:"strict"') || bundle.includes("securityLevel: 'strict'") || bundle.includes('securityLevel: "strict"'), 'the built bundle keeps strict');
  });

  it('the lint rule forbids innerHTML, outerHTML, insertAdjacentHTML and document.write in client code', async function () {
    this.timeout(120_000);
    const eslint = new ESLint();
    const code = [
      'const el = document.body;',
      'el.innerHTML = "<b>x</b>";',
      'el.outerHTML = "<i></i>";',
      'el.insertAdjacentHTML("beforeend", "<b>x</b>");',
      'document.write("<p>");',
      'el.textContent = "fine";',
      '',
    ].join('\n');
    const [result] = await eslint.lintText(code, { filePath: 'client/webview-src/probe.ts' });
    assert.deepEqual(result.messages.map((m) => [m.line, m.ruleId]), [2, 3, 4, 5].map((line) => [line, 'no-restricted-syntax']));
    const [server] = await eslint.lintText(code, { filePath: 'server/src/cli/probe.ts' });
    assert.deepEqual(server.messages, [], 'the rule is for client code');
  });
});

describe('crash recovery: restart, tell once, no loop', () => {
  it('restarts and warns the first time only', () => {
    const policy = new RestartPolicy();
    const first = policy.closed(1000);
    assert.equal(first.restart, true);
    assert.equal(first.tell?.severity, 'warning');
    assert.match(first.tell!.message, /stopped unexpectedly and was restarted/);
    for (let i = 2; i <= MAX_RESTARTS; i++) {
      const next = policy.closed(1000 + i);
      assert.equal(next.restart, true);
      assert.equal(next.tell, undefined, 'no message at every restart');
      assert.match(next.log!, new RegExp(`${i} in the last 3 minutes`));
    }
  });

  it('gives up after too many crashes in a short time, and says how to start again', () => {
    const policy = new RestartPolicy();
    for (let i = 0; i < MAX_RESTARTS; i++) assert.equal(policy.closed(i).restart, true);
    const last = policy.closed(MAX_RESTARTS);
    assert.equal(last.restart, false);
    assert.equal(last.tell?.severity, 'error');
    assert.match(last.tell!.message, /Restart Interface Studio Server/);
  });

  it('crashes spread over time keep restarting; a deliberate restart starts the count again', () => {
    const policy = new RestartPolicy();
    for (let i = 0; i < 3 * MAX_RESTARTS; i++) assert.equal(policy.closed(i * (WINDOW_MS / 2)).restart, true);
    const burst = new RestartPolicy();
    for (let i = 0; i < MAX_RESTARTS; i++) burst.closed(i);
    burst.reset();
    assert.equal(burst.closed(MAX_RESTARTS + 1).restart, true);
  });

  it('transport errors: continue a few times, then shut down', () => {
    const policy = new RestartPolicy();
    assert.deepEqual([undefined, 1, 3, 4, 10].map((c) => policy.continueAfterError(c)), [true, true, true, false, false]);
  });
});
