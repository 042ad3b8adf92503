import { fullFormats } from 'ajv-formats/dist/formats';

/**
 * Whether a value certainly passes a draft-04 schema as the rulesets' Ajv would check it (with
 * ajv-formats, `nullable`, strict mode off), decided without compiling a validator: most examples
 * are valid, and compiling one validator per distinct schema is what an open of a large spec
 * spends most on. It answers only for schemas made of keywords it reads exactly as Ajv does, all
 * well formed (Ajv compiles the whole schema, and a schema it cannot compile gives a finding);
 * for anything else it answers "unknown" and the caller asks Ajv, which also words the errors.
 */

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const VALID = 1;
const INVALID = 0;
const UNKNOWN = -1;
type Verdict = typeof VALID | typeof INVALID | typeof UNKNOWN;

const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object', 'null']);
/** Keywords Ajv does not check values against (annotations, OpenAPI's own fields, `x-` extensions are added below). */
const IGNORED = new Set(['title', 'description', 'default', 'example', 'examples', 'readOnly', 'writeOnly', 'deprecated', 'xml', 'externalDocs', 'discriminator']);
const nonNegativeInteger = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;
/** Keys that a plain object has through its prototype: Ajv reads `data[key]`, so they would not read as missing. */
const inherited = (key: string): boolean => key in Object.prototype || key === '__proto__';

/** Regular expressions as Ajv makes them (`u` flag); undefined where Ajv could not compile the schema. */
function makePattern(source: string): RegExp | undefined {
  try {
    return new RegExp(source, 'u');
  } catch {
    return undefined;
  }
}

type FormatCheck = (value: unknown) => boolean | undefined;
/** A format's check for the values it applies to (Ajv applies a format only to its type: strings, or numbers for int32…). */
function formatCheck(name: unknown): FormatCheck | undefined {
  if (typeof name !== 'string' || !Object.hasOwn(fullFormats, name)) return undefined;
  const format = (fullFormats as Record<string, unknown>)[name];
  if (format === true) return () => true;
  const definition = format instanceof RegExp || typeof format === 'function' ? { type: 'string', validate: format } : (format as { type?: string; validate: unknown; async?: boolean });
  if (definition.async) return undefined;
  const type = definition.type ?? 'string';
  const validate = definition.validate;
  const test = validate instanceof RegExp ? (v: unknown) => validate.test(v as string) : typeof validate === 'function' ? (v: unknown) => Boolean((validate as (v: unknown) => unknown)(v)) : undefined;
  if (!test) return undefined;
  return (value) => (typeof value === type ? test(value) : true);
}

/** The checker with what it keeps while a run lasts: the schemas it read and the patterns it made. */
/** JSON equality as Ajv's `fast-deep-equal` reads JSON values. */
function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => equal(item, other[i]));
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.hasOwn(b, k) && equal((a as Obj)[k], (b as Obj)[k]));
}

function typeMatches(type: string, value: unknown): boolean {
  switch (type) {
    case 'null': return value === null;
    case 'array': return Array.isArray(value);
    case 'object': return isObject(value);
    case 'integer': return typeof value === 'number' && Number.isInteger(value);
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    default: return typeof value === type;
  }
}

/** Code points, as Ajv counts a string's length. */
function codePoints(value: string): number {
  let count = 0;
  for (let i = 0; i < value.length; i++) {
    count++;
    const code = value.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length && (value.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
  }
  return count;
}

const all = (verdicts: Iterable<Verdict>): Verdict => {
  let result: Verdict = VALID;
  for (const v of verdicts) {
    if (v === INVALID) return INVALID;
    if (v === UNKNOWN) result = UNKNOWN;
  }
  return result;
};

export class Draft4Check {
  /** Whether every subschema is one read here exactly, per schema object (the caller keeps one object per schema text). */
  private readonly supported = new WeakMap<object, boolean>();
  private readonly patterns = new Map<string, RegExp | undefined>();

  /**
   * True only when the value certainly passes the schema under Ajv's draft-04 check as the rulesets
   * run it; false means "ask Ajv" (the value may be invalid, or the schema is outside what is read here).
   */
  certainlyValid(value: unknown, schema: unknown): boolean {
    return this.verdictOf(value, schema) === 'valid';
  }

  /** The three-valued answer (tests compare it with Ajv both ways). */
  verdictOf(value: unknown, schema: unknown): 'valid' | 'invalid' | 'unknown' {
    if (value === undefined || !this.supportedSchema(schema)) return 'unknown';
    const v = this.verdict(value, schema as Obj);
    return v === VALID ? 'valid' : v === INVALID ? 'invalid' : 'unknown';
  }

  private pattern(source: unknown): RegExp | undefined {
    if (typeof source !== 'string') return undefined;
    if (!this.patterns.has(source)) this.patterns.set(source, makePattern(source));
    return this.patterns.get(source);
  }

  private supportedSchema(schema: unknown): boolean {
    if (!isObject(schema)) return false;
    const known = this.supported.get(schema);
    if (known !== undefined) return known;
    // A cycle (none in JSON text) reads as unsupported.
    this.supported.set(schema, false);
    const result = this.checkKeywords(schema);
    this.supported.set(schema, result);
    return result;
  }

  private checkKeywords(schema: Obj): boolean {
    for (const [key, value] of Object.entries(schema)) {
      if (IGNORED.has(key) || key.startsWith('x-')) continue;
      switch (key) {
        case 'type': {
          const types = Array.isArray(value) ? value : [value];
          if (!types.length || !types.every((t) => typeof t === 'string' && TYPES.has(t))) return false;
          break;
        }
        case 'nullable': {
          // Ajv refuses `nullable` without `type`, with `false` beside a type that allows null, and reads only `true`.
          const types = Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type];
          if (typeof value !== 'boolean' || !types.length || types.includes('null')) return false;
          break;
        }
        case 'enum':
          if (!Array.isArray(value) || !value.length) return false;
          break;
        case 'format':
          if (!formatCheck(value)) return false;
          break;
        case 'pattern':
          if (!this.pattern(value)) return false;
          break;
        case 'minLength': case 'maxLength': case 'minItems': case 'maxItems': case 'minProperties': case 'maxProperties':
          if (!nonNegativeInteger(value)) return false;
          break;
        case 'minimum': case 'maximum':
          if (typeof value !== 'number') return false;
          break;
        case 'exclusiveMinimum': case 'exclusiveMaximum':
          // Draft 4: a flag on `minimum` / `maximum`, read only beside them.
          if (typeof value !== 'boolean' || schema[key === 'exclusiveMinimum' ? 'minimum' : 'maximum'] === undefined) return false;
          break;
        case 'multipleOf':
          if (typeof value !== 'number' || !(value > 0)) return false;
          break;
        case 'uniqueItems':
          if (typeof value !== 'boolean') return false;
          break;
        case 'required':
          if (!Array.isArray(value) || !value.every((k) => typeof k === 'string' && !inherited(k))) return false;
          break;
        case 'properties':
          if (!isObject(value) || !Object.entries(value).every(([k, s]) => !inherited(k) && this.supportedSchema(s))) return false;
          break;
        case 'patternProperties':
          if (!isObject(value) || !Object.entries(value).every(([k, s]) => this.pattern(k) && this.supportedSchema(s))) return false;
          break;
        case 'additionalProperties': case 'additionalItems':
          if (typeof value !== 'boolean' && !this.supportedSchema(value)) return false;
          break;
        case 'items':
          if (Array.isArray(value) ? !value.every((s) => this.supportedSchema(s)) : !this.supportedSchema(value)) return false;
          break;
        case 'allOf': case 'anyOf': case 'oneOf':
          if (!Array.isArray(value) || !value.length || !value.every((s) => this.supportedSchema(s))) return false;
          break;
        case 'not':
          if (!this.supportedSchema(value)) return false;
          break;
        default:
          // `$ref`, `id`, `definitions`, `dependencies`, `const` and anything else: Ajv's answer.
          return false;
      }
    }
    return true;
  }

  /** The verdict of a supported schema on a value: valid or invalid where it is sure, else unknown. */
  private verdict(value: unknown, schema: Obj): Verdict {
    const checks: Verdict[] = [];
    if (schema.type !== undefined) {
      const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
      const nullable = schema.nullable === true && value === null;
      if (!nullable && !types.some((t) => typeMatches(t, value))) return INVALID;
    }
    if (schema.enum !== undefined && !(schema.enum as unknown[]).some((e) => equal(value, e))) return INVALID;
    if (typeof value === 'string') {
      if (schema.format !== undefined && !formatCheck(schema.format)!(value)) return INVALID;
      if (schema.pattern !== undefined && !this.pattern(schema.pattern)!.test(value)) return INVALID;
      if (schema.minLength !== undefined || schema.maxLength !== undefined) {
        const length = codePoints(value);
        if (schema.minLength !== undefined && length < (schema.minLength as number)) return INVALID;
        if (schema.maxLength !== undefined && length > (schema.maxLength as number)) return INVALID;
      }
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) return UNKNOWN;
      if (schema.format !== undefined && !formatCheck(schema.format)!(value)) return INVALID;
      if (schema.minimum !== undefined && (schema.exclusiveMinimum === true ? value <= (schema.minimum as number) : value < (schema.minimum as number))) return INVALID;
      if (schema.maximum !== undefined && (schema.exclusiveMaximum === true ? value >= (schema.maximum as number) : value > (schema.maximum as number))) return INVALID;
      if (schema.multipleOf !== undefined) {
        // As Ajv's generated code tests it (no multipleOfPrecision).
        const ratio = value / (schema.multipleOf as number);
        if (ratio !== parseInt(ratio as unknown as string, 10)) return INVALID;
      }
    } else if (Array.isArray(value)) {
      if (schema.minItems !== undefined && value.length < (schema.minItems as number)) return INVALID;
      if (schema.maxItems !== undefined && value.length > (schema.maxItems as number)) return INVALID;
      if (schema.uniqueItems === true) {
        for (let i = 1; i < value.length; i++) for (let j = 0; j < i; j++) if (equal(value[i], value[j])) return INVALID;
      }
      const items = schema.items;
      if (Array.isArray(items)) {
        items.forEach((itemSchema, i) => {
          if (i < value.length) checks.push(this.verdict(value[i], itemSchema as Obj));
        });
        const additional = schema.additionalItems;
        if (additional === false && value.length > items.length) return INVALID;
        if (isObject(additional)) for (let i = items.length; i < value.length; i++) checks.push(this.verdict(value[i], additional));
      } else if (isObject(items)) {
        for (const item of value) checks.push(this.verdict(item, items));
      }
    } else if (isObject(value)) {
      const keys = Object.keys(value);
      if (schema.minProperties !== undefined && keys.length < (schema.minProperties as number)) return INVALID;
      if (schema.maxProperties !== undefined && keys.length > (schema.maxProperties as number)) return INVALID;
      if (schema.required !== undefined && (schema.required as string[]).some((k) => value[k] === undefined)) return INVALID;
      const properties = (schema.properties ?? {}) as Record<string, Obj>;
      const patternSchemas = Object.entries((schema.patternProperties ?? {}) as Record<string, Obj>).map(([p, s]) => [this.pattern(p)!, s] as const);
      const additional = schema.additionalProperties;
      for (const key of keys) {
        if (key === '__proto__') return UNKNOWN;
        const own = Object.hasOwn(properties, key) ? properties[key] : undefined;
        if (own) checks.push(this.verdict(value[key], own));
        let matched = false;
        for (const [re, s] of patternSchemas) {
          if (!re.test(key)) continue;
          matched = true;
          checks.push(this.verdict(value[key], s));
        }
        if (own || matched || additional === undefined || additional === true) continue;
        if (additional === false) return INVALID;
        checks.push(this.verdict(value[key], additional as Obj));
      }
    }
    if (schema.allOf !== undefined) checks.push(all((schema.allOf as Obj[]).map((s) => this.verdict(value, s))));
    if (schema.anyOf !== undefined) {
      const found = (schema.anyOf as Obj[]).map((s) => this.verdict(value, s));
      checks.push(found.includes(VALID) ? VALID : found.includes(UNKNOWN) ? UNKNOWN : INVALID);
    }
    if (schema.oneOf !== undefined) {
      const found = (schema.oneOf as Obj[]).map((s) => this.verdict(value, s));
      const valid = found.filter((v) => v === VALID).length;
      checks.push(found.includes(UNKNOWN) ? (valid > 1 ? INVALID : UNKNOWN) : valid === 1 ? VALID : INVALID);
    }
    if (schema.not !== undefined) {
      const inner = this.verdict(value, schema.not as Obj);
      checks.push(inner === VALID ? INVALID : inner === INVALID ? VALID : UNKNOWN);
    }
    return all(checks);
  }
}
