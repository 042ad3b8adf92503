import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/core';
import addFormats from 'ajv-formats';
import { JsonSchema } from './payload';

/** A place in a payload that breaks its schema; `path` is a JSON pointer into the payload. */
export interface Violation {
  path: string;
  message: string;
}

/** At most this many violations per payload: enough to act on, few enough to read. */
export const MAX_VIOLATIONS = 100;

let ajv: Ajv2020 | undefined;
const compiled = new WeakMap<object, ValidateFunction | Error>();

function validatorFor(schema: JsonSchema): ValidateFunction | Error {
  let fn = compiled.get(schema);
  if (fn) return fn;
  ajv ??= (() => {
    const instance = new Ajv2020({ strict: false, allErrors: true, verbose: true, validateFormats: true, validateSchema: false, addUsedSchema: false });
    addFormats(instance);
    return instance;
  })();
  try {
    fn = ajv.compile(schema);
  } catch (error) {
    fn = error as Error;
  }
  compiled.set(schema, fn);
  return fn;
}

/** The violations of a payload against a self-contained JSON Schema (2020-12). */
export function validatePayload(value: unknown, schema: JsonSchema, prefix = ''): Violation[] {
  const validate = validatorFor(schema);
  if (validate instanceof Error) return [{ path: prefix, message: `The schema cannot be used for checking: ${validate.message}` }];
  if (validate(value)) return [];
  return describe(validate.errors ?? [], prefix);
}

function describe(errors: ErrorObject[], prefix: string): Violation[] {
  const out: Violation[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    // Branch failures of anyOf/oneOf repeat what the branches said; keep the summary only when nothing else was said.
    if (error.keyword === 'if') continue;
    let path = prefix + error.instancePath;
    let message: string;
    switch (error.keyword) {
      case 'required':
        path += '/' + escapePointer(String((error.params as { missingProperty: string }).missingProperty));
        message = 'is required but missing';
        break;
      case 'additionalProperties':
        path += '/' + escapePointer(String((error.params as { additionalProperty: string }).additionalProperty));
        message = 'is not allowed here (no such property in the schema)';
        break;
      case 'type':
        message = `must be ${article(String((error.params as { type: string }).type))}, not ${kindOf(error.data)}`;
        break;
      case 'enum':
        message = `must be one of ${((error.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}; got ${JSON.stringify(error.data)}`;
        break;
      case 'format':
        message = `must be a valid ${(error.params as { format: string }).format}; got ${JSON.stringify(error.data)}`;
        break;
      default:
        message = error.message ?? error.keyword;
    }
    const key = path + '\u0000' + message;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, message });
    if (out.length >= MAX_VIOLATIONS) break;
  }
  return out;
}

function article(type: string): string {
  const t = type.replace(/,/g, ' or ');
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? `the integer ${value}` : `the number ${value}`;
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointerSegments(pointer: string): string[] {
  if (!pointer) return [];
  return pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
