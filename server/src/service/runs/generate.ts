import type { JsonSchema } from '../preview/payload';

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
      const item = generateValue((s.items as JsonSchema) ?? {}, depth + 1);
      return Array.from({ length: Math.min(limit, 20) }, () => item);
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
  const min = typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + (type === 'integer' ? 1 : 0.5) : undefined;
  const max = typeof s.maximum === 'number' ? s.maximum : typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum - (type === 'integer' ? 1 : 0.5) : undefined;
  let value = min ?? (max !== undefined ? Math.min(max, 1) : 1);
  if (max !== undefined && value > max) value = max;
  if (type === 'integer') value = Math.ceil(value);
  if (typeof s.multipleOf === 'number' && s.multipleOf > 0) value = Math.ceil(value / s.multipleOf) * s.multipleOf;
  return value;
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
  let value = typeof s.format === 'string' && FORMATS[s.format] ? FORMATS[s.format] : typeof s.pattern === 'string' ? fromPattern(s.pattern) ?? 'string' : 'string';
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  const max = typeof s.maxLength === 'number' ? s.maxLength : Infinity;
  if (value.length < min) value = value.padEnd(min, 'x');
  if (value.length > max) value = value.slice(0, max);
  return value;
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
