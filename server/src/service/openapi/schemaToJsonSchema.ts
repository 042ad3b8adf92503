// Turns OpenAPI Schema Objects (2.0, 3.0, 3.1) into plain JSON Schema 2020-12 objects, and checks
// values against them, saying where and why a value does not match.
//
// Conversion follows the dialect of each version:
// - 2.0 and 3.0 keep only the keywords their Schema Object defines (others are ignored, as the
//   specification ignores them); `nullable: true` (3.0) and `x-nullable: true` (2.0) admit null;
//   boolean `exclusiveMinimum`/`exclusiveMaximum` take their draft-04 meaning; siblings of `$ref`
//   are ignored, except `nullable`;
// - 3.1 Schema Objects are JSON Schema 2020-12: `$ref` siblings apply, type arrays and `const`
//   work as written;
// - a `oneOf` beside a `discriminator` becomes `anyOf`: the discriminator picks the branch (and the
//   checker reads every `oneOf` as `anyOf`: a value matching two overlapping alternatives points
//   at a flaw of the schema, not of the example, and reporting it at the example would mislead);
// - `required` entries naming a readOnly or writeOnly property are dropped, since either side of
//   an exchange may leave them out;
// - `$ref`s (local or into other files of the document set) become references to lazily converted
//   units, so recursive schemas are fine and every target is converted once.
//
// The checker interprets the converted schema directly. Compiling a validator costs far more than
// one check (a fraction of a millisecond even for a small schema, and a large specification has
// thousands of schemas, each checked against one or two examples), so interpreting is what keeps a
// large document fast. Formats use the validators of ajv-formats.

import deepEqual from 'ajv/dist/runtime/equal';
import { fullFormats } from 'ajv-formats/dist/formats';
import { AstNode, findProperty } from '../parser/ast';
import { OasVersion } from '../documents';
import { hasJsonType, JSON_TYPES, typeList } from '../jsonTypes';
import { DocumentSet } from './documentSet';
import type { RefTargets, ResolvedRef } from './references';
import { Located } from './ruleContext';
import { schemaPattern } from './schema/pattern';
import { code } from './schema/wording';

export type JsonSchema = boolean | { [keyword: string]: unknown };
export type Path = (string | number)[];

/** One way a value fails its schema. `path` leads from the checked value to the offending node. */
export interface Mismatch {
  path: Path;
  /** 'key': a problem with the object at `path` as a whole (a missing property), shown on its key. */
  on: 'key' | 'value';
  kind: 'type' | 'enum' | 'const' | 'required' | 'notAllowed' | 'other';
  /** What the value must be or do, e.g. "must be an integer". */
  predicate: string;
  /** For `enum`: the allowed values. */
  allowed?: unknown[];
  /** For `type`: the types the value may have. */
  types?: string[];
}

// ajv's declaration types its deep-equal as a module namespace; the value is the function.
const equal = deepEqual as unknown as (a: unknown, b: unknown) => boolean;


/** The keywords of the 2.0 and 3.0 Schema Object that constrain values. */
const OAS_KEYWORD_LIST = [
  'type', 'format', 'enum', 'multipleOf', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum',
  'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems', 'maxProperties', 'minProperties',
  'required', 'properties', 'additionalProperties', 'items', 'allOf', 'oneOf', 'anyOf', 'not',
];
/** How a keyword holds subschemas: one, a list, a map of them by name, or none (a plain value). */
export const enum Subschemas { One, List, Map, None }
/** The 2020-12 keywords holding subschemas that the converter follows. */
export const SUBSCHEMA_KEYWORDS = new Map<string, Subschemas>([
  ...['additionalProperties', 'items', 'not', 'contains', 'propertyNames', 'if', 'then', 'else'].map((k) => [k, Subschemas.One] as const),
  ...['allOf', 'anyOf', 'oneOf', 'prefixItems'].map((k) => [k, Subschemas.List] as const),
  ...['properties', 'patternProperties', 'dependentSchemas'].map((k) => [k, Subschemas.Map] as const),
]);
/** The keywords a dialect converts, each with how it holds subschemas: one lookup per member. */
function keywordTable(keywords: string[]): Map<string, Subschemas> {
  return new Map(keywords.map((k) => [k, SUBSCHEMA_KEYWORDS.get(k) ?? Subschemas.None]));
}
const OAS_KEYWORDS = keywordTable(OAS_KEYWORD_LIST);
/** 2020-12 adds these (unevaluated* are left out: ignoring them can only accept more). */
const JSON_SCHEMA_KEYWORDS = keywordTable([
  ...OAS_KEYWORD_LIST, 'const', 'prefixItems', 'contains', 'minContains', 'maxContains', 'patternProperties',
  'propertyNames', 'dependentRequired', 'dependentSchemas', 'if', 'then', 'else',
]);

/** Formats checked strictly; any other format is accepted as written. */
const CHECKED_FORMATS: Record<string, string> = {
  'date-time': 'a date-time such as `2024-01-31T09:30:00Z`',
  date: 'a date such as `2024-01-31`',
  email: 'an email address',
  uri: 'an absolute URI',
  uuid: 'a UUID',
  ipv4: 'an IPv4 address',
  ipv6: 'an IPv6 address',
  hostname: 'a host name',
};

/**
 * The `$ref`s followed while converting a schema or checking a value against it: what a result
 * depends on besides the schema and the value themselves. A conversion taken from the cache adds
 * its own recording as a part, shared rather than copied.
 */
export interface Followed {
  refs: ResolvedRef[];
  parts: Followed[];
}

/** Whether every `$ref` a recording and its parts followed still leads to the same value. */
export function stillLeadsToTheSame(followed: Followed, targets: RefTargets): boolean {
  if (followed.parts.length === 0) return followed.refs.every((ref) => targets.resolve(ref.uri, ref.ref).value === ref.value);
  const seen = new Set<Followed>([followed]);
  const stack = [followed];
  while (stack.length > 0) {
    const next = stack.pop()!;
    for (const ref of next.refs) if (targets.resolve(ref.uri, ref.ref).value !== ref.value) return false;
    for (const part of next.parts) {
      if (seen.has(part)) continue;
      seen.add(part);
      stack.push(part);
    }
  }
  return true;
}

/** Converts Schema Objects of one document set; converted schemas are cached for its lifetime. */
export class SchemaConverter {
  private readonly units = new Map<string, { at: Located; schema?: JsonSchema; followed?: Followed }>();
  private readonly unitIds = new Map<AstNode, string>();
  private unitCount = 0;
  /** Each conversion with what it followed, so that one taken from here still counts it. */
  private readonly converted = new Map<AstNode, { schema: JsonSchema; followed: Followed | undefined }>();
  private readonly hiddenNames = new Map<AstNode, { names: Set<string>; followed: Followed }>();
  private readonly hidden = new WeakMap<object, HiddenNames>();
  /** A collector per recording under way, innermost last; made on the first `$ref` it follows. */
  private readonly frames: (Followed | undefined)[] = [];

  constructor(
    private readonly set: DocumentSet,
    private readonly version: OasVersion,
  ) {}

  /** The JSON Schema a Schema Object (or a 2.0 parameter, header or items object) stands for. */
  schemaAt(at: Located): JsonSchema {
    return this.convert(at, undefined);
  }

  /** The converted schema behind a unit id (a `$ref` in a converted schema). */
  unit(id: string): JsonSchema {
    const unit = this.units.get(id);
    if (!unit) return true;
    if (unit.schema === undefined) {
      unit.schema = true; // a reference back to itself while converting means "anything"
      this.frames.push(undefined);
      try {
        unit.schema = this.schemaAt(unit.at);
      } finally {
        unit.followed = this.frames.pop();
      }
    }
    this.addPart(unit.followed);
    return unit.schema;
  }

  /**
   * Runs `work` (a check) and returns what it followed, which a recording it runs inside of
   * counts too.
   */
  recording<T>(work: () => T): { result: T; followed: Followed | undefined } {
    this.frames.push(undefined);
    let followed: Followed | undefined;
    try {
      return { result: work(), followed: (followed = this.frames[this.frames.length - 1]) };
    } finally {
      this.frames.pop();
      this.addPart(followed);
    }
  }

  /** The recording under way, made when it first has something to hold. */
  private frame(): Followed | undefined {
    const top = this.frames.length - 1;
    return top < 0 ? undefined : (this.frames[top] ??= { refs: [], parts: [] });
  }

  private addPart(part: Followed | undefined): void {
    if (part && this.frames.length > 0) {
      const frame = this.frame()!;
      // A unit is often used again right away (the items of an array): once is enough.
      if (frame !== part && frame.parts[frame.parts.length - 1] !== part) frame.parts.push(part);
    }
  }

  /** Follows one `$ref` of a node; undefined when it leads nowhere known. */
  follow(at: Located): Located | undefined {
    const refNode = findProperty(at.node, '$ref');
    if (!refNode || refNode.type !== 'string') return at;
    const resolved = this.set.targets.resolve(at.uri, String(refNode.value));
    this.frame()?.refs.push(resolved);
    return resolved.target;
  }

  /** Follows a chain of `$ref`s. */
  deref(at: Located | undefined): Located | undefined {
    let current = at;
    for (let hops = 0; current && hops < 32; hops++) {
      const next = this.follow(current);
      if (next === current) return current;
      current = next;
    }
    return undefined;
  }

  private refTo(at: Located): JsonSchema {
    const target = this.follow(at);
    if (!target) return true; // an unresolved reference is reported elsewhere
    let id = this.unitIds.get(target.node);
    if (id === undefined) {
      id = `u${this.unitCount++}`;
      this.unitIds.set(target.node, id);
      this.units.set(id, { at: target, schema: undefined, followed: undefined });
    }
    return { $ref: id };
  }

  private convert(at: Located, inheritedHidden: HiddenNames | undefined): JsonSchema {
    if (inheritedHidden) return this.convertNode(at, inheritedHidden);
    let cached = this.converted.get(at.node);
    if (cached === undefined) {
      this.frames.push(undefined);
      let schema: JsonSchema;
      try {
        schema = this.convertNode(at, undefined);
      } catch (error) {
        this.frames.pop();
        throw error;
      }
      cached = { schema, followed: this.frames.pop() };
      this.converted.set(at.node, cached);
    }
    this.addPart(cached.followed);
    return cached.schema;
  }

  private convertNode(at: Located, inheritedHidden: HiddenNames | undefined): JsonSchema {
    const node = at.node;
    if (node.type === 'boolean' && this.version === '3.1') return node.value as boolean;
    if (node.type !== 'object') return true;
    const oas31 = this.version === '3.1';
    const nullableKey = this.version === '2.0' ? 'x-nullable' : 'nullable';
    let ref: AstNode | undefined;
    let nullable = false;
    let discriminated = false;
    for (const child of node.children!) {
      if (child.key === '$ref') ref = child;
      else if (child.key === nullableKey) nullable = child.value === true && !oas31;
      else if (child.key === 'discriminator') discriminated = true;
    }
    if (ref && !oas31) {
      const target = ref.type === 'string' ? this.refTo(at) : true;
      return nullable && target !== true ? { anyOf: [{ type: 'null' }, target] } : target;
    }
    const out: Record<string, unknown> = {};
    const keywords = oas31 ? JSON_SCHEMA_KEYWORDS : OAS_KEYWORDS;
    if (ref && ref.type === 'string') {
      const target = this.refTo(at);
      if (target !== true) out.$ref = (target as { $ref: string }).$ref;
    }
    let hidden = inheritedHidden;
    for (const child of node.children!) {
      const keyword = child.key as string;
      const subschemas = keywords.get(keyword);
      if (subschemas === undefined) continue;
      if (subschemas === Subschemas.One) {
        if (keyword === 'items' && child.type === 'array') continue; // a tuple form no OAS version allows
        if (keyword === 'additionalProperties' && child.type === 'boolean') out[keyword] = child.value;
        else out[keyword] = this.convert({ uri: at.uri, node: child }, undefined);
      } else if (subschemas === Subschemas.List) {
        if (child.type !== 'array') continue;
        if (keyword === 'allOf') {
          const outer = hidden;
          const allOf = { uri: at.uri, node: child };
          hidden = () => union(outer?.(), this.hiddenInAllOf(allOf)) ?? new Set();
        }
        const parts = child.children!.map((part) => this.convert({ uri: at.uri, node: part }, keyword === 'allOf' ? hidden : undefined));
        out[keyword === 'oneOf' && discriminated ? 'anyOf' : keyword] = parts;
      } else if (subschemas === Subschemas.Map) {
        if (child.type !== 'object') continue;
        const map: Record<string, JsonSchema> = {};
        for (const member of child.children!) {
          if (keyword === 'patternProperties' && !schemaPattern(String(member.key))) continue;
          map[member.key as string] = this.convert({ uri: at.uri, node: member }, undefined);
        }
        out[keyword] = map;
      } else {
        const value = plain(child);
        if (keyword === 'type') {
          const types = (Array.isArray(value) ? value : [value]).filter((t) => typeof t === 'string' && JSON_TYPES.includes(t));
          if (types.length > 0) out.type = types.length === 1 ? types[0] : types;
        } else if (keyword === 'pattern') {
          if (typeof value === 'string' && schemaPattern(value)) out.pattern = value;
        } else if (keyword === 'required') {
          if (Array.isArray(value)) out.required = value;
        } else if (keyword === 'enum') {
          if (Array.isArray(value)) out.enum = value;
        } else out[keyword] = value;
      }
    }
    // draft-04 style exclusive bounds
    for (const [exclusive, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
      if (typeof out[exclusive] === 'boolean') {
        if (out[exclusive] === true && typeof out[bound] === 'number') {
          out[exclusive] = out[bound];
          delete out[bound];
        } else delete out[exclusive];
      }
    }
    if (Array.isArray(out.required)) {
      // Worked out only when a required property is missing: most values have them all.
      const inherited = hidden;
      this.hidden.set(out, () => union(this.hiddenOwn(at), inherited?.()) ?? new Set());
    }
    if (!nullable) return out;
    const combined = out.$ref !== undefined || out.allOf || out.anyOf || out.oneOf || out.not || out.type === undefined;
    if (combined) return { anyOf: [{ type: 'null' }, out] };
    out.type = Array.isArray(out.type) ? [...out.type, 'null'] : [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }

  /**
   * The properties a converted schema lists as `required` that are readOnly or writeOnly (in its
   * own `properties`, or in the parts of the `allOf` it belongs to): a value may leave them out.
   */
  hiddenRequired(schema: object): Set<string> | undefined {
    return this.hidden.get(schema)?.();
  }

  /** Properties of a schema (following its `allOf`) marked readOnly or writeOnly. */
  private hiddenOwn(at: Located, depth = 0): Set<string> {
    const cached = this.hiddenNames.get(at.node);
    if (cached) {
      this.addPart(cached.followed);
      return cached.names;
    }
    // Kept before it is complete: an `allOf` that leads back here finds it.
    const known = { names: new Set<string>(), followed: { refs: [], parts: [] } as Followed };
    this.hiddenNames.set(at.node, known);
    this.frames.push(known.followed);
    try {
      const properties = findProperty(at.node, 'properties');
      if (properties?.type === 'object') {
        for (const member of properties.children!) {
          const property = this.deref({ uri: at.uri, node: member });
          if (!property || property.node.type !== 'object') continue;
          if (findProperty(property.node, 'readOnly')?.value === true || findProperty(property.node, 'writeOnly')?.value === true) {
            known.names.add(member.key as string);
          }
        }
      }
      const allOf = findProperty(at.node, 'allOf');
      if (allOf?.type === 'array' && depth < 16) {
        for (const part of allOf.children!) {
          const target = this.deref({ uri: at.uri, node: part });
          if (target) for (const name of this.hiddenOwn(target, depth + 1)) known.names.add(name);
        }
      }
    } finally {
      this.frames.pop();
    }
    this.addPart(known.followed);
    return known.names;
  }

  private hiddenInAllOf(allOf: Located): Set<string> {
    const names = new Set<string>();
    for (const part of allOf.node.children!) {
      const target = this.deref({ uri: allOf.uri, node: part });
      if (target) for (const name of this.hiddenOwn(target)) names.add(name);
    }
    return names;
  }
}

function union(a: Set<string> | undefined, b: Set<string> | undefined): Set<string> | undefined {
  if (!a || a.size === 0) return b;
  if (!b || b.size === 0) return a;
  return new Set([...a, ...b]);
}

/** The plain value of a node (the last of duplicate keys wins, as in the parsed value). */
export function plain(node: AstNode): unknown {
  switch (node.type) {
    case 'object': {
      const result: Record<string, unknown> = {};
      for (const child of node.children!) result[child.key as string] = plain(child);
      return result;
    }
    case 'array':
      return node.children!.map(plain);
    default:
      return node.value;
  }
}


function checkFormat(format: string, value: unknown): boolean {
  if (format === 'int32') return typeof value !== 'number' || (value >= -2147483648 && value <= 2147483647);
  if (typeof value !== 'string' || !(format in CHECKED_FORMATS)) return true;
  const known = (fullFormats as Record<string, unknown>)[format];
  const check = known instanceof RegExp || typeof known === 'function' ? known : (known as { validate?: unknown } | undefined)?.validate;
  if (check instanceof RegExp) return check.test(value);
  if (typeof check === 'function') return Boolean(check(value));
  return true;
}

type HiddenNames = () => Set<string>;

/** Thrown when checking one value takes too many steps (a pathological schema). */
export class TooComplex extends Error {}

/** Whether a value has the type, or one of the types, of a `type` keyword. */
function hasAnyType(value: unknown, type: unknown): boolean {
  if (!Array.isArray(type)) return hasJsonType(value, type as string);
  for (const t of type) if (hasJsonType(value, t as string)) return true;
  return false;
}

export function showList(values: unknown[], max = 8): string {
  const shown = values.slice(0, max).map(code).join(', ');
  return values.length > max ? `${shown}, … (${values.length} values)` : shown;
}

const NONE: Mismatch[] = [];

/** Checks values against converted schemas; every check has a step budget. */
export class SchemaChecker {
  private steps = 0;
  /** The path from the checked value to the current node; copied only into mismatches. */
  private readonly path: Path = [];
  private emptyFormats = false;

  constructor(
    private readonly units: (id: string) => JsonSchema,
    private readonly hiddenRequired: (schema: object) => Set<string> | undefined = () => undefined,
    private readonly maxSteps = 200_000,
  ) {}

  /**
   * Every mismatch of `value`; empty when it matches. Throws TooComplex past the step budget.
   * With `emptyFormats`, an empty string passes any format (the "not set" a default of `""` means).
   */
  check(schema: JsonSchema, value: unknown, options: { emptyFormats?: boolean } = {}): Mismatch[] {
    this.steps = 0;
    this.path.length = 0;
    this.emptyFormats = options.emptyFormats ?? false;
    return this.at(schema, value, 0);
  }

  private mismatch(kind: Mismatch['kind'], predicate: string, on: 'key' | 'value' = 'value', extra: Partial<Mismatch> = {}): Mismatch {
    return { path: this.path.slice(), on, kind, predicate, ...extra };
  }

  /** Checks a child of the current value (an item or a property). */
  private child(schema: JsonSchema, value: unknown, segment: string | number, level: number): Mismatch[] {
    this.path.push(segment);
    try {
      return this.at(schema, value, level + 1);
    } finally {
      this.path.pop();
    }
  }

  /** A mismatch of the current value that is not about its type or members. */
  private other(out: Mismatch[], predicate: string, on: 'key' | 'value' = 'value'): Mismatch[] {
    return joined(out, [this.mismatch('other', predicate, on)]);
  }

  private at(schema: JsonSchema, value: unknown, level: number): Mismatch[] {
    if (++this.steps > this.maxSteps) throw new TooComplex();
    if (schema === true || level > 256) return NONE;
    if (schema === false) return [this.mismatch('notAllowed', 'is not allowed')];
    const s = schema as Record<string, unknown>;
    let out = NONE;
    if (typeof s.$ref === 'string') out = joined(out, this.at(this.units(s.$ref), value, level + 1));

    if (s.type !== undefined && !hasAnyType(value, s.type)) {
      const types = (Array.isArray(s.type) ? s.type : [s.type]) as string[];
      return [this.mismatch('type', `must be ${typeList(types)}`, 'value', { types })];
    }
    if (s.enum !== undefined && Array.isArray(s.enum) && !s.enum.some((e) => equal(e, value))) {
      return [this.mismatch('enum', `must be one of ${showList(s.enum)}`, 'value', { allowed: s.enum })];
    }
    if (s.const !== undefined && !equal(s.const, value)) return [this.mismatch('const', `must be ${code(s.const)}`)];

    if (typeof value === 'number') {
      if (typeof s.minimum === 'number' && value < s.minimum) out = this.other(out, `must be at least ${s.minimum}`);
      if (typeof s.maximum === 'number' && value > s.maximum) out = this.other(out, `must be at most ${s.maximum}`);
      if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum) out = this.other(out, `must be greater than ${s.exclusiveMinimum}`);
      if (typeof s.exclusiveMaximum === 'number' && value >= s.exclusiveMaximum) out = this.other(out, `must be less than ${s.exclusiveMaximum}`);
      if (typeof s.multipleOf === 'number' && s.multipleOf > 0) {
        const quotient = value / s.multipleOf;
        if (Math.abs(quotient - Math.round(quotient)) > 1e-9 * Math.max(1, Math.abs(quotient))) out = this.other(out, `must be a multiple of ${s.multipleOf}`);
      }
    } else if (typeof value === 'string') {
      const length = typeof s.minLength === 'number' || typeof s.maxLength === 'number' ? [...value].length : 0;
      if (typeof s.minLength === 'number' && length < s.minLength) out = this.other(out, `must be at least ${s.minLength} character${s.minLength === 1 ? '' : 's'} long`);
      if (typeof s.maxLength === 'number' && length > s.maxLength) out = this.other(out, `must be at most ${s.maxLength} character${s.maxLength === 1 ? '' : 's'} long`);
      const pattern = typeof s.pattern === 'string' ? schemaPattern(s.pattern) : null;
      if (pattern && !pattern.test(value)) out = this.other(out, `must match the pattern \`${s.pattern}\``);
    }
    if (typeof s.format === 'string' && !(this.emptyFormats && value === '') && !checkFormat(s.format, value)) {
      out = this.other(out, s.format === 'int32' ? 'must be a 32-bit integer' : `must be ${CHECKED_FORMATS[s.format]}`);
    }
    if (Array.isArray(value)) out = this.array(out, s, value, level);
    else if (typeof value === 'object' && value !== null) out = this.object(out, s, value as Record<string, unknown>, level);

    if (Array.isArray(s.allOf)) for (const part of s.allOf as JsonSchema[]) out = joined(out, this.at(part, value, level + 1));
    // `oneOf` is read as `anyOf`: alternatives that overlap are a flaw of the schema, not of the example.
    if (Array.isArray(s.anyOf)) out = joined(out, this.closest(s.anyOf as JsonSchema[], value, level));
    if (Array.isArray(s.oneOf)) out = joined(out, this.closest(s.oneOf as JsonSchema[], value, level));
    if (s.not !== undefined && this.at(s.not as JsonSchema, value, level + 1).length === 0) out = this.other(out, 'must not match the schema under `not`');
    if (s.if !== undefined) {
      const branch = this.at(s.if as JsonSchema, value, level + 1).length === 0 ? s.then : s.else;
      if (branch !== undefined) out = joined(out, this.at(branch as JsonSchema, value, level + 1));
    }
    return out;
  }

  /** Nothing when the value matches one alternative, else the mismatches of the closest one. */
  private closest(alternatives: JsonSchema[], value: unknown, level: number): Mismatch[] {
    const results: Mismatch[][] = [];
    for (const part of alternatives) {
      const result = this.at(part, value, level + 1);
      if (result.length === 0) return NONE;
      results.push(result);
    }
    return results.length > 0 ? best(results) : NONE;
  }

  private array(out: Mismatch[], s: Record<string, unknown>, value: unknown[], level: number): Mismatch[] {
    if (typeof s.minItems === 'number' && value.length < s.minItems) out = this.other(out, `must have at least ${s.minItems} item${s.minItems === 1 ? '' : 's'}`);
    if (typeof s.maxItems === 'number' && value.length > s.maxItems) out = this.other(out, `must have at most ${s.maxItems} item${s.maxItems === 1 ? '' : 's'}`);
    if (s.uniqueItems === true && value.length <= 2000) {
      outer: for (let i = 0; i < value.length; i++) {
        for (let j = i + 1; j < value.length; j++) {
          if (equal(value[i], value[j])) {
            out = this.other(out, `must not repeat items (items ${i} and ${j} are equal)`);
            break outer;
          }
        }
      }
    }
    const prefix = Array.isArray(s.prefixItems) ? (s.prefixItems as JsonSchema[]) : NONE_SCHEMAS;
    const items = s.items as JsonSchema | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = i < prefix.length ? prefix[i] : items;
      if (item !== undefined && item !== true) out = joined(out, this.child(item, value[i], i, level));
    }
    if (s.contains !== undefined) {
      let matching = 0;
      for (let i = 0; i < value.length; i++) if (this.child(s.contains as JsonSchema, value[i], i, level).length === 0) matching++;
      const min = typeof s.minContains === 'number' ? s.minContains : 1;
      if (matching < min) out = this.other(out, `must contain at least ${min} item${min === 1 ? '' : 's'} matching \`contains\``);
      if (typeof s.maxContains === 'number' && matching > s.maxContains) out = this.other(out, `must contain at most ${s.maxContains} items matching \`contains\``);
    }
    return out;
  }

  private object(out: Mismatch[], s: Record<string, unknown>, value: Record<string, unknown>, level: number): Mismatch[] {
    if (Array.isArray(s.required)) {
      let missing = (s.required as unknown[]).filter((name): name is string => typeof name === 'string' && !Object.hasOwn(value, name));
      if (missing.length > 0) {
        const hidden = this.hiddenRequired(s);
        if (hidden) missing = missing.filter((name) => !hidden.has(name));
      }
      if (missing.length > 0) {
        out = joined(out, [this.mismatch('required', `lacks the required propert${missing.length === 1 ? 'y' : 'ies'} ${missing.map((m) => `\`${m}\``).join(', ')}`, 'key')]);
      }
    }
    const keys = Object.keys(value);
    if (typeof s.minProperties === 'number' && keys.length < s.minProperties) out = this.other(out, `must have at least ${s.minProperties} propert${s.minProperties === 1 ? 'y' : 'ies'}`);
    if (typeof s.maxProperties === 'number' && keys.length > s.maxProperties) out = this.other(out, `must have at most ${s.maxProperties} propert${s.maxProperties === 1 ? 'y' : 'ies'}`);
    const properties = typeof s.properties === 'object' && s.properties ? (s.properties as Record<string, JsonSchema>) : undefined;
    const patterns = typeof s.patternProperties === 'object' && s.patternProperties
      ? Object.entries(s.patternProperties as Record<string, JsonSchema>).map(([p, schema]) => [schemaPattern(p)!, schema] as const)
      : undefined;
    const additional = s.additionalProperties as JsonSchema | undefined;
    if (properties === undefined && patterns === undefined && (additional === undefined || additional === true) && s.propertyNames === undefined) {
      // nothing applies to the members
    } else {
      for (const key of keys) {
        let matched = false;
        if (properties && Object.hasOwn(properties, key)) {
          matched = true;
          out = joined(out, this.child(properties[key], value[key], key, level));
        }
        if (patterns) {
          for (const [re, schema] of patterns) {
            if (re.test(key)) {
              matched = true;
              out = joined(out, this.child(schema, value[key], key, level));
            }
          }
        }
        if (!matched && additional !== undefined) {
          if (additional === false) {
            const allowed = properties ? Object.keys(properties) : [];
            this.path.push(key);
            out = joined(out, [this.mismatch('notAllowed', allowed.length > 0 ? `is not a property the schema allows (it allows ${showList(allowed, 10)})` : 'is not a property the schema allows', 'key')]);
            this.path.pop();
          } else out = joined(out, this.child(additional, value[key], key, level));
        }
        if (s.propertyNames !== undefined && this.child(s.propertyNames as JsonSchema, key, key, level).length > 0) {
          this.path.push(key);
          out = this.other(out, 'is not a property name the schema allows', 'key');
          this.path.pop();
        }
      }
    }
    if (typeof s.dependentRequired === 'object' && s.dependentRequired) {
      for (const [name, needs] of Object.entries(s.dependentRequired as Record<string, unknown>)) {
        if (!Object.hasOwn(value, name) || !Array.isArray(needs)) continue;
        for (const need of needs) if (typeof need === 'string' && !Object.hasOwn(value, need)) out = this.other(out, `lacks \`${need}\`, which is required when \`${name}\` is present`, 'key');
      }
    }
    if (typeof s.dependentSchemas === 'object' && s.dependentSchemas) {
      for (const [name, schema] of Object.entries(s.dependentSchemas as Record<string, JsonSchema>)) {
        if (Object.hasOwn(value, name)) out = joined(out, this.at(schema, value, level + 1));
      }
    }
    return out;
  }
}

/** `out` with `found` after it; NONE is never written to, and neither is `found`. */
function joined(out: Mismatch[], found: Mismatch[]): Mismatch[] {
  if (found.length === 0) return out;
  if (out === NONE) return found.slice();
  for (const m of found) out.push(m);
  return out;
}

const NONE_SCHEMAS: JsonSchema[] = [];

/**
 * The mismatches of the alternative that came closest: the one whose problems lie deepest in the
 * value (it matched the most before failing), then the one with the fewest problems. When every
 * alternative fails only on the type of the same value, one finding names all the types.
 */
function best(results: Mismatch[][]): Mismatch[] {
  const typeOnly = results.every((r) => r.length === 1 && r[0].kind === 'type' && r[0].path.length === results[0][0].path.length);
  if (typeOnly) {
    const types = results.flatMap((r) => r[0].types ?? []);
    return [{ ...results[0][0], predicate: `must be ${typeList(types)}`, types }];
  }
  let chosen = results[0];
  let score = rank(chosen);
  for (const result of results.slice(1)) {
    const s = rank(result);
    if (s[0] > score[0] || (s[0] === score[0] && s[1] > score[1]) || (s[0] === score[0] && s[1] === score[1] && s[2] < score[2])) {
      chosen = result;
      score = s;
    }
  }
  return chosen;
}

function rank(mismatches: Mismatch[]): [number, number, number] {
  const depth = Math.max(...mismatches.map((m) => m.path.length));
  // A branch refused for its type alone got nowhere; one that failed on details matched its shape.
  const shape = mismatches.some((m) => m.path.length === depth && m.kind !== 'type') ? 1 : 0;
  return [depth, shape, mismatches.length];
}
