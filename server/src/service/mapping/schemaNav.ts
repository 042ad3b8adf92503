/**
 * Reading the inlined side schemas the way a mapping sees them: properties through allOf/oneOf/
 * anyOf, array items, additionalProperties, and the types, formats and enums a value may have.
 */
export type Schema = Record<string, unknown>;

export interface SchemaView {
  types: Set<string>;
  properties: Map<string, Schema>;
  required: Set<string>;
  /** The schema of further properties: a schema, true (anything), or false/undefined (none declared). */
  additional: Schema | boolean | undefined;
  items?: Schema;
  enum?: unknown[];
  format?: string;
  description?: string;
  readOnly?: boolean;
  /** Some branch of oneOf/anyOf adds properties that others lack. */
  open: boolean;
}

const views = new WeakMap<Schema, SchemaView>();

export function view(schema: Schema | undefined): SchemaView {
  if (!schema) return { types: new Set(), properties: new Map(), required: new Set(), additional: true, open: true };
  const cached = views.get(schema);
  if (cached) return cached;
  const result: SchemaView = { types: new Set(), properties: new Map(), required: new Set(), additional: undefined, open: false };
  views.set(schema, result);
  merge(result, schema, true, 0);
  return result;
}

function merge(into: SchemaView, schema: Schema, all: boolean, depth: number): void {
  if (depth > 16) return;
  const type = schema.type;
  if (typeof type === 'string') into.types.add(type);
  else if (Array.isArray(type)) for (const t of type) into.types.add(String(t));
  if (schema.properties && typeof schema.properties === 'object') {
    for (const [k, v] of Object.entries(schema.properties as Record<string, Schema>)) if (!into.properties.has(k)) into.properties.set(k, v);
  }
  if (all && Array.isArray(schema.required)) for (const r of schema.required) into.required.add(String(r));
  if (schema.additionalProperties !== undefined && into.additional === undefined) into.additional = schema.additionalProperties as Schema | boolean;
  if (schema.patternProperties && into.additional === undefined) into.additional = true;
  if (schema.items && typeof schema.items === 'object' && !into.items) into.items = schema.items as Schema;
  if (Array.isArray(schema.enum) && !into.enum) into.enum = schema.enum;
  if (schema.const !== undefined && !into.enum) into.enum = [schema.const];
  if (typeof schema.format === 'string' && !into.format) into.format = schema.format;
  if (typeof schema.description === 'string' && !into.description) into.description = schema.description;
  if (schema.readOnly === true) into.readOnly = true;
  if (Array.isArray(schema.allOf)) for (const s of schema.allOf as Schema[]) merge(into, s, all, depth + 1);
  for (const key of ['oneOf', 'anyOf'] as const) {
    const branches = schema[key];
    if (!Array.isArray(branches)) continue;
    const before = new Set(into.types);
    const branchTypes = new Set<string>();
    for (const s of branches as Schema[]) {
      const sub = view(s);
      for (const t of sub.types) branchTypes.add(t);
      if (sub.types.size === 0) branchTypes.add('*');
      for (const [k, v] of sub.properties) if (!into.properties.has(k)) into.properties.set(k, v);
      if (sub.additional !== undefined && sub.additional !== false && into.additional === undefined) into.additional = sub.additional;
      if (sub.items && !into.items) into.items = sub.items;
      if (sub.format && !into.format) into.format = sub.format;
    }
    if (!branchTypes.has('*') && before.size === 0) for (const t of branchTypes) into.types.add(t);
    into.open = true;
  }
}

/** The type names a schema allows ('integer' implies number); empty when any. */
export function typesOf(schema: Schema | undefined): Set<string> {
  const v = view(schema);
  if (v.types.size === 0) {
    if (v.properties.size) return new Set(['object']);
    if (v.items) return new Set(['array']);
  }
  return v.types;
}

export function isArraySchema(schema: Schema | undefined): boolean {
  const t = typesOf(schema);
  return t.size > 0 && [...t].every((x) => x === 'array' || x === 'null');
}

/** What one path step finds: the property, or undefined with `known: false` when the schema cannot say. */
export function propertyOf(schema: Schema | undefined, name: string): { schema?: Schema; known: boolean; declared: boolean } {
  if (!schema) return { known: false, declared: false };
  const v = view(elementOf(schema));
  const p = v.properties.get(name);
  if (p) return { schema: p, known: true, declared: true };
  if (typeof v.additional === 'object') return { schema: v.additional, known: true, declared: false };
  const t = typesOf(elementOf(schema));
  const couldBeObject = t.size === 0 || t.has('object');
  if (!couldBeObject) return { known: true, declared: false };
  // An object that declares no properties, or allows any more, says nothing about this name.
  if (v.properties.size === 0 || v.additional === true) return { known: false, declared: false };
  return { known: true, declared: false };
}

/** The item schema of an array (recursively), or the schema itself. */
export function elementOf(schema: Schema | undefined): Schema | undefined {
  let s = schema;
  for (let i = 0; i < 8 && s && isArraySchema(s); i++) s = view(s).items ?? {};
  return s;
}

export function propertyNames(schema: Schema | undefined): string[] {
  return [...view(elementOf(schema)).properties.keys()];
}

/** A short type label: `string (date)`, `array of object`, `integer | null`. */
export function typeLabel(schema: Schema | undefined, depth = 0): string {
  if (!schema) return 'any';
  const v = view(schema);
  const types = [...typesOf(schema)];
  if (!types.length) return v.enum ? 'enum' : 'any';
  return types
    .map((t) => {
      if (t === 'array' && depth < 3) return `array of ${typeLabel(v.items, depth + 1)}`;
      if (t === 'string' && v.format) return `string (${v.format})`;
      return t;
    })
    .join(' | ');
}

export interface LeafPath {
  path: string;
  schema: Schema;
  required: boolean;
}

/**
 * Every property path of a schema (objects by their properties, arrays by their items), up to a
 * depth and a count, so that a 5 000-field schema stays cheap. `required` means required all the way down.
 */
export function enumeratePaths(schema: Schema | undefined, limit = 20000, maxDepth = 10): LeafPath[] {
  const out: LeafPath[] = [];
  const seen = new Set<Schema>();
  const walk = (s: Schema | undefined, prefix: string, required: boolean, depth: number): void => {
    if (!s || out.length >= limit || depth > maxDepth || seen.has(s)) return;
    const el = elementOf(s)!;
    const v = view(el);
    seen.add(s);
    for (const [name, sub] of v.properties) {
      if (out.length >= limit) break;
      const path = prefix ? `${prefix}.${name}` : name;
      const req = required && v.required.has(name);
      out.push({ path, schema: sub, required: req });
      walk(sub, path, req, depth + 1);
    }
    seen.delete(s);
  };
  walk(schema, '', true, 0);
  return out;
}

/** Has this path children in the enumeration? */
export function hasChildren(schema: Schema): boolean {
  return view(elementOf(schema)).properties.size > 0;
}
