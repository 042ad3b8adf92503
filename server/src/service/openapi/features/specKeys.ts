/**
 * What the bundled official OAS schemas allow at a place of a document: the object it is (by the
 * schema definition's name), its keys and their allowed values. Descriptions come from a small table
 * keyed by object name, quoting the specification's wording in short.
 */
import schema20 from '../../../../../schemas/oas/2.0.json';
import schema30 from '../../../../../schemas/oas/3.0.json';
import schema31 from '../../../../../schemas/oas/3.1.json';
import { OasVersion } from '../../documents';
import { JSON_TYPES } from '../../jsonTypes';
import { pointerSegments } from '../../pointer';
import { schemaPattern } from '../schema/pattern';
import { KEY_DESCRIPTIONS, OBJECT_TITLES } from './specText';

type Schema = Record<string, unknown>;

interface Compiled {
  root: Schema;
  names: Map<Schema, string>;
}

const compiled = new Map<OasVersion, Compiled>();

function compiledFor(version: OasVersion): Compiled {
  let entry = compiled.get(version);
  if (!entry) {
    const root = (version === '2.0' ? schema20 : version === '3.0' ? schema30 : schema31) as unknown as Schema;
    const names = new Map<Schema, string>();
    const defs = (root.definitions ?? root.$defs) as Record<string, Schema>;
    for (const [name, def] of Object.entries(defs)) names.set(def, name);
    names.set(root, 'root');
    entry = { root, names };
    compiled.set(version, entry);
  }
  return entry;
}

/** A Schema Object of 3.1 (the OAS schema leaves its shape to JSON Schema). */
const SCHEMA_31 = { __jsonSchema: true } as Schema;
const SCHEMA_MAP_KEYS = new Set(['properties', 'patternProperties', '$defs', 'dependentSchemas']);
const SCHEMA_ONE_KEYS = new Set(['items', 'not', 'additionalProperties', 'contains', 'if', 'then', 'else', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties', 'contentSchema']);
const SCHEMA_LIST_KEYS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);

const JSON_SCHEMA_31: Record<string, Schema> = Object.fromEntries([
  ['type', { enum: [...JSON_TYPES] }],
  ...['title', 'description', 'format', 'pattern', '$ref', '$id', '$comment', 'contentMediaType', 'contentEncoding', '$anchor'].map((k) => [k, { type: 'string' }]),
  ...['properties', 'patternProperties', '$defs', 'dependentSchemas', 'discriminator', 'xml', 'externalDocs', 'dependentRequired'].map((k) => [k, { type: 'object' }]),
  ...['items', 'not', 'additionalProperties', 'contains', 'if', 'then', 'else', 'propertyNames', 'unevaluatedProperties', 'unevaluatedItems'].map((k) => [k, { type: ['object', 'boolean'] }]),
  ...['allOf', 'anyOf', 'oneOf', 'prefixItems', 'required', 'enum', 'examples'].map((k) => [k, { type: 'array' }]),
  ...['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties', 'minContains', 'maxContains'].map((k) => [k, { type: 'number' }]),
  ...['uniqueItems', 'readOnly', 'writeOnly', 'deprecated'].map((k) => [k, { type: 'boolean' }]),
  ['const', {}], ['default', {}], ['example', {}],
]);

export interface SchemaPlace {
  /** Every schema that applies at the place (after following references and combinators). */
  schemas: Schema[];
  /** The names of the definitions involved (`Operation`, `path-item`…), most specific first. */
  names: string[];
}

function deref(schema: Schema, c: Compiled): Schema | undefined {
  if (typeof schema.$ref === 'string' && schema.$ref.startsWith('#/')) {
    let node: unknown = c.root;
    for (const seg of pointerSegments(schema.$ref.slice(1))) node = (node as Schema | undefined)?.[seg];
    return node as Schema | undefined;
  }
  if (schema.$dynamicRef === '#meta') return SCHEMA_31;
  return undefined;
}

/** A schema with what it applies in place (references, allOf/oneOf/anyOf, if/then, dependent schemas). */
function expand(schema: Schema | undefined, c: Compiled, out: Schema[], seen: Set<Schema>): void {
  if (!schema || typeof schema !== 'object' || seen.has(schema)) return;
  seen.add(schema);
  if (schema === SCHEMA_31 || schema.$dynamicAnchor === 'meta') {
    out.push(SCHEMA_31);
    return;
  }
  out.push(schema);
  const target = deref(schema, c);
  if (target) expand(target, c, out, seen);
  for (const key of ['allOf', 'oneOf', 'anyOf']) for (const sub of (schema[key] as Schema[] | undefined) ?? []) expand(sub, c, out, seen);
  for (const key of ['then', 'else']) expand(schema[key] as Schema | undefined, c, out, seen);
  for (const sub of Object.values((schema.dependentSchemas as Record<string, Schema> | undefined) ?? {})) expand(sub, c, out, seen);
}

function childOf(schema: Schema, segment: string | number, out: Schema[]): void {
  if (schema === SCHEMA_31) {
    const key = String(segment);
    out.push(JSON_SCHEMA_31[key] && !SCHEMA_MAP_KEYS.has(key) && !SCHEMA_ONE_KEYS.has(key) && !SCHEMA_LIST_KEYS.has(key) ? JSON_SCHEMA_31[key] : JSON_SCHEMA_31[key] ? { __jsonSchemaContainer: key } : {});
    return;
  }
  if (schema.__jsonSchemaContainer) {
    out.push(SCHEMA_31);
    return;
  }
  if (typeof segment === 'number') {
    const items = schema.items;
    if (Array.isArray(items)) out.push(...(items as Schema[]));
    else if (items && typeof items === 'object') out.push(items as Schema);
    return;
  }
  const property = (schema.properties as Record<string, Schema> | undefined)?.[segment];
  if (property) out.push(property);
  let matched = !!property;
  for (const [pattern, sub] of Object.entries((schema.patternProperties as Record<string, Schema> | undefined) ?? {})) {
    if (schemaPattern(pattern)?.test(segment)) {
      out.push(sub);
      matched = true;
    }
  }
  if (!matched && schema.additionalProperties && typeof schema.additionalProperties === 'object') out.push(schema.additionalProperties as Schema);
}

/** The schemas that apply at a path of a document of a version. */
export function schemaPlace(version: OasVersion, path: readonly (string | number)[]): SchemaPlace {
  const c = compiledFor(version);
  let current: Schema[] = [];
  expand(c.root, c, current, new Set());
  for (const segment of path) {
    const next: Schema[] = [];
    for (const s of current) childOf(s, segment, next);
    current = [];
    const seen = new Set<Schema>();
    for (const s of next) expand(s, c, current, seen);
    if (!current.length) break;
  }
  const names: string[] = [];
  for (const s of current) {
    const name = s === SCHEMA_31 ? 'schema' : c.names.get(s);
    if (name && !names.includes(name)) names.push(name);
  }
  return { schemas: current, names };
}

export interface KeyInfo {
  key: string;
  /** The value schemas of the key (for enums and for the kind of value to insert). */
  values: Schema[];
  required: boolean;
}

/** The keys allowed at a place, in the order the schema lists them. */
export function allowedKeys(place: SchemaPlace): KeyInfo[] {
  const keys = new Map<string, KeyInfo>();
  for (const s of place.schemas) {
    const properties = s === SCHEMA_31 ? JSON_SCHEMA_31 : (s.properties as Record<string, Schema> | undefined);
    const required = new Set((s.required as string[] | undefined) ?? []);
    for (const [key, value] of Object.entries(properties ?? {})) {
      const info = keys.get(key) ?? { key, values: [], required: false };
      info.values.push(value);
      if (required.has(key)) info.required = true;
      keys.set(key, info);
    }
  }
  return [...keys.values()];
}

/** The values a schema list allows by enumeration (enum, const, booleans). */
export function enumValues(schemas: Schema[], version: OasVersion): unknown[] {
  const c = compiledFor(version);
  const all: Schema[] = [];
  const seen = new Set<Schema>();
  for (const s of schemas) expand(s, c, all, seen);
  const values: unknown[] = [];
  const add = (v: unknown) => {
    if (!values.includes(v)) values.push(v);
  };
  for (const s of all) {
    if (Array.isArray(s.enum)) s.enum.forEach(add);
    if ('const' in s && s.const !== undefined && typeof s.const !== 'object') add(s.const);
    if (s.type === 'boolean') [true, false].forEach(add);
  }
  return values;
}

/** The object a definition name stands for, as the description table knows it. */
export function objectName(definition: string): string {
  const n = definition.toLowerCase().replace(/[^a-z0-9]/g, '').replace(/orreference$/, '');
  if (n === 'root') return 'openapi';
  if (n.includes('parameter') && !n.includes('definitions') && !n.includes('list')) return 'parameter';
  if (n.includes('security') && n !== 'securityrequirement' && n !== 'securitydefinitions') return 'securityscheme';
  if (n.includes('oauth') && n.includes('flow') && n !== 'oauthflows') return 'oauthflow';
  if (n === 'externaldocumentation') return 'externaldocs';
  if (n === 'callbacks') return 'callback';
  return n;
}

/** The description of a key in the first object (of the place's names) whose table has it. */
export function describeKey(place: SchemaPlace, key: string): { object: string; text: string } | undefined {
  for (const name of place.names) {
    const object = objectName(name);
    const text = KEY_DESCRIPTIONS[object]?.[key];
    if (text) return { object: OBJECT_TITLES[object] ?? name, text };
  }
  return undefined;
}

/** The component section a `$ref` at a place should point into. */
export function refKindAt(place: SchemaPlace, version: OasVersion): string | undefined {
  const objects = place.names.map(objectName);
  const order: [string, string][] = [
    ['schema', version === '2.0' ? 'definitions' : 'schemas'], ['parameter', 'parameters'], ['response', 'responses'], ['requestbody', 'requestBodies'],
    ['header', 'headers'], ['example', 'examples'], ['link', 'links'], ['callback', 'callbacks'], ['pathitem', 'pathItems'], ['securityscheme', 'securitySchemes'],
  ];
  for (const [object, kind] of order) if (objects.includes(object)) return kind;
  return undefined;
}
