import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where a Chromium may be: `CHROMIUM_PATH` when set (and then only there), else the usual system places. */
export function findChromium(): string | undefined {
  if (process.env.CHROMIUM_PATH) return existsSync(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : undefined;
  const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
  return candidates.find((path): path is string => !!path && existsSync(path));
}

/** The browser bundle that draws a diagram (dist/webview/mermaidExport.js, beside the server and CLI bundles). */
export function mermaidExportScript(): string | undefined {
  const candidates = [join(__dirname, 'webview', 'mermaidExport.js'), join(process.cwd(), 'dist', 'webview', 'mermaidExport.js')];
  return candidates.find((path) => existsSync(path));
}

function unescapeText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&nbsp;/g, '\u00a0').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Draws Mermaid text as SVG in the system's headless Chromium: a local page runs the bundled
 * Mermaid and Chromium prints the page once its work is done. Nothing is fetched (the page and its
 * script are files; networking features are off). Without a Chromium the caller gets a note instead.
 */
export async function drawMermaidSvg(mermaid: string, options: { chromium?: string; script?: string; timeoutMs?: number } = {}): Promise<{ svg: string } | { note: string }> {
  const chromium = options.chromium ?? findChromium();
  if (!chromium) return { note: 'no Chromium was found to draw it (install `chromium`, or set `CHROMIUM_PATH`)' };
  const script = options.script ?? mermaidExportScript();
  if (!script) return { note: 'the Mermaid bundle (dist/webview/mermaidExport.js) is missing' };
  const dir = await mkdtemp(join(tmpdir(), 'interface-studio-diagram-'));
  try {
    const page = join(dir, 'diagram.html');
    await writeFile(page, `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<pre id="source" style="display:none">${escapeHtml(mermaid)}</pre>
<div id="out"></div>
<script src="${pathToFileURL(script).href}"></script>
</body></html>`);
    const dom = await new Promise<string>((resolve, reject) => {
      execFile(chromium, [
        '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-extensions', '--allow-file-access-from-files',
        `--user-data-dir=${join(dir, 'profile')}`, '--virtual-time-budget=20000', '--dump-dom', pathToFileURL(page).href,
      ], { timeout: options.timeoutMs ?? 60000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
    });
    const error = /data-error="([^"]*)"/.exec(dom);
    if (error) return { note: `Mermaid could not draw it: ${error[1].replace(/&quot;/g, '"').replace(/&amp;/g, '&')}` };
    // The SVG is the text of #out, escaped as HTML text is when the page is printed.
    const out = /<div id="out" data-done="true">([\s\S]*?)<\/div>/.exec(dom);
    const svg = out ? unescapeText(out[1]) : '';
    return svg.startsWith('<svg') ? { svg } : { note: 'Chromium did not finish drawing it' };
  } catch (error) {
    return { note: `Chromium could not draw it (${(error as Error).message.split('\n')[0]})` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
