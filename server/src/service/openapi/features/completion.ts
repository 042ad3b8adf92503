/**
 * Completion in OpenAPI documents and their fragments, YAML and JSON: the keys the specification
 * allows at the cursor, enumerated values, `$ref` targets across the workspace, status codes, media
 * types, security schemes and scopes, and tags.
 */
import { CompletionItem, CompletionItemKind, MarkupKind, Range } from 'vscode-languageserver-types';
import { CancellationToken } from '../../cancellation';
import { ParsedDocument } from '../../documents';
import { LanguageService } from '../../languageService';
import { AstNode, findNodeAtOffset, findNodeAtPath, findProperty, pathOfNode } from '../../parser/ast';
import { formatPointer } from '../../pointer';
import { relativePath } from '../../uris';
import { stringValue } from '../walk';
import { componentsOf, SpecContext, specContext } from './common';
import { fragmentPath, renderTarget } from './hover';
import { MEDIA_TYPES, STATUS_CODES } from './specText';
import { allowedKeys, describeKey, enumValues, refKindAt, schemaPlace } from './specKeys';
import { openApiVersion } from '../version';

type Path = (string | number)[];

/** Where the cursor is: typing a key of an object, or a value of a key (or an array item). */
export interface CursorPlace {
  mode: 'key' | 'value';
  /** key mode: the object's path; value mode: the path of the value. */
  path: Path;
  /** The object node (key mode) when it exists yet. */
  object?: AstNode;
  /** The text to replace (the partial word, with its quotes). */
  start: number;
  end: number;
  /** The typed text has an opening quote (JSON always quotes). */
  quote: string;
  /** JSON: a member follows, so the insertion needs a comma. */
  needsComma: boolean;
  /** The line of the cursor (keys written on it are the one being typed). */
  line: number;
}

const WORD = /[^\s:"',{}[\]]/;

function wordEnd(text: string, offset: number): number {
  let end = offset;
  while (end < text.length && WORD.test(text[end])) end++;
  return end;
}

function yamlPlace(doc: ParsedDocument, offset: number): CursorPlace | undefined {
  const pos = doc.lines.positionAt(offset);
  const lineStart = doc.lines.lineStart(pos.line);
  const before = doc.text.slice(lineStart, offset);
  const end0 = wordEnd(doc.text, offset);
  const closing = (quote: string) => (quote && doc.text[end0] === quote ? end0 + 1 : end0);
  const keyMatch = /^(\s*)((?:-\s+)*)(["']?)([^:"'#]*)$/.exec(before);
  if (keyMatch && !/\s$/.test(keyMatch[4]) && !keyMatch[4].includes(' ')) {
    const column = keyMatch[1].length + keyMatch[2].length;
    const start = lineStart + column;
    const common = { start, end: closing(keyMatch[3]), quote: keyMatch[3], needsComma: false, line: pos.line };
    if (keyMatch[2]) {
      // A new array item: `- |`.
      const array = yamlParentKey(doc, pos.line, keyMatch[1].length, true);
      if (!array) return undefined;
      const node = findNodeAtPath(doc.parse.root, array);
      const index = node?.type === 'array' ? node.children!.filter((c) => doc.lines.positionAt(c.offset).line < pos.line).length : 0;
      return { mode: 'key', path: [...array, index], ...common };
    }
    const parent = yamlParentKey(doc, pos.line, column, false);
    if (!parent) return undefined;
    return { mode: 'key', path: parent, object: findNodeAtPath(doc.parse.root, parent), ...common };
  }
  const valueMatch = /^(\s*(?:-\s+)*)((?:"[^"]*"|'[^']*'|[^:#'"]+?)):\s+(?:(["'])([^"']*)|()([^\s"'#][^\s"']*|))$/.exec(before);
  if (valueMatch && valueMatch[5] !== undefined) {
    valueMatch[3] = '';
    valueMatch[4] = valueMatch[6];
  }
  if (valueMatch) {
    const keyOffset = lineStart + valueMatch[1].length;
    const node = findNodeAtOffset(doc.parse.root, keyOffset);
    if (!node || node.keyOffset !== keyOffset) return undefined;
    const start = offset - valueMatch[4].length - valueMatch[3].length;
    return { mode: 'value', path: pathOfNode(node), start, end: closing(valueMatch[3]), quote: valueMatch[3], needsComma: false, line: pos.line };
  }
  return undefined;
}

/**
 * The path of the object (or, for `- ` items, the array) that a line indented at `column` belongs
 * to, found by walking up to the line that opens it.
 */
function yamlParentKey(doc: ParsedDocument, line: number, column: number, item: boolean): Path | undefined {
  for (let l = line - 1; l >= 0; l--) {
    const start = doc.lines.lineStart(l);
    const end = doc.text.indexOf('\n', start);
    const text = doc.text.slice(start, end === -1 ? doc.text.length : end).replace(/\r$/, '');
    if (!text.trim() || text.trim().startsWith('#')) continue;
    const m = /^(\s*)((?:-\s+)*)/.exec(text)!;
    const indent = m[1].length;
    const keyColumn = m[0].length;
    const keyNode = () => {
      const node = findNodeAtOffset(doc.parse.root, start + keyColumn);
      return node && node.keyOffset === start + keyColumn ? node : undefined;
    };
    const opensBlock = /^[^#]*:\s*(#.*)?$/.test(text.slice(keyColumn)) && !/^["']?[^:]*["']?\s*:\s*\S/.test(text.slice(keyColumn));
    if (item) {
      if (indent > column || (m[2] && indent === column)) continue;
      if (keyColumn <= column && opensBlock) {
        const node = keyNode();
        return node ? pathOfNode(node) : undefined;
      }
      if (indent < column || keyColumn > column) continue;
      return undefined;
    }
    if (keyColumn > column) continue;
    const node = keyNode();
    if (!node) return undefined;
    if (keyColumn === column) return pathOfNode(node).slice(0, -1);
    return opensBlock ? pathOfNode(node) : undefined;
  }
  return item ? undefined : [];
}

function jsonPlace(doc: ParsedDocument, offset: number): CursorPlace | undefined {
  const text = doc.text;
  const line = doc.lines.positionAt(offset).line;
  // Inside a string the parser knows: a key being changed, or a value.
  const node = findNodeAtOffset(doc.parse.root, offset);
  if (node && node.keyOffset >= 0 && offset > node.keyOffset && offset < node.keyOffset + node.keyLength && node.parent) {
    return { mode: 'key', path: pathOfNode(node.parent), object: node.parent, start: node.keyOffset, end: node.keyOffset + node.keyLength, quote: '"', needsComma: false, line };
  }
  if (node && node.type === 'string' && offset > node.offset && offset < node.offset + node.length) {
    return { mode: 'value', path: pathOfNode(node), start: node.offset, end: node.offset + node.length, quote: '"', needsComma: false, line };
  }
  let start = offset;
  while (start > 0 && WORD.test(text[start - 1])) start--;
  let quote = '';
  if (text[start - 1] === '"') {
    start--;
    quote = '"';
  }
  let end = wordEnd(text, offset);
  if (quote && text[end] === '"') end++;
  let p = start - 1;
  while (p >= 0 && /\s/.test(text[p])) p--;
  const previous = text[p];
  let q = end;
  while (q < text.length && /[ \t]/.test(text[q])) q++;
  const needsComma = text[q] === '"' || (text[q] === '\n' && /^\s*"/.test(text.slice(q, q + 200)));
  let container = findNodeAtOffset(doc.parse.root, start);
  while (container && (container.type !== 'object' && container.type !== 'array' || offset <= container.offset || offset >= container.offset + container.length)) container = container.parent;
  if (!container) return undefined;
  if (previous === '{' || (previous === ',' && container.type === 'object')) {
    return { mode: 'key', path: pathOfNode(container), object: container, start, end, quote, needsComma, line };
  }
  if (previous === ':') {
    const m = /"((?:[^"\\]|\\.)*)"\s*$/.exec(text.slice(Math.max(0, p - 300), p));
    if (!m || container.type !== 'object') return undefined;
    return { mode: 'value', path: [...pathOfNode(container), JSON.parse(`"${m[1]}"`)], start, end, quote, needsComma, line };
  }
  if ((previous === '[' || previous === ',') && container.type === 'array') {
    const index = container.children!.filter((c) => c.offset < start).length;
    return { mode: 'value', path: [...pathOfNode(container), index], start, end, quote, needsComma, line };
  }
  return undefined;
}

/** Where the cursor is in a YAML or JSON document: typing a key (of which object) or a value (of which key). */
export function cursorPlace(doc: ParsedDocument, offset: number): CursorPlace | undefined {
  return doc.language === 'json' ? jsonPlace(doc, offset) : yamlPlace(doc, offset);
}

export async function completion(service: LanguageService, uri: string, offset: number, token: CancellationToken): Promise<CompletionItem[]> {
  const context = await specContext(service, uri, token);
  if (!context) return [];
  const { doc } = context;
  const place = cursorPlace(doc, offset);
  if (!place) return [];
  const range = doc.lines.rangeOf(place.start, place.end - place.start);
  const specPath = !!openApiVersion(doc) ? place.path : fragmentPath(context, uri, place.path);
  if (!specPath) return [];
  if (place.mode === 'value') return valueItems(service, context, place, specPath, range, token);
  const items = await keyItems(service, context, place, specPath, range, token);
  if (place.mode === 'key' && /^[ \t]*:/.test(doc.text.slice(place.end, place.end + 20)) && place.needsComma) place.needsComma = false;
  // A new `- ` item may be a scalar (a tag, a scope, a media type) as well as an object.
  if (typeof place.path.at(-1) === 'number' && !place.object) items.push(...(await valueItems(service, context, place, specPath, range, token)));
  return items;
}

export function existingKeys(place: CursorPlace, doc: ParsedDocument): Set<string> {
  const keys = new Set<string>();
  for (const child of place.object?.type === 'object' ? place.object.children! : []) {
    if (doc.lines.positionAt(child.keyOffset).line !== place.line) keys.add(String(child.key));
  }
  return keys;
}

export function keyText(doc: ParsedDocument, place: CursorPlace, key: string): string {
  const colon = /^[ \t]*:/.test(doc.text.slice(place.end, place.end + 20));
  if (doc.language === 'json') return colon ? JSON.stringify(key) : `${JSON.stringify(key)}: `;
  if (colon) return place.quote ? `${place.quote}${key}${place.quote}` : key;
  const plain = /^[A-Za-z_$/][\w.$/{}-]*$/.test(key) && !/^\d/.test(key);
  if (place.quote) return `${place.quote}${key}${place.quote}: `;
  return plain ? `${key}: ` : `'${key}': `;
}

export function item(doc: ParsedDocument, place: CursorPlace, range: Range, label: string, newText: string, kind: CompletionItemKind, detail?: string, documentation?: string, sortText?: string): CompletionItem {
  const result: CompletionItem = { label, kind, textEdit: { range, newText: newText + (place.needsComma ? ',' : '') } };
  if (detail) result.detail = detail;
  if (documentation) result.documentation = { kind: MarkupKind.Markdown, value: documentation };
  if (sortText) result.sortText = sortText;
  if (place.quote || doc.language === 'json') result.filterText = (place.quote || '"') + label;
  return result;
}

async function keyItems(service: LanguageService, context: SpecContext, place: CursorPlace, specPath: Path, range: Range, token: CancellationToken): Promise<CompletionItem[]> {
  const { doc, version } = context;
  const existing = existingKeys(place, doc);
  const last = specPath.at(-1);
  const parentPlace = schemaPlace(version, specPath);
  const items: CompletionItem[] = [];
  const add = (label: string, kind: CompletionItemKind, detail?: string, documentation?: string, sortText?: string) => {
    if (!existing.has(label)) items.push(item(doc, place, range, label, keyText(doc, place, label), kind, detail, documentation, sortText));
  };
  // Status codes in a Responses Object.
  if (parentPlace.names.some((n) => /^responses$/i.test(n)) && last === 'responses') {
    for (const [code, reason] of Object.entries(STATUS_CODES)) add(code, CompletionItemKind.Value, reason, undefined, code === 'default' ? '9' : code);
    return items;
  }
  // Media types in a `content` map.
  if (last === 'content' && version !== '2.0') {
    for (const type of MEDIA_TYPES) add(type, CompletionItemKind.Value, 'media type');
    return items;
  }
  // Security scheme names in a Security Requirement.
  if (typeof last === 'number' && specPath.at(-2) === 'security') {
    for (const [name, scheme] of securitySchemes(context)) add(name, CompletionItemKind.Reference, `security scheme (${stringValue(findProperty(scheme, 'type')) ?? '?'})`);
    return items;
  }
  for (const key of allowedKeys(parentPlace)) {
    const described = describeKey(parentPlace, key.key);
    add(key.key, CompletionItemKind.Property, described?.object, described?.text, (key.required ? '0' : '1') + key.key);
  }
  void service;
  void token;
  return items;
}

/** The security schemes of the root(s): name → scheme node. */
function securitySchemes(context: SpecContext): Map<string, AstNode> {
  const result = new Map<string, AstNode>();
  for (const analysis of context.analyses) {
    const root = analysis.set.root.parse.root;
    const section = findNodeAtPath(root, analysis.version === '2.0' ? ['securityDefinitions'] : ['components', 'securitySchemes']);
    for (const child of section?.type === 'object' ? section.children! : []) result.set(String(child.key), child);
  }
  return result;
}

function scopesOf(scheme: AstNode): Map<string, string> {
  const scopes = new Map<string, string>();
  const add = (node: AstNode | undefined) => {
    for (const s of node?.type === 'object' ? node.children! : []) scopes.set(String(s.key), stringValue(s) ?? '');
  };
  add(findProperty(scheme, 'scopes'));
  const flows = findProperty(scheme, 'flows');
  for (const flow of flows?.type === 'object' ? flows.children! : []) add(findProperty(flow, 'scopes'));
  return scopes;
}

export function valueText(doc: ParsedDocument, place: CursorPlace, value: unknown): string {
  if (doc.language === 'json') return JSON.stringify(value);
  if (typeof value !== 'string') return String(value);
  if (place.quote) return `${place.quote}${value}${place.quote}`;
  return /^[A-Za-z_][\w.-]*$/.test(value) && !/^(true|false|null|yes|no|on|off|y|n)$/i.test(value) ? value : `'${value}'`;
}

async function valueItems(service: LanguageService, context: SpecContext, place: CursorPlace, specPath: Path, range: Range, token: CancellationToken): Promise<CompletionItem[]> {
  const { doc, version } = context;
  const key = specPath.at(-1);
  const items: CompletionItem[] = [];
  const add = (label: string, value: unknown, kind: CompletionItemKind, detail?: string, documentation?: string) =>
    items.push(item(doc, place, range, label, valueText(doc, place, value), kind, detail, documentation));
  if (key === '$ref') {
    const kind = refKindAt(schemaPlace(version, specPath.slice(0, -1)), version) ?? (version === '2.0' ? 'definitions' : 'schemas');
    for (const target of await refTargets(service, context, kind, token)) {
      add(target.ref, target.ref, CompletionItemKind.Reference, target.detail);
      items[items.length - 1].data = { refTarget: target.target };
    }
    return items;
  }
  // Scopes inside a Security Requirement: `security: [{ oauth: [|] }]`.
  const schemeIndex = typeof key === 'number' ? specPath.length - 2 : specPath.length - 1;
  if (specPath[schemeIndex - 2] === 'security' && typeof specPath[schemeIndex - 1] === 'number') {
    const scheme = securitySchemes(context).get(String(specPath[schemeIndex]));
    if (scheme) for (const [scope, description] of scopesOf(scheme)) add(scope, scope, CompletionItemKind.EnumMember, description || 'scope');
    return items;
  }
  // Tags of an operation.
  if (typeof key === 'number' && specPath.at(-2) === 'tags' && specPath.length === 5) {
    for (const analysis of context.analyses) {
      const tags = findProperty(analysis.set.root.parse.root, 'tags');
      for (const tag of tags?.type === 'array' ? tags.children! : []) {
        const name = stringValue(findProperty(tag, 'name'));
        if (name) add(name, name, CompletionItemKind.EnumMember, 'tag', stringValue(findProperty(tag, 'description')));
      }
    }
    return items;
  }
  if ((key === 'produces' || key === 'consumes') || (typeof key === 'number' && (specPath.at(-2) === 'produces' || specPath.at(-2) === 'consumes'))) {
    for (const type of MEDIA_TYPES) add(type, type, CompletionItemKind.Value, 'media type');
    return items;
  }
  const parent = schemaPlace(version, specPath.slice(0, -1));
  const info = typeof key === 'string' ? allowedKeys(parent).find((k) => k.key === key) : undefined;
  const values = info ? enumValues(info.values, version) : typeof key === 'number' ? enumValues(schemaPlace(version, specPath).schemas, version) : [];
  for (const value of values) add(String(value), value, CompletionItemKind.EnumMember, describeKey(parent, String(key))?.object);
  return items;
}

interface RefTarget {
  ref: string;
  detail: string;
  /** Where the component is; its preview is rendered when the item is resolved. */
  target: { uri: string; path: string[] };
}

/** Adds the preview of a `$ref` target to an item (completionItem/resolve): big specs list thousands. */
export async function resolveCompletion(service: LanguageService, item: CompletionItem): Promise<CompletionItem> {
  const data = item.data as { refTarget?: { uri: string; path: string[] } } | undefined;
  if (!data?.refTarget) return item;
  const doc = service.documents.peek(data.refTarget.uri) ?? (await service.getDocument(data.refTarget.uri));
  const node = doc && findNodeAtPath(doc.parse.root, data.refTarget.path);
  if (node) item.documentation = { kind: MarkupKind.Markdown, value: renderTarget(String(data.refTarget.path.at(-1)), node) };
  return item;
}

/** Every component of a kind this document can reach: its own, then the other OpenAPI files of the workspace. */
async function refTargets(service: LanguageService, context: SpecContext, kind: string, token: CancellationToken): Promise<RefTarget[]> {
  const { doc, version } = context;
  const uris = new Set<string>([doc.uri]);
  for (const analysis of context.analyses) for (const uri of analysis.set.documents.keys()) uris.add(uri);
  // Other files of the workspace, as far as they are parsed already (completion never waits for a
  // workspace scan): roots and fragments the checker has seen, and files opened in the editor.
  for (const uri of await service.workspace.listFiles()) if (service.kinds.isCandidateFile(uri) && !service.kinds.byFileName(uri) && service.documents.peek(uri)) uris.add(uri);
  void token;
  const result: RefTarget[] = [];
  for (const uri of uris) {
    const other = uri === doc.uri ? doc : service.documents.peek(uri);
    if (!other || other.tooLarge || (openApiVersion(other) !== undefined && openApiVersion(other) !== version && uri !== doc.uri) || (!openApiVersion(other) && other.kind.kind !== 'other')) continue;
    const prefix = uri === doc.uri ? '' : relativePath(doc.uri, uri);
    for (const component of componentsOf(other, version)) {
      if (component.kind !== kind && !(!openApiVersion(other) && kind === 'schemas' && component.kind === 'schemas')) continue;
      if (!openApiVersion(other) && component.kind !== kind) continue;
      const ref = prefix + formatPointer(component.path);
      result.push({ ref, detail: prefix ? `${kind} in ${prefix}` : kind, target: { uri, path: component.path } });
    }
  }
  return result;
}
