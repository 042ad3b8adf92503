// What the official AsyncAPI schema allows at a place of a document: the keys (with the
// specification's description of each) and the enumerated values, found by following the schema
// along the path — through `$ref`s, compositions and conditional branches — and taking every
// alternative, so completion offers what any of them allows (the bindings of Kafka, AMQP, MQTT…).
import type { AnySchemaObject } from 'ajv';
import { asyncApiSchema } from '../asyncApiAjv';
import type { AsyncApiVersion } from '../version';

type Schema = Record<string, unknown>;

export interface AllowedKey {
  key: string;
  description?: string;
  /** The values an enum or const of the key's schema allows. */
  values: unknown[];
}

const idMaps = new Map<AsyncApiVersion, Map<string, Schema>>();

function ids(version: AsyncApiVersion): Map<string, Schema> {
  let map = idMaps.get(version);
  if (!map) {
    map = new Map();
    collect(asyncApiSchema(version), map);
    idMaps.set(version, map);
  }
  return map;
}

function collect(node: unknown, into: Map<string, Schema>): void {
  if (Array.isArray(node)) for (const item of node) collect(item, into);
  else if (node && typeof node === 'object') {
    const id = (node as Schema).$id;
    if (typeof id === 'string') into.set(id.replace(/#$/, ''), node as Schema);
    for (const child of Object.values(node)) collect(child, into);
  }
}

/** Every schema a place may be checked against: refs followed, compositions and branches expanded. */
function expand(version: AsyncApiVersion, schemas: Schema[], limit = 400): Schema[] {
  const out: Schema[] = [];
  const seen = new Set<Schema>();
  const stack = [...schemas];
  while (stack.length && out.length < limit) {
    const s = stack.pop()!;
    if (!s || typeof s !== 'object' || seen.has(s)) continue;
    seen.add(s);
    out.push(s);
    if (typeof s.$ref === 'string') {
      // The bindings a 2.x document is offered are those of the 3.0 schema (see bindingsOf2x).
      const id = s.$ref.split('#')[0];
      const target = ids(version).get(id) ?? ids('3').get(id);
      if (target) stack.push(target);
    }
    for (const key of ['allOf', 'oneOf', 'anyOf']) if (Array.isArray(s[key])) stack.push(...(s[key] as Schema[]));
    for (const key of ['then', 'else']) if (s[key] && typeof s[key] === 'object') stack.push(s[key] as Schema);
  }
  return out;
}

function childSchemas(version: AsyncApiVersion, schemas: Schema[], segment: string | number): Schema[] {
  const out: Schema[] = [];
  for (const s of expand(version, schemas)) {
    if (typeof segment === 'number') {
      if (s.items && typeof s.items === 'object' && !Array.isArray(s.items)) out.push(s.items as Schema);
      continue;
    }
    const properties = s.properties as Record<string, Schema> | undefined;
    if (properties && Object.hasOwn(properties, segment)) {
      out.push(properties[segment]);
      continue;
    }
    let matched = false;
    for (const [pattern, sub] of Object.entries((s.patternProperties as Record<string, Schema>) ?? {})) {
      try {
        if (new RegExp(pattern, 'u').test(segment)) {
          out.push(sub);
          matched = true;
        }
      } catch {
        // a pattern JavaScript cannot read offers nothing
      }
    }
    if (!matched && s.additionalProperties && typeof s.additionalProperties === 'object') out.push(s.additionalProperties as Schema);
  }
  return out;
}

/** The schemas that apply at a path of a document of a version. */
export function schemasAt(version: AsyncApiVersion, path: readonly (string | number)[]): Schema[] {
  const bindings = version === '2' ? bindingsOf2x(path) : undefined;
  if (bindings) return walk('3', [ids('3').get(`http://asyncapi.com/definitions/3.0.0/${bindings.kind}BindingsObject.json`)!], path.slice(bindings.from));
  return walk(version, [asyncApiSchema(version) as AnySchemaObject], path);
}

function walk(version: AsyncApiVersion, start: Schema[], path: readonly (string | number)[]): Schema[] {
  let current = start;
  for (const segment of path) {
    current = childSchemas(version, current, segment);
    if (!current.length) return [];
  }
  return current;
}

type BindingKind = 'server' | 'channel' | 'operation' | 'message';

/**
 * The 2.6 schema leaves every binding open (`kafka: {}`), though the bindings are the same
 * specifications, versioned on their own, that the 3.0 schema bundles. So inside a 2.x `bindings`
 * object the keys come from those: which kind of binding it is follows from where it is.
 */
function bindingsOf2x(path: readonly (string | number)[]): { kind: BindingKind; from: number } | undefined {
  const collection = path[0] === 'components' ? /^(server|channel|operation|message)Bindings$/.exec(String(path[1])) : null;
  if (collection && path.length >= 3) return { kind: collection[1] as BindingKind, from: 3 };
  for (let at = path.indexOf('bindings'); at >= 0; at = path.indexOf('bindings', at + 1)) {
    const kind = holderKind(path.slice(0, at));
    if (kind) return { kind, from: at + 1 };
  }
  return undefined;
}

/** What object of a 2.x document is at a path, when it is one that has `bindings` (a `bindings` key in a payload schema is not). */
function holderKind(path: readonly (string | number)[]): BindingKind | undefined {
  const last = path.at(-1);
  const before = path.at(-2);
  if (path.length === 2 && path[0] === 'servers') return 'server';
  if (path.length === 2 && path[0] === 'channels') return 'channel';
  if (path.length === 3 && path[0] === 'components') {
    return ({ servers: 'server', channels: 'channel', messages: 'message', messageTraits: 'message', operationTraits: 'operation' } as Record<string, BindingKind>)[String(path[1])];
  }
  if (path.length === 3 && path[0] === 'channels' && (last === 'publish' || last === 'subscribe')) return 'operation';
  if (typeof last === 'number' && before === 'traits') {
    const owner = holderKind(path.slice(0, -2));
    return owner === 'operation' || owner === 'message' ? owner : undefined;
  }
  if (last === 'message' && holderKind(path.slice(0, -1)) === 'operation') return 'message';
  if (typeof last === 'number' && before === 'oneOf' && holderKind(path.slice(0, -2)) === 'message') return 'message';
  return undefined;
}

/** The keys the specification allows in the object at a path (extensions aside). */
export function allowedKeys(version: AsyncApiVersion, path: readonly (string | number)[]): AllowedKey[] {
  const keys = new Map<string, AllowedKey>();
  for (const s of expand(version, schemasAt(version, path))) {
    for (const [key, sub] of Object.entries((s.properties as Record<string, Schema>) ?? {})) {
      const known = keys.get(key) ?? { key, values: [] };
      const all = expand(version, [sub], 40);
      known.description ??= all.map((x) => x.description).find((d): d is string => typeof d === 'string');
      for (const x of all) {
        if (Array.isArray(x.enum)) for (const v of x.enum) if (!known.values.includes(v)) known.values.push(v);
        if (x.const !== undefined && !known.values.includes(x.const)) known.values.push(x.const);
      }
      keys.set(key, known);
    }
    // Values an `if` picks a branch by are the ones the specification knows (2.6 `schemaFormat`s).
    for (const branch of Array.isArray(s.allOf) ? (s.allOf as Schema[]) : []) {
      const condition = (branch?.if as Schema | undefined)?.properties as Record<string, Schema> | undefined;
      for (const [key, sub] of Object.entries(condition ?? {})) {
        const known = keys.get(key);
        const values = Array.isArray(sub?.enum) ? sub.enum : sub?.const !== undefined ? [sub.const] : [];
        if (known) for (const v of values) if (!known.values.includes(v)) known.values.push(v);
      }
    }
  }
  return [...keys.values()];
}

/** The specification's description of the key at the end of a path. */
export function keyDescription(version: AsyncApiVersion, path: readonly (string | number)[]): string | undefined {
  const key = path[path.length - 1];
  if (typeof key !== 'string') return undefined;
  return allowedKeys(version, path.slice(0, -1)).find((k) => k.key === key)?.description;
}
