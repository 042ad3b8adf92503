// The reference our OpenAPI schema findings are compared with: Ajv with the official schema of the
// document's version (3.1 with the corrections of oasAjv.ts), compiled here with `allErrors`, and a
// precise rule for which instance locations (JSON pointers) its errors put in error.
//
// Ajv's error list for a failed `oneOf`/`anyOf` is the concatenation of every branch's errors, so
// "the locations Ajv reports" is not one set but one per reading of each alternative. The rule:
//
// 1. A leaf error (any keyword but `oneOf`, `anyOf` and `if`) is located at its instance path, with
//    the key appended where the error is about one member of an object: `additionalProperties`,
//    `unevaluatedProperties`, `propertyNames` (the offending key), `not: { required: [k] }` (the
//    key `k` that must not be there), `uniqueItems` (each item equal to an earlier one).
//    `if` only summarises the `then`/`else` errors beside it and is dropped.
// 2. A failed `oneOf`/`anyOf` at location Q is one choice among the readings of its branches: the
//    locations of a branch's errors, by these same rules, validating the value at Q against that
//    branch alone. When more than one `oneOf` branch passes, Q itself is the one reading. Two
//    things rule branches out, as they tell what the author meant:
//    - an object with `$ref` is a Reference Object: if some branches require `$ref` and others do
//      not, only those that fit the value's having `$ref` or not are readings;
//    - a branch whose `type` rejects the value at Q is not a reading when another branch's allows it.
// 3. An `unevaluatedProperties` error is a consequence, not a defect, for a key that a subschema
//    applying to the object declares (`properties`, `patternProperties`, through `allOf`, `anyOf`,
//    `oneOf`, `$ref`, `dependentSchemas` and the `then`/`else` the `if` picks): JSON Schema drops
//    the annotations of a subschema that fails, so one wrong value makes every key beside it that
//    the same subschema declares "unevaluated". The failure itself is reported where it is.
// 4. The grouping of one finding per defect: when every remaining branch of a failed alternative
//    rejects the same member Q/p by `enum`/`const` (a discriminator such as `type` or `in` with a
//    value no branch allows), Q/p alone is also a reading.
//
// The document's defect locations are the leaves plus one reading of each alternative; our
// findings agree when their set of locations equals one such combination. Branch errors are told
// apart from the others without trusting `schemaPath` (relative to each `$ref`'s target in Ajv):
// Ajv writes a failed alternative's branch errors right before its own error, so the block it
// owns is as long as the errors of its branches validated alone (up to the second passing branch
// of a `oneOf`, where Ajv stops), and this is checked.

import Ajv2020 from 'ajv/dist/2020';
import type AjvCore from 'ajv/dist/core';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/core';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { formatsUsed, oasRootSchema, rootBase } from '../../server/src/service/openapi/schema/oasAjv';
import type { OasVersion } from '../../server/src/service/openapi/schemaValidation';
import { pointerSegments, valueAtPath } from '../../server/src/service/pointer';

const DRAFT_04_META = 'http://json-schema.org/draft-04/schema';

/** A JSON pointer into the document. */
export type Location = string;

/** Where a document is in error: `leaves` always, plus one reading of each failed alternative. */
export interface Blame {
  leaves: Location[];
  choices: Blame[][];
  /** The leaves that an `enum` or `const` put in error (for rule 4). */
  rejected?: Location[];
  /** The leaves that a `type` put in error. */
  mistyped?: Location[];
}

export interface Oracle {
  valid(value: unknown): boolean;
  blame(value: unknown): Blame;
}

/** The plain JSON pointer of a path (`''` for the document), as Ajv writes instance paths. */
export function pointer(path: (string | number)[]): Location {
  return path.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

function valueAt(document: unknown, location: Location): unknown {
  return valueAtPath(document, pointerSegments(location));
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export function createOracle(version: OasVersion): Oracle {
  const options = { allErrors: true, verbose: true, strict: false, logger: false as const };
  const ajv: AjvCore = version === '3.1' ? new Ajv2020(options) : new AjvDraft04(options);
  addFormats(ajv);
  // The official schema as validated (3.1 with the corrections documented in oasAjv.ts).
  const root = oasRootSchema(version);
  for (const format of formatsUsed(root)) if (!ajv.formats[format]) ajv.addFormat(format, true);
  ajv.addSchema(root);
  const base = rootBase(version);

  // Where each schema object sits, to validate a branch of an alternative on its own.
  const places = new Map<object, string>();
  const nodes = new Map<string, unknown>();
  const index = (node: unknown, at: string) => {
    if (typeof node !== 'object' || node === null || places.has(node)) return;
    places.set(node, at);
    nodes.set(at, node);
    for (const [key, child] of Object.entries(node)) index(child, `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  };
  index(root, base + '#');
  const meta = ajv.getSchema(DRAFT_04_META)?.schema;
  if (version !== '3.1' && meta) index(meta, DRAFT_04_META + '#');

  const validators = new Map<string, ValidateFunction>();
  const validatorAt = (place: string): ValidateFunction => {
    let validate = validators.get(place);
    if (!validate) {
      const hash = place.indexOf('#');
      validate = ajv.getSchema(place.slice(0, hash) + '#' + encodeURI(place.slice(hash + 1)));
      if (!validate) throw new Error(`oracle: no schema at ${place}`);
      validators.set(place, validate);
    }
    return validate;
  };
  const errorsOf = (validate: ValidateFunction, value: unknown): ErrorObject[] => (validate(value) ? [] : [...(validate.errors ?? [])]);

  const branchPlace = (branch: unknown): string => {
    const place = typeof branch === 'object' && branch !== null ? places.get(branch) : undefined;
    if (place === undefined) throw new Error(`oracle: a branch that is not part of the schema: ${JSON.stringify(branch)}`);
    return place;
  };

  /** Whether `key` is declared for `value` by `schema` or a subschema applying in place (rule 3). */
  const declares = (schema: unknown, value: Record<string, unknown>, key: string, seen = new Set<unknown>()): boolean => {
    if (typeof schema !== 'object' || schema === null || seen.has(schema)) return false;
    seen.add(schema);
    const s = schema as Record<string, unknown>;
    const self = (sub: unknown) => declares(sub, value, key, seen);
    if (typeof s.properties === 'object' && s.properties !== null && Object.hasOwn(s.properties, key)) return true;
    if (typeof s.patternProperties === 'object' && s.patternProperties !== null && Object.keys(s.patternProperties).some((p) => new RegExp(p, 'u').test(key))) return true;
    for (const keyword of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(s[keyword]) && (s[keyword] as unknown[]).some(self)) return true;
    if (typeof s.$ref === 'string' && s.$ref.startsWith('#') && self(nodes.get(base + s.$ref))) return true;
    if (typeof s.dependentSchemas === 'object' && s.dependentSchemas !== null) {
      for (const [present, sub] of Object.entries(s.dependentSchemas)) if (Object.hasOwn(value, present) && self(sub)) return true;
    }
    if (s.if !== undefined) {
      const holds = typeof s.if === 'boolean' ? s.if : (validatorAt(places.get(s.if as object)!)(value) as boolean);
      if (holds ? self(s.if) || self(s.then) : self(s.else)) return true;
    }
    return false;
  };

  const leafLocations = (error: ErrorObject, where: Location): Location[] => {
    if (error.keyword === 'unevaluatedProperties') {
      const key = String((error.params as Record<string, unknown>).unevaluatedProperty);
      if (declares(error.parentSchema, error.data as Record<string, unknown>, key)) return [];
    }
    return locationsOf(error, where);
  };

  const blameOf = (errors: ErrorObject[], value: unknown, at: Location): Blame => {
    const leaves = new Set<Location>();
    const rejected = new Set<Location>();
    const mistyped = new Set<Location>();
    const choices: Blame[][] = [];
    for (let k = errors.length - 1; k >= 0; k--) {
      const error = errors[k];
      const where = at + error.instancePath;
      if (error.keyword !== 'oneOf' && error.keyword !== 'anyOf') {
        for (const location of leafLocations(error, where)) leaves.add(location);
        if (error.keyword === 'enum' || error.keyword === 'const') rejected.add(where);
        if (error.keyword === 'type') mistyped.add(where);
        continue;
      }
      const local = valueAt(value, error.instancePath);
      const branches = (error.schema as unknown[]).map((b) => {
        const errs = typeof b === 'boolean' ? (b ? [] : [falseError]) : errorsOf(validatorAt(branchPlace(b)), local);
        return { schema: b, errors: errs };
      });
      // A `oneOf` stops at its second passing branch.
      const passing = (error.params as { passingSchemas?: number[] | null }).passingSchemas;
      const tried = passing ? branches.slice(0, Math.max(...passing) + 1) : branches;
      const owned = tried.reduce((n, b) => n + b.errors.length, 0);
      checkBlock(errors.slice(Math.max(0, k - owned), k), tried.map((b) => b.errors).flat(), error.instancePath);
      k -= owned;
      if (passing) {
        choices.push([{ leaves: [where], choices: [] }]);
        continue;
      }
      let readings = branches.map((b) => (b.errors.length === 0 ? { leaves: [], choices: [] } : blameOf(b.errors, local, where)));
      // What rules branches out (rule 2).
      const isRef = branches.map((b) => requiresRef(b.schema));
      if (isRef.some((r) => r) && isRef.some((r) => !r) && typeof local === 'object' && local !== null && !Array.isArray(local)) {
        const hasRef = Object.hasOwn(local, '$ref');
        readings = readings.filter((_, i) => isRef[i] === hasRef);
      }
      const fitting = readings.filter((r) => !rejects(r, where, 'mistyped'));
      if (fitting.length > 0) readings = fitting;
      const members = new Set(readings.flatMap(allRejected).filter((l) => l.startsWith(where + '/') && !l.slice(where.length + 1).includes('/')));
      for (const member of members) if (readings.every((r) => rejects(r, member))) readings.push({ leaves: [member], choices: [] });
      choices.push(readings);
    }
    return { leaves: [...leaves].sort(), choices, rejected: [...rejected], mistyped: [...mistyped] };
  };

  const requiresRef = (schema: unknown, seen = new Set<unknown>()): boolean => {
    if (typeof schema !== 'object' || schema === null || seen.has(schema)) return false;
    seen.add(schema);
    const s = schema as Record<string, unknown>;
    if (Array.isArray(s.required) && s.required.includes('$ref')) return true;
    const place = places.get(s);
    return typeof s.$ref === 'string' && s.$ref.startsWith('#') && place !== undefined && requiresRef(nodes.get(place.slice(0, place.indexOf('#')) + s.$ref), seen);
  };

  const rootValidator = validatorAt(base + '#');
  return {
    valid: (value) => rootValidator(value) as boolean,
    blame: (value) => blameOf(errorsOf(rootValidator, value), value, ''),
  };
}

const falseError = { keyword: 'false schema', instancePath: '', schemaPath: '#', params: {} } as ErrorObject;

function locationsOf(error: ErrorObject, where: Location): Location[] {
  const params = error.params as Record<string, unknown>;
  const member = (key: unknown) => where + '/' + String(key).replace(/~/g, '~0').replace(/\//g, '~1');
  if (error.keyword === 'if') return [];
  if (typeof error.propertyName === 'string') return [member(error.propertyName)];
  switch (error.keyword) {
    case 'additionalProperties':
      return [member(params.additionalProperty)];
    case 'unevaluatedProperties':
      return [member(params.unevaluatedProperty)];
    case 'propertyNames':
      return [member(params.propertyName)];
    case 'not': {
      const required = (error.schema as { required?: unknown }).required;
      return Array.isArray(required) && required.length === 1 && Object.keys(error.schema as object).length === 1 ? [member(required[0])] : [where];
    }
    case 'uniqueItems': {
      const items = error.data as unknown[];
      return items.flatMap((item, j) => (items.slice(0, j).some((other) => equal(other, item)) ? [member(j)] : []));
    }
    default:
      return [where];
  }
}

function allRejected(blame: Blame): Location[] {
  return [...(blame.rejected ?? []), ...blame.choices.flat().flatMap(allRejected)];
}

/** Whether every reading of `blame` rejects the value at `location` by `enum`/`const` (or, `mistyped`, by `type`). */
function rejects(blame: Blame, location: Location, by: 'rejected' | 'mistyped' = 'rejected'): boolean {
  return (blame[by] ?? []).includes(location) || blame.choices.some((choice) => choice.every((r) => rejects(r, location, by)));
}

function checkBlock(block: ErrorObject[], separately: ErrorObject[], prefix: string): void {
  const show = (e: ErrorObject, p = '') => `${e.keyword} ${p}${e.instancePath} ${JSON.stringify(e.params)}`;
  const a = block.map((e) => show(e));
  const b = separately.map((e) => show(e, prefix));
  if (a.length !== b.length || a.some((x, i) => x !== b[i])) {
    throw new Error(`oracle: the errors before a failed alternative are not its branches' own:\n  in context: ${a.join('\n    ')}\n  alone: ${b.join('\n    ')}`);
  }
}

/** Whether `ours` is exactly the leaves plus one reading of each alternative. */
export function agrees(blame: Blame, ours: Set<Location>): boolean {
  for (const found of readingsWithin(blame, ours)) if (found.size === ours.size) return true;
  return false;
}

/** Every combination of readings whose locations all lie in `within` (others could never match). */
function* readingsWithin(blame: Blame, within: Set<Location>): Generator<Set<Location>> {
  if (!blame.leaves.every((l) => within.has(l))) return;
  const combine = function* (i: number, sofar: Set<Location>): Generator<Set<Location>> {
    if (i === blame.choices.length) {
      yield sofar;
      return;
    }
    const seen = new Set<string>();
    for (const reading of blame.choices[i]) {
      for (const part of readingsWithin(reading, within)) {
        const next = new Set([...sofar, ...part]);
        const key = [...next].sort().join('\n');
        if (seen.has(key)) continue;
        seen.add(key);
        yield* combine(i + 1, next);
      }
    }
  };
  yield* combine(0, new Set(blame.leaves));
}

/** A few full readings, for a failure message (closest to `ours` first). */
export function someReadings(blame: Blame, ours: Set<Location>, limit = 200): Location[][] {
  const all: Location[][] = [];
  const expand = (b: Blame): Location[][] => {
    let sets: Location[][] = [b.leaves];
    for (const choice of b.choices) {
      const options = choice.flatMap(expand);
      const next: Location[][] = [];
      for (const s of sets) for (const o of options) if (next.length < limit) next.push([...new Set([...s, ...o])]);
      sets = next;
    }
    return sets;
  };
  all.push(...expand(blame));
  const distance = (s: Location[]) => s.filter((l) => !ours.has(l)).length + [...ours].filter((l) => !s.includes(l)).length;
  return all.sort((x, y) => distance(x) - distance(y)).slice(0, 3).map((s) => s.sort());
}
