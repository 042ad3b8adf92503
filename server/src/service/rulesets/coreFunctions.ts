import Ajv from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/core';
import AjvDraft4 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { JsonPath } from './jsonPath';
import { printValue } from './printing';

/** What a function is given besides its input and options. */
export interface FunctionContext {
  /** Where the input is in the document. */
  path: JsonPath;
  /** The whole document. */
  document: unknown;
  /** The formats of the document (`oas3`, `oas3.1`, `interface-studio-mapping`…). */
  formats: ReadonlySet<string>;
  /** Compiled things a function reuses while one ruleset is loaded (schemas, regular expressions). */
  cache: Map<unknown, unknown>;
}

export interface FunctionResult {
  message: string;
  /** Where the finding is, when not at the input itself. */
  path?: JsonPath;
}

export interface RulesetFunction {
  name: string;
  /** Option names, for completion (with what each does). */
  options?: Record<string, string>;
  /** Why these options are wrong, or undefined when they are fine (checked when the ruleset loads). */
  checkOptions(options: unknown): string | undefined;
  /** Inputs the function does not look at (Spectral skips an input of another type silently). */
  accepts?(input: unknown): boolean;
  run(input: unknown, options: unknown, context: FunctionContext): FunctionResult[] | undefined;
  /** The function reads only its input, options and formats (not `path` or `document`): its results are kept per value. */
  pure?: true;
  /**
   * What else of its context the function reads, as a key: its results, their paths built on
   * `path`, are kept per value and key. Undefined (with no `pure`): nothing is kept.
   */
  memoKey?(context: FunctionContext): string;
}

/** For functions that read `path` only for its last segment (in messages) and to place results below it. */
export const lastSegment = (context: FunctionContext): string => (context.path.length ? `=${String(context.path[context.path.length - 1])}` : '');

type Options = Record<string, unknown>;
const isObject = (v: unknown): v is Options => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPlainObject = isObject;

function noOptions(name: string) {
  return (options: unknown): string | undefined =>
    options === undefined || options === null ? undefined : `"${name}" function does not support options`;
}

function objectOptions(name: string, example: string, check: (o: Options) => string | undefined) {
  return (options: unknown): string | undefined => {
    if (!isObject(options)) return `"${name}" function has invalid options specified. Example valid options: ${example}`;
    return check(options);
  };
}

function unknownKeys(options: Options, allowed: string[]): string | undefined {
  const extra = Object.keys(options).find((k) => !allowed.includes(k));
  return extra === undefined ? undefined : `"${extra}" is not a known option (known: ${allowed.join(', ')})`;
}

const property = '#{{print("property")}}';

const truthy: RulesetFunction = {
  name: 'truthy',
  pure: true,
  checkOptions: noOptions('truthy'),
  run: (input) => (input ? undefined : [{ message: `${property}must be truthy` }]),
};

const falsy: RulesetFunction = {
  name: 'falsy',
  pure: true,
  checkOptions: noOptions('falsy'),
  run: (input) => (input ? [{ message: `${property}must be falsy` }] : undefined),
};

const defined: RulesetFunction = {
  name: 'defined',
  pure: true,
  checkOptions: noOptions('defined'),
  run: (input) => (input === undefined ? [{ message: `${property}must be defined` }] : undefined),
};

const undefinedFunction: RulesetFunction = {
  name: 'undefined',
  pure: true,
  checkOptions: noOptions('undefined'),
  run: (input) => (input !== undefined ? [{ message: `${property}must be undefined` }] : undefined),
};

/** A `pattern` option: `/source/flags` or a plain source. */
function toRegExp(pattern: string, cache: Map<unknown, unknown>): RegExp {
  const key = 'regexp:' + pattern;
  let regexp = cache.get(key) as RegExp | undefined;
  if (!regexp) {
    const literal = /^\/(.+)\/([a-z]*)$/s.exec(pattern);
    regexp = literal ? new RegExp(literal[1], literal[2]) : new RegExp(pattern);
    cache.set(key, regexp);
  }
  regexp.lastIndex = 0;
  return regexp;
}

/**
 * A group that repeats something already repeated (`(a+)+`, `(\w*)*`, `(a|a)*`-like nesting) can take
 * exponential time on a value that almost matches, and a regular expression cannot be stopped once
 * it runs: such a pattern runs in a worker thread that can be stopped, never in the service's.
 */
const NESTED_QUANTIFIER = /\((?:\?:)?(?:\[(?:[^\]\\]|\\.)*\]|\\.|[^()\\[])(?:[+*]|\{\d+,\d*\})(?:[^()\\]|\\.)*\)(?:[+*]|\{\d+,\d*\})/;

/** Whether a `pattern` function's options hold a regular expression that may backtrack catastrophically. */
export function isRiskyPattern(options: unknown): boolean {
  return isObject(options) && [options.match, options.notMatch].some((p) => typeof p === 'string' && NESTED_QUANTIFIER.test(p));
}

function regExpProblem(pattern: unknown, option: string): string | undefined {
  if (typeof pattern !== 'string') return `"pattern" function and its "${option}" option must be string or RegExp instance`;
  try {
    toRegExp(pattern, new Map());
  } catch (error) {
    return `"pattern" function and its "${option}" option: ${(error as Error).message}`;
  }
  return undefined;
}

const pattern: RulesetFunction = {
  name: 'pattern',
  pure: true,
  options: { match: 'A regular expression the value must match (`/source/flags` or a plain source).', notMatch: 'A regular expression the value must not match.' },
  checkOptions: objectOptions('pattern', '{ "match": "^Stoplight" }, { "notMatch": "Swagger" }, { "match": "Stoplight", "notMatch": "Swagger" }', (o) => {
    if (!('match' in o) && !('notMatch' in o)) return '"pattern" function has invalid options specified. Example valid options: { "match": "^Stoplight" }, { "notMatch": "Swagger" }, { "match": "Stoplight", "notMatch": "Swagger" }';
    return unknownKeys(o, ['match', 'notMatch']) ?? ('match' in o ? regExpProblem(o.match, 'match') : undefined) ?? ('notMatch' in o ? regExpProblem(o.notMatch, 'notMatch') : undefined);
  }),
  accepts: (input) => typeof input === 'string',
  run(input, options, { cache }) {
    const o = options as Options;
    const results: FunctionResult[] = [];
    if ('match' in o && !toRegExp(o.match as string, cache).test(input as string)) {
      results.push({ message: `#{{print("value")}} must match the pattern ${printValue(o.match)}` });
    }
    if ('notMatch' in o && toRegExp(o.notMatch as string, cache).test(input as string)) {
      results.push({ message: `#{{print("value")}} must not match the pattern ${printValue(o.notMatch)}` });
    }
    return results.length ? results : undefined;
  },
};

const CASES: Record<string, string> = {
  flat: '[a-z][a-z{__DIGITS__}]*',
  camel: '[a-z][a-z{__DIGITS__}]*(?:[A-Z{__DIGITS__}](?:[a-z{__DIGITS__}]+|$))*',
  pascal: '[A-Z][a-z{__DIGITS__}]*(?:[A-Z{__DIGITS__}](?:[a-z{__DIGITS__}]+|$))*',
  kebab: '[a-z][a-z{__DIGITS__}]*(?:-[a-z{__DIGITS__}]+)*',
  cobol: '[A-Z][A-Z{__DIGITS__}]*(?:-[A-Z{__DIGITS__}]+)*',
  snake: '[a-z][a-z{__DIGITS__}]*(?:_[a-z{__DIGITS__}]+)*',
  macro: '[A-Z][A-Z{__DIGITS__}]*(?:_[A-Z{__DIGITS__}]+)*',
};

function casingRegExp(o: Options): RegExp {
  const base = CASES[o.type as string].replace(/\{__DIGITS__\}/g, o.disallowDigits === true ? '' : '0-9');
  const separator = o.separator as { char: string; allowLeading?: boolean } | undefined;
  if (!separator) return new RegExp(`^${base}$`);
  const sep = `[${separator.char.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}]`;
  return new RegExp(`^${separator.allowLeading === true ? sep + '?' : ''}${base}(?:${sep}${base})*$`);
}

const casing: RulesetFunction = {
  name: 'casing',
  pure: true,
  options: {
    type: 'flat, camel, pascal, kebab, cobol, snake or macro.',
    disallowDigits: 'When true, digits are not allowed.',
    separator: '`{ char, allowLeading }`: a character that may separate groups of words.',
  },
  checkOptions: objectOptions('casing', '{ "type": "camel" }, { "type": "pascal", "disallowDigits": true }', (o) => {
    if (!(typeof o.type === 'string' && o.type in CASES)) return `"casing" function and its "type" option accept the following values: ${Object.keys(CASES).join(', ')}`;
    if ('disallowDigits' in o && typeof o.disallowDigits !== 'boolean') return '"casing" function and its "disallowDigits" option must be a boolean';
    if ('separator' in o) {
      const s = o.separator;
      if (!isObject(s) || typeof s.char !== 'string' || s.char.length > 1) return '"casing" function and its "separator.char" option accepts only char, i.e. "I" or "/"';
      if ('allowLeading' in s && typeof s.allowLeading !== 'boolean') return '"casing" function and its "separator.allowLeading" option must be a boolean';
    }
    return unknownKeys(o, ['type', 'disallowDigits', 'separator']);
  }),
  accepts: (input) => typeof input === 'string' && input.length > 0,
  run(input, options) {
    const o = options as Options;
    const separator = o.separator as { char: string; allowLeading?: boolean } | undefined;
    if ((input as string).length === 1 && separator?.allowLeading === true && input === separator.char) return undefined;
    return casingRegExp(o).test(input as string) ? undefined : [{ message: `must be ${o.type} case` }];
  },
};

const enumeration: RulesetFunction = {
  name: 'enumeration',
  pure: true,
  options: { values: 'The allowed values (strings, numbers, booleans or null).' },
  checkOptions: objectOptions('enumeration', '{ "values": ["Berlin", "London", "Paris"] }, { "values": [2, 3, 5, 8, 13, 21] }', (o) => {
    if (!Array.isArray(o.values) || o.values.some((v) => v !== null && typeof v === 'object')) return '"enumeration" and its "values" option support only arrays of primitive values, i.e. ["Berlin", "London", "Paris"]';
    return unknownKeys(o, ['values']);
  }),
  accepts: (input) => input === null || ['string', 'number', 'boolean'].includes(typeof input),
  run(input, options) {
    const values = (options as { values: unknown[] }).values;
    return values.includes(input) ? undefined : [{ message: `#{{print("value")}} must be equal to one of the allowed values: ${values.map(printValue).join(', ')}` }];
  },
};

const length: RulesetFunction = {
  name: 'length',
  pure: true,
  options: { min: 'The smallest length (characters, items, properties, or the number itself).', max: 'The largest length.' },
  checkOptions: objectOptions('length', '{ "min": 2 }, { "max": 5 }, { "min": 0, "max": 10 }', (o) => {
    if (!('min' in o) && !('max' in o)) return '"length" function has invalid options specified. Example valid options: { "min": 2 }, { "max": 5 }, { "min": 0, "max": 10 }';
    for (const k of ['min', 'max']) if (k in o && typeof o[k] !== 'number') return `"length" function and its "${k}" option must be a number`;
    return unknownKeys(o, ['min', 'max']);
  }),
  accepts: (input) => Array.isArray(input) || isObject(input) || typeof input === 'string' || typeof input === 'number',
  run(input, options) {
    const o = options as { min?: number; max?: number };
    const value = isPlainObject(input) ? Object.keys(input).length : typeof input === 'number' ? input : (input as string | unknown[]).length;
    const results: FunctionResult[] = [];
    if (o.min !== undefined && value < o.min) results.push({ message: `${property}must be longer than ${printValue(o.min)}` });
    if (o.max !== undefined && value > o.max) results.push({ message: `${property}must be shorter than ${printValue(o.max)}` });
    return results.length ? results : undefined;
  },
};

function compareItems(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

const alphabetical: RulesetFunction = {
  name: 'alphabetical',
  memoKey: lastSegment,
  options: { keyedBy: 'For an array of objects: the property to sort by.' },
  checkOptions(options) {
    if (options === undefined || options === null) return undefined;
    if (!isObject(options) || (options.keyedBy !== undefined && typeof options.keyedBy !== 'string') || unknownKeys(options, ['keyedBy'])) {
      return '"alphabetical" function has invalid options specified. Example valid options: null (no options), { "keyedBy": "my-key" }';
    }
    return undefined;
  },
  accepts: (input) => Array.isArray(input) || isObject(input),
  run(input, options, { path }) {
    let items: unknown[] = Array.isArray(input) ? input : Object.keys(input as Options);
    if (items.length < 2) return undefined;
    const keyedBy = isObject(options) ? (options.keyedBy as string | undefined) : undefined;
    if (keyedBy !== undefined) {
      const keys: unknown[] = [];
      for (const item of items) {
        if (typeof item !== 'object' || item === null) return [{ message: `${property}must be an object` }];
        keys.push((item as Options)[keyedBy]);
      }
      items = keys;
    }
    if (!items.every((i) => typeof i === 'string' || typeof i === 'number')) return [{ message: `${property}must be one of the allowed types: number, string` }];
    for (let i = 0; i < items.length - 1; i++) {
      if (compareItems(items[i], items[i + 1]) > 0) {
        if (keyedBy !== undefined) return [{ message: 'properties must follow the alphabetical order' }];
        return [{ path: [...path, Array.isArray(input) ? i : (items[i] as string)], message: `${printValue(items[i])} must be placed after ${printValue(items[i + 1])}` }];
      }
    }
    return undefined;
  },
};

function propertiesOption(name: string, example: string) {
  return objectOptions(name, example, (o) => {
    if (!Array.isArray(o.properties) || o.properties.length < 2 || o.properties.some((p) => typeof p !== 'string')) {
      return name === 'xor'
        ? '"xor" and its "properties" option support 2-item tuples, i.e. ["id", "name"]'
        : '"or" requires at least two enumerated "properties", i.e. ["default", "example"], ["title", "summary", "description"], etc.';
    }
    return unknownKeys(o, ['properties']);
  });
}

function atLeastOne(properties: string[]): string {
  if (properties.length > 4) return `At least one of "${properties.slice(0, 3).join('" or "')}" or ${properties.length - 3} other properties must be defined`;
  return `At least one of "${properties.join('" or "')}" must be defined`;
}

const xor: RulesetFunction = {
  name: 'xor',
  pure: true,
  options: { properties: 'The properties of which exactly one must be present.' },
  checkOptions: propertiesOption('xor', '{ "properties": ["id", "name"] }, { "properties": ["country", "street"] }'),
  accepts: isObject,
  run(input, options) {
    const properties = (options as { properties: string[] }).properties;
    const present = Object.keys(input as Options).filter((k) => properties.includes(k));
    if (present.length === 0) return [{ message: atLeastOne(properties) }];
    if (present.length > 1) return [{ message: `Just one of "${present.join('" and "')}" must be defined` }];
    return undefined;
  },
};

const or: RulesetFunction = {
  name: 'or',
  pure: true,
  options: { properties: 'The properties of which at least one must be present.' },
  checkOptions: propertiesOption('or', '{ "properties": ["default", "example"] }, { "properties": ["title", "summary", "description"] }, etc.'),
  accepts: isObject,
  run(input, options) {
    const properties = (options as { properties: string[] }).properties;
    return Object.keys(input as Options).some((k) => properties.includes(k)) ? undefined : [{ message: atLeastOne(properties) }];
  },
};

const DIALECTS = ['auto', 'draft4', 'draft6', 'draft7', 'draft2019-09', 'draft2020-12'];

function detectDialect(schema: unknown): string {
  const id = isObject(schema) && typeof schema.$schema === 'string' ? schema.$schema : '';
  if (/draft-04/.test(id)) return 'draft4';
  if (/draft-06/.test(id)) return 'draft6';
  if (/2019-09/.test(id)) return 'draft2019-09';
  if (/2020-12/.test(id)) return 'draft2020-12';
  return 'draft7';
}

export function makeAjv(dialect: string, allErrors: boolean): Ajv {
  // No optimising passes over the generated code: they change how fast a validator is made, not what it finds,
  // and most validators (one per distinct example schema) run once.
  const options = { allErrors, strict: false, validateSchema: false, logger: false as const, meta: true, code: { optimize: false } };
  const ajv = dialect === 'draft4' ? new AjvDraft4(options) : dialect === 'draft2019-09' ? new Ajv2019(options) : dialect === 'draft2020-12' ? new Ajv2020(options) : new Ajv(options);
  addFormats(ajv as never);
  return ajv as Ajv;
}

function compileSchema(schema: unknown, dialect: string, allErrors: boolean, cache: Map<unknown, unknown>): ValidateFunction {
  let byDialect = cache.get(schema) as Map<string, ValidateFunction> | undefined;
  if (!byDialect) cache.set(schema, (byDialect = new Map()));
  const key = `${dialect}:${allErrors}`;
  let validate = byDialect.get(key);
  if (!validate) {
    const ajvKey = `ajv:${key}`;
    let ajv = cache.get(ajvKey) as Ajv | undefined;
    if (!ajv) cache.set(ajvKey, (ajv = makeAjv(dialect, allErrors)));
    validate = ajv.compile(schema as object);
    byDialect.set(key, validate);
  }
  return validate;
}

/** An Ajv error worded as Spectral words it (after @stoplight/better-ajv-errors). */
function wordError(error: ErrorObject, input: unknown, path: JsonPath): { message: string; path: JsonPath } {
  const segments = error.instancePath ? error.instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')) : [];
  const last = segments.length ? segments[segments.length - 1] : path.length ? String(path[path.length - 1]) : null;
  let valueAt: unknown = input;
  for (const s of segments) valueAt = isObject(valueAt) || Array.isArray(valueAt) ? (valueAt as Options)[s] : undefined;
  const pretty = last === null ? capitalise(typeof valueAt) : `"${last}" property`;
  const ajvMessage = (error.message ?? '').replace(/['"]/g, '"').replace(/NOT/g, 'not');
  let message: string;
  switch (error.keyword) {
    case 'additionalProperties':
      message = `Property "${(error.params as { additionalProperty: string }).additionalProperty}" is not expected to be here`;
      break;
    case 'type':
      message = last === null ? `Value type ${ajvMessage}` : `"${last}" property type ${ajvMessage}`;
      break;
    case 'enum':
      message = `${pretty} ${ajvMessage}: ${((error.params as { allowedValues: unknown[] }).allowedValues).map((v) => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v))).join(', ')}`;
      break;
    default:
      message = `${pretty} ${ajvMessage}`;
  }
  const index = segments.length ? segments[segments.length - 1] : undefined;
  if (index !== undefined && /^\d+$/.test(index)) {
    for (const prefix of [`"${index}" property type`, `"${index}" property`]) {
      if (message.startsWith(prefix)) {
        message = `Item at index ${index}${message.slice(prefix.length)}`;
        break;
      }
    }
  }
  return { message, path: [...path, ...segments] };
}

function capitalise(word: string): string {
  return word.replace(/^[a-z]/, (c) => c.toUpperCase());
}

const schema: RulesetFunction = {
  name: 'schema',
  memoKey: lastSegment,
  options: {
    schema: 'The JSON Schema the value must match.',
    dialect: 'auto (from `$schema`), draft4, draft6, draft7, draft2019-09 or draft2020-12.',
    allErrors: 'Report every error, not only the first.',
  },
  checkOptions: objectOptions('schema', '{ "schema": { /* any JSON Schema can be defined here */ } , { "schema": { "type": "object" }, "dialect": "auto" }', (o) => {
    if (!isObject(o.schema) && typeof o.schema !== 'boolean') return '"schema" function and its "schema" option must be a JSON Schema (an object)';
    if ('dialect' in o && !DIALECTS.includes(o.dialect as string)) return `"schema" function and its "dialect" option accepts only the following types: ${DIALECTS.join(', ')}`;
    if ('allErrors' in o && typeof o.allErrors !== 'boolean') return '"schema" function and its "allErrors" option accepts only the following types: boolean';
    const unknown = unknownKeys(o, ['schema', 'dialect', 'allErrors']);
    if (unknown) return unknown;
    try {
      const dialect = o.dialect === undefined || o.dialect === 'auto' ? detectDialect(o.schema) : (o.dialect as string);
      makeAjv(dialect, false).compile(o.schema as object);
    } catch (error) {
      return `"schema" function: the schema does not compile: ${(error as Error).message}`;
    }
    return undefined;
  }),
  run(input, options, { path, cache }) {
    if (input === undefined) return [{ path, message: `${property}must exist` }];
    const o = options as { schema: unknown; dialect?: string; allErrors?: boolean };
    const dialect = o.dialect === undefined || o.dialect === 'auto' ? detectDialect(o.schema) : o.dialect;
    return validateAgainst(input, o.schema, dialect, o.allErrors === true, path, cache);
  },
};

/**
 * The `schema` function's check with a dialect chosen by the caller (the OpenAPI functions choose
 * it by the document's version); `prepare` may reword Ajv's errors first, as Spectral lets them.
 */
export function validateAgainst(input: unknown, schemaValue: unknown, dialect: string, allErrors: boolean, path: JsonPath, cache: Map<unknown, unknown>, prepare?: (errors: ErrorObject[]) => void): FunctionResult[] | undefined {
  let validate: ValidateFunction;
  try {
    validate = compileSchema(schemaValue, dialect, allErrors, cache);
  } catch (error) {
    return [{ path, message: (error as Error).message }];
  }
  if (validate(input) !== false || !validate.errors) return undefined;
  const errors = validate.errors.filter((e) => !(['anyOf', 'oneOf'].includes(e.keyword) && validate.errors!.some((o2) => o2 !== e && o2.instancePath.startsWith(e.instancePath) && o2.instancePath !== e.instancePath)));
  const copies = errors.map((e) => ({ ...e }));
  prepare?.(copies);
  return copies.map((e) => wordError(e, input, path));
}

/** Spectral's core functions, by name. */
export const CORE_FUNCTIONS: readonly RulesetFunction[] = [alphabetical, casing, defined, enumeration, falsy, length, or, pattern, schema, truthy, undefinedFunction, xor];
