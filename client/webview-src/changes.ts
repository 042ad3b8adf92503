// The change report: what changed in a spec since a revision, grouped by operation, with the
// mappings and flows each change breaks. Built with DOM calls only (no HTML strings); every
// message from the extension is checked first.
import type { ReportChange } from '../../server/src/protocol';
import { ChangesLink, parseToChangesPage } from '../src/webviews/changesMessages';
import './changes.css';

interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app') as HTMLElement;
const LEVELS = { error: 'breaking', warning: 'may break', info: 'compatible' } as const;
const RANK = { error: 2, warning: 1, info: 0 } as const;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function link(text: string, target: ChangesLink, title: string): HTMLButtonElement {
  const button = element('button', 'link', text);
  button.title = title;
  button.addEventListener('click', () => vscode.postMessage({ type: 'reveal', link: target }));
  return button;
}

const fileName = (uri: string): string => decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));

function toolbar(title: string, canCopy: boolean): HTMLElement {
  const bar = element('div', 'toolbar');
  bar.append(element('span', 'title', title));
  const pick = element('button', 'secondary', 'Compare with…');
  pick.addEventListener('click', () => vscode.postMessage({ type: 'pickRevision' }));
  const copy = element('button', 'primary', 'Copy as Markdown');
  copy.disabled = !canCopy;
  copy.addEventListener('click', () => vscode.postMessage({ type: 'copyMarkdown' }));
  bar.append(pick, copy);
  return bar;
}

function render(title: string, changes: ReportChange[], error?: string): void {
  app.replaceChildren(toolbar(title, !error));
  if (error) {
    app.append(element('div', 'problem', error));
    return;
  }
  const count = (level: keyof typeof LEVELS): number => changes.filter((c) => c.level === level).length;
  app.append(element('p', 'summary', changes.length ? `${count('error')} breaking, ${count('warning')} that may break, ${count('info')} compatible.` : 'No changes.'));
  const groups = new Map<string, { change: ReportChange; index: number }[]>();
  changes.forEach((change, index) => {
    const key = change.operation ? `${change.operation}${change.operationId ? ` · ${change.operationId}` : ''}` : 'The API as a whole';
    (groups.get(key) ?? groups.set(key, []).get(key)!).push({ change, index });
  });
  const rank = (list: { change: ReportChange }[]): number => Math.max(...list.map((c) => RANK[c.change.level]));
  for (const [name, list] of [...groups].sort((a, b) => rank(b[1]) - rank(a[1]))) {
    const section = element('section', 'operation');
    section.append(element('h2', undefined, name));
    const items = element('ul', 'changes');
    for (const { change, index } of list.sort((a, b) => RANK[b.change.level] - RANK[a.change.level])) {
      const item = element('li', `change level-${change.level}`);
      const head = element('div', 'head');
      head.append(element('span', `badge ${change.level}`, LEVELS[change.level]), element('span', 'message', change.message));
      const places = element('div', 'places');
      if (change.old) places.append(link(`before: ${fileName(change.old.uri)}:${change.old.range.start.line + 1}`, { change: index, side: 'old' }, 'Show the place in the revision'));
      if (change.new) places.append(link(`now: ${fileName(change.new.uri)}:${change.new.range.start.line + 1}`, { change: index, side: 'new' }, 'Show the place in the current text'));
      places.append(element('span', 'code', change.code));
      item.append(head, places);
      if (change.impact.length) {
        const impact = element('ul', 'impact');
        change.impact.forEach((use, i) => {
          const entry = element('li');
          entry.append(link(`${fileName(use.uri)}:${use.range.start.line + 1}`, { change: index, side: 'impact', impact: i }, 'Show the rule or step'), element('span', undefined, ` ${use.message}`));
          impact.append(entry);
        });
        item.append(impact);
      }
      items.append(item);
    }
    section.append(items);
    app.append(section);
  }
}

window.addEventListener('message', (event: MessageEvent) => {
  const message = parseToChangesPage(event.data);
  if (!message) return;
  if (message.type === 'busy') {
    document.body.classList.add('busy');
    app.replaceChildren(toolbar(message.title, false), element('p', 'summary', 'Comparing…'));
    return;
  }
  document.body.classList.remove('busy');
  render(message.title, message.report.changes, message.report.error);
});
vscode.postMessage({ type: 'ready' });
