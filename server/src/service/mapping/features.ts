import { CodeLens, CompletionItem, CompletionItemKind, Hover, Location, MarkupKind, Position, Range, TextEdit } from 'vscode-languageserver-types';
import { CancellationToken, neverCancelled, throwIfCancelled } from '../cancellation';
import { ParsedDocument } from '../documents';
import { LanguageService } from '../languageService';
import { AstNode, findNodeAtOffset, findProperty } from '../parser/ast';
import { relativePath, resolveUri } from '../uris';
import { analyzeMapping, AnalysedExpression, MappingAnalysis, ResolvedTarget } from './analysis';
import { JSONATA_FUNCTIONS, SourceRef } from './jsonataAnalysis';
import { expressionOf, Expression, expressionRange, MappingField } from './model';
import { operationIds, propertyOrigin, schemaOrigin, schemaPointers } from './schemas';
import { elementOf, propertyOf, Schema, typeLabel, view } from './schemaNav';
import { isMapping, isMappingFile } from './identity';
import { asyncApiIndex } from '../asyncapi/workspaceIndex';
import { asyncMessageChoices, asyncOperationChoices } from './asyncApiSide';
import { messageLabel } from '../asyncapi/messages';

/**
 * Editor features of mapping files: completion, hover, go to definition, the coverage code lens,
 * and (from a spec) the mappings that read or write a schema property, for references and rename.
 */
interface At {
  doc: ParsedDocument;
  analysis: MappingAnalysis;
  offset: number;
  node?: AstNode;
  /** The key of the scalar the cursor is in (`expr`, `target`, `spec`…). */
  key?: string;
}

async function locate(service: LanguageService, uri: string, position: Position, token: CancellationToken): Promise<At | undefined> {
  const doc = await service.documents.get(uri);
  if (!doc || !isMapping(doc) || !doc.parse.root) return undefined;
  const analysis = await analyzeMapping(service, doc, token);
  const offset = doc.lines.offsetAt(position);
  const node = findNodeAtOffset(doc.parse.root, offset);
  const key = node && typeof node.key === 'string' ? node.key : node && typeof node.key === 'number' && node.parent?.key === 'samples' ? 'samples' : undefined;
  return { doc, analysis, offset, node, key };
}

/** The index in an expression's text of a document offset. */
function indexIn(expr: Expression, offset: number): number {
  for (let i = 0; i <= expr.text.length; i++) if (expr.toDocumentOffset(i) >= offset) return i;
  return expr.text.length;
}

function rangeIn(doc: ParsedDocument, expr: Expression, start: number, end: number): Range {
  const r = expressionRange(expr, start, end - start);
  return doc.lines.rangeOf(r.offset, r.length);
}

function fieldOf(analysis: MappingAnalysis, node: AstNode | undefined): MappingField | undefined {
  const all: MappingField[] = [];
  const visit = (list: MappingField[]) => list.forEach((f) => (all.push(f), visit(f.fields)));
  visit(analysis.model.fields);
  for (let n = node; n; n = n.parent) {
    const f = all.find((x) => x.node === n);
    if (f) return f;
  }
  return undefined;
}

function expressionAt(at: At): AnalysedExpression | undefined {
  return at.analysis.expressions.find((e) => e.expr.node === at.node);
}

function targetAt(at: At): ResolvedTarget | undefined {
  return at.analysis.targets.find((t) => t.field.targetNode === at.node);
}

/** The source context of a field's expressions (items of the nearest `each`). */
function contextOf(analysis: MappingAnalysis, field: MappingField | undefined, role: string): Schema | undefined {
  const eachYield = (f: MappingField): Schema | undefined => {
    const e = analysis.expressions.find((x) => x.field === f && x.role === 'each');
    const s = e?.analysis.yields.schema;
    return s ? elementOf(s) : undefined;
  };
  if (!field) return analysis.source?.schema;
  if (field.each && role === 'expr') return eachYield(field);
  for (let p = field.parent; p; p = p.parent) if (p.each) return eachYield(p);
  return analysis.source?.schema;
}

function targetParentOf(analysis: MappingAnalysis, field: MappingField | undefined): Schema | undefined {
  if (!field?.parent) return analysis.target?.schema;
  return analysis.targets.find((t) => t.field === field.parent)?.childSchema;
}

function describe(name: string, schema: Schema | undefined, required: boolean | undefined, extra = ''): string {
  const v = view(schema);
  const lines = [`**${name}**: \`${typeLabel(schema)}\`${required ? ' · required' : required === false ? ' · optional' : ''}${v.readOnly ? ' · read-only' : ''}`];
  if (v.description) lines.push('', v.description);
  if (v.enum) lines.push('', `One of: ${v.enum.map((e) => `\`${String(e)}\``).join(', ')}`);
  if (extra) lines.push('', extra);
  return lines.join('\n');
}

function isRequired(parent: Schema | undefined, name: string): boolean | undefined {
  if (!parent) return undefined;
  return view(elementOf(parent)).required.has(name);
}

// ---------------------------------------------------------------- completion

export async function mappingCompletions(service: LanguageService, uri: string, position: Position, token: CancellationToken = neverCancelled): Promise<CompletionItem[]> {
  const at = await locate(service, uri, position, token);
  if (!at || !at.node) return [];
  const { doc, analysis, node } = at;
  const key = at.key;
  const isScalar = node.type !== 'object' && node.type !== 'array';
  if (!isScalar || !key) return [];
  const expr = expressionOf(doc, node);
  const index = expr ? indexIn(expr, at.offset) : 0;
  const typed = expr && node.type !== 'null' ? expr.text.slice(0, index) : '';
  const field = fieldOf(analysis, node);

  if (key === 'target' && field) {
    const parts = typed.split('.');
    const partial = parts.pop() ?? '';
    let schema = targetParentOf(analysis, field);
    for (const p of parts) schema = propertyOf(schema, p).schema;
    if (!schema) return [];
    const v = view(elementOf(schema));
    const prefix = (field.parent ? analysis.targets.find((t) => t.field === field.parent)?.path + '.' : '') + (parts.length ? parts.join('.') + '.' : '');
    const mappedPaths = analysis.targets.map((t) => t.path);
    const mapped = { has: (p: string) => mappedPaths.some((m) => m === p || m.startsWith(p + '.')) };
    return [...v.properties].filter(([n]) => !view(v.properties.get(n)).readOnly).map(([name, s]) => {
      const full = (prefix.startsWith('undefined') ? '' : prefix) + name;
      const required = v.required.has(name);
      const done = mapped.has(full);
      return {
        label: name,
        kind: CompletionItemKind.Field,
        detail: `${typeLabel(s)}${required ? ' · required' : ''}${done ? ' · mapped' : ''}`,
        documentation: view(s).description ? { kind: MarkupKind.Markdown, value: view(s).description! } : undefined,
        sortText: `${done ? 2 : required ? 0 : 1}${name}`,
        filterText: name,
        textEdit: replaceWord(doc, expr, node, index, partial.length),
      } satisfies CompletionItem;
    });
  }

  if (['expr', 'default', 'when', 'each'].includes(key)) {
    const lookupName = lookupNameTyped(typed);
    if (lookupName !== undefined) {
      return [...analysis.model.lookups.keys()].map((name) => ({ label: name, kind: CompletionItemKind.EnumMember, detail: 'lookup', textEdit: replaceWord(doc, expr, node, index, lookupName.length, name) }));
    }
    const word = pathTyped(typed);
    const parts = word.split('.');
    const partial = parts.pop() ?? '';
    const items: CompletionItem[] = [];
    if (partial.startsWith('$') && parts.length === 0) {
      for (const [name, f] of Object.entries(JSONATA_FUNCTIONS)) {
        items.push({ label: `$${name}`, kind: CompletionItemKind.Function, detail: f.signature, documentation: f.doc, textEdit: replaceWord(doc, expr, node, index, partial.length, `$${name}`) });
      }
      return items;
    }
    const analysed = at.analysis.expressions.find((e) => e.expr.node === node);
    let schema = analysed ? analysed.context : contextOf(analysis, field, key);
    for (const p of parts) {
      if (p === '$$') schema = analysis.source?.schema;
      else if (p === '$' || p === '') continue;
      else schema = propertyOf(schema, p.replace(/`/g, '')).schema;
    }
    if (!schema) return items;
    const v = view(elementOf(schema));
    for (const [name, s] of v.properties) {
      const text = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : '`' + name + '`';
      items.push({
        label: name,
        kind: CompletionItemKind.Field,
        detail: `${typeLabel(s)}${v.required.has(name) ? ' · required' : ''}`,
        documentation: view(s).description ? { kind: MarkupKind.Markdown, value: view(s).description! } : undefined,
        sortText: `0${name}`,
        textEdit: replaceWord(doc, expr, node, index, partial.length, text),
      });
    }
    return items;
  }

  const side = node.parent && (node.parent.key === 'source' || node.parent.key === 'target') && node.parent.parent === doc.parse.root ? analysis.model[node.parent.key as 'source' | 'target'] : undefined;
  if (key === 'spec' || key === 'samples' || key === 'sample' || key === 'expect') {
    const wanted = key === 'spec' ? /\.(ya?ml|json|avsc)$/i : /\.(json|xml|csv)$/i;
    const files = (await service.workspace.listFiles()).filter((f) => wanted.test(f) && f !== uri && !service.kinds.byFileName(f));
    throwIfCancelled(token);
    return files.map((f) => {
      const rel = relativePath(uri, f).replace(/^\.\//, '');
      return { label: rel, kind: CompletionItemKind.File, textEdit: replaceWord(doc, expr, node, index, typed.length, rel) };
    });
  }
  if ((key === 'schema' || key === 'operation' || key === 'message') && side?.specUri) {
    const spec = await service.documents.get(side.specUri);
    if (!spec) return [];
    const asyncApi = key !== 'schema' ? await asyncApiIndex(service).analyze(spec.uri, token) : undefined;
    if (asyncApi && key === 'operation') {
      return asyncOperationChoices(asyncApi).map((o) => ({ label: o.id, kind: CompletionItemKind.Event, detail: o.label, textEdit: replaceWord(doc, expr, node, index, typed.length, o.id) }));
    }
    if (asyncApi) {
      return asyncMessageChoices(asyncApi, side.operation).map((m) => {
        const title = findProperty(m.message.node, 'title') ?? findProperty(m.message.node, 'summary');
        const name = messageLabel(m);
        return { label: name, kind: CompletionItemKind.Struct, detail: title?.type === 'string' ? String(title.value) : 'message', textEdit: replaceWord(doc, expr, node, index, typed.length, name) };
      });
    }
    if (key === 'message') return [];
    if (key === 'schema') return schemaPointers(spec).map((p) => ({ label: p, kind: CompletionItemKind.Reference, textEdit: replaceWord(doc, expr, node, index, typed.length, node.type === 'string' && doc.text[node.offset] !== '"' && doc.text[node.offset] !== "'" ? `"${p}"` : p) }));
    return operationIds(spec).map((o) => ({ label: o.id, kind: CompletionItemKind.Method, detail: `${o.method.toUpperCase()} ${o.path}`, textEdit: replaceWord(doc, expr, node, index, typed.length) }));
  }
  return [];
}

/** The lookup name typed so far when the cursor is in `$lookup('…`. */
function lookupNameTyped(typed: string): string | undefined {
  const quote = Math.max(typed.lastIndexOf("'"), typed.lastIndexOf('"'));
  if (quote < 0 || !typed.slice(0, quote).trimEnd().endsWith('$lookup(')) return undefined;
  return typed.slice(quote + 1);
}

/**
 * The dotted path typed just before the cursor (`customer.addr`). Scanned backwards from the
 * cursor: a regular expression anchored at the end would retry from every character of a long run.
 */
function pathTyped(typed: string): string {
  let start = typed.length;
  while (start > 0 && /[A-Za-z0-9_$.`]/.test(typed[start - 1])) start--;
  return typed.slice(start);
}

function replaceWord(doc: ParsedDocument, expr: Expression | undefined, node: AstNode, index: number, partialLength: number, newText?: string): TextEdit | undefined {
  if (!expr || node.type === 'null') {
    const at = node.type === 'null' ? node.offset : node.offset + node.length;
    // Right after `key:` a value needs a space before it to be one.
    const spaced = newText !== undefined && doc.text[at - 1] === ':' ? ' ' + newText : newText;
    return spaced !== undefined ? TextEdit.insert(doc.lines.positionAt(at), spaced) : undefined;
  }
  const start = expr.toDocumentOffset(index - partialLength);
  const end = expr.toDocumentOffset(index);
  if (newText === undefined) return undefined;
  return TextEdit.replace(doc.lines.rangeOf(start, end - start), newText);
}

// ---------------------------------------------------------------- hover

export async function mappingHover(service: LanguageService, uri: string, position: Position, token: CancellationToken = neverCancelled): Promise<Hover | undefined> {
  const at = await locate(service, uri, position, token);
  if (!at || !at.node) return undefined;
  const { doc, analysis, node } = at;
  const md = (value: string, range?: Range): Hover => ({ contents: { kind: MarkupKind.Markdown, value }, range });

  // the `source:` and `target:` keys: coverage
  if (node.parent === doc.parse.root && node.keyOffset >= 0 && at.offset <= node.keyOffset + node.keyLength) {
    const range = doc.lines.rangeOf(node.keyOffset, node.keyLength);
    const c = analysis.coverage;
    if (node.key === 'source' && c) {
      const unread = c.unreadSource;
      return md(unread.length ? `**Source fields no rule reads** (${unread.length}):\n\n${unread.slice(0, 60).map((p) => `- \`${p}\``).join('\n')}${unread.length > 60 ? '\n- …' : ''}` : 'Every source field is read by some rule.', range);
    }
    if (node.key === 'target' && c) {
      const missing = c.missingRequired.length ? `\n\nRequired, no rule: ${c.missingRequired.map((p) => `\`${p}\``).join(', ')}` : '';
      return md(`required ${c.required.mapped}/${c.required.total} · all ${c.all.mapped}/${c.all.total} mapped${missing}`, range);
    }
  }

  const target = targetAt(at);
  if (target) {
    const expr = expressionOf(doc, node)!;
    const index = indexIn(expr, at.offset);
    const seg = target.segments.find((s) => index >= s.start && index <= s.end);
    if (!seg) return undefined;
    return md(describe(seg.path, seg.schema, isRequired(seg.parent, seg.name)), rangeIn(doc, expr, seg.start, seg.end));
  }

  const analysed = expressionAt(at);
  if (analysed) {
    const index = indexIn(analysed.expr, at.offset);
    const inSpan = (s: { start: number; end: number }) => index >= s.start && index <= s.end;
    const lookup = analysed.analysis.lookups.find(inSpan);
    if (lookup) {
      const entries = analysis.model.lookups.get(lookup.name)?.entries;
      return md(entries ? `**lookup \`${lookup.name}\`**\n\n| key | value |\n| --- | --- |\n${Object.entries(entries).map(([k, v]) => `| ${k} | ${String(v)} |`).join('\n')}` : `No lookup \`${lookup.name}\`.`, rangeIn(doc, analysed.expr, lookup.start, lookup.end));
    }
    const fn = analysed.analysis.functions.find(inSpan);
    if (fn && JSONATA_FUNCTIONS[fn.name]) {
      const f = JSONATA_FUNCTIONS[fn.name];
      return md(`\`${f.signature}\`\n\n${f.doc}`, rangeIn(doc, analysed.expr, fn.start, fn.end));
    }
    const ref = analysed.analysis.refs.find(inSpan);
    if (ref && ref.schema) return md(describe(ref.path ?? ref.name, ref.schema, isRequired(ref.parent, ref.name), 'source field'), rangeIn(doc, analysed.expr, ref.start, ref.end));
  }
  return undefined;
}

// ---------------------------------------------------------------- definition

async function locationOf(service: LanguageService, origin: { uri: string; node: AstNode } | undefined): Promise<Location | undefined> {
  if (!origin) return undefined;
  const doc = await service.documents.get(origin.uri);
  if (!doc) return undefined;
  const n = origin.node;
  const range = n.keyOffset >= 0 ? doc.lines.rangeOf(n.keyOffset, n.keyLength) : doc.lines.rangeOf(n.offset, 0);
  return Location.create(origin.uri, range);
}

export async function mappingDefinition(service: LanguageService, uri: string, position: Position, token: CancellationToken = neverCancelled): Promise<Location[]> {
  const at = await locate(service, uri, position, token);
  if (!at || !at.node) return [];
  const { doc, analysis, node } = at;
  const one = (l: Location | undefined) => (l ? [l] : []);
  if (at.key === 'spec' && node.type === 'string') return [Location.create(resolveUri(uri, String(node.value)), Range.create(0, 0, 0, 0))];
  if ((at.key === 'samples' || at.key === 'sample' || at.key === 'expect') && node.type === 'string') return [Location.create(resolveUri(uri, String(node.value)), Range.create(0, 0, 0, 0))];
  const sideKey = node.parent?.parent === doc.parse.root ? node.parent?.key : undefined;
  if ((sideKey === 'source' || sideKey === 'target') && (at.key === 'schema' || at.key === 'operation' || at.key === 'message')) {
    const side = analysis[sideKey];
    if (at.key === 'schema' && side) return one(await locationOf(service, schemaOrigin(side.schema)));
    const spec = analysis.model[sideKey]?.specUri ? await service.documents.get(analysis.model[sideKey]!.specUri!) : undefined;
    const asyncApi = spec ? await asyncApiIndex(service).analyze(spec.uri, token) : undefined;
    if (asyncApi) {
      const name = String(node.value);
      const operation = asyncOperationChoices(asyncApi).find((o) => o.id === name);
      if (at.key === 'operation' || !asyncMessageChoices(asyncApi, analysis.model[sideKey]?.operation).some((m) => m.names.includes(name))) return one(await locationOf(service, operation?.at));
      const message = asyncMessageChoices(asyncApi, analysis.model[sideKey]?.operation).find((m) => m.names.includes(name));
      return one(await locationOf(service, message?.message));
    }
    const op = spec ? operationIds(spec).find((o) => o.id === String(node.value)) : undefined;
    return op && spec ? [Location.create(spec.uri, spec.lines.rangeOf(op.node.offset, op.node.length))] : [];
  }
  const target = targetAt(at);
  if (target) {
    const expr = expressionOf(doc, node)!;
    const index = indexIn(expr, at.offset);
    const seg = target.segments.find((s) => index >= s.start && index <= s.end);
    if (!seg?.parent) return [];
    return one(await locationOf(service, propertyOrigin(seg.parent, seg.name) ?? schemaOrigin(seg.schema)));
  }
  const analysed = expressionAt(at);
  if (analysed) {
    const index = indexIn(analysed.expr, at.offset);
    const inSpan = (s: { start: number; end: number }) => index >= s.start && index <= s.end;
    const lookup = analysed.analysis.lookups.find(inSpan);
    if (lookup) {
      const l = analysis.model.lookups.get(lookup.name);
      return l ? [Location.create(uri, doc.lines.rangeOf(l.node.keyOffset, l.node.keyLength))] : [];
    }
    const ref = analysed.analysis.refs.find(inSpan);
    if (ref?.parent) return one(await locationOf(service, propertyOrigin(ref.parent, ref.name) ?? schemaOrigin(ref.schema)));
  }
  return [];
}

// ---------------------------------------------------------------- code lens

export async function mappingCodeLenses(service: LanguageService, uri: string, token: CancellationToken = neverCancelled): Promise<CodeLens[]> {
  const doc = await service.documents.get(uri);
  if (!doc || !isMapping(doc) || !doc.parse.root) return [];
  const analysis = await analyzeMapping(service, doc, token);
  const target = findProperty(doc.parse.root, 'target');
  const c = analysis.coverage;
  if (!target || !c || target.keyOffset < 0) return [];
  const title = `required ${c.required.mapped}/${c.required.total} · all ${c.all.mapped}/${c.all.total} mapped`;
  return [{ range: doc.lines.rangeOf(target.keyOffset, target.keyLength), command: { title, command: '' } }];
}

// ---------------------------------------------------------------- references and rename from a spec

export interface MappingUse {
  uri: string;
  range: Range;
  /** The text to replace when the property is renamed. */
  kind: 'read' | 'write';
}

/** The mapping files of the workspace. */
async function mappingFiles(service: LanguageService): Promise<string[]> {
  return (await service.workspace.listFiles()).filter((f) => isMappingFile(f));
}

/**
 * Where mappings read (expressions) or write (targets) the schema property declared by a node of a
 * spec (the property's key). For find-references and rename on a schema property.
 */
export async function mappingUsesOfProperty(service: LanguageService, specUri: string, propertyNode: AstNode, token: CancellationToken = neverCancelled): Promise<MappingUse[]> {
  const uses: MappingUse[] = [];
  const name = String(propertyNode.key);
  for (const uri of await mappingFiles(service)) {
    throwIfCancelled(token);
    const doc = await service.documents.get(uri);
    if (!doc || !isMapping(doc) || !doc.parse.root) continue;
    const analysis = await analyzeMapping(service, doc, token);
    if (!analysis.dependencies.includes(specUri)) continue;
    const matches = (parent: Schema | undefined, n: string) => {
      if (n !== name || !parent) return false;
      const o = propertyOrigin(parent, n);
      return !!o && o.uri === specUri && o.node === propertyNode;
    };
    for (const e of analysis.expressions) {
      for (const ref of e.analysis.refs as SourceRef[]) {
        if (matches(ref.parent, ref.name)) uses.push({ uri, range: rangeIn(doc, e.expr, ref.start, ref.end), kind: 'read' });
      }
    }
    for (const t of analysis.targets) {
      const expr = t.field.targetNode ? expressionOf(doc, t.field.targetNode) : undefined;
      if (!expr) continue;
      for (const seg of t.segments) if (matches(seg.parent, seg.name)) uses.push({ uri, range: rangeIn(doc, expr, seg.start, seg.end), kind: 'write' });
    }
  }
  return uses;
}

/** The edits that keep mappings working when a schema property is renamed. */
export async function mappingRenameEdits(service: LanguageService, specUri: string, propertyNode: AstNode, newName: string, token: CancellationToken = neverCancelled): Promise<Record<string, TextEdit[]>> {
  const changes: Record<string, TextEdit[]> = {};
  for (const use of await mappingUsesOfProperty(service, specUri, propertyNode, token)) {
    const text = use.kind === 'read' && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(newName) ? '`' + newName + '`' : newName;
    (changes[use.uri] ??= []).push(TextEdit.replace(use.range, text));
  }
  return changes;
}

/**
 * Mapping sides that name an operationId of a spec (`operation: createCustomer`), or with `key:
 * 'message'` an AsyncAPI message (`message: OrderParked`), for references and rename of the name.
 */
export async function mappingOperationUses(service: LanguageService, specUri: string, operationId: string, token: CancellationToken = neverCancelled, key: 'operation' | 'message' = 'operation'): Promise<Location[]> {
  const out: Location[] = [];
  for (const uri of await mappingFiles(service)) {
    throwIfCancelled(token);
    const doc = await service.documents.get(uri);
    if (!doc || !isMapping(doc) || !doc.parse.root) continue;
    const model = (await analyzeMapping(service, doc, token)).model;
    for (const side of [model.source, model.target]) {
      const node = side && findProperty(side.node, key);
      if (side?.specUri === specUri && node?.type === 'string' && node.value === operationId) {
        const expr = expressionOf(doc, node)!;
        out.push(Location.create(uri, rangeIn(doc, expr, 0, expr.text.length)));
      }
    }
  }
  return out;
}
