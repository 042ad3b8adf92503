// The sequence-diagram panel: renders Mermaid text sent by the extension, with zoom, pan,
// click-to-reveal and export. Runs in the webview under a strict CSP; talks only by postMessage.
import mermaid from 'mermaid';
import './diagram.css';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const stage = document.getElementById('stage') as HTMLDivElement;
const viewport = document.getElementById('viewport') as HTMLDivElement;
const problem = document.getElementById('problem') as HTMLDivElement;

let view = { scale: 1, x: 0, y: 0 };
const saved = vscode.getState() as { view?: typeof view } | undefined;
if (saved?.view && [saved.view.scale, saved.view.x, saved.view.y].every(Number.isFinite)) view = saved.view;
let renderCount = 0;
let latest = -1;
let currentTheme = '';

function applyView(): void {
  stage.style.transform = `translate(${view.x}px, ${view.y}px) scale(${view.scale})`;
  vscode.setState({ view });
}

function zoomAt(factor: number, cx = viewport.clientWidth / 2, cy = viewport.clientHeight / 2): void {
  const scale = Math.min(8, Math.max(0.1, view.scale * factor));
  const k = scale / view.scale;
  view = { scale, x: cx - (cx - view.x) * k, y: cy - (cy - view.y) * k };
  applyView();
}

function fit(): void {
  const svg = stage.querySelector('svg');
  if (!svg) return;
  const box = svg.getBoundingClientRect();
  const width = box.width / view.scale + 32;
  const height = box.height / view.scale + 32;
  const scale = Math.min(2, Math.max(0.1, Math.min(viewport.clientWidth / width, viewport.clientHeight / height)));
  view = { scale, x: 0, y: 0 };
  applyView();
}

function showProblem(message: string | undefined): void {
  problem.hidden = !message;
  problem.textContent = message ?? '';
}

/** Marks the arrows and labels of the n-th message so that a click reveals its step. */
function wireMessages(svg: SVGSVGElement): void {
  const texts = svg.querySelectorAll('.messageText');
  const lines = svg.querySelectorAll('.messageLine0, .messageLine1');
  const mark = (list: NodeListOf<Element>) => list.forEach((element, index) => {
    element.classList.add('is-message');
    element.setAttribute('data-message', String(index));
  });
  mark(texts);
  if (lines.length === texts.length) mark(lines);
}

async function render(text: string, theme: string, highContrast: boolean, version: number): Promise<void> {
  latest = version;
  if (theme !== currentTheme) {
    mermaid.initialize({
      startOnLoad: false,
      securityLevel: 'strict',
      theme: theme as 'default' | 'dark' | 'neutral',
      sequence: { showSequenceNumbers: false, useMaxWidth: false },
      fontFamily: getComputedStyle(document.body).fontFamily || undefined,
    });
    currentTheme = theme;
  }
  document.body.classList.toggle('high-contrast', highContrast);
  const id = `diagram-${++renderCount}`;
  try {
    const { svg } = await mermaid.render(id, text);
    if (version !== latest) return;
    // Mermaid's own output, sanitised by it (securityLevel: strict); labels were escaped by the server.
    // eslint-disable-next-line no-restricted-syntax -- Mermaid returns its diagram only as SVG markup, sanitised by it (securityLevel: strict); there is no DOM-node API to insert instead.
    stage.innerHTML = svg;
    const element = stage.querySelector('svg');
    if (element) wireMessages(element);
    applyRunMarks();
    showProblem(undefined);
  } catch (error) {
    document.getElementById(id)?.remove();
    document.getElementById(`d${id}`)?.remove();
    const message = error instanceof Error ? error.message : String(error);
    showProblem(`Mermaid could not render this diagram:\n${message}`);
    vscode.postMessage({ type: 'renderError', message });
  }
}

interface RunMark {
  message: number;
  ok: boolean;
  text: string;
}
let runMarks: RunMark[] = [];

/** Colours each message of the last run and writes its status and time after the label. */
function applyRunMarks(): void {
  const svg = stage.querySelector('svg');
  if (!svg) return;
  svg.querySelectorAll('.run-result').forEach((e) => e.remove());
  svg.querySelectorAll('.run-passed, .run-failed').forEach((e) => e.classList.remove('run-passed', 'run-failed'));
  for (const mark of runMarks) {
    const elements = svg.querySelectorAll(`[data-message="${mark.message}"]`);
    elements.forEach((element) => {
      element.classList.add(mark.ok ? 'run-passed' : 'run-failed');
      if (element.classList.contains('messageText')) {
        const result = document.createElementNS('http://www.w3.org/2000/svg', 'tspan');
        result.setAttribute('class', 'run-result');
        result.textContent = ` ${mark.ok ? '✓' : '✗'} ${mark.text}`;
        element.appendChild(result);
        const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
        title.setAttribute('class', 'run-result');
        title.textContent = `${mark.ok ? 'passed' : 'failed'}: ${mark.text}`;
        element.appendChild(title);
      }
    });
  }
}

function svgText(): string | undefined {
  const svg = stage.querySelector('svg');
  if (!svg) return undefined;
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.querySelectorAll('[data-message]').forEach((e) => {
    e.removeAttribute('data-message');
    e.classList.remove('is-message');
  });
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return new XMLSerializer().serializeToString(copy);
}

async function exportPng(): Promise<void> {
  const svg = stage.querySelector('svg');
  const text = svgText();
  if (!svg || !text) return;
  const box = svg.getBoundingClientRect();
  const width = Math.ceil(box.width / view.scale);
  const height = Math.ceil(box.height / view.scale);
  const image = new Image();
  image.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(text);
  await image.decode();
  const canvas = document.createElement('canvas');
  const ratio = 2;
  canvas.width = width * ratio;
  canvas.height = height * ratio;
  const context = canvas.getContext('2d');
  if (!context) return;
  context.fillStyle = getComputedStyle(document.body).backgroundColor || '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  vscode.postMessage({ type: 'exportPng', dataUrl: canvas.toDataURL('image/png') });
}

window.addEventListener('message', (event: MessageEvent) => {
  const message = event.data as Record<string, unknown> | null;
  if (!message || typeof message !== 'object') return;
  if (message.type === 'render' && typeof message.mermaid === 'string' && typeof message.theme === 'string' && typeof message.version === 'number') {
    const theme = ['default', 'dark', 'neutral'].includes(message.theme) ? message.theme : 'default';
    void render(message.mermaid, theme, message.highContrast === true, message.version);
  } else if (message.type === 'problem' && typeof message.message === 'string') {
    showProblem(message.message);
  } else if (message.type === 'runMarks' && Array.isArray(message.marks)) {
    runMarks = (message.marks as unknown[])
      .filter((m): m is RunMark => !!m && typeof m === 'object' && Number.isInteger((m as RunMark).message) && typeof (m as RunMark).ok === 'boolean' && typeof (m as RunMark).text === 'string')
      .map((m) => ({ message: m.message, ok: m.ok, text: m.text.slice(0, 200) }));
    applyRunMarks();
  }
});

stage.addEventListener('click', (event) => {
  const target = (event.target as Element | null)?.closest('[data-message]');
  if (!target || moved) return;
  const index = Number(target.getAttribute('data-message'));
  if (Number.isInteger(index)) vscode.postMessage({ type: 'reveal', message: index });
});

// Pan by dragging, zoom with Ctrl/Cmd + wheel (or a pinch), scroll with the wheel.
let drag: { x: number; y: number; vx: number; vy: number } | undefined;
let moved = false;
viewport.addEventListener('pointerdown', (event) => {
  if (event.button !== 0) return;
  drag = { x: event.clientX, y: event.clientY, vx: view.x, vy: view.y };
  moved = false;
});
window.addEventListener('pointermove', (event) => {
  if (!drag) return;
  const dx = event.clientX - drag.x;
  const dy = event.clientY - drag.y;
  if (!moved && Math.hypot(dx, dy) < 4) return;
  moved = true;
  viewport.classList.add('panning');
  view = { ...view, x: drag.vx + dx, y: drag.vy + dy };
  applyView();
});
window.addEventListener('pointerup', () => {
  drag = undefined;
  viewport.classList.remove('panning');
  setTimeout(() => (moved = false), 0);
});
viewport.addEventListener('wheel', (event) => {
  event.preventDefault();
  if (event.ctrlKey || event.metaKey) {
    const rect = viewport.getBoundingClientRect();
    zoomAt(Math.exp(-event.deltaY / 300), event.clientX - rect.left, event.clientY - rect.top);
  } else {
    view = { ...view, x: view.x - event.deltaX, y: view.y - event.deltaY };
    applyView();
  }
}, { passive: false });
window.addEventListener('keydown', (event) => {
  if (!(event.ctrlKey || event.metaKey)) return;
  if (event.key === '=' || event.key === '+') zoomAt(1.25);
  else if (event.key === '-') zoomAt(0.8);
  else if (event.key === '0') {
    view = { scale: 1, x: 0, y: 0 };
    applyView();
  } else return;
  event.preventDefault();
});

const on = (id: string, handler: () => void) => document.getElementById(id)?.addEventListener('click', handler);
on('zoom-in', () => zoomAt(1.25));
on('zoom-out', () => zoomAt(0.8));
on('zoom-reset', () => {
  view = { scale: 1, x: 0, y: 0 };
  applyView();
});
on('zoom-fit', fit);
on('export-svg', () => {
  const svg = svgText();
  if (svg) vscode.postMessage({ type: 'exportSvg', svg });
});
on('export-png', () => void exportPng());
on('copy-mermaid', () => vscode.postMessage({ type: 'copyMermaid' }));

applyView();
vscode.postMessage({ type: 'ready' });
