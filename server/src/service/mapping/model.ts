import { AstNode, findProperty } from '../parser/ast';
import { ParsedDocument } from '../documents';
import { resolveUri } from '../uris';

/**
 * The mapping file (format 1.0) read into a model that keeps every source range: the checks,
 * completion, hover, the preview and the exporters all work on this.
 */
export type PayloadFormat = 'json' | 'xml' | 'csv';

export interface Expression {
  text: string;
  node: AstNode;
  /** document offset of the i-th character of `text` (handles plain, quoted and block YAML scalars and JSON strings with escapes) */
  toDocumentOffset(index: number): number;
}

export interface MappingSide {
  node: AstNode;
  spec?: string;
  specUri?: string;
  specNode?: AstNode;
  schema?: string;
  operation?: string;
  /** An AsyncAPI message: a message id or name, or an operation carrying one message. */
  message?: string;
  response?: string;
  mediaType?: string;
  format: PayloadFormat;
}

export interface MappingField {
  node: AstNode;
  target: string;
  targetNode?: AstNode;
  expr?: Expression;
  default?: Expression;
  when?: Expression;
  each?: Expression;
  note?: string;
  fields: MappingField[];
  parent?: MappingField;
}

export interface MappingSample {
  node: AstNode;
  uri: string;
  pathNode: AstNode;
  expectUri?: string;
  expectNode?: AstNode;
  format?: PayloadFormat;
}

export interface MappingModel {
  uri: string;
  doc: ParsedDocument;
  name?: string;
  source?: MappingSide;
  target?: MappingSide;
  lookups: Map<string, { node: AstNode; entries: Record<string, unknown> }>;
  fields: MappingField[];
  samples: MappingSample[];
}

const models = new WeakMap<ParsedDocument, MappingModel>();

/** Reads a mapping document (once per parsed version). Shapes the schema forbids are skipped, not thrown on. */
export function readMapping(doc: ParsedDocument): MappingModel {
  const cached = models.get(doc);
  if (cached) return cached;
  const root = doc.parse.root;
  const model: MappingModel = { uri: doc.uri, doc, lookups: new Map(), fields: [], samples: [] };
  if (root && root.type === 'object') {
    const name = findProperty(root, 'name');
    if (name?.type === 'string') model.name = String(name.value);
    model.source = readSide(doc, findProperty(root, 'source'));
    model.target = readSide(doc, findProperty(root, 'target'));
    const lookups = findProperty(root, 'lookups');
    if (lookups?.type === 'object') {
      for (const child of lookups.children!) {
        const entries: Record<string, unknown> = {};
        if (child.type === 'object') for (const entry of child.children!) entries[String(entry.key)] = entry.value ?? valueOf(entry);
        model.lookups.set(String(child.key), { node: child, entries });
      }
    }
    model.fields = readFields(doc, findProperty(root, 'fields'), undefined);
    const samples = findProperty(root, 'samples');
    if (samples?.type === 'array') {
      for (const item of samples.children!) {
        if (item.type === 'string') {
          model.samples.push({ node: item, uri: resolveUri(doc.uri, String(item.value)), pathNode: item, format: formatOfName(String(item.value)) });
        } else if (item.type === 'object') {
          const pathNode = findProperty(item, 'sample');
          if (pathNode?.type !== 'string') continue;
          const sample: MappingSample = { node: item, uri: resolveUri(doc.uri, String(pathNode.value)), pathNode };
          const expect = findProperty(item, 'expect');
          if (expect?.type === 'string') {
            sample.expectNode = expect;
            sample.expectUri = resolveUri(doc.uri, String(expect.value));
          }
          const format = findProperty(item, 'format');
          sample.format = isFormat(format?.value) ? format.value : formatOfName(String(pathNode.value));
          model.samples.push(sample);
        }
      }
    }
  }
  models.set(doc, model);
  return model;
}

function valueOf(node: AstNode): unknown {
  if (node.type === 'object') return Object.fromEntries(node.children!.map((c) => [String(c.key), valueOf(c)]));
  if (node.type === 'array') return node.children!.map(valueOf);
  return node.value;
}

function isFormat(value: unknown): value is PayloadFormat {
  return value === 'json' || value === 'xml' || value === 'csv';
}

/** The payload format a sample file's extension suggests. */
export function formatOfName(path: string): PayloadFormat | undefined {
  const m = /\.(json|xml|csv)$/i.exec(path);
  return m ? (m[1].toLowerCase() as PayloadFormat) : undefined;
}

function stringOf(node: AstNode | undefined): string | undefined {
  if (!node || node.type === 'object' || node.type === 'array' || node.value === null || node.value === undefined) return undefined;
  return String(node.value);
}

function readSide(doc: ParsedDocument, node: AstNode | undefined): MappingSide | undefined {
  if (!node || node.type !== 'object') return undefined;
  const side: MappingSide = { node, format: 'json' };
  const spec = findProperty(node, 'spec');
  if (spec?.type === 'string' && String(spec.value).trim()) {
    side.spec = String(spec.value);
    side.specNode = spec;
    side.specUri = resolveUri(doc.uri, side.spec);
  }
  side.schema = stringOf(findProperty(node, 'schema'));
  side.operation = stringOf(findProperty(node, 'operation'));
  side.message = stringOf(findProperty(node, 'message'));
  side.response = stringOf(findProperty(node, 'response'));
  side.mediaType = stringOf(findProperty(node, 'mediaType'));
  const format = findProperty(node, 'format');
  if (isFormat(format?.value)) side.format = format.value;
  return side;
}

function readFields(doc: ParsedDocument, node: AstNode | undefined, parent: MappingField | undefined): MappingField[] {
  const result: MappingField[] = [];
  if (!node || node.type !== 'array') return result;
  for (const item of node.children!) {
    if (item.type !== 'object') continue;
    const targetNode = findProperty(item, 'target');
    const field: MappingField = {
      node: item,
      target: targetNode?.type === 'string' ? String(targetNode.value) : '',
      targetNode: targetNode?.type === 'string' ? targetNode : undefined,
      fields: [],
      parent,
    };
    field.expr = expressionOf(doc, findProperty(item, 'expr'));
    field.default = expressionOf(doc, findProperty(item, 'default'));
    field.when = expressionOf(doc, findProperty(item, 'when'));
    field.each = expressionOf(doc, findProperty(item, 'each'));
    const note = findProperty(item, 'note');
    if (note && note.type === 'string') field.note = String(note.value);
    field.fields = readFields(doc, findProperty(item, 'fields'), field);
    result.push(field);
  }
  return result;
}

/** An expression from a scalar node (strings, and numbers/booleans/null as written). */
export function expressionOf(doc: ParsedDocument, node: AstNode | undefined): Expression | undefined {
  if (!node || node.type === 'object' || node.type === 'array') return undefined;
  const raw = doc.text.slice(node.offset, node.offset + node.length);
  if (node.type !== 'string') {
    return { text: raw, node, toDocumentOffset: (i) => node.offset + Math.max(0, Math.min(i, raw.length)) };
  }
  const text = String(node.value);
  let map: number[] | undefined;
  return {
    text,
    node,
    toDocumentOffset(index: number): number {
      map ??= offsetMap(raw, text);
      const i = Math.max(0, Math.min(index, text.length));
      return node.offset + map[i];
    },
  };
}

/**
 * For each character of a scalar's value, its offset in the scalar's source text (one extra entry
 * for the end). Escapes of double-quoted YAML and JSON strings, `''` in single-quoted YAML, block
 * scalar headers and indentation, and folded line breaks are all accounted for.
 */
export function offsetMap(raw: string, value: string): number[] {
  const map: number[] = new Array(value.length + 1);
  const first = raw[0];
  if (first === '"') {
    let j = 1;
    let i = 0;
    while (i < value.length && j < raw.length) {
      const c = raw[j];
      if (c === '\\') {
        const e = raw[j + 1];
        let width = 2;
        let produced = 1;
        if (e === 'u') {
          width = 6;
          const code = parseInt(raw.slice(j + 2, j + 6), 16);
          produced = String.fromCharCode(code).length;
        } else if (e === 'x') width = 4;
        else if (e === 'U') {
          width = 10;
          produced = String.fromCodePoint(parseInt(raw.slice(j + 2, j + 10), 16) || 0).length;
        } else if (e === '\n' || e === '\r') {
          // escaped line break: produces nothing; skip the break and the next line's indentation
          j += 2;
          if (e === '\r' && raw[j] === '\n') j++;
          while (raw[j] === ' ' || raw[j] === '\t') j++;
          continue;
        }
        for (let k = 0; k < produced && i < value.length; k++) map[i++] = j;
        j += width;
      } else if (c === '\n' || c === '\r') {
        // folded line break: trailing blanks were dropped, the break became a space or newlines
        while (i < value.length && (value[i] === ' ' || value[i] === '\n')) {
          map[i++] = j;
          if (value[i - 1] === ' ') break;
        }
        j++;
        while (raw[j] === ' ' || raw[j] === '\t' || raw[j] === '\n' || raw[j] === '\r') j++;
      } else if (c === value[i]) {
        map[i++] = j++;
      } else {
        j++;
      }
    }
    while (i < value.length) map[i++] = Math.min(j, raw.length);
    map[value.length] = raw.length > 1 && raw.endsWith('"') ? raw.length - 1 : raw.length;
    return map;
  }
  let j = 0;
  if (first === "'") j = 1;
  else if (first === '|' || first === '>') {
    const nl = raw.indexOf('\n');
    j = nl < 0 ? raw.length : nl + 1;
  }
  let i = 0;
  while (i < value.length) {
    const c = value[i];
    if (first === "'" && c === "'" && raw[j] === "'" && raw[j + 1] === "'") {
      map[i++] = j;
      j += 2;
      continue;
    }
    let k = j;
    while (k < raw.length && raw[k] !== c && !(c === ' ' && raw[k] === '\n') && !(c === '\n' && raw[k] === '\n')) k++;
    if (k >= raw.length) {
      map[i++] = Math.min(j, raw.length);
      continue;
    }
    map[i++] = k;
    j = k + 1;
    if (c === ' ' && raw[k] === '\n') {
      while (raw[j] === ' ' || raw[j] === '\t') j++;
    }
  }
  if (first === "'") map[value.length] = raw.length > 1 && raw.endsWith("'") ? raw.length - 1 : raw.length;
  else map[value.length] = value.length ? Math.min(raw.length, map[value.length - 1] + 1) : j;
  return map;
}

/** The document range of a span of an expression (start index, length in the text). */
export function expressionRange(expr: Expression, start: number, length: number): { offset: number; length: number } {
  const from = expr.toDocumentOffset(start);
  if (length <= 0) return { offset: from, length: 0 };
  // the end of the span is where its last character ends: just before the next one
  const last = expr.toDocumentOffset(start + length - 1);
  const next = expr.toDocumentOffset(start + length);
  const to = next > last && next - last <= 10 ? next : last + 1;
  return { offset: from, length: Math.max(0, to - from) };
}

/** Every field, depth first (parents before their children). */
export function allFields(fields: MappingField[]): MappingField[] {
  const out: MappingField[] = [];
  const visit = (list: MappingField[]): void => {
    for (const f of list) {
      out.push(f);
      visit(f.fields);
    }
  };
  visit(fields);
  return out;
}

/** The target path of a field including its parents' (`items.quantity`). */
export function fullTarget(field: MappingField): string {
  return field.parent ? fullTarget(field.parent) + '.' + field.target : field.target;
}
