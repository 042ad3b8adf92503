import type { ParsedDocument } from '../documents';
import type { Finding } from '../findings';
import { AstNode, childAt } from '../parser/ast';
import { relativePath } from '../uris';
import type { Severity } from '../rules';
import type { FunctionContext, FunctionResult } from './coreFunctions';
import { globToRegExp } from './glob';
import { GROUP_DEPTH, JsonPath, matchesStayInPlace, query, QueryMemo, queryPath, QueryResult } from './jsonPath';
import { changeBetween, TextChange } from '../parser/reparse';
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
  /** The findings of the document's last run by rule and place, taken over where the edit did not reach (and replaced by this run's). */
  reuse?: RuleReuse;
}

/** A finding made for a rule below one place, with what makes it the same finding as another (its rule, file, path and message). */
interface ScopedFinding {
  finding: Finding;
  key: string;
}

/** Where a rule's findings below one place are collected: made once within it, merged with the other places' afterwards. */
interface ReportScope {
  keys: Set<string>;
  found: ScopedFinding[];
}

/**
 * What a document's last run found, kept to be used again after an edit: for each rule that reads
 * only the values it is given and their places, its findings by place (a path of GROUP_DEPTH keys,
 * such as one path or one schema). A place whose values (written and resolved) are the same
 * objects as in the last run gives the same findings: they are taken over, moved with the text
 * after the edit, and the rule is not run there.
 */
export class RuleReuse {
  text?: string;
  written?: unknown;
  resolved?: unknown;
  formatsKey?: string;
  dialect?: unknown;
  referenced?: ReadonlyMap<string, ParsedDocument>;
  byRule = new WeakMap<LoadedRule, Map<string, ScopedFinding[]>>();
}

/** The value at a path, or undefined. */
function valueAt(root: unknown, path: JsonPath): unknown {
  let value = root;
  for (const segment of path) value = isObject(value) ? (value as Obj)[segment as string] : undefined;
  return value;
}

function sameFiles(a: ReadonlyMap<string, ParsedDocument> | undefined, b: ReadonlyMap<string, ParsedDocument>): boolean {
  if (!a || a.size !== b.size) return false;
  for (const [uri, doc] of b) if (a.get(uri) !== doc) return false;
  return true;
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
  /** The places done, by rule, file and path, then message; the findings made, by rule, file, path and message. */
  private readonly placesDone = new Map<string, Set<string>>();
  private readonly seenKeys = new Set<string>();
  /** The finding (or none) of each rule, place and message asked for by a scope. */
  private readonly made = new Map<string, ScopedFinding | null>();
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

  /** The resolved document if a rule needed it. */
  get resolvedIfMade(): unknown {
    return this.resolvedDocument;
  }

  /**
   * Turns a function's results on a value into findings: the code is the rule's name, the range the
   * node Spectral would report. With a scope, the findings go there (each once within it) instead,
   * and the findings of these results are returned, also those the scope had already.
   */
  report(rule: LoadedRule, results: FunctionResult[], targetPath: JsonPath, scope?: ReportScope): ScopedFinding[] | undefined {
    const made: ScopedFinding[] | undefined = scope ? [] : undefined;
    for (const result of results) {
      const found = rule.resolved ? unresolvedLocation(this.document, result.path ?? targetPath, this.doc.uri, this.values, this.refTargets) : { uri: this.doc.uri, path: result.path ?? targetPath };
      const foundKey = `${rule.name}|${found.uri}|${found.path.join('\u0000')}`;
      if (!scope) {
        // The resolved document repeats each `$ref` target at every use; all map to one place, reported once.
        if (!firstTime(this.placesDone, foundKey, result.message)) continue;
        const finding = this.findingAt(rule, result.message, found);
        if (!finding || this.seenKeys.has(finding.key)) continue;
        this.seenKeys.add(finding.key);
        this.findings.push(finding.finding);
        continue;
      }
      // A place and message give one finding (or none), made once in the run whichever scope asks.
      const madeKey = `${foundKey}\u0001${result.message}`;
      let finding = this.made.get(madeKey);
      if (finding === undefined) this.made.set(madeKey, (finding = this.findingAt(rule, result.message, found) ?? null));
      if (!finding) continue;
      made!.push(finding);
      addTo(scope, finding);
    }
    return made;
  }

  /** The finding of a result at a place (in this document or a referenced one), with what makes it the same as another; undefined where it is not reported. */
  private findingAt(rule: LoadedRule, error: string, found: { uri: string; path: JsonPath }): ScopedFinding | undefined {
    const doc = found.uri === this.doc.uri ? this.doc : this.referenced.get(found.uri);
    if (!doc) return undefined;
    const document = doc.parse.value;
    const wanted = found.path;
    const { node, depth } = closestNode(doc.parse.root, wanted, this.keyIndexes);
    if (!node) return undefined;
    const path = wanted.slice(0, depth);
    const severity = severityFor(rule, doc, path);
    if (severity === 'off') return undefined;
    let value: unknown = document;
    for (const s of path) value = isObject(value) ? (value as Obj)[s as string] : undefined;
    // In another file Spectral names only the closest key written, not the missing part below it.
    const property = wanted.length > path.length && doc === this.doc ? printDotPath(wanted.slice(path.length - 1)) : path.length ? path[path.length - 1] : '';
    // The pointer is printed only for a message that asks for it: most do not, and it costs as much as the rest.
    const values = { property, error, get path() { return printPointer(path); }, description: rule.description ?? null, value };
    values.error = fillMessage(error, values);
    const message = (rule.message === undefined ? rule.description ?? values.error : fillMessage(rule.message, values)).trim();
    const range = rangeOf(doc, node);
    const finding: Finding = {
      uri: doc.uri, code: rule.name, message, offset: range.offset, length: range.length,
      severity, ...(rule.documentationUrl ? { href: rule.documentationUrl } : {}),
      data: { ruleset: true },
    };
    return { finding, key: `${rule.name}|${doc.uri}|${JSON.stringify(path)}\u0001${message}` };
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

/** A rule step's function reads only its value, options and place (and the document's formats and schema dialect). */
function readsOnlyItsPlace(rule: LoadedRule): boolean {
  return rule.then.every((then) => {
    if (then.custom || then.isolated) return false;
    const fn = FUNCTIONS.get(then.function);
    return !!fn && (fn.pure === true || fn.memoKey !== undefined);
  });
}

/** The key of the place a match belongs to: its first GROUP_DEPTH keys (fewer for a match above them), with their count. */
function placeKey(prefix: JsonPath, relative: JsonPath): string {
  const length = prefix.length + relative.length;
  const at = (i: number) => String(i < prefix.length ? prefix[i] : relative[i - prefix.length]);
  return length >= GROUP_DEPTH ? `${GROUP_DEPTH}\0${at(0)}\0${at(1)}` : length === 1 ? `1\0${at(0)}` : '0';
}

/**
 * A place's findings from the last run moved with the edit: those before it stay, those after it
 * move by what it added or removed; undefined when one lies in the edited text (the place is
 * checked again).
 */
function moved(found: ScopedFinding[], uri: string, change: TextChange | undefined): ScopedFinding[] | undefined {
  if (!change || !found.length) return found;
  const end = change.start + change.removed;
  const delta = change.inserted - change.removed;
  let result: ScopedFinding[] | undefined;
  for (let i = 0; i < found.length; i++) {
    const { finding } = found[i];
    if (finding.uri !== uri || finding.offset + finding.length < change.start) continue;
    if (finding.offset <= end) return undefined;
    result ??= found.slice();
    result[i] = { finding: { ...finding, offset: finding.offset + delta }, key: found[i].key };
  }
  return result ?? found;
}

/** A place of GROUP_DEPTH keys: its key among a rule's places, its path, whether its values are those of the last run. */
interface PlaceInfo {
  key: string;
  path: JsonPath;
  sameWritten?: boolean;
  sameResolved?: boolean;
}

/** The findings a value gave at a key when it was checked earlier in the run; else a new list to fill, kept for the next time. */
function capture(checked: Map<object, Map<string, ScopedFinding[]>>, value: object, key: string): { earlier?: ScopedFinding[]; captured?: ScopedFinding[] } {
  let byKey = checked.get(value);
  if (!byKey) checked.set(value, (byKey = new Map()));
  const earlier = byKey.get(key);
  if (earlier) return { earlier };
  const captured: ScopedFinding[] = [];
  byKey.set(key, captured);
  return { captured };
}

function addTo(scope: ReportScope, finding: ScopedFinding): void {
  if (scope.keys.has(finding.key)) return;
  scope.keys.add(finding.key);
  scope.found.push(finding);
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
  const files = referenced ?? new Map<string, ParsedDocument>();
  const dialect = isObject(document) ? (document as Obj).jsonSchemaDialect : undefined;
  // The last run's findings are taken over only for the same formats, schema dialect and referenced files.
  const reuse = options.reuse;
  const usable = !!reuse && reuse.text !== undefined && reuse.formatsKey === formatsKey && reuse.dialect === dialect && sameFiles(reuse.referenced, files);
  const change = usable ? changeBetween(reuse!.text!, doc.text) : undefined;
  /** The places of GROUP_DEPTH keys met in this run, one record each, with whether their values are those of the last run. */
  const places = new Map<string, Map<string, PlaceInfo>>();
  const placeInfo = (place: JsonPath): PlaceInfo => {
    const first = String(place[0]);
    const second = String(place[1]);
    let below = places.get(first);
    if (!below) places.set(first, (below = new Map()));
    let info = below.get(second);
    if (!info) below.set(second, (info = { key: `${GROUP_DEPTH}\0${first}\0${second}`, path: [first, second] }));
    return info;
  };
  /** Whether the values at a place (written, and resolved for a rule that reads the resolved document) are those of the last run. */
  const sameAt = (info: PlaceInfo, resolved: boolean): boolean => {
    info.sameWritten ??= valueAt(reuse!.written, info.path) === valueAt(document, info.path);
    if (!info.sameWritten || !resolved) return info.sameWritten;
    return (info.sameResolved ??= valueAt(reuse!.resolved, info.path) === valueAt(run.resolved, info.path));
  };
  const nextByRule = new Map<LoadedRule, Map<string, ScopedFinding[]>>();
  let stopped = false;
  for (const rule of rules) {
    if (!rule.enabled || rule.unavailable || !applies(rule, formats)) continue;
    if (options.shouldStop?.()) {
      stopped = true;
      break;
    }
    const givens = rule.given.flatMap((g) => resolveGiven(g, rule.aliases, formats));
    const input = rule.resolved ? run.resolved : document;
    // A rule that reads only its places collects its findings by place, to be taken over after an edit elsewhere.
    const byPlace = readsOnlyItsPlace(rule) && givens.every(matchesStayInPlace) ? new Map<string, ReportScope>() : undefined;
    const previous = byPlace && usable ? reuse!.byRule.get(rule) : undefined;
    const taken = new Map<string, ScopedFinding[]>();
    const decided = new Map<PlaceInfo, boolean>();
    const skip = previous && ((place: JsonPath): boolean => {
      const info = placeInfo(place);
      let skipped = decided.get(info);
      if (skipped === undefined) {
        const kept = sameAt(info, rule.resolved) ? moved(previous.get(info.key) ?? [], doc.uri, change) : undefined;
        skipped = kept !== undefined;
        if (kept?.length) taken.set(info.key, kept);
        decided.set(info, skipped);
      }
      return skipped;
    });
    // The values (and the places below objects) each step has checked in this run, with the findings they gave:
    // met again (a `$ref` target at another use), they give the same findings without being checked again.
    const checkedValues = rule.then.map(() => new Map<object, ScopedFinding[]>());
    const checkedBelow = rule.then.map(() => new Map<object, Map<string, ScopedFinding[]>>());
    for (const given of givens) {
      // Rules share expressions (an alias, `$..` over every schema): each walk is made once per document.
      const key = `${rule.resolved ? 'resolved' : 'written'}\0${given}`;
      let found = queries.get(key);
      if (!found) queries.set(key, (found = query(input, given, queryMemo) ?? NONE));
      found.forEach((value, prefix, relative, owner) => {
        let scope: ReportScope | undefined;
        if (byPlace) {
          const place = placeKey(prefix, relative);
          scope = byPlace.get(place);
          if (!scope) byPlace.set(place, (scope = { keys: new Set(), found: [] }));
        }
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
            let captured: ScopedFinding[] | undefined;
            if (memoKey !== undefined) {
              // The same object is one place in the source wherever the resolved document repeats it (a
              // `$ref` target at each use): with the same results, it gives the findings already made.
              let earlier: ScopedFinding[] | undefined;
              if (typeof target.value === 'object' && target.value !== null) {
                if (fn.pure) {
                  earlier = checkedValues[thenIndex].get(target.value);
                  if (!earlier) checkedValues[thenIndex].set(target.value, (captured = []));
                } else ({ earlier, captured } = capture(checkedBelow[thenIndex], target.value, memoKey));
              } else if (owner) ({ earlier, captured } = capture(checkedBelow[thenIndex], owner, `${relative.join('\0')}\0${target.path.join('\0')}\0${memoKey}`));
              if (earlier) {
                if (scope) for (const finding of earlier) addTo(scope, finding);
                continue;
              }
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
            const made = run.report(rule, chosen, path ?? targetPath(), scope);
            if (made && captured) captured.push(...made);
          }
        });
      }, skip);
    }
    if (byPlace) {
      // The places' findings, each made once for the rule (places reached through one `$ref` target find the same).
      const next = new Map<string, ScopedFinding[]>();
      const merged = new Set<string>();
      const add = (place: string, found: ScopedFinding[]) => {
        if (!found.length) return;
        next.set(place, found);
        for (const { finding, key } of found) {
          if (merged.has(key)) continue;
          merged.add(key);
          run.findings.push(finding);
        }
      };
      for (const [place, found] of taken) add(place, found);
      for (const [place, scope] of byPlace) add(place, scope.found);
      nextByRule.set(rule, next);
    }
  }
  if (reuse) {
    if (stopped) reuse.text = undefined;
    else Object.assign(reuse, { text: doc.text, written: document, resolved: run.resolvedIfMade, formatsKey, dialect, referenced: files, byRule: new WeakMap(nextByRule) });
  }
  return run;
}
