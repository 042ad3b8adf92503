/** One change as a report lists it: places already written as text (`file:line:column`) or links. */
export interface ReportedChange {
  code: string;
  level: 'error' | 'warning' | 'info';
  message: string;
  operation?: string;
  operationId?: string;
  old?: unknown;
  new?: unknown;
  impact: { message: string }[];
}

const LEVELS = ['info', 'warning', 'error'] as const;
const LABELS = { error: '🔴 breaking', warning: '🟠 may break', info: '🟢 compatible' };

/** The changes grouped by operation, the groups with breaking changes first. */
export function groupByOperation<T extends ReportedChange>(changes: readonly T[]): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const c of changes) {
    const key = c.operation ? `${c.operation}${c.operationId ? ` (\`${c.operationId}\`)` : ''}` : 'The API as a whole';
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(c);
  }
  const rank = (list: T[]): number => Math.max(...list.map((c) => LEVELS.indexOf(c.level)));
  for (const list of groups.values()) list.sort((a, b) => LEVELS.indexOf(b.level) - LEVELS.indexOf(a.level));
  return [...groups].sort((a, b) => rank(b[1]) - rank(a[1]));
}

/** Markdown for a pull request: a summary line, then a table per operation with the impact under each change. */
export function changesMarkdown<T extends ReportedChange>(changes: readonly T[], title: string, where: (place: unknown) => string = placeText): string {
  const out = [`## API changes since \`${title}\``, ''];
  if (!changes.length) return [...out, 'No changes.', ''].join('\n');
  const count = (level: T['level']): number => changes.filter((c) => c.level === level).length;
  out.push(`${count('error')} breaking, ${count('warning')} that may break, ${count('info')} compatible.`, '');
  const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  for (const [group, list] of groupByOperation(changes)) {
    out.push(`### ${group}`, '', '| level | change | before | now |', '| --- | --- | --- | --- |');
    for (const c of list) {
      out.push(`| ${LABELS[c.level]} | ${cell(c.message)} <sub>${c.code}</sub> | ${where(c.old)} | ${where(c.new)} |`);
      for (const i of c.impact) out.push(`| | ↳ ${cell(i.message)} | | ${where(i)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** `file:line` of a place given as `{ file, line, column }` or as an LSP location. */
function placeText(place: unknown): string {
  if (!place || typeof place !== 'object') return '';
  const p = place as { file?: string; line?: number; uri?: string; range?: { start: { line: number } } };
  if (p.file) return `${p.file}:${p.line}`;
  if (p.uri && p.range) return `${decodeURIComponent(p.uri.slice(p.uri.lastIndexOf('/') + 1))}:${p.range.start.line + 1}`;
  return '';
}
