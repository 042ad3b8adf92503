import { JSONPath } from 'jsonpath-plus';

/** A path into a document: object keys and array indices. */
export type JsonPath = (string | number)[];

export interface PathMatch {
  path: JsonPath;
  value: unknown;
}

type ScriptClass = new (code: string) => { runInNewContext(context: Record<string, unknown>): unknown };

/**
 * Filter scripts run in jsonpath-plus's own safe evaluator (an AST interpreter: no `eval`, no
 * `Function`, no prototype access). Rulesets commonly test `@.type.constructor.name === "Array"`,
 * which that evaluator refuses (it blocks `constructor`); that one idiom is rewritten to a call of
 * a helper that gives the name of a value's type, and nothing else of the script changes.
 */
const SafeScript = (JSONPath as unknown as { prototype: { safeVm: { Script: ScriptClass } } }).prototype.safeVm.Script;
const CONSTRUCTOR_NAME = /((?:[\w$]+)(?:\.[\w$]+|\[(?:'[^']*'|"[^"]*"|\d+)\])*)\.constructor\.name\b/g;

class RulesetScript {
  /** jsonpath-plus keys its script cache by `eval + code`: a short name instead of this class's whole source, at every filter evaluation. */
  static toString(): string {
    return 'ruleset';
  }
  private readonly inner: { runInNewContext(context: Record<string, unknown>): unknown };
  constructor(code: string) {
    this.inner = new SafeScript(code.replace(CONSTRUCTOR_NAME, '_$_typeName($1)'));
  }
  runInNewContext(context: Record<string, unknown>): unknown {
    return this.inner.runInNewContext(context);
  }
}

const sandbox = {
  _$_typeName: (value: unknown): string | undefined => {
    if (value === null || value === undefined) throw new TypeError('no value');
    if (Array.isArray(value)) return 'Array';
    if (typeof value === 'object') return 'Object';
    return { string: 'String', number: 'Number', boolean: 'Boolean' }[typeof value as string];
  },
};

/**
 * Every place a JSONPath-Plus expression reaches in a value, as jsonpath-plus itself finds them
 * (Spectral's `given` and `then.field` use the same library). A filter that fails on one value
 * (reading a property of undefined) does not match it, as in Spectral.
 */
export function queryPath(json: unknown, path: string, memo?: QueryMemo): PathMatch[] {
  const matches: PathMatch[] = [];
  query(json, path, memo)?.forEach((value, prefix, relative) => matches.push({ path: [...prefix, ...relative], value }));
  return matches;
}

/**
 * How a match is handed over: its value, its path in two parts (a prefix the receiver must not
 * keep, as it is reused, and the rest), and the object the rest starts from when the match
 * depends only on that object: the same object (one place in the source) gives the same matches
 * below it wherever it appears.
 */
export type MatchSink = (value: unknown, prefix: JsonPath, relative: JsonPath, owner: object | undefined) => void;

export interface QueryResult {
  /** `skip`: places (paths of length GROUP_DEPTH) whose matches are not wanted; nothing at or below them is handed over. */
  forEach(sink: MatchSink, skip?: (place: JsonPath) => boolean): void;
}

/** How deep the places are that a caller may skip (a key of the root, and a key below it: a path, a schema…). */
export const GROUP_DEPTH = 2;

/** Whether a match's path (in two parts) lies at or below a skipped place. */
function skipped(prefix: JsonPath, relative: JsonPath, skip: (place: JsonPath) => boolean): boolean {
  if (prefix.length + relative.length < GROUP_DEPTH) return false;
  return skip([...prefix, ...relative].slice(0, GROUP_DEPTH));
}

/**
 * The matches below each object of `..` walks, kept by object across queries and runs: an edit
 * keeps every object it did not touch (and the resolved document every copy), so a query after
 * an edit walks only the new objects, and one over a resolved document walks each `$ref` target once.
 */
export class QueryMemo {
  readonly below = new Map<string, WeakMap<object, WalkEntry>>();
  /** Whether a filter script (that reads neither its place nor the key) holds for a value, by script. */
  readonly filterResults = new Map<string, FilterResults>();
  /** The matches of `$.key…` expressions, by expression and the value under the key. */
  readonly byFirstKey = new Map<string, WeakMap<object, PathMatch[]>>();
}

interface FilterResults {
  objects: WeakMap<object, boolean>;
  /** Strings, booleans and null, by value: a bounded number, cleared when full. */
  scalars: Map<unknown, boolean>;
}
const MAX_KEPT_FILTER_SCALARS = 200_000;

/**
 * A `..` walk's step that is one filter, `?(script)`, as jsonpath-plus reads it: the script it
 * evaluates on each child. Undefined for any other step, and for a script with a nested filter
 * (jsonpath-plus evaluates those its own way).
 */
function singleFilter(steps: string[]): string | undefined {
  if (steps.length !== 1 || typeof steps[0] !== 'string' || !steps[0].startsWith('?(')) return undefined;
  const code = steps[0].replace(/^\?\((.*?)\)$/u, '$1');
  return /@.?([^?]*)[\['](\??\(.*?\))(?!.\)\])[\]']/u.test(code) ? undefined : code;
}

/** The matches below one value: those of the walk's step at the value itself, then each child's, in jsonpath-plus's order. */
interface WalkEntry {
  object: object | undefined;
  own: PathMatch[];
  kids: { key: string; entry: WalkEntry }[];
}
const NO_MATCHES: WalkEntry = { object: undefined, own: [], kids: [] };
/** Objects with fewer values below them are walked again rather than kept: keeping each would cost more memory than walking. */
const MIN_KEPT_SIZE = 24;

/** A step that depends on the place (`^`, `~`, `@type()`), or a script that reads it (`@path`, `@parent…`, `@root`). */
const PLACE_STEP = /^(?:\^|~|@.*\(\))$/;
const READS_PLACE = /@(?:parent|root|path)/;

/**
 * The matches of an expression, or undefined when it cannot be used. `P..R1..R2…` whose steps do
 * not read their place is found by walking below each match of `P` with the matches kept per
 * object (see QueryMemo); every other expression is left to jsonpath-plus as a whole.
 */
export function query(json: unknown, path: string, memo = new QueryMemo()): QueryResult | undefined {
  if (jsonPathProblem(path)) return undefined;
  try {
    const steps = (JSONPath as unknown as { toPathArray(path: string): string[] }).toPathArray(path);
    const first = steps.indexOf('..');
    if (steps[0] !== '$' || first < 0 || steps[steps.length - 1] === '..' || steps.some((s) => PLACE_STEP.test(s) || (s.includes('@') && READS_PLACE.test(s)))) {
      const matches = runQueryBelow(json, path, steps, memo);
      return {
        forEach(sink, skip) {
          for (const m of matches) if (!skip || !skipped(m.path, [], skip)) sink(m.value, m.path, [], undefined);
        },
      };
    }
    const chain: string[][] = [[]];
    for (const step of steps.slice(first + 1)) {
      if (step === '..') chain.push([]);
      else chain[chain.length - 1].push(step);
    }
    const walker = new DescendantWalker(chain, memo);
    const entries = walker.at(json, steps.slice(1, first)).map((start) => ({ start, entry: walker.walk(start.value, 0) }));
    return {
      forEach(sink, skip) {
        for (const { start, entry } of entries) {
          if (skip && start.path.length >= GROUP_DEPTH && skipped(start.path, [], skip)) continue;
          emit(entry, [...start.path], sink, skip);
        }
      },
    };
  } catch {
    // An expression the probe let through but this document trips up: it matches nothing here.
    return { forEach: () => undefined };
  }
}

function emit(entry: WalkEntry, prefix: JsonPath, sink: MatchSink, skip?: (place: JsonPath) => boolean): void {
  // Above the skippable places each match is looked at; at them a whole entry is skipped or walked.
  const above = skip && prefix.length < GROUP_DEPTH ? skip : undefined;
  for (const match of entry.own) if (!above || !skipped(prefix, match.path, above)) sink(match.value, prefix, match.path, entry.object);
  for (const { key, entry: kid } of entry.kids) {
    prefix.push(key);
    if (!(above && prefix.length === GROUP_DEPTH && above(prefix))) emit(kid, prefix, sink, above);
    prefix.pop();
  }
}

/**
 * `..R1..R2…` below values as jsonpath-plus walks it: at a value, the steps `R1` (and below each
 * of their matches, `..R2…`), then the same below each child that is an object, in key order.
 * Each step is evaluated by jsonpath-plus itself.
 */
class DescendantWalker {
  private readonly evaluator: QueryInstance;
  private found: PathMatch[] = [];
  private readonly kept: WeakMap<object, WalkEntry>[];

  /** Per level: the script of a step that is one filter, with the results kept for values when the script reads only the value. */
  private readonly filters: ({ code: string; kept: FilterResults | undefined } | undefined)[];

  constructor(private readonly chain: string[][], memo: QueryMemo) {
    this.evaluator = new (JSONPath as unknown as new (options: object) => QueryInstance)({ path: '$', json: {}, autostart: false, resultType: 'value', eval: RulesetScript, sandbox, ignoreEvalErrors: true, wrap: true });
    this.evaluator.currEval = RulesetScript;
    this.evaluator.currSandbox = sandbox;
    this.evaluator.currResultType = 'value';
    this.evaluator._handleCallback = (result) => {
      const segments: JsonPath = [];
      for (let i = 1; i < result.path.length; i++) segments.push(String(result.path[i]));
      this.found.push({ path: segments, value: result.value });
    };
    this.filters = chain.map((steps) => {
      const code = singleFilter(steps);
      if (code === undefined) return undefined;
      // The walker evaluates with no parent and no root: a script that reads only `@` depends on the value alone.
      if (code.includes('@property')) return { code, kept: undefined };
      let kept = memo.filterResults.get(code);
      if (!kept) memo.filterResults.set(code, (kept = { objects: new WeakMap(), scalars: new Map() }));
      return { code, kept };
    });
    this.kept = chain.map((_, i) => {
      const key = JSON.stringify(chain.slice(i));
      let kept = memo.below.get(key);
      if (!kept) memo.below.set(key, (kept = new WeakMap()));
      return kept;
    });
  }

  /**
   * The children of a value a filter step keeps, in jsonpath-plus's order: its own evaluation of
   * the script on each child (as its `_trace` does for `?(…)`), once per object or scalar where
   * the script reads only the value.
   */
  private filtered(value: unknown, filter: { code: string; kept: FilterResults | undefined }): PathMatch[] {
    const found: PathMatch[] = [];
    if (typeof value !== 'object' || value === null) return found;
    const record = value as Record<string, unknown>;
    const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
    const { code, kept } = filter;
    for (const key of keys) {
      const child = record[key];
      const isObj = typeof child === 'object' && child !== null;
      const keptHere = kept && (isObj || typeof child === 'string' || typeof child === 'boolean' || child === null);
      let holds = keptHere ? (isObj ? kept.objects.get(child) : kept.scalars.get(child)) : undefined;
      if (holds === undefined) {
        holds = Boolean(this.evaluator._eval(code, child, key, ['$'], null, null));
        if (keptHere) {
          if (isObj) kept.objects.set(child, holds);
          else {
            if (kept.scalars.size >= MAX_KEPT_FILTER_SCALARS) kept.scalars.clear();
            kept.scalars.set(child, holds);
          }
        }
      }
      if (holds) found.push({ path: [String(key)], value: child });
    }
    return found;
  }

  /** The matches of steps at a value, relative to it. */
  at(value: unknown, steps: string[], level?: number): PathMatch[] {
    const filter = level === undefined ? undefined : this.filters[level];
    if (filter) return this.filtered(value, filter);
    const outer = this.found;
    this.found = [];
    try {
      this.evaluator._trace(steps, value, ['$'], null, null, undefined, undefined);
      return this.found;
    } finally {
      this.found = outer;
    }
  }

  /** The matches of `..chain[level]..…` at a value and below it. */
  walk(value: unknown, level: number, size = { count: 0 }): WalkEntry {
    if (typeof value !== 'object' || value === null) return this.entryFor(value, level, size);
    const kept = this.kept[level].get(value);
    if (kept) return kept;
    const inner = { count: 0 };
    const entry = this.entryFor(value, level, inner);
    size.count += inner.count;
    if (inner.count >= MIN_KEPT_SIZE) this.kept[level].set(value, entry);
    return entry;
  }

  private entryFor(value: unknown, level: number, size: { count: number }): WalkEntry {
    const own: PathMatch[] = [];
    for (const match of this.at(value, this.chain[level], level)) {
      if (level + 1 === this.chain.length) own.push(match);
      // Below each match of this step, the next `..` walk.
      else emit(this.walk(match.value, level + 1), [...match.path], (v, at, relative) => own.push({ path: [...at, ...relative], value: v }));
    }
    const kids: { key: string; entry: WalkEntry }[] = [];
    if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>;
      const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
      size.count += keys.length;
      for (const key of keys) {
        // jsonpath-plus walks on below every child whose type is 'object', null included.
        if (typeof record[key] !== 'object') continue;
        const entry = this.walk(record[key], level, size);
        if (entry !== NO_MATCHES) kids.push({ key: String(key), entry });
      }
    }
    if (!own.length && !kids.length) return NO_MATCHES;
    return { object: typeof value === 'object' && value !== null ? value : undefined, own, kids };
  }
}

/** The segments jsonpath-plus leaves out of a result's path (`~`, `^`, `@type()`), as its own `toPointer` does. */
const NOT_A_SEGMENT = /^(~|\^|@.*?\(\))$/;

/**
 * The matches of `$.key…` that reads neither its parent nor the root depend only on the value
 * under that key: kept for that value, so an edit elsewhere does not walk it again.
 */
function runQueryBelow(json: unknown, path: string, steps: string[], memo: QueryMemo): PathMatch[] {
  const below = steps.length > 1 && /^[\w-]+$/.test(steps[1]) && staysBelowFirstKey(steps) && !/@(?:parent|root)/.test(path) && typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>)[steps[1]] : undefined;
  if (typeof below !== 'object' || below === null) {
    const matches: PathMatch[] = [];
    runQuery(json, path, matches);
    return matches;
  }
  let kept = memo.byFirstKey.get(path);
  if (!kept) memo.byFirstKey.set(path, (kept = new WeakMap()));
  let matches = kept.get(below);
  if (!matches) {
    matches = [];
    runQuery(json, path, matches);
    kept.set(below, matches);
  }
  return matches;
}

/**
 * Whether the matches of an expression at and below each place of GROUP_DEPTH keys depend only on
 * the value at that place (and the keys on the way): no parent selector, no script reading the
 * parent or the root, no dynamic property, and no filter (or type selector) that decides on a value
 * above the places before more steps go below it.
 */
export function matchesStayInPlace(path: string): boolean {
  if (path.includes('^') || /@(?:parent|root)/.test(path)) return false;
  let steps: string[];
  try {
    steps = (JSONPath as unknown as { toPathArray(path: string): string[] }).toPathArray(path);
  } catch {
    return false;
  }
  if (steps[0] !== '$') return false;
  // The least depth the values reached so far can be at (`..` may stay where it is).
  let depth = 0;
  for (let i = 1; i < steps.length; i++) {
    const step = String(steps[i]);
    const last = i === steps.length - 1;
    if (step === '..' || step === '~') continue;
    if (step.startsWith('(')) return false;
    if (/^@.*\(\)$/.test(step)) {
      if (depth < GROUP_DEPTH && !last) return false;
      continue;
    }
    // A filter decides on the children of the values reached: above the places, only as the last step.
    if (step.startsWith('?(') && depth + 1 < GROUP_DEPTH && !last) return false;
    depth++;
  }
  return true;
}

/** Whether the parent selectors (`^`) of `$.key…` never climb above the key: each other step but `..`, `~` and `@type()` goes one level down. */
function staysBelowFirstKey(steps: string[]): boolean {
  let depth = 0;
  for (const step of steps.slice(2)) {
    if (step === '^') {
      if (--depth < 0) return false;
    } else if (step !== '..' && step !== '~' && !/^@.*\(\)$/.test(step)) depth++;
  }
  return true;
}

function runQuery(json: unknown, path: string, matches: PathMatch[]): void {
  const query = new (JSONPath as unknown as new (options: object) => QueryInstance)({
    path, json, autostart: false, resultType: 'value', eval: RulesetScript, sandbox, ignoreEvalErrors: true, wrap: true,
  });
  // jsonpath-plus turns each result's path array into a string (and back, for each result type but
  // `value`); on a large resolved document that is most of the time. The array is read as it comes.
  query._handleCallback = (result) => {
    const segments: JsonPath = [];
    for (let i = 1; i < result.path.length; i++) if (!NOT_A_SEGMENT.test(String(result.path[i]))) segments.push(String(result.path[i]));
    matches.push({ path: segments, value: result.value });
  };
  query.evaluate();
}

interface QueryInstance {
  currEval: unknown;
  currSandbox: unknown;
  currResultType: string;
  _trace(expr: string[], value: unknown, path: (string | number)[], parent: unknown, parentKey: unknown, callback: undefined, hasArrExpr: undefined): unknown;
  _eval(code: string, value: unknown, key: string | number, path: unknown[], parent: unknown, parentKey: string | number | null): unknown;
  _handleCallback(result: { path: (string | number)[]; value: unknown }): void;
  evaluate(): unknown;
}

/**
 * Why a JSONPath expression cannot be used, or undefined when it is fine: it must start with `$`
 * (or name an alias with `#`), and it must parse, filters included.
 */
export function jsonPathProblem(path: string): string | undefined {
  if (!path.startsWith('$')) return `\`${path}\` is not a JSONPath expression: it must start with \`$\` (or \`#\` for an alias).`;
  try {
    JSONPath({ path, json: { a: { b: [1, { c: null }] } }, eval: RulesetScript as never, sandbox, ignoreEvalErrors: false, wrap: true } as never);
  } catch (error) {
    const message = (error as Error).message;
    // Failing on the probe value is not a syntax error (a filter reading a missing property).
    if (/^jsonPath: (Cannot read|.* is not a function)/.test(message)) return undefined;
    return `\`${path}\` is not a valid JSONPath expression: ${message.replace(/^jsonPath: /, '')}.`;
  }
  return undefined;
}
