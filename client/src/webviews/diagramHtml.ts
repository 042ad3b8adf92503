/** Messages from the diagram webview to the extension; anything else is ignored. */
export type DiagramWebviewMessage =
  | { type: 'ready' }
  | { type: 'reveal'; message: number }
  | { type: 'exportSvg'; svg: string }
  | { type: 'exportPng'; dataUrl: string }
  | { type: 'copyMermaid' }
  | { type: 'renderError'; message: string };

/** Messages from the extension to the diagram webview. */
export type DiagramHostMessage =
  | { type: 'render'; mermaid: string; theme: 'default' | 'dark' | 'neutral'; highContrast: boolean; version: number }
  | { type: 'problem'; message: string }
  /** The last run of the flow: each message marked passed or failed, with its status and time. */
  | { type: 'runMarks'; marks: RunMark[] };

export interface RunMark {
  /** The message (arrow) number, as in the diagram's links. */
  message: number;
  ok: boolean;
  /** `201 · 12 ms`, or why it failed. */
  text: string;
}

const MAX_SVG = 50 * 1024 * 1024;

/** Checks a message from the webview: the webview runs a third-party renderer, so nothing is trusted. */
export function parseDiagramMessage(value: unknown, messageCount: number): DiagramWebviewMessage | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'copyMermaid':
      return { type: m.type };
    case 'reveal':
      return typeof m.message === 'number' && Number.isInteger(m.message) && m.message >= 0 && m.message < messageCount ? { type: 'reveal', message: m.message } : undefined;
    case 'exportSvg':
      return typeof m.svg === 'string' && m.svg.length < MAX_SVG && /^<svg[\s>]/.test(m.svg) ? { type: 'exportSvg', svg: m.svg } : undefined;
    case 'exportPng':
      return typeof m.dataUrl === 'string' && m.dataUrl.length < MAX_SVG && m.dataUrl.startsWith('data:image/png;base64,') ? { type: 'exportPng', dataUrl: m.dataUrl } : undefined;
    case 'renderError':
      return typeof m.message === 'string' ? { type: 'renderError', message: m.message.slice(0, 2000) } : undefined;
    default:
      return undefined;
  }
}

/** Where the page's resources come from (webview URIs in the editor, a local server in tests). */
export interface DiagramPageResources {
  /** The webview's CSP source (`webview.cspSource`). */
  cspSource: string;
  script: string;
  style: string;
  nonce: string;
}

/**
 * The panel's page: a fixed toolbar and an empty stage. No document text is ever part of the
 * HTML; the diagram arrives by postMessage. Scripts only with the nonce; styles from the
 * extension, plus inline styles because Mermaid writes its SVG styles inline.
 */
export function diagramHtml({ cspSource, script, style, nonce: n }: DiagramPageResources): string {
  const csp = [
    "default-src 'none'",
    `img-src ${cspSource} data: blob:`,
    `style-src ${cspSource} 'unsafe-inline'`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${n}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Sequence diagram</title>
</head>
<body>
<div class="toolbar" role="toolbar" aria-label="Diagram actions">
  <button id="zoom-out" title="Zoom out (Ctrl+-)" aria-label="Zoom out">−</button>
  <button id="zoom-reset" title="Actual size (Ctrl+0)">100%</button>
  <button id="zoom-in" title="Zoom in (Ctrl+=)" aria-label="Zoom in">+</button>
  <button id="zoom-fit" title="Fit to window">Fit</button>
  <span class="spacer"></span>
  <button id="export-svg">Export SVG</button>
  <button id="export-png">Export PNG</button>
  <button id="copy-mermaid">Copy Mermaid</button>
</div>
<div id="problem" class="problem" role="alert" hidden></div>
<div id="viewport" class="viewport" tabindex="0"><div id="stage" class="stage"></div></div>
<script nonce="${n}" src="${script}"></script>
</body>
</html>`;
}
