import jsonata from 'jsonata';
import schema from '../../../../schemas/snippet-library.schema.json';
import { AstNode, findProperty } from '../parser/ast';
import { parseText } from '../parser';
import { ParsedDocument } from '../documents';
import { Finding } from '../findings';
import { problemRange, schemaChecker, schemaProblems } from '../schemaFindings';
import { expandBody, parseBody } from '../../protocol/snippetBody';
import { SNIPPET_KINDS, SnippetKind } from '../../protocol/snippetLibraryEdit';

export { SNIPPET_KINDS };
export type { SnippetKind };

export interface Snippet {
  name: string;
  /** The library's display name (its file name without `.code-snippets`). */
  library: string;
  libraryUri: string;
  builtin: boolean;
  prefixes: string[];
  body: string;
  description?: string;
  kind?: SnippetKind;
  versions?: string[];
  syntax: 'yaml' | 'json';
  at?: string;
}

export interface SnippetLibrary {
  uri: string;
  name: string;
  builtin: boolean;
  description?: string;
  snippets: Snippet[];
}

const check = schemaChecker(schema);

/** `openapi.code-snippets` → `openapi`. */
export function libraryName(uri: string): string {
  const file = decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
  return file.replace(/\.code-snippets$/i, '');
}

/** Reads a library file: its snippets, and (for team libraries) every problem at its exact range. */
export function readLibrary(doc: ParsedDocument, builtin: boolean): { library: SnippetLibrary; findings: Finding[] } {
  const name = libraryName(doc.uri);
  const library: SnippetLibrary = { uri: doc.uri, name, builtin, snippets: [] };
  const findings: Finding[] = [];
  const root = doc.parse.root;
  if (!root) return { library, findings };
  if (root.type !== 'object') {
    findings.push({ uri: doc.uri, code: 'snippet.library.schema', offset: root.offset, length: root.length, message: 'A snippet library is a JSON object: one member per snippet, keyed by its name.' });
    return { library, findings };
  }
  findings.push(...schemaFindings(doc, root));
  const bad = new Set(findings.map((f) => f.data?.snippet as string | undefined));
  const meta = findProperty(root, '$library');
  const metaValue = meta?.type === 'object' ? (valueOf(meta) as Record<string, unknown>) : {};
  if (typeof metaValue.description === 'string') library.description = metaValue.description;
  for (const member of root.children ?? []) {
    const key = member.key as string;
    if (key === '$library' || member.type !== 'object') continue;
    const bodyNode = findProperty(member, 'body');
    if (!bodyNode || !(bodyNode.type === 'string' || (bodyNode.type === 'array' && bodyNode.children!.every((c) => c.type === 'string')))) continue;
    const value = valueOf(member) as Record<string, unknown>;
    const pick = <T>(field: string, ok: (v: unknown) => boolean): T | undefined =>
      (ok(value[field]) ? value[field] : ok(metaValue[field]) ? metaValue[field] : undefined) as T | undefined;
    const body = bodyNode.type === 'string' ? String(bodyNode.value) : bodyNode.children!.map((c) => String(c.value)).join('\n');
    const prefix = value.prefix;
    const version = pick<string | string[]>('version', (v) => typeof v === 'string' || Array.isArray(v));
    const snippet: Snippet = {
      name: key,
      library: name,
      libraryUri: doc.uri,
      builtin,
      prefixes: typeof prefix === 'string' ? [prefix] : Array.isArray(prefix) ? prefix.filter((p): p is string => typeof p === 'string') : [],
      body,
      description: typeof value.description === 'string' ? value.description : undefined,
      kind: pick<SnippetKind>('kind', (v) => (SNIPPET_KINDS as readonly unknown[]).includes(v)),
      versions: version === undefined ? undefined : ([] as string[]).concat(version).map(String),
      syntax: pick<'yaml' | 'json'>('syntax', (v) => v === 'yaml' || v === 'json') ?? 'yaml',
      at: typeof value.at === 'string' ? value.at : undefined,
    };
    if (!bad.has(key)) library.snippets.push(snippet);
    findings.push(...bodyFindings(doc, snippet, bodyNode));
  }
  return { library, findings };
}

function valueOf(node: AstNode): unknown {
  if (node.type === 'object') return Object.fromEntries(node.children!.map((c) => [c.key, valueOf(c)]));
  if (node.type === 'array') return node.children!.map(valueOf);
  return node.value;
}

function schemaFindings(doc: ParsedDocument, root: AstNode): Finding[] {
  const problems = schemaProblems(root, check(valueOf(root)), {
    document: 'A snippet library',
    noun: (path) => (path.length === 1 && path[0] !== '$library' ? `snippet \`${path[0]}\`` : undefined),
  });
  return problems.map((p) => ({ uri: doc.uri, code: 'snippet.library.schema', message: p.message, ...problemRange(p, root), data: { snippet: String(p.path[0] ?? '') } }));
}

/** For each character of a JSON string's value, the offset and length of its source text. */
export function jsonStringSourceMap(text: string, node: AstNode): { offset: number; length: number }[] {
  const map: { offset: number; length: number }[] = [];
  const end = node.offset + node.length - 1;
  for (let i = node.offset + 1; i < end; ) {
    if (text[i] === '\\') {
      const length = text[i + 1] === 'u' ? 6 : 2;
      map.push({ offset: i, length });
      i += length;
    } else {
      map.push({ offset: i, length: 1 });
      i++;
    }
  }
  return map;
}

/** Placeholder syntax, and for mappings the JSONata its expressions hold once the defaults are in. */
function bodyFindings(doc: ParsedDocument, snippet: Snippet, bodyNode: AstNode): Finding[] {
  const sourceMap: { offset: number; length: number }[] = [];
  const lines = bodyNode.type === 'string' ? [bodyNode] : bodyNode.children!;
  lines.forEach((line, i) => {
    // Not push(...map): a body line of a few hundred thousand characters overflows the call stack.
    for (const entry of jsonStringSourceMap(doc.text, line)) sourceMap.push(entry);
    if (i < lines.length - 1) sourceMap.push({ offset: line.offset + line.length, length: 0 });
  });
  const at = (start: number, length: number): { offset: number; length: number } => {
    if (!sourceMap.length) return { offset: bodyNode.offset, length: bodyNode.length };
    const first = sourceMap[Math.min(start, sourceMap.length - 1)];
    const last = sourceMap[Math.min(start + Math.max(length, 1) - 1, sourceMap.length - 1)];
    return { offset: first.offset, length: last.offset + last.length - first.offset };
  };
  const findings: Finding[] = [];
  const { problems } = parseBody(snippet.body);
  for (const problem of problems) {
    findings.push({ uri: doc.uri, code: problem.code, message: problem.message, ...at(problem.offset, problem.length) });
  }
  if (problems.some((p) => p.code === 'snippet.body.syntax') || snippet.syntax !== 'yaml') return findings;
  const expanded = expandBody(snippet.body);
  const parsed = parseText(expanded.text, 'yaml');
  if (parsed.problems.length) {
    const p = parsed.problems[0];
    const bodyOffset = expanded.map[Math.min(p.offset, expanded.map.length - 1)] ?? 0;
    findings.push({ uri: doc.uri, code: 'snippet.body.yaml', ...at(bodyOffset, 1), message: `With its placeholders filled by their defaults, the snippet \`${snippet.name}\` is not valid YAML: ${p.message}` });
    return findings;
  }
  if (snippet.kind !== 'mapping') return findings;
  for (const expr of jsonataExpressions(parsed.root)) {
    try {
      jsonata(String(expr.value));
    } catch (error) {
      const e = error as { message?: string; position?: number; token?: string };
      const valueStart = expr.offset + (/^["']/.test(expanded.text[expr.offset]) ? 1 : 0);
      const token = e.token === undefined ? '' : String(e.token);
      const position = Math.max(0, Math.min(String(expr.value).length - 1, (e.position ?? 1) - Math.max(token.length, 1)));
      const bodyOffset = expanded.map[valueStart + position] ?? 0;
      const tokenLength = Math.max(1, token.length);
      const bodyEnd = expanded.map[Math.min(valueStart + position + tokenLength - 1, expanded.map.length - 1)] ?? bodyOffset;
      findings.push({ uri: doc.uri, code: 'snippet.body.jsonata', ...at(bodyOffset, bodyEnd - bodyOffset + 1),
        message: `JSONata error in \`${String(expr.value)}\` (placeholders filled by their defaults): ${e.message ?? String(error)}` });
    }
  }
  return findings;
}

const EXPRESSION_KEYS = new Set(['expr', 'default', 'when', 'each']);

/** The JSONata expressions of a mapping fragment: `expr`, `default`, `when` and `each` values. */
function jsonataExpressions(node: AstNode | undefined): AstNode[] {
  const result: AstNode[] = [];
  const visit = (n: AstNode | undefined) => {
    if (!n) return;
    if (n.type === 'string' && typeof n.key === 'string' && EXPRESSION_KEYS.has(n.key) && n.parent?.type === 'object') result.push(n);
    for (const child of n.children ?? []) visit(child);
  };
  visit(node);
  return result;
}
