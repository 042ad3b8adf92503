import type { ValidateFunction } from 'ajv/dist/core';
import type { ResolvedSchema, SchemaSource } from './explain';

/**
 * Ajv's verdicts for the explainer: whether a value is valid at a definition, with the validator
 * of each definition compiled once (`compile` picks it; null when Ajv cannot tell), and the
 * objects found valid remembered per definition, as the generated validators keep them
 * (scripts/oasValidators.ts): while a big document stays invalid, a re-check walks only the path to
 * what an edit changed. Formats are checked by Ajv's own.
 */
export function ajvVerdicts(ajv: { formats: Record<string, unknown> }, compile: (target: ResolvedSchema) => ValidateFunction | null | undefined): Pick<SchemaSource, 'isValid' | 'checkFormat'> {
  const validators = new Map<string, ValidateFunction | null>();
  const foundValid = new Map<string, WeakSet<object>>();
  return {
    isValid(target, value) {
      const key = `${target.base}#${target.pointer}`;
      let validator = validators.get(key);
      if (validator === undefined) {
        try {
          validator = compile(target) ?? null;
        } catch {
          validator = null;
        }
        validators.set(key, validator);
      }
      if (!validator) return undefined;
      const remembered = typeof value === 'object' && value !== null;
      if (remembered && foundValid.get(key)?.has(value)) return true;
      const valid = validator(value) as boolean;
      if (valid && remembered) {
        let known = foundValid.get(key);
        if (!known) foundValid.set(key, (known = new WeakSet()));
        known.add(value);
      }
      return valid;
    },
    checkFormat(format, value) {
      const known = ajv.formats[format];
      if (known === undefined || known === true) return true;
      if (known instanceof RegExp) return known.test(value);
      if (typeof known === 'function') return known(value) as boolean;
      const check = (known as { validate?: unknown }).validate;
      if (check instanceof RegExp) return check.test(value);
      if (typeof check === 'function') return Boolean(check(value));
      return true;
    },
  };
}
