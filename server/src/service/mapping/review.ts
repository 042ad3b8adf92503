import { stringify } from 'yaml';
import { CancellationToken, neverCancelled } from '../cancellation';
import { csvCell, readCsvRows } from '../csv';
import { ParsedDocument } from '../documents';
import { LanguageService } from '../languageService';
import { editDistance } from '../suggest';
import { analyzeMapping } from './analysis';
import { enumeratePaths, hasChildren, Schema, typeLabel, view } from './schemaNav';

/**
 * The reviewer's table (one row per target field: type, required, rule, note) as Markdown or CSV,
 * and the way back: a mapping from such a table, or scaffolded from two schemas.
 */
export interface ReviewRow {
  target: string;
  type: string;
  required: boolean;
  rule: string;
  note: string;
}

export async function reviewRows(service: LanguageService, doc: ParsedDocument, token: CancellationToken = neverCancelled): Promise<{ title: string; rows: ReviewRow[] }> {
  const analysis = await analyzeMapping(service, doc, token);
  const rows: ReviewRow[] = [];
  const missing = new Set(analysis.coverage?.missingRequired ?? []);
  for (const t of analysis.targets) {
    const f = t.field;
    const parts: string[] = [];
    if (f.each) parts.push(`each ${f.each.text}`);
    if (f.expr) parts.push(f.expr.text.trim());
    if (f.default) parts.push(`default ${f.default.text.trim()}`);
    if (f.when) parts.push(`when ${f.when.text.trim()}`);
    const parentRequired = t.segments.length ? t.segments[t.segments.length - 1].parent : undefined;
    const name = t.segments.length ? t.segments[t.segments.length - 1].name : f.target;
    rows.push({
      target: t.path,
      type: t.schema ? typeLabel(t.schema) : '',
      required: !!parentRequired && view(parentRequired).required.has(name),
      rule: parts.join('; '),
      note: f.note ?? '',
    });
  }
  for (const m of missing) rows.push({ target: m, type: '', required: true, rule: '', note: 'NOT MAPPED' });
  return { title: analysis.model.name ?? doc.uri.split('/').pop()!, rows };
}

function mdCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

export function reviewMarkdown(title: string, rows: ReviewRow[]): string {
  const lines = [`# ${title}`, '', '| Target | Type | Required | Rule | Note |', '| --- | --- | --- | --- | --- |'];
  for (const r of rows) lines.push(`| \`${mdCell(r.target)}\` | ${mdCell(r.type)} | ${r.required ? 'yes' : ''} | ${r.rule ? '`' + mdCell(r.rule) + '`' : ''} | ${mdCell(r.note)} |`);
  return lines.join('\n') + '\n';
}

export const CSV_HEADER = ['target', 'type', 'required', 'rule', 'note'];

export function reviewCsv(rows: ReviewRow[]): string {
  return [CSV_HEADER.join(','), ...rows.map((r) => [r.target, r.type, r.required ? 'yes' : '', r.rule, r.note].map(csvCell).join(','))].join('\r\n') + '\r\n';
}

export interface SideChoice {
  spec: string;
  schema?: string;
  operation?: string;
  response?: string;
  message?: string;
}

/** A mapping (YAML text) from a review table: one field per row; `each …; expr` rules become nested fields. */
export function mappingFromCsv(csv: string, options: { name?: string; source?: SideChoice; target?: SideChoice }): { text: string; problems: string[] } {
  const { rows, problem } = readCsvRows(csv);
  if (problem) return { text: '', problems: [problem] };
  const problems: string[] = [];
  if (!rows.length) return { text: '', problems: ['The file is empty.'] };
  const header = rows[0].cells.map((h) => h.trim().toLowerCase());
  const col = (name: string) => header.indexOf(name);
  if (col('target') < 0) return { text: '', problems: ['The first row must name the columns; `target` is required (then `rule`, `note`, …).'] };
  const fields: Record<string, unknown>[] = [];
  const arrays = new Map<string, Record<string, unknown>>();
  for (const { cells: r, line } of rows.slice(1)) {
    const target = (r[col('target')] ?? '').trim();
    if (!target) {
      problems.push(`Line ${line} has no target; skipped.`);
      continue;
    }
    const rule = col('rule') >= 0 ? (r[col('rule')] ?? '').trim() : '';
    const note = col('note') >= 0 ? (r[col('note')] ?? '').trim() : '';
    const field: Record<string, unknown> = { target };
    for (const part of rule ? rule.split(/;\s*(?=(?:each|default|when)\s)/) : []) {
      const m = /^(each|default|when)\s+([\s\S]+)$/.exec(part);
      if (m) field[m[1]] = m[2];
      else field.expr = part;
    }
    if (note && note !== 'NOT MAPPED') field.note = note;
    // `items.quantity` after a row for `items` with `each` nests under it
    const dot = target.indexOf('.');
    const parent = dot > 0 ? [...arrays.keys()].find((a) => target.startsWith(a + '.')) : undefined;
    if (parent) {
      field.target = target.slice(parent.length + 1);
      ((arrays.get(parent)!.fields as Record<string, unknown>[]) ??= []).push(field);
    } else {
      fields.push(field);
      if (field.each) {
        field.fields = [];
        arrays.set(target, field);
      }
    }
  }
  const doc: Record<string, unknown> = { mapping: '1.0' };
  if (options.name) doc.name = options.name;
  doc.source = sideObject(options.source ?? { spec: 'TODO-source.openapi.yaml', schema: '#/components/schemas/TODO' });
  doc.target = sideObject(options.target ?? { spec: 'TODO-target.openapi.yaml', schema: '#/components/schemas/TODO' });
  doc.fields = fields;
  return { text: stringify(doc, { lineWidth: 0 }), problems };
}

function sideObject(s: SideChoice): Record<string, unknown> {
  const o: Record<string, unknown> = { spec: s.spec };
  if (s.schema) o.schema = s.schema;
  if (s.operation) o.operation = s.operation;
  if (s.response) o.response = s.response;
  if (s.message) o.message = s.message;
  return o;
}

function normalize(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
}

/** How alike two field names are (0..1), ignoring case and naming style. */
export function nameSimilarity(a: string, b: string): number {
  const x = normalize(a);
  const y = normalize(b);
  if (x === y) return 1;
  if (x.replace(/_/g, '') === y.replace(/_/g, '')) return 0.95;
  const tokensA = new Set(x.split('_'));
  const tokensB = new Set(y.split('_'));
  const shared = [...tokensA].filter((t) => tokensB.has(t)).length;
  const tokenScore = shared / Math.max(tokensA.size, tokensB.size);
  const d = editDistance(x, y);
  const editScore = 1 - d / Math.max(x.length, y.length);
  return Math.max(tokenScore * 0.9, editScore * 0.8);
}

/**
 * A new mapping between two schemas: every required target field listed (optional ones too when
 * asked), each with the most similar source path as a guess, marked for review.
 */
export function scaffoldMapping(source: Schema | undefined, target: Schema, options: { name?: string; source: SideChoice; target: SideChoice; includeOptional?: boolean }): string {
  const sourcePaths = source ? enumeratePaths(source, 5000).filter((p) => !hasChildren(p.schema)) : [];
  const targets = enumeratePaths(target, 5000).filter((p) => !hasChildren(p.schema) && !view(p.schema).readOnly && (options.includeOptional || p.required));
  const fields = targets.map((t) => {
    const leaf = t.path.split('.').pop()!;
    let best: { path: string; score: number } | undefined;
    for (const s of sourcePaths) {
      const score = nameSimilarity(leaf, s.path.split('.').pop()!) + (t.path === s.path ? 0.05 : 0);
      if (!best || score > best.score) best = { path: s.path, score };
    }
    const field: Record<string, unknown> = { target: t.path };
    if (best && best.score >= 0.6) {
      field.expr = best.path;
      field.note = `REVIEW: guessed from the name (${typeLabel(t.schema)})`;
    } else {
      field.note = `REVIEW: no similar source field (${typeLabel(t.schema)})`;
    }
    return field;
  });
  const doc: Record<string, unknown> = { mapping: '1.0' };
  if (options.name) doc.name = options.name;
  doc.source = sideObject(options.source);
  doc.target = sideObject(options.target);
  doc.fields = fields;
  return stringify(doc, { lineWidth: 0 });
}
