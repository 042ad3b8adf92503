import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/core';
import addFormats from 'ajv-formats';
import { ajvPredicate, allowedKeys, relevantErrors } from '../schemaFindings';
import { escapePointerSegment } from '../pointer';
import { didYouMean } from '../suggest';
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
  for (const error of relevantErrors(errors)) {
    let path = prefix + error.instancePath;
    let message: string;
    switch (error.keyword) {
      case 'required':
        path += '/' + escapePointerSegment(String((error.params as { missingProperty: string }).missingProperty));
        message = 'is required but missing';
        break;
      case 'additionalProperties': {
        const key = String((error.params as { additionalProperty: string }).additionalProperty);
        const hint = didYouMean(key, allowedKeys(error));
        path += '/' + escapePointerSegment(key);
        message = 'is not allowed here (no such property in the schema)' + (hint === '.' ? '' : hint);
        break;
      }
      default:
        message = ajvPredicate(error, error.data, 'payload');
    }
    const key = path + '\u0000' + message;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, message });
    if (out.length >= MAX_VIOLATIONS) break;
  }
  return out;
}
