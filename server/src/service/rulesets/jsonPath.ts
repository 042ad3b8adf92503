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
export function queryPath(json: unknown, path: string): PathMatch[] {
  const matches: PathMatch[] = [];
  if (jsonPathProblem(path)) return matches;
  try {
    const [, under, filter] = DESCENDANT_FILTER.exec(path) ?? [];
    if (filter === undefined || !POSITION_FREE.test(filter) || NESTED_FILTER.test(filter)) runQuery(json, path, matches);
    else if (under === undefined) descendantFilter(json, filter, [{ path: [], value: json }], matches);
    else {
      // `$..name..[?(…)]`: the filter below each `name`, in the order jsonpath-plus finds them.
      const starts: PathMatch[] = [];
      runQuery(json, `$..${under}`, starts);
      descendantFilter(json, filter, starts, matches);
    }
  } catch {
    // An expression the probe let through but this document trips up: it matches nothing here.
    return [];
  }
  return matches;
}

/** `$..[?(…)]` and `$..name..[?(…)]`: a filter on every value (below each `name`), the most common and most costly `given`s. */
const DESCENDANT_FILTER = /^\$\.\.(?:([A-Za-z_][\w-]*)\.\.)?\[\?\(([^]*)\)\]$/;
/**
 * A filter that reads only the value and its key, not where it is (`@path`, `@parent…`, `@root`),
 * with no `@type()` and no `)]` or `)'` inside, so that jsonpath-plus reads the same filter out of the path.
 */
const POSITION_FREE = /^(?:[^@)]|@(?!parent|root|path|[a-z]+\(\))|\)(?![\]']))*$/i;
/** A filter jsonpath-plus reads as nested (`@.a[?(…)]`): left to it. */
const NESTED_FILTER = /@.?([^?]*)[['](\??\(.*?\))(?!.\)\])[\]']/;

/**
 * `$..[?(filter)]` as jsonpath-plus evaluates it — at each value, the filter on its children in
 * order, then the same below each child that is an object — with jsonpath-plus's own filter
 * evaluation, but once per distinct value: the resolved document shares each `$ref` target at
 * all its uses, and a filter that does not read its position gives the same matches at each.
 */
function descendantFilter(json: unknown, filter: string, starts: PathMatch[], matches: PathMatch[]): void {
  const evaluator = new (JSONPath as unknown as new (options: object) => QueryInstance)({ path: '$', json, autostart: false, eval: RulesetScript, sandbox, ignoreEvalErrors: true });
  evaluator.currEval = RulesetScript;
  evaluator.currSandbox = sandbox;
  const shared = sharedValues(json);
  const below = new Map<object, PathMatch[]>();
  const walk = (value: object, parent: unknown, parentKey: string | number | null, prefix: JsonPath, out: PathMatch[]): void => {
    const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
    const record = value as Record<string, unknown>;
    for (const key of keys) {
      if (evaluator._eval(filter, record[key], key, [], parent, parentKey)) out.push({ path: [...prefix, String(key)], value: record[key] });
    }
    for (const key of keys) {
      const child = record[key];
      if (typeof child === 'object' && child !== null) collect(child, value, key, [...prefix, String(key)], out);
    }
  };
  const collect = (value: object, parent: unknown, parentKey: string | number | null, prefix: JsonPath, out: PathMatch[]): void => {
    if (!shared.has(value)) return walk(value, parent, parentKey, prefix, out);
    let relative = below.get(value);
    if (!relative) {
      below.set(value, (relative = []));
      walk(value, parent, parentKey, [], relative);
    }
    for (const match of relative) out.push({ path: [...prefix, ...match.path], value: match.value });
  };
  for (const start of starts) if (typeof start.value === 'object' && start.value !== null) collect(start.value, null, null, start.path, matches);
}

/** The objects reached more than once in a value (the resolved document's `$ref` targets). */
function sharedValues(json: unknown): Set<object> {
  const seen = new Set<object>();
  const shared = new Set<object>();
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    if (seen.has(value)) {
      shared.add(value);
      return;
    }
    seen.add(value);
    for (const child of Array.isArray(value) ? value : Object.values(value)) visit(child);
  };
  visit(json);
  return shared;
}

/** The segments jsonpath-plus leaves out of a result's path (`~`, `^`, `@type()`), as its own `toPointer` does. */
const NOT_A_SEGMENT = /^(~|\^|@.*?\(\))$/;

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
