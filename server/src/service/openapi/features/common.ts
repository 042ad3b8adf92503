/**
 * What the editing features share: the OpenAPI context of a document (its roots and version), the
 * components of a document, every `$ref` of the workspace, and text edits that respect YAML vs JSON.
 */
import { Location, Range, TextEdit } from 'vscode-languageserver-types';
import { CancellationToken, throwIfCancelled } from '../../cancellation';
import { OasVersion, ParsedDocument } from '../../documents';
import { LanguageService } from '../../languageService';
import { LineIndex } from '../../lineIndex';
import { AstNode, findNodeAtOffset, findNodeAtPath, findProperty, pathOfNode } from '../../parser/ast';
import { OpenApiAnalysis } from '../analysis';
import { makeRefUse, RefUse } from '../references';
import { componentSections } from '../walk';
import { openApiIndex } from '../workspaceIndex';
import { openApiVersion } from '../version';

/** A document with the analyses of the roots it belongs to (its own, when it is a root). */
export interface SpecContext {
  doc: ParsedDocument;
  analyses: OpenApiAnalysis[];
  version: OasVersion;
}

export async function specContext(service: LanguageService, uri: string, token: CancellationToken): Promise<SpecContext | undefined> {
  const doc = await service.getDocument(uri);
  if (!doc || !doc.parse.root) return undefined;
  const version = openApiVersion(doc);
  if (version) {
    const analysis = await openApiIndex(service).analyze(uri, token);
    return { doc, analyses: analysis ? [analysis] : [], version };
  }
  if (doc.kind.kind !== 'other') return undefined;
  const analyses: OpenApiAnalysis[] = [];
  for (const root of await openApiIndex(service).rootsOf(uri, token)) {
    const analysis = await openApiIndex(service).analyze(root, token);
    if (analysis) analyses.push(analysis);
  }
  return analyses.length ? { doc, analyses, version: analyses[0].version } : undefined;
}

/** A reusable component: its document, its path there, its kind (`schemas`…) and its name. */
export interface Component {
  uri: string;
  path: string[];
  kind: string;
  name: string;
  node: AstNode;
}

/** The components a document declares: its components sections, or, for a fragment, its top-level entries. */
export function componentsOf(doc: ParsedDocument, version: OasVersion | undefined): Component[] {
  const result: Component[] = [];
  const root = doc.parse.root;
  if (!root || root.type !== 'object') return result;
  const ownVersion = openApiVersion(doc);
  if (ownVersion) {
    for (const section of componentSections(ownVersion)) {
      const node = findNodeAtPath(root, section.path);
      if (node?.type !== 'object') continue;
      for (const child of node.children!) result.push({ uri: doc.uri, path: [...section.path, String(child.key)], kind: section.kind, name: String(child.key), node: child });
    }
    return result;
  }
  void version;
  for (const child of root.children!) {
    const kind = child.type === 'object' ? guessKind(child) : undefined;
    if (kind) result.push({ uri: doc.uri, path: [String(child.key)], kind, name: String(child.key), node: child });
  }
  return result;
}

/** What a fragment's top-level entry most likely is, from its keys. */
function guessKind(node: AstNode): string | undefined {
  if (findProperty(node, 'in') && findProperty(node, 'name')) return 'parameters';
  if (findProperty(node, 'description') && (findProperty(node, 'content') || findProperty(node, 'headers') || findProperty(node, 'schema')) && !findProperty(node, 'type')) return 'responses';
  if (SCHEMA_KEYWORDS.some((k) => findProperty(node, k))) return 'schemas';
  if (node.children!.some((c) => c.type === 'object')) return 'group';
  return undefined;
}

const SCHEMA_KEYWORDS = ['type', 'properties', 'allOf', 'oneOf', 'anyOf', '$ref', 'enum', 'items', 'format'];

/** The component whose key (or the whole of whose value, for `within`) contains an offset. */
export function componentAt(doc: ParsedDocument, offset: number, version: OasVersion | undefined): Component | undefined {
  for (const c of componentsOf(doc, version)) {
    if (offset >= c.node.keyOffset && offset <= c.node.keyOffset + c.node.keyLength) return c;
  }
  return undefined;
}

export function samePath(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return !!a && a.length === b.length && a.every((s, i) => s === b[i]);
}

export function startsWithPath(a: readonly string[] | undefined, prefix: readonly string[]): boolean {
  return !!a && a.length >= prefix.length && prefix.every((s, i) => s === a[i]);
}

/** Every `$ref` of every OpenAPI document set of the workspace, each once. */
export async function workspaceRefs(service: LanguageService, token: CancellationToken): Promise<RefUse[]> {
  const seen = new Set<string>();
  const result: RefUse[] = [];
  const index = await openApiIndex(service).roots(token);
  for (const root of index.keys()) {
    throwIfCancelled(token);
    const analysis = await openApiIndex(service).analyze(root, token);
    if (!analysis) continue;
    for (const use of analysis.set.refs) {
      const key = `${use.uri}#${use.node.offset}`;
      if (seen.has(key)) continue;
      seen.add(key);
      result.push(use);
    }
  }
  return result;
}

/** The `$ref` whose value contains an offset, when there is one. */
export function refAt(doc: ParsedDocument, offset: number): RefUse | undefined {
  const node = findNodeAtOffset(doc.parse.root, offset);
  if (!node || node.key !== '$ref' || node.type !== 'string' || !node.parent) return undefined;
  if (offset < node.offset || offset > node.offset + node.length) return undefined;
  return makeRefUse(doc.uri, node.parent, node);
}

/** The range of a node's key (or of the node's first line when it has no key). */
export function keyRange(doc: ParsedDocument, node: AstNode): Range {
  if (node.keyOffset >= 0) return doc.lines.rangeOf(node.keyOffset, node.keyLength);
  const newline = doc.text.indexOf('\n', node.offset);
  const end = newline === -1 || newline > node.offset + node.length ? node.offset + node.length : newline;
  return doc.lines.rangeOf(node.offset, end - node.offset);
}

/** The offset and length of a scalar's or key's text without its quotes. */
export function innerSpan(text: string, offset: number, length: number): { offset: number; length: number } {
  const first = text[offset];
  if ((first === '"' || first === "'") && length >= 2 && text[offset + length - 1] === first) return { offset: offset + 1, length: length - 2 };
  return { offset, length };
}

export function location(doc: ParsedDocument, offset: number, length: number): Location {
  return { uri: doc.uri, range: doc.lines.rangeOf(offset, length) };
}

/**
 * Where the segment `index` of a `$ref`'s JSON pointer is written in the source (without quotes),
 * so that a rename replaces only that segment.
 */
export function pointerSegmentSpan(doc: ParsedDocument, refNode: AstNode, index: number): { offset: number; length: number } | undefined {
  const inner = innerSpan(doc.text, refNode.offset, refNode.length);
  const raw = doc.text.slice(inner.offset, inner.offset + inner.length);
  const hash = raw.indexOf('#');
  if (hash === -1 || raw[hash + 1] !== '/') return undefined;
  let start = hash + 2;
  for (let i = 0; i < index; i++) {
    const slash = raw.indexOf('/', start);
    if (slash === -1) return undefined;
    start = slash + 1;
  }
  const slash = raw.indexOf('/', start);
  const end = slash === -1 ? raw.length : slash;
  return { offset: inner.offset + start, length: end - start };
}

/** The path of the node whose key or value contains an offset (for hover and completion). */
export function pathAt(doc: ParsedDocument, offset: number): (string | number)[] | undefined {
  const node = findNodeAtOffset(doc.parse.root, offset);
  return node ? pathOfNode(node) : undefined;
}

/** The indentation unit of a document (two spaces unless it says otherwise). */
export function indentUnit(doc: ParsedDocument): string {
  const match = /\n( +)\S/.exec(doc.text);
  return match ? ' '.repeat(Math.min(match[1].length, 8)) : '  ';
}

/** The column of the start of a node's key (or value) on its line. */
export function columnOf(doc: ParsedDocument, node: AstNode): number {
  return doc.lines.positionAt(node.keyOffset >= 0 ? node.keyOffset : node.offset).character;
}

/** Renders a plain value as YAML block text at an indentation (the first line has no indentation). */
export function yamlValue(value: unknown, indent: string, unit: string): string {
  if (value === null || typeof value !== 'object') return scalarText(value);
  if (Array.isArray(value)) {
    if (!value.length) return '[]';
    return value.map((item) => `\n${indent}- ` + yamlValue(item, indent + '  ', unit).replace(/^\n\s*/, '')).join('');
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (!entries.length) return '{}';
  return entries.map(([k, v]) => `\n${indent}${yamlKey(k)}:` + (v !== null && typeof v === 'object' && Object.keys(v).length ? '' : ' ') + yamlValue(v, indent + unit, unit)).join('');
}

function yamlKey(key: string): string {
  return /^[A-Za-z_$][\w.$-]*$/.test(key) ? key : `'${key.replace(/'/g, "''")}'`;
}

function scalarText(value: unknown): string {
  if (typeof value === 'string') return /^[A-Za-z_][\w ./-]*$/.test(value) && !/^(true|false|null|yes|no|on|off)$/i.test(value) ? value : `'${value.replace(/'/g, "''")}'`;
  return JSON.stringify(value ?? null);
}

/** Renders a plain value as JSON at an indentation (the first line has no indentation). */
export function jsonValue(value: unknown, indent: string, unit: string): string {
  return JSON.stringify(value, null, unit).replace(/\n/g, '\n' + indent);
}

/**
 * An edit adding a member to an object node, after its last member, indented like its siblings;
 * YAML or JSON as the document is written. `objectNode` may be a `key:` with an empty value.
 */
export function insertMemberEdit(doc: ParsedDocument, objectNode: AstNode, key: string, value: unknown): TextEdit {
  const unit = indentUnit(doc);
  const members = objectNode.type === 'object' ? objectNode.children! : [];
  if (doc.language === 'json') {
    if (members.length) {
      const last = members[members.length - 1];
      const indent = ' '.repeat(columnOf(doc, last));
      const multiLine = doc.lines.positionAt(members[0].keyOffset).line !== doc.lines.positionAt(objectNode.offset).line;
      const at = doc.lines.positionAt(last.offset + last.length);
      const sep = multiLine ? '\n' + indent : ' ';
      return { range: { start: at, end: at }, newText: `,${sep}${JSON.stringify(key)}: ${jsonValue(value, multiLine ? indent : '', multiLine ? unit : '')}` };
    }
    const indent = ' '.repeat(columnOf(doc, objectNode)) + unit;
    // `{}`: write between the braces.
    const open = doc.text.indexOf('{', objectNode.offset);
    const start = doc.lines.positionAt(open + 1);
    const end = doc.lines.positionAt(objectNode.offset + objectNode.length - 1);
    return { range: { start, end }, newText: `\n${indent}${JSON.stringify(key)}: ${jsonValue(value, indent, unit)}\n${' '.repeat(columnOf(doc, objectNode))}` };
  }
  if (members.length && doc.text[objectNode.offset] !== '{') {
    const last = members[members.length - 1];
    const indent = ' '.repeat(columnOf(doc, members[0]));
    const line = doc.lines.positionAt(contentEnd(doc, last)).line;
    const lineEnd = { line, character: lineLength(doc, line) };
    return { range: { start: lineEnd, end: lineEnd }, newText: `\n${indent}${yamlKey(key)}:` + (value !== null && typeof value === 'object' && Object.keys(value).length ? '' : ' ') + yamlValue(value, indent + unit, unit) };
  }
  // An empty value (`key:`) or a flow mapping `{}`: write a block under the key.
  const keyColumn = columnOf(doc, objectNode);
  const indent = ' '.repeat(keyColumn) + unit;
  const start = objectNode.keyOffset >= 0 ? doc.lines.positionAt(objectNode.keyOffset + objectNode.keyLength) : doc.lines.positionAt(objectNode.offset);
  const endOffset = objectNode.length ? objectNode.offset + objectNode.length : objectNode.keyOffset + objectNode.keyLength + 1;
  const end = doc.lines.positionAt(Math.max(endOffset, objectNode.keyOffset + objectNode.keyLength));
  const block = `\n${indent}${yamlKey(key)}:` + (value !== null && typeof value === 'object' && Object.keys(value).length ? '' : ' ') + yamlValue(value, indent + unit, unit);
  return { range: { start, end }, newText: ':' + block };
}

/** The end of a node's text without the trailing white space and line breaks some YAML ranges include. */
export function contentEnd(doc: ParsedDocument, node: AstNode): number {
  let end = node.offset + node.length;
  while (end > node.offset && /\s/.test(doc.text[end - 1])) end--;
  return end;
}

export function lineLength(doc: ParsedDocument, line: number): number {
  const start = doc.lines.lineStart(line);
  let end = doc.text.indexOf('\n', start);
  if (end === -1) end = doc.text.length;
  if (doc.text[end - 1] === '\r') end--;
  return end - start;
}

/** Applies LSP text edits to a text (for previews and tests). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const index = new LineIndex(text);
  const sorted = edits.map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), text: e.newText })).sort((a, b) => b.start - a.start);
  let result = text;
  for (const e of sorted) result = result.slice(0, e.start) + e.text + result.slice(e.end);
  return result;
}

/** The schema property whose key is at an offset of a spec document (for references/rename requests). */
export function propertyKeyAt(doc: ParsedDocument, offset: number): AstNode | undefined {
  const node = findNodeAtOffset(doc.parse.root, offset);
  if (!node || node.keyOffset < 0 || offset < node.keyOffset || offset > node.keyOffset + node.keyLength) return undefined;
  return node.parent?.key === 'properties' ? node : undefined;
}
