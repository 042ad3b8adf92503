import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { parse as parseCsv } from 'csv-parse/sync';
import { csvCell } from '../csv';
import { PayloadFormat } from '../mapping/model';

/**
 * Sample payloads read the way the source schema describes them (DESIGN.md, "Sample payloads"):
 * JSON as parsed; XML without its root element, attributes as `@name`, text beside attributes as
 * `#text`, arrays where the schema says so, scalars typed by the schema; CSV as the array of row
 * objects typed by the item schema.
 */
export type JsonSchema = Record<string, unknown>;

export interface ReadPayload {
  value?: unknown;
  /** Why the text could not be read (syntax), with a 1-based line when known. */
  error?: string;
}

/**
 * Whether readPayload will give a list, told without reading: a JSON text opening with `[`, and
 * any CSV (its rows); undefined when only reading can tell (XML follows the schema).
 */
export function readsAsList(text: string, format: PayloadFormat): boolean | undefined {
  if (format === 'csv') return true;
  if (format !== 'json') return undefined;
  const first = /\S/.exec(stripBom(text).slice(0, 4096))?.[0];
  return first === '[' ? true : first === '{' ? false : undefined;
}

export function readPayload(text: string, format: PayloadFormat, schema: JsonSchema | undefined): ReadPayload {
  try {
    switch (format) {
      case 'json':
        return { value: JSON.parse(stripBom(text)) };
      case 'xml':
        return readXml(text, schema);
      case 'csv':
        return readCsv(text, schema);
    }
  } catch (error) {
    return { error: String((error as Error)?.message ?? error) };
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function readXml(text: string, schema: JsonSchema | undefined): ReadPayload {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    textNodeName: '#text',
    parseTagValue: false,
    parseAttributeValue: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    trimValues: true,
    processEntities: true,
  });
  const valid = validateXml(text);
  if (valid) return { error: valid };
  const parsed = parser.parse(stripBom(text)) as Record<string, unknown>;
  const roots = Object.keys(parsed).filter((k) => !k.startsWith('?') && k !== '#comment');
  if (roots.length !== 1) return { error: roots.length ? 'An XML payload has one root element.' : 'The XML payload has no root element.' };
  let content = parsed[roots[0]];
  if (Array.isArray(content)) content = content[0];
  return { value: typeBySchema(content === '' ? {} : content, schema) };
}

function validateXml(text: string): string | undefined {
  // fast-xml-parser's validator names the line of the first syntax error.
  const result = XMLValidator.validate(stripBom(text));
  if (result === true) return undefined;
  return `${result.err.msg} (line ${result.err.line}).`;
}

export function readCsv(text: string, schema: JsonSchema | undefined): ReadPayload {
  const rows = parseCsv(stripBom(text), { columns: true, skip_empty_lines: true, trim: true, relax_column_count: false }) as Record<string, string>[];
  const item = schema && isArraySchema(schema) ? itemsOf(schema) : schema;
  return {
    value: rows.map((row) => {
      const out: Record<string, unknown> = {};
      for (const [header, cell] of Object.entries(row)) {
        if (cell === '') continue; // an empty cell is an absent value
        setDotted(out, header.split('.'), cell);
      }
      return typeBySchema(out, item);
    }),
  };
}

/** `BillingAddress.city` headers build nested objects. */
function setDotted(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (let i = 0; i < path.length - 1; i++) {
    const next = node[path[i]];
    if (!next || typeof next !== 'object') node[path[i]] = {};
    node = node[path[i]] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

/** The types a schema allows (`type`, or those of its allOf/anyOf/oneOf branches). */
function typesOf(schema: JsonSchema | undefined): Set<string> {
  const types = new Set<string>();
  if (!schema || typeof schema !== 'object') return types;
  const t = schema.type;
  if (typeof t === 'string') types.add(t);
  else if (Array.isArray(t)) for (const x of t) types.add(String(x));
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    const list = schema[key];
    if (Array.isArray(list)) for (const s of list) for (const x of typesOf(s as JsonSchema)) types.add(x);
  }
  if (!types.size && (schema.properties || schema.additionalProperties)) types.add('object');
  if (!types.size && schema.items) types.add('array');
  return types;
}

/** Whether a payload with this schema is a list (its own type or its branches' say array, none says object). */
export function isArraySchema(schema: JsonSchema): boolean {
  const types = typesOf(schema);
  return types.has('array') && !types.has('object');
}

function itemsOf(schema: JsonSchema): JsonSchema | undefined {
  if (schema.items && typeof schema.items === 'object') return schema.items as JsonSchema;
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    const list = schema[key];
    if (Array.isArray(list)) for (const s of list) {
      const found = s && typeof s === 'object' ? itemsOf(s as JsonSchema) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}

function propertyOf(schema: JsonSchema | undefined, name: string): JsonSchema | undefined {
  if (!schema || typeof schema !== 'object') return undefined;
  const props = schema.properties as Record<string, JsonSchema> | undefined;
  if (props && Object.prototype.hasOwnProperty.call(props, name)) return props[name];
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    const list = schema[key];
    if (Array.isArray(list)) for (const s of list) {
      const found = propertyOf(s as JsonSchema, name);
      if (found) return found;
    }
  }
  const additional = schema.additionalProperties;
  return additional && typeof additional === 'object' ? (additional as JsonSchema) : undefined;
}

/** Gives strings read from XML or CSV the types the schema names, and makes arrays where it says array. */
export function typeBySchema(value: unknown, schema: JsonSchema | undefined): unknown {
  if (!schema) return value;
  const types = typesOf(schema);
  if (types.has('array') && !types.has('object')) {
    let items = value;
    const itemSchema = itemsOf(schema);
    // A wrapped XML list: <contacts><contact/>…</contacts> → the inner elements are the items.
    if (items && typeof items === 'object' && !Array.isArray(items)) {
      const keys = Object.keys(items).filter((k) => !k.startsWith('@'));
      if (keys.length === 1 && !propertyOf(itemSchema, keys[0])) items = (items as Record<string, unknown>)[keys[0]];
    }
    if (items === '' || items === undefined) return [];
    const list = Array.isArray(items) ? items : [items];
    return list.map((item) => typeBySchema(item, itemSchema));
  }
  if (Array.isArray(value)) return value.map((v) => typeBySchema(v, schema));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      const name = key.startsWith('@') ? key.slice(1) : key;
      out[key] = typeBySchema(member, propertyOf(schema, key) ?? propertyOf(schema, name));
    }
    // An element with attributes whose schema is a scalar: its text is the value.
    if (!types.has('object') && types.size && '#text' in out && Object.keys(out).every((k) => k === '#text' || k.startsWith('@'))) {
      return typeBySchema(out['#text'], schema);
    }
    return out;
  }
  if (typeof value === 'string') return typeScalar(value, types);
  return value;
}

function typeScalar(text: string, types: Set<string>): unknown {
  if (types.has('string')) return text;
  const trimmed = text.trim();
  if ((types.has('integer') || types.has('number')) && trimmed !== '' && Number.isFinite(Number(trimmed))) {
    const n = Number(trimmed);
    if (types.has('number') || Number.isInteger(n)) return n;
  }
  if (types.has('boolean') && /^(true|false)$/i.test(trimmed)) return trimmed.toLowerCase() === 'true';
  if (types.has('null') && trimmed === '') return null;
  if (types.has('object') && trimmed === '') return {};
  return text;
}

/** An output rendered in the target's format (for the panel and the CLI). */
export function renderPayload(value: unknown, format: PayloadFormat, rootName = 'root'): string {
  if (format === 'xml') {
    const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', textNodeName: '#text', format: true, indentBy: '  ', suppressEmptyNode: true });
    return String(builder.build({ [rootName]: value ?? {} })).trimEnd() + '\n';
  }
  if (format === 'csv') {
    const rows = (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((row) => flatten(row));
    const headers: string[] = [];
    for (const row of rows) for (const key of Object.keys(row)) if (!headers.includes(key)) headers.push(key);
    const cell = (v: unknown) => csvCell(v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
    return [headers.map(cell).join(','), ...rows.map((row) => headers.map((h) => cell(row[h])).join(','))].join('\n') + '\n';
  }
  return JSON.stringify(value, null, 2) + '\n';
}

function flatten(value: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out[prefix || 'value'] = value;
  return out;
}
