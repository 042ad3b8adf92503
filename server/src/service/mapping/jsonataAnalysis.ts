import jsonata from 'jsonata';
import { closestMatch } from '../suggest';
import { elementOf, propertyNames, propertyOf, Schema, typesOf, view } from './schemaNav';

/**
 * Static reading of one JSONata expression against the schema of its input: the source paths it
 * reads (checked step by step), the functions and lookups it calls, and the type it yields.
 */
export interface JsonataNode {
  type: string;
  value?: unknown;
  position?: number;
  steps?: JsonataNode[];
  stages?: JsonataNode[];
  predicate?: JsonataNode[];
  group?: { lhsObject?: [JsonataNode, JsonataNode][]; lhs?: [JsonataNode, JsonataNode][] };
  expr?: JsonataNode;
  expressions?: JsonataNode[];
  expression?: JsonataNode;
  lhs?: JsonataNode | [JsonataNode, JsonataNode][];
  rhs?: JsonataNode;
  arguments?: JsonataNode[];
  procedure?: JsonataNode;
  body?: JsonataNode;
  condition?: JsonataNode;
  then?: JsonataNode;
  else?: JsonataNode;
  terms?: { expression: JsonataNode }[];
  pattern?: JsonataNode;
  update?: JsonataNode;
  delete?: JsonataNode;
  focus?: string;
  index?: string;
  tuple?: boolean;
}

export interface SourceRef {
  /** Span in the expression text. */
  start: number;
  end: number;
  name: string;
  /** Dotted path from the source root (undefined when the context is not known). */
  path?: string;
  schema?: Schema;
  /** The schema holding this property. */
  parent?: Schema;
}

export interface ExprProblem {
  code: string;
  message: string;
  start: number;
  end: number;
  data?: Record<string, unknown>;
}

/** What an expression yields, as far as can be known statically. */
export interface Yield {
  /** JSON types it may yield; empty = unknown. */
  types: Set<string>;
  /** The schema it comes from (a path read). */
  schema?: Schema;
  /** The dotted source path of that schema, when known. */
  path?: string;
  /** A path read that may give several values (it crosses an array). */
  many?: boolean;
  /** Literal values it may yield (string literals, lookup values). */
  values?: unknown[];
  /** Where a literal or the yielding path sits in the expression. */
  start?: number;
  end?: number;
  lookup?: string;
}

export interface ExprAnalysis {
  syntax?: ExprProblem;
  ast?: JsonataNode;
  refs: SourceRef[];
  problems: ExprProblem[];
  functions: { name: string; start: number; end: number }[];
  lookups: { name: string; start: number; end: number; known: boolean }[];
  yields: Yield;
  /** Paths read as a whole (everything below counts as read). */
  reads: Set<string>;
}

export interface AnalysisContext {
  /** The schema of `$` (the current item inside `each`). */
  schema?: Schema;
  /** Its dotted path from the source root. */
  path?: string;
  /** The schema of `$$` (the source root). */
  root?: Schema;
  lookups: Map<string, Record<string, unknown>>;
}

interface Ctx {
  schema?: Schema;
  path?: string;
  vars: Map<string, { schema?: Schema; path?: string }>;
}

const STRING_FUNCTIONS = new Set(['string', 'substring', 'substringBefore', 'substringAfter', 'uppercase', 'lowercase', 'trim', 'pad', 'join', 'replace', 'formatNumber', 'formatBase', 'formatInteger', 'now', 'fromMillis', 'base64encode', 'base64decode', 'encodeUrl', 'encodeUrlComponent', 'decodeUrl', 'decodeUrlComponent', 'type']);
const NUMBER_FUNCTIONS = new Set(['number', 'sum', 'max', 'min', 'average', 'abs', 'floor', 'ceil', 'round', 'power', 'sqrt', 'random', 'toMillis', 'parseInteger', 'millis']);
const INTEGER_FUNCTIONS = new Set(['count', 'length']);
const BOOLEAN_FUNCTIONS = new Set(['boolean', 'not', 'exists', 'contains']);
const ARRAY_FUNCTIONS = new Set(['map', 'filter', 'split', 'keys', 'append', 'reverse', 'shuffle', 'distinct', 'zip', 'sort', 'match', 'spread']);
/** Functions whose lambda receives the items of the first argument. */
const ITEM_LAMBDAS = new Set(['map', 'filter', 'single', 'sort', 'each']);

export function analyzeExpression(text: string, context: AnalysisContext): ExprAnalysis {
  const result: ExprAnalysis = { refs: [], problems: [], functions: [], lookups: [], yields: { types: new Set() }, reads: new Set() };
  let ast: JsonataNode;
  try {
    ast = jsonata(text).ast() as JsonataNode;
  } catch (e) {
    const err = e as { message?: string; position?: number; token?: string; code?: string };
    let end = typeof err.position === 'number' ? Math.min(err.position, text.length) : text.length;
    let start = end;
    if (err.token && err.token !== '(end)' && text.slice(end - err.token.length, end) === err.token) start = end - err.token.length;
    if (start === end) {
      // at the end (or nowhere in particular): underline the last character written
      const trimmed = text.trimEnd().length;
      start = Math.max(0, Math.min(start, trimmed) - 1);
      end = start + 1;
    }
    result.syntax = { code: 'mapping.expr.syntax', message: `JSONata: ${err.message ?? String(e)}`, start, end: Math.min(end, Math.max(text.length, start + 1)) };
    return result;
  }
  result.ast = ast;
  const walker = new Walker(text, context, result);
  const ctx: Ctx = { schema: context.schema, path: context.path, vars: new Map() };
  result.yields = walker.visit(ast, ctx);
  return result;
}

function nameSpan(text: string, node: JsonataNode): { start: number; end: number } {
  const name = String(node.value);
  const end = node.position ?? 0;
  if (text[end - 1] === '`') return { start: end - name.length - 2, end };
  return { start: Math.max(0, end - name.length), end };
}

class Walker {
  constructor(
    private readonly text: string,
    private readonly context: AnalysisContext,
    private readonly result: ExprAnalysis,
  ) {}

  visit(node: JsonataNode | undefined, ctx: Ctx): Yield {
    if (!node) return { types: new Set() };
    switch (node.type) {
      case 'string':
        return { types: new Set(['string']), values: [node.value], ...this.span(node, JSON.stringify(node.value).length) };
      case 'number':
        return { types: new Set([Number.isInteger(node.value) ? 'integer' : 'number']), values: [node.value], ...this.span(node, String(node.value).length) };
      case 'value':
        return { types: new Set([node.value === null ? 'null' : 'boolean']), values: [node.value] };
      case 'regex':
        return { types: new Set() };
      case 'name':
      case 'path':
      case 'wildcard':
      case 'descendant':
      case 'parent':
        return this.path(node.type === 'path' ? node.steps ?? [] : [node], ctx, node);
      case 'variable':
        return this.path([node], ctx, node);
      case 'binary':
        return this.binary(node, ctx);
      case 'unary':
        return this.unary(node, ctx);
      case 'function':
      case 'partial':
        return this.call(node, ctx);
      case 'lambda':
        this.visit(node.body, this.scope(ctx, node.arguments ?? []));
        return { types: new Set(['function']) };
      case 'condition': {
        this.visit(node.condition, ctx);
        const a = this.visit(node.then, ctx);
        const b = node.else ? this.visit(node.else, ctx) : { types: new Set<string>() };
        if (!node.else) return { ...a };
        if (!a.types.size || !b.types.size) return { types: new Set() };
        return { types: new Set([...a.types, ...b.types]), values: a.values && b.values ? [...a.values, ...b.values] : undefined };
      }
      case 'block': {
        const inner: Ctx = { ...ctx, vars: new Map(ctx.vars) };
        let last: Yield = { types: new Set() };
        for (const e of node.expressions ?? []) last = this.visit(e, inner);
        return last;
      }
      case 'bind': {
        const value = this.visit(node.rhs, ctx);
        const lhs = node.lhs as JsonataNode;
        if (lhs?.type === 'variable') ctx.vars.set(String(lhs.value), { schema: value.schema, path: value.path });
        return value;
      }
      case 'apply': {
        this.visit(node.lhs as JsonataNode, ctx);
        this.visit(node.rhs, ctx);
        return { types: new Set() };
      }
      case 'sort':
      case 'transform':
      default:
        this.visitChildren(node, ctx);
        return { types: new Set() };
    }
  }

  private span(node: JsonataNode, length: number): { start?: number; end?: number } {
    if (node.position === undefined) return {};
    return { start: Math.max(0, node.position - length), end: node.position };
  }

  private visitChildren(node: JsonataNode, ctx: Ctx): void {
    for (const key of ['expr', 'rhs', 'body', 'condition', 'then', 'else', 'pattern', 'update', 'delete'] as const) {
      const child = node[key];
      if (child && typeof child === 'object') this.visit(child as JsonataNode, ctx);
    }
    if (Array.isArray(node.lhs)) for (const [k, v] of node.lhs) { this.visit(k, ctx); this.visit(v, ctx); }
    else if (node.lhs) this.visit(node.lhs, ctx);
    for (const list of [node.expressions, node.arguments, node.steps]) for (const c of list ?? []) this.visit(c, ctx);
    for (const t of node.terms ?? []) this.visit(t.expression, ctx);
  }

  private scope(ctx: Ctx, params: JsonataNode[], bindings: ({ schema?: Schema; path?: string } | undefined)[] = []): Ctx {
    const vars = new Map(ctx.vars);
    params.forEach((p, i) => vars.set(String(p.value), bindings[i] ?? {}));
    return { ...ctx, vars };
  }

  private binary(node: JsonataNode, ctx: Ctx): Yield {
    const op = String(node.value);
    const lhs = this.visit(node.lhs as JsonataNode, ctx);
    const rhs = this.visit(node.rhs, ctx);
    if (op === '&') return { types: new Set(['string']) };
    if (['+', '-', '*', '/', '%'].includes(op)) {
      const ints = lhs.types.size === 1 && lhs.types.has('integer') && rhs.types.size === 1 && rhs.types.has('integer') && op !== '/';
      return { types: new Set([ints ? 'integer' : 'number']) };
    }
    if (['=', '!=', '<', '<=', '>', '>=', 'and', 'or', 'in'].includes(op)) return { types: new Set(['boolean']) };
    if (op === '..') return { types: new Set(['array']), many: true };
    if (op === '?:' || op === '??') {
      if (!lhs.types.size || !rhs.types.size) return { types: new Set() };
      return { types: new Set([...lhs.types, ...rhs.types]) };
    }
    return { types: new Set() };
  }

  private unary(node: JsonataNode, ctx: Ctx): Yield {
    const op = String(node.value);
    if (op === '-') {
      const inner = this.visit(node.expression ?? node.expr, ctx);
      return { types: new Set([inner.types.has('integer') && inner.types.size === 1 ? 'integer' : 'number']) };
    }
    if (op === '[') {
      for (const e of node.expressions ?? []) this.visit(e, ctx);
      return { types: new Set(['array']), many: true };
    }
    if (op === '{') {
      for (const [k, v] of (node.lhs as [JsonataNode, JsonataNode][]) ?? []) {
        this.visit(k, ctx);
        this.visit(v, ctx);
      }
      return { types: new Set(['object']) };
    }
    this.visitChildren(node, ctx);
    return { types: new Set() };
  }

  private call(node: JsonataNode, ctx: Ctx): Yield {
    const proc = node.procedure;
    const name = proc?.type === 'variable' ? String(proc.value) : undefined;
    const args = node.arguments ?? [];
    const builtin = name !== undefined && !ctx.vars.has(name);
    if (proc && name !== undefined && proc.position !== undefined) {
      this.result.functions.push({ name, start: Math.max(0, proc.position - name.length - 1), end: proc.position });
    } else if (proc) this.visit(proc, ctx);
    const yields: Yield[] = [];
    if (builtin && ITEM_LAMBDAS.has(name!) && args[1]?.type === 'lambda') {
      const first = this.visit(args[0], ctx);
      yields.push(first);
      const itemSchema = first.schema ? elementOf(first.schema) : undefined;
      const lambda = args[1];
      this.visit(lambda.body, this.scope(ctx, lambda.arguments ?? [], [{ schema: itemSchema, path: first.path }]));
      for (const a of args.slice(2)) this.visit(a, ctx);
    } else if (builtin && name === 'reduce' && args[1]?.type === 'lambda') {
      const first = this.visit(args[0], ctx);
      const lambda = args[1];
      this.visit(lambda.body, this.scope(ctx, lambda.arguments ?? [], [undefined, { schema: first.schema ? elementOf(first.schema) : undefined, path: first.path }]));
      for (const a of args.slice(2)) this.visit(a, ctx);
    } else {
      for (const a of args) yields.push(this.visit(a, ctx));
    }
    if (!builtin) return { types: new Set() };
    if (name === 'lookup') return this.lookup(args, ctx);
    if (STRING_FUNCTIONS.has(name!)) return { types: new Set(['string']) };
    if (INTEGER_FUNCTIONS.has(name!)) return { types: new Set(['integer']) };
    if (NUMBER_FUNCTIONS.has(name!)) {
      const argTypes = yields[0]?.types;
      if (['floor', 'ceil', 'round'].includes(name!) && yields.length === 1) return { types: new Set(['integer']) };
      if (['max', 'min', 'abs', 'sum'].includes(name!) && argTypes?.size === 1 && argTypes.has('integer')) return { types: new Set(['integer']) };
      return { types: new Set(['number']) };
    }
    if (BOOLEAN_FUNCTIONS.has(name!)) return { types: new Set(['boolean']) };
    if (ARRAY_FUNCTIONS.has(name!)) return { types: new Set(['array']), many: true, schema: name === 'filter' || name === 'sort' || name === 'distinct' || name === 'reverse' ? yields[0]?.schema : undefined };
    if (name === 'single') return { types: new Set(), schema: yields[0]?.schema ? elementOf(yields[0].schema) : undefined };
    if (name === 'merge' || name === 'sift' || name === 'spread') return { types: new Set(['object']) };
    return { types: new Set() };
  }

  /** `$lookup('table', key)` names a lookup of the mapping: its values are what it yields. */
  private lookup(args: JsonataNode[], ctx: Ctx): Yield {
    void ctx;
    const table = args[0];
    if (table?.type !== 'string') return { types: new Set() };
    const name = String(table.value);
    // the literal's span (written with single or double quotes: the same length)
    const span = this.span(table, JSON.stringify(name).length);
    const start = span.start ?? 0;
    const end = span.end ?? 0;
    const entries = this.context.lookups.get(name);
    this.result.lookups.push({ name, start, end, known: !!entries });
    if (!entries) {
      {
        const suggestion = closestMatch(name, this.context.lookups.keys());
        const known = [...this.context.lookups.keys()];
        this.result.problems.push({
          code: 'mapping.lookup.unknown',
          message: `No lookup \`${name}\`${suggestion ? `; did you mean \`${suggestion}\`?` : known.length ? ` (lookups: ${known.map((k) => `\`${k}\``).join(', ')}).` : '; add it under `lookups:`.'}`,
          start,
          end,
          data: suggestion ? { suggestion } : undefined,
        });
      }
      return { types: new Set() };
    }
    const values = Object.values(entries);
    const types = new Set(values.map((v) => (v === null ? 'null' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v)));
    return { types, values, lookup: name, start, end };
  }

  /** A path: each step is checked against the schema the previous one led to. */
  private path(steps: JsonataNode[], ctx: Ctx, whole: JsonataNode): Yield {
    let schema: Schema | undefined = ctx.schema;
    let path: string | undefined = ctx.path;
    let known = true;
    let many = false;
    let last: { start: number; end: number } | undefined;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i];
      if (step.type === 'name') {
        const name = String(step.value);
        const span = nameSpan(this.text, step);
        last = span;
        if (known && schema) {
          if (isArray(schema)) many = true;
          const found = propertyOf(schema, name);
          const newPath = path !== undefined ? (path ? `${path}.${name}` : name) : undefined;
          this.result.refs.push({ ...span, name, path: found.known && found.schema ? newPath : undefined, schema: found.schema, parent: elementOf(schema) });
          if (found.known && !found.schema) {
            const candidates = propertyNames(schema);
            const suggestion = closestMatch(name, candidates);
            const where = path ? `\`${path}\`` : 'The source';
            this.result.problems.push({
              code: 'mapping.source.unknownPath',
              message: `${where} has no field \`${name}\`${suggestion ? `; did you mean \`${suggestion}\`?` : candidates.length ? ` (it has ${candidates.slice(0, 8).map((c) => `\`${c}\``).join(', ')}${candidates.length > 8 ? ', …' : ''}).` : '.'}`,
              start: span.start,
              end: span.end,
              data: suggestion ? { suggestion } : undefined,
            });
            known = false;
            schema = undefined;
          } else {
            schema = found.schema;
            path = found.known ? newPath : undefined;
            if (!found.known) known = false;
          }
        } else {
          this.result.refs.push({ ...span, name });
          schema = undefined;
          path = undefined;
        }
      } else if (step.type === 'variable' && i === 0) {
        const v = String(step.value);
        if (v === '') {
          // `$`: the context
        } else if (v === '$') {
          schema = this.context.root;
          path = '';
        } else {
          const bound = ctx.vars.get(v);
          schema = bound?.schema;
          path = bound?.path;
          known = !!schema;
        }
        last = step.position !== undefined ? { start: Math.max(0, step.position - v.length - 1), end: step.position } : undefined;
      } else if (step.type === 'wildcard' || step.type === 'descendant' || step.type === 'parent') {
        schema = undefined;
        path = undefined;
        known = false;
      } else {
        // any other expression as a step is evaluated against the current context
        const inner = this.visit(step, { ...ctx, schema: known ? schema : undefined, path: known ? path : undefined });
        if (steps.length === 1) {
          this.predicates(step, ctx, schema, path, known);
          return inner;
        }
        schema = inner.schema;
        path = undefined;
        known = !!inner.schema;
        if (inner.many) many = true;
      }
      // filters and sort terms see each item of this step
      this.predicates(step, ctx, schema, path, known);
      if (step.predicate?.some((p) => p.type === 'filter' && p.expr?.type === 'number')) many = false;
      if (step.group) {
        for (const [k, v] of step.group.lhsObject ?? step.group.lhs ?? []) {
          this.visit(k, { ...ctx, schema, path });
          this.visit(v, { ...ctx, schema, path });
        }
        return { types: new Set(['object']) };
      }
      if (step.focus || step.index) {
        ctx.vars.set(step.focus ?? step.index!, step.focus ? { schema: elementOf(schema), path } : {});
      }
    }
    if (whole.type === 'path' && (whole as { keepSingletonArray?: boolean }).keepSingletonArray) many = true;
    if (path !== undefined) this.result.reads.add(path);
    if (!known || !schema) return { types: new Set(), start: last?.start, end: last?.end };
    const types = new Set(typesOf(schema));
    if (many && !isArray(schema)) return { types: new Set(['array']), schema, path, many: true, start: last?.start, end: last?.end };
    return { types, schema, path, many: isArray(schema), values: view(schema).enum, start: last?.start, end: last?.end };
  }

  private predicates(step: JsonataNode, ctx: Ctx, schema: Schema | undefined, path: string | undefined, known: boolean): void {
    const item = known ? elementOf(schema) : undefined;
    for (const p of [...(step.stages ?? []), ...(step.predicate ?? [])]) {
      if (p.type === 'filter') this.visit(p.expr, { ...ctx, schema: item, path: known ? path : undefined });
    }
    if (step.type === 'sort') for (const t of step.terms ?? []) this.visit(t.expression, { ...ctx, schema: item, path: known ? path : undefined });
  }
}

function isArray(schema: Schema | undefined): boolean {
  const t = typesOf(schema);
  return t.size > 0 && [...t].every((x) => x === 'array' || x === 'null');
}

/** Built-in JSONata functions with their signatures and a one-line description (for completion and hover). */
export const JSONATA_FUNCTIONS: Record<string, { signature: string; doc: string }> = {
  string: { signature: '$string(arg, prettify?)', doc: 'Casts the argument to a string.' },
  length: { signature: '$length(str)', doc: 'The number of characters in a string.' },
  substring: { signature: '$substring(str, start, length?)', doc: 'Part of a string, from a zero-based position.' },
  substringBefore: { signature: '$substringBefore(str, chars)', doc: 'The part of the string before the first occurrence of chars.' },
  substringAfter: { signature: '$substringAfter(str, chars)', doc: 'The part of the string after the first occurrence of chars.' },
  uppercase: { signature: '$uppercase(str)', doc: 'The string in upper case.' },
  lowercase: { signature: '$lowercase(str)', doc: 'The string in lower case.' },
  trim: { signature: '$trim(str)', doc: 'Collapses white space and removes it at both ends.' },
  pad: { signature: '$pad(str, width, char?)', doc: 'Pads the string to a width (negative: on the left).' },
  contains: { signature: '$contains(str, pattern)', doc: 'True when the string contains the pattern (string or regex).' },
  split: { signature: '$split(str, separator, limit?)', doc: 'Splits the string into an array.' },
  join: { signature: '$join(array, separator?)', doc: 'Joins an array of strings.' },
  match: { signature: '$match(str, pattern, limit?)', doc: 'Regex matches in the string.' },
  replace: { signature: '$replace(str, pattern, replacement, limit?)', doc: 'Replaces occurrences of a pattern.' },
  base64encode: { signature: '$base64encode(str)', doc: 'Base64 encoding of a string.' },
  base64decode: { signature: '$base64decode(str)', doc: 'Decodes a Base64 string.' },
  number: { signature: '$number(arg)', doc: 'Casts the argument to a number.' },
  abs: { signature: '$abs(number)', doc: 'The absolute value.' },
  floor: { signature: '$floor(number)', doc: 'Rounds down.' },
  ceil: { signature: '$ceil(number)', doc: 'Rounds up.' },
  round: { signature: '$round(number, precision?)', doc: 'Rounds half to even, to a number of decimal places.' },
  power: { signature: '$power(base, exponent)', doc: 'base to the power of exponent.' },
  sqrt: { signature: '$sqrt(number)', doc: 'The square root.' },
  random: { signature: '$random()', doc: 'A random number between 0 and 1.' },
  formatNumber: { signature: '$formatNumber(number, picture, options?)', doc: 'Formats a number with a decimal picture string.' },
  formatBase: { signature: '$formatBase(number, radix?)', doc: 'The number as a string in a radix.' },
  formatInteger: { signature: '$formatInteger(number, picture)', doc: 'Formats an integer with a picture string.' },
  parseInteger: { signature: '$parseInteger(string, picture)', doc: 'Parses an integer formatted by a picture string.' },
  sum: { signature: '$sum(array)', doc: 'The sum of an array of numbers.' },
  max: { signature: '$max(array)', doc: 'The largest number of an array.' },
  min: { signature: '$min(array)', doc: 'The smallest number of an array.' },
  average: { signature: '$average(array)', doc: 'The mean of an array of numbers.' },
  boolean: { signature: '$boolean(arg)', doc: 'Casts the argument to a Boolean.' },
  not: { signature: '$not(arg)', doc: 'Logical negation.' },
  exists: { signature: '$exists(arg)', doc: 'True when the argument yields a value.' },
  count: { signature: '$count(array)', doc: 'The number of items.' },
  append: { signature: '$append(array1, array2)', doc: 'Concatenates two arrays.' },
  sort: { signature: '$sort(array, function?)', doc: 'Sorts an array.' },
  reverse: { signature: '$reverse(array)', doc: 'The array in reverse order.' },
  shuffle: { signature: '$shuffle(array)', doc: 'The array in random order.' },
  distinct: { signature: '$distinct(array)', doc: 'The array without duplicates.' },
  zip: { signature: '$zip(array1, …)', doc: 'Convolves arrays.' },
  keys: { signature: '$keys(object)', doc: 'The keys of an object.' },
  lookup: { signature: "$lookup('table', key)", doc: 'The value for a key in one of the mapping\'s `lookups` tables (or a property of an object).' },
  spread: { signature: '$spread(object)', doc: 'An array of single-key objects.' },
  merge: { signature: '$merge(array<object>)', doc: 'Merges objects into one.' },
  sift: { signature: '$sift(object, function)', doc: 'The members for which the function is true.' },
  each: { signature: '$each(object, function)', doc: 'Calls the function for each member of an object.' },
  error: { signature: '$error(message)', doc: 'Stops with an error.' },
  assert: { signature: '$assert(condition, message)', doc: 'Stops with an error when the condition is false.' },
  type: { signature: '$type(value)', doc: 'The JSON type of the value.' },
  map: { signature: '$map(array, function($v, $i?, $a?))', doc: 'Applies the function to each item.' },
  filter: { signature: '$filter(array, function($v, $i?, $a?))', doc: 'The items for which the function is true.' },
  single: { signature: '$single(array, function?)', doc: 'The one item that matches (error otherwise).' },
  reduce: { signature: '$reduce(array, function($acc, $v), init?)', doc: 'Folds the array into one value.' },
  now: { signature: '$now(picture?, timezone?)', doc: 'The current timestamp (ISO 8601).' },
  millis: { signature: '$millis()', doc: 'Milliseconds since the epoch.' },
  fromMillis: { signature: '$fromMillis(number, picture?, timezone?)', doc: 'Formats milliseconds since the epoch as a timestamp.' },
  toMillis: { signature: '$toMillis(timestamp, picture?)', doc: 'Parses a timestamp into milliseconds since the epoch.' },
  encodeUrl: { signature: '$encodeUrl(str)', doc: 'URL-encodes a URL.' },
  encodeUrlComponent: { signature: '$encodeUrlComponent(str)', doc: 'URL-encodes a URL component.' },
  decodeUrl: { signature: '$decodeUrl(str)', doc: 'Decodes a URL.' },
  decodeUrlComponent: { signature: '$decodeUrlComponent(str)', doc: 'Decodes a URL component.' },
  eval: { signature: '$eval(expr, context?)', doc: 'Evaluates a JSONata expression given as a string.' },
};
