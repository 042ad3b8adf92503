// Explains why a value fails a JSON Schema, one finding per defect.
//
// Ajv answers "is this valid?" fast, but its error list for a failed oneOf/anyOf is the union
// of every branch's errors, and it does not say which branch an error came from. This walker
// follows the schema along the value instead: it tries each alternative, picks the one the
// author evidently meant, and reports only that one's problems. Ajv still decides validity of
// whole definitions on the way (see `SchemaSource.isValid`), so subtrees Ajv accepts are never
// walked and the walker cannot contradict it there.

import { hasJsonType, typeList, valuePhrase } from '../../jsonTypes';
import type { SchemaFinding } from '../schemaValidation';
import { schemaPattern } from './pattern';
import {
  type Path,
  capitalize,
  closest,
  code,
  definitionName,
  formatPhrase,
  label,
  list,
  patternAlternatives,
  withArticle,
} from './wording';

export type SchemaNode = boolean | { [keyword: string]: unknown };

export interface ResolvedSchema {
  node: SchemaNode;
  /** Base URI of the document holding the node, for resolving its own `#...` references. */
  base: string;
  /** JSON pointer of the node in that document. */
  pointer: string;
}

/** What the walker needs from the compiled schemas. */
export interface SchemaSource {
  dialect: '04' | '2020';
  /** Resolves a `$ref` (or, with `dynamic`, a `$dynamicRef`) relative to `base`. */
  resolve(ref: string, base: string, dynamic: boolean): ResolvedSchema | undefined;
  /** Ajv's verdict for the schema at `base#pointer`, or undefined when it cannot tell. */
  isValid(target: ResolvedSchema, value: unknown): boolean | undefined;
  /** Whether a string satisfies a named format (unknown formats always do). */
  checkFormat(format: string, value: string): boolean;
  /** An example version number for the document's `openapi`/`swagger` field. */
  versionExample: string;
  /** The readable name of the object a resolved definition describes, for schemas whose definitions are not named as OpenAPI's are. */
  definitionName?(target: ResolvedSchema): string | undefined;
}

/** A finding plus what branch selection needs to know about it. */
interface Found extends SchemaFinding {
  /** Set when a single-valued enum/const on a string property failed: the values that would have matched (a discriminator such as `in: path`). */
  discriminator?: unknown[];
}

interface Outcome {
  findings: Found[];
  /** Properties of the value that this schema evaluated (for `unevaluatedProperties`). */
  evaluated: Set<string>;
}

type SchemaObject = { [keyword: string]: unknown };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return (
    ka.length === kb.length &&
    ka.every((k) => Object.hasOwn(b as object, k) && equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

const samePath = (a: Path, b: Path): boolean => a.length === b.length && a.every((s, i) => s === b[i]);
const none = (): Outcome => ({ findings: [], evaluated: new Set() });

export class Explainer {
  constructor(private readonly source: SchemaSource) {}

  private nameOf(target: ResolvedSchema): string | undefined {
    return this.source.definitionName ? this.source.definitionName(target) : definitionName(target.pointer, this.source.dialect);
  }

  /**
   * Findings for `value` (at `path`) against `node`. `name` is the readable name of the OAS object
   * being checked; `needEvaluated` is set when an enclosing `unevaluatedProperties` needs to know
   * which properties this schema evaluated (and so the subtree cannot be skipped on Ajv's word).
   */
  walk(node: SchemaNode, base: string, value: unknown, path: Path, name: string, needEvaluated: boolean): Outcome {
    const out = none();
    if (node === false) {
      out.findings.push({ path, on: 'key', code: 'oas.schema.invalid', message: `${label(path)} is not allowed here.` });
      return out;
    }
    if (typeof node !== 'object' || node === null) return out;
    const s = node as SchemaObject;
    const inPlaceNeed = needEvaluated || s.unevaluatedProperties !== undefined;

    if (typeof s.$ref === 'string') {
      const viaRef = this.viaRef(s.$ref, false, base, value, path, name, inPlaceNeed);
      // In draft-04 a $ref replaces its siblings.
      if (this.source.dialect === '04') return viaRef;
      merge(out, viaRef);
    }
    if (typeof s.$dynamicRef === 'string') merge(out, this.viaRef(s.$dynamicRef, true, base, value, path, name, inPlaceNeed));

    if (s.type !== undefined) {
      const types = (Array.isArray(s.type) ? s.type : [s.type]) as string[];
      if (!types.some((t) => hasJsonType(value, t))) {
        out.findings.push({
          path,
          on: 'value',
          code: 'oas.schema.type',
          message: `${label(path)} must be ${typeList(types)}, not ${valuePhrase(value)}.`,
          data: { expected: types },
        });
        return out;
      }
    }

    if (Array.isArray(s.enum) && !s.enum.some((e) => equal(e, value))) out.findings.push(this.mismatch(path, s.enum, value));
    if (Object.hasOwn(s, 'const') && !equal(s.const, value)) out.findings.push(this.mismatch(path, [s.const], value));

    if (typeof value === 'string') this.checkString(s, value, path, out);
    if (typeof value === 'number') this.checkNumber(s, value, path, out);
    if (Array.isArray(value)) this.checkArray(s, base, value, path, name, out);
    if (isPlainObject(value)) this.checkObject(s, base, value, path, name, inPlaceNeed, out);

    if (Array.isArray(s.allOf)) for (const sub of s.allOf) merge(out, this.walk(sub as SchemaNode, base, value, path, name, inPlaceNeed));
    if (Array.isArray(s.anyOf)) merge(out, this.alternatives('anyOf', s.anyOf as SchemaNode[], base, value, path, name, inPlaceNeed));
    if (Array.isArray(s.oneOf)) merge(out, this.alternatives('oneOf', s.oneOf as SchemaNode[], base, value, path, name, inPlaceNeed));
    if (s.not !== undefined) this.checkNot(s.not as SchemaNode, base, value, path, name, out);
    if (s.if !== undefined) {
      const condition = this.walk(s.if as SchemaNode, base, value, path, name, inPlaceNeed);
      const passed = condition.findings.length === 0;
      if (passed) condition.evaluated.forEach((k) => out.evaluated.add(k));
      const branch = passed ? s.then : s.else;
      if (branch !== undefined) merge(out, this.walk(branch as SchemaNode, base, value, path, name, inPlaceNeed));
    }

    if (isPlainObject(value) && s.unevaluatedProperties !== undefined) {
      for (const key of Object.keys(value)) {
        if (out.evaluated.has(key)) continue;
        if (s.unevaluatedProperties === false) out.findings.push(this.unknownKey(s, base, key, path, name));
        else merge(out, this.walk(s.unevaluatedProperties as SchemaNode, base, value[key], [...path, key], name, false));
        out.evaluated.add(key);
      }
    }
    return out;
  }

  private viaRef(ref: string, dynamic: boolean, base: string, value: unknown, path: Path, name: string, needEvaluated: boolean): Outcome {
    const target = this.source.resolve(ref, base, dynamic);
    if (!target) return none();
    if (!needEvaluated && this.source.isValid(target, value) === true) return none();
    const targetName = this.nameOf(target) ?? name;
    return this.walk(target.node, target.base, value, path, targetName, needEvaluated);
  }

  // ---- value keywords -------------------------------------------------------------------------

  private mismatch(path: Path, allowed: unknown[], value: unknown): Found {
    const key = path[path.length - 1];
    if (key === 'required' && allowed.length === 1 && allowed[0] === true) return pathParameterRequired(path.slice(0, -1), path);
    const suggestion =
      typeof value === 'string' ? closest(value, allowed.filter((a): a is string => typeof a === 'string')) : undefined;
    const expected = allowed.length === 1 ? code(allowed[0]) : `one of ${allowed.map(code).join(', ')}`;
    const found: Found = {
      path,
      on: 'value',
      code: 'oas.schema.value',
      message: `${label(path)} must be ${expected}; got ${code(value)}.` + (suggestion ? ` Did you mean ${code(suggestion)}?` : ''),
      data: suggestion ? { allowed, suggestion } : { allowed },
    };
    if (typeof value === 'string' && allowed.length === 1 && typeof allowed[0] === 'string') found.discriminator = allowed;
    return found;
  }

  private checkString(s: SchemaObject, value: string, path: Path, out: Outcome): void {
    const l = label(path);
    if (typeof s.pattern === 'string') {
      const re = schemaPattern(s.pattern);
      if (re && !re.test(value)) {
        out.findings.push({ path, on: 'value', code: 'oas.schema.value', message: this.patternMessage(path, s.pattern, value), data: { pattern: s.pattern } });
      }
    }
    if (typeof s.format === 'string' && !this.source.checkFormat(s.format, value)) {
      out.findings.push({ path, on: 'value', code: 'oas.schema.value', message: `${l} must be ${formatPhrase(s.format)}; got ${code(value)}.`, data: { format: s.format } });
    }
    const length = [...value].length;
    if (typeof s.minLength === 'number' && length < s.minLength) {
      out.findings.push({ path, on: 'value', code: 'oas.schema.value', message: s.minLength === 1 ? `${l} must not be empty.` : `${l} must be at least ${s.minLength} characters long.` });
    }
    if (typeof s.maxLength === 'number' && length > s.maxLength) {
      out.findings.push({ path, on: 'value', code: 'oas.schema.value', message: `${l} must be at most ${s.maxLength} characters long.` });
    }
  }

  private patternMessage(path: Path, pattern: string, value: string): string {
    const l = label(path);
    const key = path[path.length - 1];
    if (key === 'openapi' || key === 'swagger') return `${l} must be a version number such as ${code(this.source.versionExample)}; got ${code(value)}.`;
    if (key === 'host') return `${l} must be a host name with an optional port, without a scheme or path; got ${code(value)}.`;
    if (pattern === '^/') return `${l} must start with \`/\`; got ${code(value)}.`;
    return `${l} must match the pattern ${code(pattern)}; got ${code(value)}.`;
  }

  private checkNumber(s: SchemaObject, value: number, path: Path, out: Outcome): void {
    const l = label(path);
    const push = (message: string) => out.findings.push({ path, on: 'value', code: 'oas.schema.value', message });
    if (typeof s.minimum === 'number') {
      if (s.exclusiveMinimum === true ? value <= s.minimum : value < s.minimum) {
        push(`${l} must be ${s.exclusiveMinimum === true ? 'greater than' : 'at least'} ${s.minimum}; got ${value}.`);
      }
    }
    if (typeof s.maximum === 'number') {
      if (s.exclusiveMaximum === true ? value >= s.maximum : value > s.maximum) {
        push(`${l} must be ${s.exclusiveMaximum === true ? 'less than' : 'at most'} ${s.maximum}; got ${value}.`);
      }
    }
    if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum) push(`${l} must be greater than ${s.exclusiveMinimum}; got ${value}.`);
    if (typeof s.exclusiveMaximum === 'number' && value >= s.exclusiveMaximum) push(`${l} must be less than ${s.exclusiveMaximum}; got ${value}.`);
    if (typeof s.multipleOf === 'number' && s.multipleOf > 0) {
      const q = value / s.multipleOf;
      if (Math.abs(q - Math.round(q)) > 1e-9) push(`${l} must be a multiple of ${s.multipleOf}; got ${value}.`);
    }
  }

  private checkArray(s: SchemaObject, base: string, value: unknown[], path: Path, name: string, out: Outcome): void {
    const l = label(path);
    if (s.items !== undefined) {
      if (Array.isArray(s.items)) {
        s.items.forEach((item, i) => {
          if (i < value.length) merge(out, this.walk(item as SchemaNode, base, value[i], [...path, i], name, false), false);
        });
      } else {
        value.forEach((item, i) => merge(out, this.walk(s.items as SchemaNode, base, item, [...path, i], name, false), false));
      }
    }
    if (typeof s.minItems === 'number' && value.length < s.minItems) {
      out.findings.push({ path, on: 'value', code: 'oas.schema.value', message: s.minItems === 1 ? `${l} must not be empty.` : `${l} must have at least ${s.minItems} items.` });
    }
    if (typeof s.maxItems === 'number' && value.length > s.maxItems) {
      out.findings.push({ path, on: 'value', code: 'oas.schema.value', message: `${l} must have at most ${s.maxItems} item${s.maxItems === 1 ? '' : 's'}.` });
    }
    if (s.uniqueItems === true) {
      for (let j = 1; j < value.length; j++) {
        const i = value.findIndex((other, k) => k < j && equal(other, value[j]));
        if (i >= 0) {
          out.findings.push({
            path: [...path, j],
            on: 'value',
            code: 'oas.schema.value',
            message: `${l} must not contain duplicates; item ${j} repeats item ${i}.`,
            data: { duplicateOf: i },
          });
        }
      }
    }
  }

  private checkObject(s: SchemaObject, base: string, value: Record<string, unknown>, path: Path, name: string, needEvaluated: boolean, out: Outcome): void {
    if (Array.isArray(s.required)) {
      for (const key of s.required as string[]) if (!Object.hasOwn(value, key)) out.findings.push(missing(s, path, key, name));
    }
    const properties = isPlainObject(s.properties) ? (s.properties as Record<string, SchemaNode>) : undefined;
    const patterns = isPlainObject(s.patternProperties)
      ? Object.entries(s.patternProperties as Record<string, SchemaNode>).map(([p, sub]) => [schemaPattern(p), sub] as const)
      : [];
    const checksKeys = properties !== undefined || patterns.length > 0 || s.additionalProperties !== undefined;
    if (checksKeys) {
      for (const key of Object.keys(value)) {
        const child = [...path, key];
        let matched = false;
        if (properties && Object.hasOwn(properties, key)) {
          matched = true;
          merge(out, this.walk(properties[key], base, value[key], child, name, false), false);
        }
        for (const [re, sub] of patterns) {
          if (re && re.test(key)) {
            matched = true;
            merge(out, this.walk(sub, base, value[key], child, name, false), false);
          }
        }
        if (!matched && s.additionalProperties !== undefined) {
          if (s.additionalProperties === false) out.findings.push(this.unknownKey(s, base, key, path, name));
          else merge(out, this.walk(s.additionalProperties as SchemaNode, base, value[key], child, name, false), false);
          matched = true;
        }
        if (matched) out.evaluated.add(key);
      }
    }
    if (s.propertyNames !== undefined) {
      for (const key of Object.keys(value)) {
        const keyPath = [...path, key];
        const sub = s.propertyNames as SchemaNode;
        const pattern = isPlainObject(sub) && typeof sub.pattern === 'string' ? sub.pattern : undefined;
        const re = pattern ? schemaPattern(pattern) : null;
        if (pattern && re && !re.test(key)) {
          out.findings.push({
            path: keyPath,
            on: 'key',
            code: 'oas.schema.unknownKey',
            message:
              pattern === '^[a-zA-Z0-9._-]+$'
                ? `${code(key)} is not a valid name here; use only letters, digits, \`.\`, \`-\` and \`_\`.`
                : `${code(key)} is not a valid name here; names must match ${code(pattern)}.`,
            data: { pattern },
          });
        }
      }
    }
    const count = Object.keys(value).length;
    if (typeof s.minProperties === 'number' && count < s.minProperties) {
      out.findings.push(
        name === 'Responses Object'
          ? noResponses(path)
          : { path, on: 'value', code: 'oas.schema.value', message: s.minProperties === 1 ? `${label(path)} must not be empty.` : `${label(path)} must have at least ${s.minProperties} entries.` },
      );
    }
    if (typeof s.maxProperties === 'number' && count > s.maxProperties) {
      out.findings.push({ path, on: 'value', code: 'oas.schema.value', message: `${label(path)} must have at most ${s.maxProperties} entr${s.maxProperties === 1 ? 'y' : 'ies'}.` });
    }
    const dependent = isPlainObject(s.dependentSchemas) ? s.dependentSchemas : isPlainObject(s.dependencies) ? s.dependencies : undefined;
    if (dependent) {
      for (const [key, sub] of Object.entries(dependent)) {
        if (!Object.hasOwn(value, key)) continue;
        if (Array.isArray(sub)) {
          for (const other of sub as string[]) if (!Object.hasOwn(value, other)) out.findings.push(missing(s, path, other, name));
        } else {
          merge(out, this.walk(sub as SchemaNode, base, value, path, name, needEvaluated));
        }
      }
    }
  }

  private checkNot(sub: SchemaNode, base: string, value: unknown, path: Path, name: string, out: Outcome): void {
    if (this.walk(sub, base, value, path, name, false).findings.length > 0) return;
    if (name === 'Responses Object') {
      out.findings.push(noResponses(path));
      return;
    }
    const required = isPlainObject(sub) && Array.isArray(sub.required) ? (sub.required as string[]) : undefined;
    if (required && required.length === 1) {
      out.findings.push({ path: [...path, required[0]], on: 'key', code: 'oas.schema.invalid', message: `${code(required[0])} is not allowed in this ${name}.` });
    } else if (required && required.length > 1) {
      out.findings.push(conflict(path, name, required));
    } else {
      out.findings.push({ path, on: 'value', code: 'oas.schema.invalid', message: `${label(path)} is not valid here.` });
    }
  }

  // ---- keys -----------------------------------------------------------------------------------

  private unknownKey(s: SchemaObject, base: string, key: string, path: Path, name: string): Found {
    const keyPath = [...path, key];
    if (name === 'Responses Object' && key !== 'default') {
      const modern = this.source.versionExample !== '2.0';
      const upper = key.toUpperCase();
      const suggestion = /^[1-5](?:\d\d|XX)$/.test(upper) && (modern || !upper.includes('X')) ? upper : undefined;
      return {
        path: keyPath,
        on: 'key',
        code: 'oas.schema.unknownKey',
        message:
          `${code(key)} is not a valid response code; use an HTTP status code such as \`200\`, ` +
          (modern ? 'a range such as `2XX`, ' : '') +
          'or `default`.' +
          (suggestion && suggestion !== key ? ` Did you mean ${code(suggestion)}?` : ''),
        data: suggestion ? { suggestion } : undefined,
      };
    }
    if (name === 'Paths Object' && !key.startsWith('/')) {
      return {
        path: keyPath,
        on: 'key',
        code: 'oas.schema.unknownKey',
        message: `${code(key)} is not a valid path; paths must start with \`/\`.`,
        data: { suggestion: '/' + key },
      };
    }
    const suggestion = closest(key, this.knownKeys(s, base));
    return {
      path: keyPath,
      on: 'key',
      code: 'oas.schema.unknownKey',
      message: `${code(key)} is not allowed in ${withArticle(name)}` + (suggestion ? `; did you mean ${code(suggestion)}?` : '.'),
      data: suggestion ? { suggestion } : undefined,
    };
  }

  /** Every property name a schema (with what it applies in place) declares, for suggestions. */
  private knownKeys(node: SchemaNode, base: string, into = new Set<string>(), seen = new Set<SchemaNode>()): Set<string> {
    if (typeof node !== 'object' || node === null || seen.has(node)) return into;
    seen.add(node);
    const s = node as SchemaObject;
    if (isPlainObject(s.properties)) Object.keys(s.properties).forEach((k) => into.add(k));
    if (isPlainObject(s.patternProperties)) for (const p of Object.keys(s.patternProperties)) patternAlternatives(p).forEach((k) => into.add(k));
    for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
      const subs = s[keyword];
      if (Array.isArray(subs)) subs.forEach((sub) => this.knownKeys(sub as SchemaNode, base, into, seen));
    }
    for (const keyword of ['if', 'then', 'else']) if (s[keyword] !== undefined) this.knownKeys(s[keyword] as SchemaNode, base, into, seen);
    if (isPlainObject(s.dependentSchemas)) Object.values(s.dependentSchemas).forEach((sub) => this.knownKeys(sub as SchemaNode, base, into, seen));
    if (typeof s.$ref === 'string') {
      const target = this.source.resolve(s.$ref, base, false);
      if (target) this.knownKeys(target.node, target.base, into, seen);
    }
    return into;
  }

  // ---- alternatives ---------------------------------------------------------------------------

  private alternatives(kind: 'oneOf' | 'anyOf', branches: SchemaNode[], base: string, value: unknown, path: Path, name: string, needEvaluated: boolean): Outcome {
    const results = branches.map((b) => this.walk(b, base, value, path, name, needEvaluated));
    const passing = results.filter((r) => r.findings.length === 0);
    if (passing.length === 1 || (kind === 'anyOf' && passing.length > 1)) return { findings: [], evaluated: union(passing) };
    if (passing.length > 1) {
      const requiredOnly = branches.map((b) => (isPlainObject(b) && Array.isArray(b.required) && b.required.length === 1 ? (b.required[0] as string) : undefined));
      if (requiredOnly.every((k) => k !== undefined)) {
        // Worded like the `not: {required: [a, b]}` that often accompanies it, so the two collapse into one finding.
        const present = requiredOnly.filter((k) => isPlainObject(value) && Object.hasOwn(value, k!)) as string[];
        return { findings: [conflict(path, name, present)], evaluated: union(passing) };
      }
      const message = `${label(path)} matches more than one of the allowed forms; it must match exactly one.`;
      return { findings: [{ path, on: 'key', code: 'oas.schema.invalid', message }], evaluated: union(passing) };
    }

    // Nothing matched: work out which branch was meant.
    let candidates = branches.map((branch, i) => ({ branch, result: results[i] }));
    if (candidates.some((c) => this.isReferenceBranch(c.branch, base)) && candidates.some((c) => !this.isReferenceBranch(c.branch, base))) {
      const hasRef = isPlainObject(value) && Object.hasOwn(value, '$ref');
      candidates = candidates.filter((c) => this.isReferenceBranch(c.branch, base) === hasRef);
    }
    const own = (f: Found) => samePath(f.path, path);

    // Narrow by discriminating properties (`in`, `type`, `flow`): a branch that wants another value
    // of a property that other branches accept was not meant. Properties most branches disagree on go first.
    const discriminatorOf = (r: Outcome, key: string | number) =>
      r.findings.find((f) => f.discriminator !== undefined && f.path.length === path.length + 1 && f.path[path.length] === key);
    const unknownIn = (r: Outcome, key: string | number) =>
      r.findings.some((f) => f.code === 'oas.schema.unknownKey' && f.path.length === path.length + 1 && f.path[path.length] === key);
    for (;;) {
      const keys = new Set(candidates.flatMap((c) => c.result.findings.filter((f) => f.discriminator !== undefined && f.path.length === path.length + 1).map((f) => f.path[path.length])));
      let narrowed: typeof candidates | undefined;
      let mismatches = 0;
      for (const key of keys) {
        const rejecting = candidates.filter((c) => discriminatorOf(c.result, key));
        const accepting = candidates.filter((c) => !discriminatorOf(c.result, key) && !unknownIn(c.result, key));
        if (accepting.length > 0 && rejecting.length > mismatches) {
          narrowed = accepting;
          mismatches = rejecting.length;
        }
      }
      if (!narrowed) break;
      candidates = narrowed;
    }

    // Every remaining branch wants a different value of the same property: say which values are allowed.
    const first = candidates[0].result.findings.find((f) => f.discriminator !== undefined && f.path.length === path.length + 1);
    const shared = first?.path[path.length];
    if (candidates.length > 1 && shared !== undefined && candidates.every((c) => discriminatorOf(c.result, shared))) {
      const allowed = [...new Set(candidates.flatMap((c) => discriminatorOf(c.result, shared)!.discriminator!))];
      const found = this.mismatch([...path, shared], allowed, (value as Record<string, unknown>)[shared as string]);
      found.discriminator = allowed;
      // What else the likeliest branch finds is wrong whichever branch was meant (a `type` no parameter allows).
      const likeliest = likeliestOutcome(candidates.map((c) => c.result), path);
      const others = likeliest.findings.filter((f) => f !== discriminatorOf(likeliest, shared));
      return { findings: [found, ...others], evaluated: union(candidates.map((c) => c.result)) };
    }

    // Every branch lacks a different property: "requires `a` or `b`".
    const lacking = candidates.map((c) => (c.result.findings.length === 1 && c.result.findings[0].code === 'oas.schema.missingKey' && own(c.result.findings[0]) ? c.result.findings[0] : undefined));
    if (candidates.length > 1 && lacking.every((f) => f !== undefined)) {
      const keys = [...new Set(lacking.map((f) => f!.data!.missing as string))];
      return {
        findings: [{ path, on: 'key', code: 'oas.schema.missingKey', message: `${capitalize(withArticle(name))} requires ${list(keys, 'or')}.`, data: { missing: keys[0], alternatives: keys } }],
        evaluated: union(candidates.map((c) => c.result)),
      };
    }

    return likeliestOutcome(candidates.map((c) => c.result), path);
  }

  private isReferenceBranch(branch: SchemaNode, base: string): boolean {
    if (!isPlainObject(branch) || typeof branch.$ref !== 'string') return false;
    const target = this.source.resolve(branch.$ref, base, false);
    return target !== undefined && this.nameOf(target) === 'Reference Object';
  }
}

/**
 * The outcome of the branch most likely meant: the value has its type, its discriminating
 * properties are right, it lacks fewest keys, its errors lie deepest, and it has fewest.
 */
function likeliestOutcome(outcomes: Outcome[], path: Path): Outcome {
  const own = (f: Found) => samePath(f.path, path);
  const score = (r: Outcome): number[] => [
    r.findings.some((f) => f.code === 'oas.schema.type' && own(f)) ? 1 : 0,
    r.findings.some((f) => f.discriminator !== undefined && f.path.length === path.length + 1) ? 1 : 0,
    r.findings.filter((f) => f.code === 'oas.schema.missingKey' && own(f)).length,
    -Math.max(0, ...r.findings.map((f) => f.path.length)),
    r.findings.length,
  ];
  let best = outcomes[0];
  let bestScore = score(best);
  for (const outcome of outcomes.slice(1)) {
    const sc = score(outcome);
    const i = sc.findIndex((x, k) => x !== bestScore[k]);
    if (i >= 0 && sc[i] < bestScore[i]) {
      best = outcome;
      bestScore = sc;
    }
  }
  return best;
}

function merge(into: Outcome, from: Outcome, evaluated = true): void {
  for (const f of from.findings) into.findings.push(f);
  if (evaluated) from.evaluated.forEach((k) => into.evaluated.add(k));
}

function union(outcomes: Outcome[]): Set<string> {
  const keys = new Set<string>();
  for (const o of outcomes) o.evaluated.forEach((k) => keys.add(k));
  return keys;
}

function missing(s: SchemaObject, path: Path, key: string, name: string): Found {
  const properties = isPlainObject(s.properties) ? s.properties : undefined;
  const requiredSchema = properties && isPlainObject(properties.required) ? properties.required : undefined;
  if (key === 'required' && requiredSchema && (requiredSchema.const === true || (Array.isArray(requiredSchema.enum) && requiredSchema.enum.length === 1 && requiredSchema.enum[0] === true))) {
    return pathParameterRequired(path, undefined);
  }
  return { path, on: 'key', code: 'oas.schema.missingKey', message: `${capitalize(withArticle(name))} requires ${code(key)}.`, data: { missing: key } };
}

function pathParameterRequired(parameter: Path, requiredValue: Path | undefined): Found {
  return {
    path: requiredValue ?? parameter,
    on: requiredValue ? 'value' : 'key',
    code: 'oas.schema.value',
    message: 'A path parameter must have `required: true`.',
    data: requiredValue ? { expected: true } : { missing: 'required', expected: true },
  };
}

function conflict(path: Path, name: string, keys: string[]): Found {
  return { path, on: 'key', code: 'oas.schema.invalid', message: `${capitalize(withArticle(name))} must not have both ${list(keys, 'and')}.`, data: { conflicting: keys } };
}

function noResponses(path: Path): Found {
  return { path, on: 'key', code: 'oas.schema.missingKey', message: `${label(path)} must declare at least one response code or \`default\`.`, data: { missing: 'default' } };
}
