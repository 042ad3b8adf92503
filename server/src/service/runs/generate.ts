import type { JsonSchema } from '../preview/payload';
import { validatePayload } from '../preview/validate';

/**
 * A value that satisfies a JSON Schema, made the same way every time (as Prism's static mode):
 * an `example`, `examples`, `default`, `const` or first `enum` value when the schema has one, else
 * a value built from the type, respecting formats, lengths, ranges, patterns of the common kinds
 * and required properties. Optional properties are included too, so a reader sees every field.
 */
export function generateValue(schema: JsonSchema | boolean | undefined, depth = 0): unknown {
  if (schema === undefined || schema === true || schema === false) return {};
  if (depth > 12) return null;
  const s = schema as Record<string, unknown>;
  if (s.const !== undefined) return s.const;
  if (s.example !== undefined) return s.example;
  if (Array.isArray(s.examples) && s.examples.length) return s.examples[0];
  if (s.default !== undefined) return s.default;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum.find((v) => v !== null) ?? s.enum[0];
  if (Array.isArray(s.allOf) && s.allOf.length) return mergeAll(s, depth);
  for (const key of ['oneOf', 'anyOf'] as const) {
    if (Array.isArray(s[key]) && (s[key] as unknown[]).length) {
      const branches = s[key] as JsonSchema[];
      const choice = branches.find((b) => !isNullSchema(b)) ?? branches[0];
      const base = { ...s };
      delete base[key];
      return Object.keys(base).some((k) => k === 'properties' || k === 'type') ? mergeValues(generateValue(base, depth + 1), generateValue(choice, depth + 1)) : generateValue(choice, depth + 1);
    }
  }
  const type = pickType(s);
  switch (type) {
    case 'object':
      return generateObject(s, depth);
    case 'array': {
      const count = Math.max(typeof s.minItems === 'number' ? s.minItems : 1, 1);
      const limit = typeof s.maxItems === 'number' ? Math.min(count, s.maxItems) : count;
      const itemSchema = (s.items as JsonSchema) ?? {};
      const item = generateValue(itemSchema, depth + 1);
      const length = Math.min(limit, 20);
      return s.uniqueItems === true ? distinctItems(itemSchema, item, length) : Array.from({ length }, () => item);
    }
    case 'integer':
    case 'number':
      return generateNumber(s, type);
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'string':
      return generateString(s);
    default:
      return s.properties ? generateObject(s, depth) : {};
  }
}

/** `uniqueItems` arrays: each item after the first is a variant of it that its schema still accepts. */
function distinctItems(schema: JsonSchema, first: unknown, length: number): unknown[] {
  const out: unknown[] = [first];
  const seen = new Set([JSON.stringify(first)]);
  for (let i = 1; i < length; i++) {
    const next = out.flatMap((earlier) => variantsOf(schema, earlier, i)).find((v) => !seen.has(JSON.stringify(v)) && validatePayload(v, schema).length === 0);
    if (next === undefined) break; // no other value: a shorter array breaks minItems rather than uniqueItems
    seen.add(JSON.stringify(next));
    out.push(next);
  }
  return out;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Candidates for the i-th distinct item: another enum value, a shifted number, a string with another day, number or suffix. */
function variantsOf(schema: JsonSchema, first: unknown, i: number): unknown[] {
  const s = (schema && typeof schema === 'object' ? schema : {}) as Record<string, unknown>;
  if (Array.isArray(s.enum)) return s.enum.slice(i).concat(s.enum);
  if (typeof first === 'boolean') return [!first];
  if (typeof first === 'number') {
    let step = typeof s.multipleOf === 'number' && s.multipleOf > 0 ? s.multipleOf : 1;
    // an integer multiple of 0.5 steps by 1, of 1.5 by 3
    if (s.type === 'integer' && !Number.isInteger(step)) step = Array.from({ length: 100 }, (_, k) => Number(((k + 1) * step).toFixed(10))).find(Number.isInteger) ?? 1;
    const near = s.type === 'integer' || typeof s.multipleOf === 'number' ? [] : [first + i / 1000, first - i / 1000, first + i / 100000];
    return [first + i * step, first - i * step, ...near];
  }
  if (typeof first === 'string') {
    const n = String(i);
    return [
      first.replace(/^(\d{4}-\d{2}-)\d{2}/, `$1${pad2(1 + (i % 28))}`),
      first.replace(/[0-9a-f]{4}$/i, i.toString(16).padStart(4, '0')),
      first.replace(/@/, `${n}@`),
      first.replace(/\.\d+$/, `.${1 + (i % 250)}`),
      `${first}${n}`,
      `${first.slice(0, Math.max(0, first.length - n.length))}${n}`,
      `${first.slice(0, Math.max(0, first.length - 1))}${'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[i % 26]}`,
      `${first.slice(0, Math.max(0, first.length - 1))}${'abcdefghijklmnopqrstuvwxyz'[i % 26]}`,
      `${n}${first.slice(n.length)}`,
    ];
  }
  if (first && typeof first === 'object' && !Array.isArray(first)) {
    const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
    const out: unknown[] = [];
    for (const [name, value] of Object.entries(first)) {
      for (const v of variantsOf(properties[name] ?? {}, value, i)) out.push({ ...first, [name]: v });
    }
    if (s.additionalProperties !== false) out.push({ ...first, [`item${i}`]: i });
    const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
    for (const name of Object.keys(first)) if (!required.has(name)) out.push(Object.fromEntries(Object.entries(first).filter(([k]) => k !== name)));
    return out;
  }
  if (Array.isArray(first)) {
    const items = (s.items ?? {}) as JsonSchema;
    const changed = first.length ? variantsOf(items, first[0], i).map((v) => [v, ...first.slice(1)]) : [];
    const longer = first.length ? variantsOf(items, first[0], first.length + i).map((v) => [...first, v]) : [generateValue(items)];
    return [...changed, ...longer, first.slice(1)];
  }
  return [];
}

function isNullSchema(schema: JsonSchema): boolean {
  return schema && typeof schema === 'object' && schema.type === 'null';
}

function pickType(s: Record<string, unknown>): string | undefined {
  if (Array.isArray(s.type)) return (s.type as string[]).find((t) => t !== 'null') ?? 'null';
  if (typeof s.type === 'string') return s.type;
  if (s.properties || s.additionalProperties || s.required) return 'object';
  if (s.items) return 'array';
  if (s.format || s.pattern || s.minLength !== undefined) return 'string';
  return undefined;
}

function generateObject(s: Record<string, unknown>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
  for (const [name, prop] of Object.entries(properties)) {
    // Past a few levels only what is required, so that recursive schemas stay small.
    if (depth > 4 && !required.has(name)) continue;
    if (prop && typeof prop === 'object' && prop.writeOnly === true) continue;
    out[name] = generateValue(prop, depth + 1);
  }
  for (const name of required) if (!(name in out)) out[name] = s.additionalProperties && typeof s.additionalProperties === 'object' ? generateValue(s.additionalProperties as JsonSchema, depth + 1) : 'string';
  return out;
}

function mergeAll(s: Record<string, unknown>, depth: number): unknown {
  const base = { ...s };
  delete base.allOf;
  let value: unknown = Object.keys(base).length ? generateValue(base, depth + 1) : undefined;
  for (const branch of s.allOf as JsonSchema[]) value = mergeValues(value, generateValue(branch, depth + 1));
  return value;
}

function mergeValues(a: unknown, b: unknown): unknown {
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) return { ...a, ...b };
  return b === undefined || (b && typeof b === 'object' && !Array.isArray(b) && Object.keys(b).length === 0 && a !== undefined) ? a : b;
}

function generateNumber(s: Record<string, unknown>, type: 'integer' | 'number'): number {
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const exMin = num(s.exclusiveMinimum);
  const exMax = num(s.exclusiveMaximum);
  const step = num(s.multipleOf) !== undefined && (s.multipleOf as number) > 0 ? (s.multipleOf as number) : undefined;
  // The bounds as inclusive ones; an exclusive bound of a number moves in by a fraction of the room there is.
  let lo = num(s.minimum);
  let hi = num(s.maximum);
  if (type === 'integer') {
    if (exMin !== undefined) lo = Math.max(lo ?? -Infinity, Math.floor(exMin) + 1);
    if (exMax !== undefined) hi = Math.min(hi ?? Infinity, Math.ceil(exMax) - 1);
    if (lo !== undefined) lo = Math.ceil(lo);
    if (hi !== undefined) hi = Math.floor(hi);
  } else {
    const room = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined ? Math.min(1, (b - a) / 2) : 1);
    if (exMin !== undefined) lo = Math.max(lo ?? -Infinity, exMin + room(exMin, exMax ?? hi));
    if (exMax !== undefined) hi = Math.min(hi ?? Infinity, exMax - room(exMin ?? lo, exMax));
  }
  let value = lo ?? (hi !== undefined ? Math.min(hi, 1) : 1);
  if (hi !== undefined && value > hi) value = hi;
  if (step) value = multipleWithin(value, step, hi) ?? value;
  return value;
}

/** The smallest multiple of `step` from `start` on (below `hi`), exact in floating point as validators check it. */
function multipleWithin(start: number, step: number, hi: number | undefined): number | undefined {
  const decimals = (String(step).split('.')[1] ?? '').length;
  for (let k = Math.ceil(start / step), tries = 0; tries < 20; k++, tries++) {
    const candidate = Number((k * step).toFixed(decimals));
    if (hi !== undefined && candidate > hi) break;
    if (candidate >= start && Number.isInteger(candidate / step)) return candidate;
  }
  return undefined;
}

const FORMATS: Record<string, string> = {
  'date-time': '2026-01-01T00:00:00Z',
  date: '2026-01-01',
  time: '12:00:00Z',
  email: 'user@example.com',
  'idn-email': 'user@example.com',
  uri: 'https://example.com/',
  url: 'https://example.com/',
  'uri-reference': '/example',
  iri: 'https://example.com/',
  hostname: 'example.com',
  'idn-hostname': 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  uuid: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  duration: 'P1D',
  byte: 'c3RyaW5n',
  binary: 'string',
  password: 'string',
  'json-pointer': '/example',
  regex: '.*',
};

function generateString(s: Record<string, unknown>): string {
  const pattern = typeof s.pattern === 'string' ? s.pattern : undefined;
  let value = typeof s.format === 'string' && FORMATS[s.format] ? FORMATS[s.format] : pattern ? fromPattern(pattern) ?? 'string' : 'string';
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  const max = typeof s.maxLength === 'number' ? s.maxLength : Infinity;
  if (value.length < min) {
    // Lengthen with the value's own last character first, so that `^[A-Z]+$` stays matched.
    const padded = [value.at(-1) ?? 'x', 'x', '0'].map((c) => value.padEnd(min, c));
    value = padded.find((p) => matches(pattern, p)) ?? padded[0];
  }
  if (value.length > max) value = value.slice(0, max);
  return value;
}

function matches(pattern: string | undefined, value: string): boolean {
  if (!pattern) return true;
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    return false;
  }
}

/**
 * A string matching the simple patterns specs use (`^[A-Z]{3}$`, `^\d{4}-\d{2}$`, `^SO-[0-9]+$`);
 * undefined for patterns beyond that, whose value then may not match.
 */
export function fromPattern(pattern: string): string | undefined {
  let source = pattern.replace(/^\^/, '').replace(/\$$/, '');
  let out = '';
  const classes: Record<string, string> = { d: '0', w: 'a', s: ' ', D: 'a', W: '-', S: 'a' };
  while (source.length) {
    let unit: string | undefined;
    let rest: string;
    if (source[0] === '\\' && source.length > 1) {
      unit = classes[source[1]] ?? source[1];
      rest = source.slice(2);
    } else if (source[0] === '[') {
      const end = source.indexOf(']', 1);
      if (end < 0) return undefined;
      const body = source.slice(1, end);
      if (body.startsWith('^')) return undefined;
      unit = body[0] === '\\' ? classes[body[1]] ?? body[1] : body[0];
      rest = source.slice(end + 1);
    } else if ('()|*+?{}'.includes(source[0])) {
      return undefined;
    } else if (source[0] === '.') {
      unit = 'a';
      rest = source.slice(1);
    } else {
      unit = source[0];
      rest = source.slice(1);
    }
    let count = 1;
    const quantifier = /^(\{(\d+)(,(\d*))?\}|\+|\*|\?)/.exec(rest);
    if (quantifier) {
      if (quantifier[2] !== undefined) count = Number(quantifier[2]) || (quantifier[3] ? 1 : 0);
      else count = quantifier[0] === '+' ? 1 : quantifier[0] === '*' ? 1 : 1;
      rest = rest.slice(quantifier[0].length);
    }
    out += unit.repeat(Math.min(count, 100));
    source = rest;
  }
  try {
    return new RegExp(pattern, 'u').test(out) ? out : undefined;
  } catch {
    return undefined;
  }
}
