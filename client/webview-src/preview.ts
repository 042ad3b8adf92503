/**
 * The mapping preview page. It renders what the extension sends (output, trace, violations, the
 * golden diff, the sample) with DOM nodes and textContent only, and asks the extension for
 * everything else (running, revealing a field, writing the expected file).
 */
import './preview.css';
import { FromPreviewPage, isPreviewPageState, isToPreviewPage, LspRange, PreviewPageState, ToPreviewPage } from '../src/webviews/previewMessages';
import type { PreviewMappingResult } from '../../server/src/protocol';

interface VsCodeApi {
  postMessage(message: FromPreviewPage): void;
  getState(): unknown;
  setState(state: PreviewPageState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app')!;
let latest = -1;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: { className?: string; text?: string; title?: string } = {}, ...children: (Node | null | undefined)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  if (props.title) node.title = props.title;
  for (const child of children) if (child) node.appendChild(child);
  return node;
}

function button(text: string, onClick: () => void, className = 'link'): HTMLButtonElement {
  const b = el('button', { className, text });
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}

function reveal(range: LspRange): void {
  vscode.postMessage({ type: 'reveal', range });
}

function short(value: unknown, max = 160): string {
  const text = value === undefined ? '—' : JSON.stringify(value) ?? String(value);
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

function section(title: string, count: number | undefined, ...body: Node[]): HTMLElement {
  const heading = el('h2', { text: count === undefined ? title : `${title} (${count})` });
  return el('section', { className: 'section' }, heading, ...body);
}

function render(message: Extract<ToPreviewPage, { type: 'result' }>): void {
  const r: PreviewMappingResult = message.result;
  vscode.setState({ mappingUri: message.mappingUri, sampleUri: message.sampleUri ?? r.sample?.uri });
  app.replaceChildren();

  // Toolbar: sample picker, timing, accept.
  const select = el('select', { title: 'Sample' });
  select.setAttribute('aria-label', 'Sample');
  const options = [...(r.samples ?? [])];
  const current = r.sample?.uri;
  if (current && !options.some((s) => s.uri === current)) options.push({ uri: current, label: decodeURIComponent(current.split('/').pop() ?? current) + ' (picked)' });
  for (const s of options) {
    const option = el('option', { text: s.label + (s.expectUri ? ' — golden' : '') });
    option.value = s.uri;
    option.selected = s.uri === current;
    select.appendChild(option);
  }
  select.disabled = !options.length;
  select.addEventListener('change', () => vscode.postMessage({ type: 'selectSample', uri: select.value }));
  const toolbar = el('div', { className: 'toolbar' },
    el('span', { className: 'title', text: message.mappingLabel }),
    el('label', { className: 'picker' }, document.createTextNode('Sample '), select),
    button('Pick file…', () => vscode.postMessage({ type: 'pickSample' }), 'secondary'),
    el('span', { className: 'timing', text: `${Math.round(r.ms)} ms` }),
  );
  if (r.expected && r.expected.diff.length) toolbar.appendChild(button('Accept as Expected', () => vscode.postMessage({ type: 'acceptExpected' }), 'primary'));
  app.appendChild(toolbar);

  if (r.problem) app.appendChild(el('div', { className: 'problem', text: r.problem }));
  const failed = r.trace.filter((t) => t.error).length;
  const summary = [
    failed ? `${failed} field${failed === 1 ? '' : 's'} failed` : '',
    r.targetViolations.length ? `${r.targetViolations.length} target-schema violation${r.targetViolations.length === 1 ? '' : 's'}` : '',
    r.sourceViolations.length ? `${r.sourceViolations.length} sample violation${r.sourceViolations.length === 1 ? '' : 's'}` : '',
    r.expected ? (r.expected.diff.length ? `${r.expected.diff.length} difference${r.expected.diff.length === 1 ? '' : 's'} from expected` : 'matches expected') : '',
  ].filter(Boolean);
  if (summary.length) app.appendChild(el('p', { className: 'summary', text: summary.join(' · ') }));

  const grid = el('div', { className: 'grid' });
  app.appendChild(grid);

  // Output
  const outputText = r.outputText ?? (r.output === null || r.output === undefined ? '' : JSON.stringify(r.output, null, 2));
  grid.appendChild(section(`Output${r.outputFormat && r.outputFormat !== 'json' ? ` (${r.outputFormat.toUpperCase()})` : ''}`, undefined,
    outputText ? el('pre', { className: 'code output', text: outputText }) : el('p', { className: 'empty', text: 'No output.' })));

  // Trace
  const table = el('table', { className: 'trace' });
  table.appendChild(el('thead', {}, el('tr', {}, el('th', { text: 'Target' }), el('th', { text: 'Value' }))));
  const tbody = el('tbody');
  for (const t of r.trace) {
    const value = t.error !== undefined
      ? el('span', { className: 'error', text: t.error })
      : el('code', { text: short(t.value) + (t.items !== undefined && t.items > (Array.isArray(t.value) ? t.value.length : 0) ? ` (${t.items} items)` : '') });
    const row = el('tr', { className: t.error !== undefined ? 'failed' : '' }, el('td', {}, button(t.target, () => reveal(t.range))), el('td', {}, value));
    tbody.appendChild(row);
  }
  table.appendChild(tbody);
  grid.appendChild(section('Trace', r.trace.length, table));

  // Target-schema violations
  const targetList = el('ul', { className: 'violations' });
  for (const v of r.targetViolations) {
    const text = `${v.path || '/'} ${v.message}`;
    targetList.appendChild(el('li', {}, v.range ? button(text, () => reveal(v.range!)) : el('span', { text })));
  }
  grid.appendChild(section('Target-schema violations', r.targetViolations.length, r.targetViolations.length ? targetList : el('p', { className: 'empty', text: 'The output matches the target schema.' })));

  // Golden diff
  if (r.expected) {
    const diff = el('table', { className: 'diff' });
    diff.appendChild(el('thead', {}, el('tr', {}, el('th', { text: 'Path' }), el('th', { text: 'Change' }), el('th', { text: 'Expected' }), el('th', { text: 'Actual' }))));
    const body = el('tbody');
    for (const d of r.expected.diff) {
      body.appendChild(el('tr', { className: d.kind }, el('td', {}, el('code', { text: d.path || '/' })), el('td', { text: d.kind }), el('td', {}, el('code', { text: d.kind === 'added' ? '' : short(d.expected) })), el('td', {}, el('code', { text: d.kind === 'removed' ? '' : short(d.actual) }))));
    }
    diff.appendChild(body);
    const note = r.expected.missing ? 'The expected file does not exist yet.' : 'The output matches the expected file.';
    grid.appendChild(section('Expected', r.expected.diff.length, r.expected.diff.length && !r.expected.missing ? diff : el('p', { className: 'empty', text: note })));
  }

  // Sample
  const sampleBody: Node[] = [];
  if (r.sourceViolations.length) {
    const list = el('ul', { className: 'violations' });
    for (const v of r.sourceViolations) list.appendChild(el('li', { text: `${v.path || '/'} ${v.message}` }));
    sampleBody.push(el('h3', { text: `Does not match the source schema (${r.sourceViolations.length})` }), list);
  }
  if (r.sample) sampleBody.push(el('pre', { className: 'code sample', text: r.sample.text + (r.sample.truncated ? '\n…' : '') }));
  grid.appendChild(section(`Sample${r.sample ? ` (${r.sample.format.toUpperCase()})` : ''}`, undefined, ...(sampleBody.length ? sampleBody : [el('p', { className: 'empty', text: 'No sample.' })])));
}

window.addEventListener('message', (event: MessageEvent) => {
  const message = event.data as unknown;
  if (!isToPreviewPage(message)) return;
  if (message.version < latest) return; // a stale answer
  latest = message.version;
  if (message.type === 'busy') document.body.classList.add('busy');
  else {
    document.body.classList.remove('busy');
    if (message.type === 'error') app.replaceChildren(el('div', { className: 'problem', text: message.message }));
    else render(message);
  }
});

const saved = vscode.getState();
if (isPreviewPageState(saved)) vscode.setState(saved);
vscode.postMessage({ type: 'ready' });
