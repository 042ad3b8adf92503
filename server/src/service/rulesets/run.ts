import type { ParsedDocument } from '../documents';
import type { Finding } from '../findings';
import { AstNode, childAt } from '../parser/ast';
import { relativePath } from '../uris';
import type { Severity } from '../rules';
import type { FunctionContext, FunctionResult } from './coreFunctions';
import { globToRegExp } from './glob';
import { JsonPath, query, QueryMemo, queryPath, QueryResult } from './jsonPath';
import { CORE_FUNCTION_MAP } from './load';
import type { AliasValue, LoadedRule, RuleThen } from './model';
import { OAS_FUNCTIONS } from './oasFunctions';
import { OWASP_FUNCTIONS } from './owaspFunctions';
import { fillMessage, printPointer } from './printing';
import { refTarget, ResolvedCopies, resolveRefs, unresolvedLocation } from './resolved';

const FUNCTIONS = new Map([...CORE_FUNCTION_MAP, ...[...OAS_FUNCTIONS, ...OWASP_FUNCTIONS].map((f) => [f.name, f] as const)]);
type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null;

/** The formats a document has, in Spectral's names and ours. */
export function formatsOf(doc: ParsedDocument): Set<string> {
  const { kind, version } = doc.kind;
  if (kind === 'openapi') return new Set(version === '2.0' ? ['oas2'] : version === '3.0' ? ['oas3', 'oas3.0'] : ['oas3', 'oas3.1']);
  if (kind === 'mapping') return new Set(['interface-studio-mapping']);
  if (kind === 'flow') return new Set(['interface-studio-flow']);
  if (kind === 'asyncapi') return new Set([String(version ?? '').startsWith('3') ? 'asyncapi3' : 'asyncapi2']);
  return new Set();
}

/** Mapping and flow documents get only the rules that name their format; API descriptions also get rules without formats, as in Spectral. */
function applies(rule: LoadedRule, formats: Set<string>): boolean {
  if (!rule.formats) return formats.has('oas2') || formats.has('oas3') || formats.has('asyncapi2') || formats.has('asyncapi3');
  return rule.formats.some((f) => formats.has(f));
}

/** The JSONPath expressions a `given` stands for once its aliases are resolved for these formats. */
export function resolveGiven(given: string, aliases: Map<string, AliasValue>, formats: Set<string>, depth = 0): string[] {
  if (!given.startsWith('#') || depth > 20) return given.startsWith('#') ? [] : [given];
  const match = /^#([^.[]+)(.*)$/s.exec(given);
  const alias = match && aliases.get(match[1]);
  if (!alias) return [];
  const targets = Array.isArray(alias) ? alias : alias.targets.filter((t) => t.formats.some((f) => formats.has(f))).flatMap((t) => t.given);
  return targets.flatMap((t) => resolveGiven(t + match![2], aliases, formats, depth + 1));
}

/** The values a `then.field` picks from a matched value, as Spectral picks them. */
function lintTargets(value: unknown, field: string | undefined): { path: JsonPath; value: unknown }[] {
  if (!isObject(value) || field === undefined) return [{ path: [], value }];
  if (field === '@key') {
    const keys = Object.keys(value);
    return keys.length ? keys.map((k) => ({ path: [k], value: k })) : [{ path: [], value: undefined }];
  }
  if (field.startsWith('$')) {
    const found = queryPath(value, field);
    return found.length ? found : [{ path: [], value: undefined }];
  }
  const path = toPath(field);
  let current: unknown = value;
  for (const segment of path) current = isObject(current) ? (current as Obj)[segment] : undefined;
  return [{ path, value: current }];
}

/** A lodash-style property path: `a.b[0].c` or `a['b.c']`. */
function toPath(field: string): string[] {
  const path: string[] = [];
  field.replace(/[^.[\]]+|\[(?:(-?\d+(?:\.\d+)?)|(["'])((?:(?!\2)[^\\]|\\.)*?)\2)\]|(?=(?:\.|\[\])(?:\.|\[\]|$))/g, (whole, number, _q, quoted) => {
    path.push(quoted !== undefined ? quoted : number !== undefined ? number : whole);
    return '';
  });
  return path;
}

/** Objects with this many keys or more are looked up through an index (`components/schemas` of a large spec has hundreds). */
const INDEXED_KEYS = 16;

/** The child of an object node under a key, the last one written (as `childAt`), through an index for large objects. */
function childOf(node: AstNode, segment: string | number, indexes: Map<AstNode, Map<string, AstNode>>): AstNode | undefined {
  if (node.type !== 'object' || !node.children || node.children.length < INDEXED_KEYS) return childAt(node, segment);
  let index = indexes.get(node);
  if (!index) {
    index = new Map();
    for (const child of node.children) if (typeof child.key === 'string') index.set(child.key, child);
    indexes.set(node, index);
  }
  return index.get(String(segment));
}

/** The deepest node of the document on a path, and how much of the path it covers. */
function closestNode(root: AstNode | undefined, path: JsonPath, indexes: Map<AstNode, Map<string, AstNode>>): { node: AstNode | undefined; depth: number } {
  let node = root;
  let depth = 0;
  for (const segment of path) {
    const child = node && childOf(node, segment, indexes);
    if (!child) break;
    node = child;
    depth++;
  }
  return { node, depth };
}

/** The range Spectral reports for a node: a scalar's value; a collection under a key from just after its colon. */
function rangeOf(doc: ParsedDocument, node: AstNode): { offset: number; length: number } {
  // As Spectral places them, in YAML and JSON alike: a collection ends where its last value ends
  // (its closing bracket is not part of it), and a collection under a key starts right after the colon.
  let last = node;
  while (last.children?.length) last = last.children[last.children.length - 1];
  let end = last.offset + last.length;
  while (end > node.offset && /\s/.test(doc.text[end - 1])) end--;
  if (!node.parent) return { offset: 0, length: end };
  if (node.keyOffset >= 0 && (node.type === 'object' || node.type === 'array')) {
    const colon = doc.text.indexOf(':', node.keyOffset + node.keyLength);
    if (colon >= 0 && colon < node.offset) return { offset: colon + 1, length: end - colon - 1 };
  }
  return { offset: node.offset, length: end - node.offset };
}

function printDotPath(path: JsonPath): string {
  return path.reduce<string>((out, segment, i) => {
    const s = String(segment);
    if (typeof segment === 'number' || (s !== '' && !Number.isNaN(Number(s)))) return `${out}[${s}]`;
    if (s === '') return `${out}['']`;
    if (/\s/.test(s)) return `${out}['${s}']`;
    return `${out}${i === 0 ? '' : '.'}${s}`;
  }, '');
}

function severityFor(rule: LoadedRule, doc: ParsedDocument, path: JsonPath): Severity | 'off' {
  let severity: Severity | 'off' = rule.severity;
  if (!rule.overrides.length) return severity;
  let closest = -1;
  const pointer = printPointer(path).slice(1);
  for (const override of rule.overrides) {
    const relative = relativePath(override.baseUri, doc.uri).replace(/^\.\//, '');
    if (!globToRegExp(override.glob.replace(/^\.\//, '')).test(relative)) continue;
    if (override.pointer.length >= closest && (pointer === override.pointer || pointer.startsWith(`${override.pointer}/`) || override.pointer === '')) {
      closest = override.pointer.length;
      severity = override.setting;
    }
  }
  return severity;
}

export interface RunOptions {
  /** Called when a function fails on a value: the rule goes on with the next one. */
  onFunctionError?(rule: LoadedRule, error: unknown): void;
  shouldStop?(): boolean;
  /** The resolved copies of earlier runs on the document, shared where the edit did not reach. */
  copies?: ResolvedCopies;
  /** The matches of `..` walks below objects, from earlier runs. */
  queryMemo?: QueryMemo;
  /** The results of functions on values, from earlier runs. */
  functionMemo?: FunctionMemo;
}

/** A custom function's application, run later by the host's worker. */
export interface DeferredCall {
  rule: LoadedRule;
  then: RuleThen;
  input: unknown;
  path: JsonPath;
}

/** Whether a key is met for the first time at a place (an object, a path…), and remembers it. */
function firstTime<P>(seen: Map<P, Set<string>>, place: P, key: string): boolean {
  let keys = seen.get(place);
  if (!keys) seen.set(place, (keys = new Set()));
  if (keys.has(key)) return false;
  keys.add(key);
  return true;
}

/** The findings of one document, built rule by rule; custom functions' results are added when they come. */
export class RuleRun {
  readonly findings: Finding[] = [];
  readonly deferred: DeferredCall[] = [];
  readonly document: unknown;
  private resolvedDocument: unknown;
  /** The findings made and the places done, by rule, file and path, then message: short keys (messages keep their hash). */
  private readonly seen = new Map<string, Set<string>>();
  private readonly placesDone = new Map<string, Set<string>>();
  private readonly refTargets = new Map<string, ReturnType<typeof refTarget>>();
  /** The keys of the large objects of the documents' trees, indexed while this run reports. */
  private readonly keyIndexes = new Map<AstNode, Map<string, AstNode>>();
  private readonly values: Map<string, unknown>;

  /** `referenced`: the files the document's `$ref`s reach, parsed; rules see their content and findings in them are reported there. */
  constructor(readonly doc: ParsedDocument, private readonly referenced: ReadonlyMap<string, ParsedDocument> = new Map(), private readonly copies?: ResolvedCopies) {
    this.document = doc.parse.value;
    this.values = new Map([...referenced].map(([uri, d]) => [uri, d.parse.value]));
  }

  get resolved(): unknown {
    return (this.resolvedDocument ??= resolveRefs(this.document, this.doc.uri, this.values, this.copies));
  }

  /** Turns a function's results on a value into findings: the code is the rule's name, the range the node Spectral would report. */
  report(rule: LoadedRule, results: FunctionResult[], targetPath: JsonPath): void {
    for (const result of results) {
      const found = rule.resolved ? unresolvedLocation(this.document, result.path ?? targetPath, this.doc.uri, this.values, this.refTargets) : { uri: this.doc.uri, path: result.path ?? targetPath };
      // The resolved document repeats each `$ref` target at every use; all map to one place, reported once.
      if (!firstTime(this.placesDone, `${rule.name}|${found.uri}|${found.path.join('\u0000')}`, result.message)) continue;
      const doc = found.uri === this.doc.uri ? this.doc : this.referenced.get(found.uri);
      if (!doc) continue;
      const document = doc.parse.value;
      const wanted = found.path;
      const { node, depth } = closestNode(doc.parse.root, wanted, this.keyIndexes);
      if (!node) continue;
      const path = wanted.slice(0, depth);
      const severity = severityFor(rule, doc, path);
      if (severity === 'off') continue;
      let value: unknown = document;
      for (const s of path) value = isObject(value) ? (value as Obj)[s as string] : undefined;
      // In another file Spectral names only the closest key written, not the missing part below it.
      const property = wanted.length > path.length && doc === this.doc ? printDotPath(wanted.slice(path.length - 1)) : path.length ? path[path.length - 1] : '';
      // The pointer is printed only for a message that asks for it: most do not, and it costs as much as the rest.
      const values = { property, error: result.message, get path() { return printPointer(path); }, description: rule.description ?? null, value };
      values.error = fillMessage(result.message, values);
      const message = (rule.message === undefined ? rule.description ?? values.error : fillMessage(rule.message, values)).trim();
      if (!firstTime(this.seen, `${rule.name}|${doc.uri}|${JSON.stringify(path)}`, message)) continue;
      const range = rangeOf(doc, node);
      this.findings.push({
        uri: doc.uri, code: rule.name, message, offset: range.offset, length: range.length,
        severity, ...(rule.documentationUrl ? { href: rule.documentationUrl } : {}),
        data: { ruleset: true },
      });
    }
  }
}

/** A function's result kept for a value: its path relative to where the function ran (`relative`), or as the function gave it. */
interface KeptResult {
  message: string;
  path?: JsonPath;
  relative?: boolean;
}

/**
 * The results of functions kept by (rule step, value, what else the function reads), across runs:
 * a function that reads only its value and options gives the same results for the same object,
 * and an edit keeps every object it did not touch.
 */
export class FunctionMemo {
  private readonly byThen = new WeakMap<RuleThen, { objects: WeakMap<object, Map<string, KeptResult[]>>; scalars: Map<unknown, Map<string, KeptResult[]>> }>();

  get(then: RuleThen, value: unknown, key: string): KeptResult[] | undefined {
    const kept = this.byThen.get(then);
    return (typeof value === 'object' && value !== null ? kept?.objects.get(value) : kept?.scalars.get(value))?.get(key);
  }

  set(then: RuleThen, value: unknown, key: string, results: KeptResult[]): void {
    let kept = this.byThen.get(then);
    if (!kept) this.byThen.set(then, (kept = { objects: new WeakMap(), scalars: new Map() }));
    const isObj = typeof value === 'object' && value !== null;
    // Scalars are kept by value: a bounded number, the strings of one document.
    if (!isObj && kept.scalars.size >= MAX_KEPT_SCALARS) kept.scalars.clear();
    let byKey = isObj ? kept.objects.get(value) : kept.scalars.get(value);
    if (!byKey) {
      byKey = new Map();
      if (isObj) kept.objects.set(value, byKey);
      else kept.scalars.set(value, byKey);
    }
    byKey.set(key, results);
  }
}
const MAX_KEPT_SCALARS = 100_000;
const NO_RESULTS: KeptResult[] = [];

function startsWith(path: JsonPath, prefix: JsonPath): boolean {
  if (path.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (String(path[i]) !== String(prefix[i])) return false;
  return true;
}

/**
 * Runs the enabled rules that apply to a document's formats: built-in functions at once, custom
 * ones collected in `deferred` for the host to run.
 */
export function runRules(rules: Iterable<LoadedRule>, doc: ParsedDocument, options: RunOptions = {}, referenced?: ReadonlyMap<string, ParsedDocument>): RuleRun {
  const formats = formatsOf(doc);
  const formatsKey = [...formats].sort().join(',');
  const run = new RuleRun(doc, referenced, options.copies);
  const { document } = run;
  if (document === undefined) return run;
  const cache = new Map<unknown, unknown>();
  const queries = new Map<string, QueryResult>();
  const queryMemo = options.queryMemo ?? new QueryMemo();
  const functionMemo = options.functionMemo ?? new FunctionMemo();
  const NONE: QueryResult = { forEach: () => undefined };
  for (const rule of rules) {
    if (!rule.enabled || rule.unavailable || !applies(rule, formats)) continue;
    if (options.shouldStop?.()) break;
    const givens = rule.given.flatMap((g) => resolveGiven(g, rule.aliases, formats));
    const input = rule.resolved ? run.resolved : document;
    // The values (and the places below objects) each step has checked in this run.
    const checkedValues = rule.then.map(() => new Set<object>());
    const checkedBelow = rule.then.map(() => new Map<object, Set<string>>());
    for (const given of givens) {
      // Rules share expressions (an alias, `$..` over every schema): each walk is made once per document.
      const key = `${rule.resolved ? 'resolved' : 'written'}\0${given}`;
      let found = queries.get(key);
      if (!found) queries.set(key, (found = query(input, given, queryMemo) ?? NONE));
      found.forEach((value, prefix, relative, owner) => {
        rule.then.forEach((then, thenIndex) => {
          const fn = then.custom ? undefined : FUNCTIONS.get(then.function);
          if (!fn && !then.custom) return;
          for (const target of lintTargets(value, then.field)) {
            if (fn?.accepts && !fn.accepts(target.value)) continue;
            const targetPath = (): JsonPath => [...prefix, ...relative, ...target.path];
            if (!fn || then.isolated) {
              run.deferred.push({ rule, then, input: target.value, path: targetPath() });
              continue;
            }
            let path: JsonPath | undefined;
            const context = (): FunctionContext => ({ path: (path ??= targetPath()), document, formats, cache });
            const memoKey = fn.pure ? formatsKey : fn.memoKey ? `${formatsKey}\0${fn.memoKey(context())}` : undefined;
            if (memoKey !== undefined) {
              // The same object is one place in the source wherever the resolved document repeats it (a
              // `$ref` target at each use): with the same results, it gives the findings already reported.
              if (typeof target.value === 'object' && target.value !== null) {
                if (fn.pure) {
                  if (checkedValues[thenIndex].has(target.value)) continue;
                  checkedValues[thenIndex].add(target.value);
                } else if (!firstTime(checkedBelow[thenIndex], target.value, memoKey)) continue;
              } else if (owner && !firstTime(checkedBelow[thenIndex], owner, `${relative.join('\0')}\0${target.path.join('\0')}\0${memoKey}`)) continue;
            }
            let kept = memoKey === undefined ? undefined : functionMemo.get(then, target.value, memoKey);
            let results: FunctionResult[] | undefined;
            if (!kept) {
              try {
                results = fn.run(target.value, then.functionOptions ?? null, context()) ?? undefined;
              } catch (error) {
                options.onFunctionError?.(rule, error);
                continue;
              }
              if (memoKey !== undefined) {
                kept = !results?.length ? NO_RESULTS : results.map((r) => (!fn.pure && r.path && startsWith(r.path, path!) ? { message: r.message, path: r.path.slice(path!.length), relative: true } : r));
                functionMemo.set(then, target.value, memoKey, kept);
              }
            }
            if (kept === NO_RESULTS || (!kept && !results?.length)) continue;
            const chosen = results ?? kept!.map((r) => (r.relative ? { message: r.message, path: [...(path ??= targetPath()), ...r.path!] } : r));
            run.report(rule, chosen, path ?? targetPath());
          }
        });
      });
    }
  }
  return run;
}
