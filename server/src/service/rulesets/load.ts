import type { LanguageService } from '../languageService';
import type { ParsedDocument } from '../documents';
import { AstNode, findNodeAtPath } from '../parser/ast';
import { resolveUri } from '../uris';
import { CORE_FUNCTIONS, isRiskyPattern, RulesetFunction } from './coreFunctions';
import { jsonPathProblem } from './jsonPath';
import { AliasValue, CustomFunctionSet, LoadedRule, LoadedRuleset, RuleOverride, RulesetProblem, RuleThen, SourcePlace, toSeverity } from './model';
import { OAS_FUNCTIONS } from './oasFunctions';
import { SPECTRAL_OAS } from './spectralOas';
import { OWASP_FUNCTIONS } from './owaspFunctions';
import { OWASP_PACKAGE, OWASP_RULESET } from './owaspRuleset';

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export const CORE_FUNCTION_MAP = new Map(CORE_FUNCTIONS.map((f) => [f.name, f]));
const OAS_FUNCTION_MAP = new Map([...CORE_FUNCTIONS, ...OAS_FUNCTIONS, ...OWASP_FUNCTIONS].map((f) => [f.name, f]));
const RULESET_KEYS = ['extends', 'rules', 'aliases', 'overrides', 'formats', 'functions', 'functionsDir', 'documentationUrl', 'description', 'parserOptions'];
const RULE_KEYS = ['given', 'then', 'severity', 'message', 'description', 'documentationUrl', 'formats', 'resolved', 'recommended', 'type', 'tags', 'extensions'];
const BUILTIN_RULESETS = new Set(['spectral:oas', 'spectral:asyncapi', 'spectral:arazzo']);
/** Known format names: Spectral's and ours. */
export const FORMAT_NAMES = ['oas2', 'oas3', 'oas3.0', 'oas3.1', 'oas3.2', 'asyncapi2', 'asyncapi3', 'json-schema', 'json-schema-loose', 'json-schema-draft4', 'json-schema-draft6', 'json-schema-draft7', 'json-schema-2019-09', 'json-schema-2020-12', 'interface-studio-mapping', 'interface-studio-flow'];

/** Where a value of a ruleset file is, for its problems. */
class Places {
  constructor(readonly uri: string, readonly root: AstNode | undefined) {}
  at(path: (string | number)[], key = false): SourcePlace {
    let node = findNodeAtPath(this.root, path);
    for (let p = path; !node && p.length; p = p.slice(0, -1)) node = findNodeAtPath(this.root, p.slice(0, -1));
    if (!node) return { uri: this.uri, offset: 0, length: 0 };
    if (key && node.keyOffset >= 0) return { uri: this.uri, offset: node.keyOffset, length: node.keyLength };
    return { uri: this.uri, offset: node.offset, length: node.length };
  }
}

interface Loading {
  service: LanguageService;
  problems: RulesetProblem[];
  files: Set<string>;
  customFunctions: CustomFunctionSet[];
}

/** One ruleset's own definitions before merging: where it is, its value, and how to place problems in it. */
interface RulesetSource {
  id: string;
  value: Obj;
  places?: Places;
  /** The URI of the file (for relative `extends` and `overrides`). */
  uri?: string;
  builtin: boolean;
}

/**
 * Loads rulesets in Spectral 6's format and merges them in order: each one's `extends` first, then
 * its own rules, which may define new rules or only change the severity of inherited ones.
 */
export async function loadRulesets(service: LanguageService, uris: string[]): Promise<LoadedRuleset> {
  const loading: Loading = { service, problems: [], files: new Set(), customFunctions: [] };
  const rules = new Map<string, LoadedRule>();
  for (const uri of uris) {
    const source = await readRulesetFile(loading, uri, undefined);
    if (source) await mergeRuleset(loading, source, 'recommended', rules, [uri]);
  }
  return { rules, problems: loading.problems, files: [...loading.files], customFunctions: loading.customFunctions };
}

async function readRulesetFile(loading: Loading, uri: string, from: SourcePlace | undefined): Promise<RulesetSource | undefined> {
  loading.files.add(uri);
  const doc = await loading.service.getDocument(uri);
  if (!doc) {
    if (from) loading.problems.push({ ...from, code: 'ruleset.extends', message: `The ruleset ${uri.replace(/^file:\/\//, '')} does not exist.` });
    return undefined;
  }
  return sourceOf(loading, doc, from);
}

function sourceOf(loading: Loading, doc: ParsedDocument, from: SourcePlace | undefined): RulesetSource | undefined {
  const places = new Places(doc.uri, doc.parse.root);
  if (doc.parse.problems.length) {
    // The syntax errors are reported in the file itself; an extending ruleset says which file is broken.
    if (from) loading.problems.push({ ...from, code: 'ruleset.extends', message: `The ruleset ${doc.uri.replace(/^.*\//, '')} has syntax errors.` });
    if (!isObject(doc.parse.value)) return undefined;
  }
  if (!isObject(doc.parse.value)) {
    loading.problems.push({ ...places.at([]), code: 'ruleset.invalid', message: 'A ruleset is an object with `rules`, `extends` or both.' });
    return undefined;
  }
  return { id: doc.uri, value: doc.parse.value, places, uri: doc.uri, builtin: false };
}

function problem(loading: Loading, source: RulesetSource, path: (string | number)[], code: string, message: string, key = false): void {
  if (!source.places) return;
  loading.problems.push({ ...source.places.at(path, key), code, message });
}

async function mergeRuleset(loading: Loading, source: RulesetSource, _mode: 'all' | 'recommended' | 'off', rules: Map<string, LoadedRule>, chain: string[], via?: SourcePlace): Promise<void> {
  const { value } = source;
  for (const key of Object.keys(value)) {
    if (!RULESET_KEYS.includes(key)) problem(loading, source, [key], 'ruleset.invalid', `\`${key}\` is not a key of a Spectral ruleset (known: ${RULESET_KEYS.join(', ')}).`, true);
  }
  const aliases = new Map<string, AliasValue>();

  // `extends`: a name, a [name, mode] pair, or a list of either.
  const extendsValue = value.extends;
  const entries: { ref: unknown; mode: unknown; path: (string | number)[] }[] = [];
  if (typeof extendsValue === 'string') entries.push({ ref: extendsValue, mode: 'recommended', path: ['extends'] });
  else if (Array.isArray(extendsValue)) {
    const single = extendsValue.length === 2 && typeof extendsValue[0] === 'string' && ['all', 'recommended', 'off'].includes(extendsValue[1] as string);
    if (single) entries.push({ ref: extendsValue[0], mode: extendsValue[1], path: ['extends', 0] });
    else extendsValue.forEach((entry, i) => {
      if (Array.isArray(entry)) entries.push({ ref: entry[0], mode: entry[1] ?? 'recommended', path: ['extends', i] });
      else entries.push({ ref: entry, mode: 'recommended', path: ['extends', i] });
    });
  } else if (extendsValue !== undefined) problem(loading, source, ['extends'], 'ruleset.invalid', '`extends` is a ruleset, a [ruleset, all | recommended | off] pair, or a list of them.');

  for (const entry of entries) {
    if (typeof entry.ref !== 'string' || !['all', 'recommended', 'off'].includes(entry.mode as string)) {
      problem(loading, source, entry.path, 'ruleset.invalid', 'Each `extends` entry is a ruleset name or path, optionally in a [ruleset, all | recommended | off] pair.');
      continue;
    }
    const extendMode = entry.mode as 'all' | 'recommended' | 'off';
    const place = source.places?.at(entry.path) ?? { uri: source.id, offset: 0, length: 0 };
    const extended = await resolveExtends(loading, source, entry.ref, place);
    if (!extended) continue;
    if (chain.includes(extended.id)) {
      const message = `\`${entry.ref}\` extends back to a ruleset already being extended (${[...chain, extended.id].map((u) => u.replace(/^.*\//, '')).join(' → ')}).`;
      loading.problems.push({ ...place, code: 'ruleset.extends', message });
      // Also where the loop is entered from the ruleset in use, which is the file the user looks at.
      if (via && via.uri !== place.uri) loading.problems.push({ ...via, code: 'ruleset.extends', message });
      continue;
    }
    const before = new Set(rules.keys());
    await mergeRuleset(loading, extended, extendMode, rules, [...chain, extended.id], via ?? place);
    for (const [name, rule] of rules) if (!before.has(name)) for (const [alias, v] of rule.aliases) if (!aliases.has(alias)) aliases.set(alias, v);
    for (const [name, rule] of rules) if (!before.has(name)) applyMode(rule, extendMode);
  }

  // Aliases of this ruleset (they may use aliases defined before them).
  if (value.aliases !== undefined) {
    if (!isObject(value.aliases)) problem(loading, source, ['aliases'], 'ruleset.invalid', '`aliases` maps names to JSONPath expressions.');
    else for (const [name, alias] of Object.entries(value.aliases)) {
      const parsed = parseAlias(alias);
      if (!parsed) {
        problem(loading, source, ['aliases', name], 'ruleset.invalid', `The alias \`${name}\` is a list of JSONPath expressions, or \`{ targets: [{ formats, given }] }\`.`);
        continue;
      }
      aliases.set(name, parsed);
    }
  }

  const formats = Array.isArray(value.formats) ? (value.formats as unknown[]).filter((f): f is string => typeof f === 'string') : undefined;
  checkFormats(loading, source, value.formats, ['formats']);
  const custom = source.builtin ? undefined : await readCustomFunctions(loading, source);
  if (custom) loading.customFunctions.push(custom);

  // Rules: new definitions, or a severity (or true/false) for an inherited rule.
  if (value.rules !== undefined && !isObject(value.rules)) problem(loading, source, ['rules'], 'ruleset.invalid', '`rules` maps rule names to rule definitions or severities.');
  for (const [name, definition] of Object.entries(isObject(value.rules) ? value.rules : {})) {
    const path = ['rules', name];
    if (!isObject(definition)) {
      const inherited = rules.get(name);
      const setting = typeof definition === 'boolean' ? definition : toSeverity(definition);
      if (setting === undefined) {
        problem(loading, source, path, 'ruleset.invalid', `\`${String(definition)}\` is not a severity: use error, warn, info, hint, off (or 0–3), true or false.`);
        continue;
      }
      if (!inherited) {
        problem(loading, source, path, 'ruleset.invalid', `No extended ruleset defines a rule \`${name}\` whose severity could be set.`, true);
        continue;
      }
      if (setting === 'off' || setting === false) inherited.enabled = false;
      else {
        inherited.enabled = true;
        if (setting !== true) inherited.severity = setting;
      }
      continue;
    }
    const rule = defineRule(loading, source, name, definition, aliases, formats, custom);
    if (rule) rules.set(name, rule);
  }

  if (value.overrides !== undefined) readOverrides(loading, source, value.overrides, rules);
}

/** An extended ruleset's mode: `all` enables every rule, `off` none, `recommended` those marked so. */
function applyMode(rule: LoadedRule, mode: 'all' | 'recommended' | 'off'): void {
  if (mode === 'all') rule.enabled = true;
  else if (mode === 'off') rule.enabled = false;
}

function parseAlias(alias: unknown): AliasValue | undefined {
  if (Array.isArray(alias) && alias.length && alias.every((a) => typeof a === 'string')) return alias as string[];
  if (isObject(alias) && Array.isArray(alias.targets)) {
    const targets = alias.targets.filter((t): t is { formats: string[]; given: string[] } => isObject(t) && Array.isArray(t.formats) && Array.isArray(t.given));
    if (targets.length === alias.targets.length) return { targets };
  }
  return undefined;
}

function checkFormats(loading: Loading, source: RulesetSource, formats: unknown, path: (string | number)[]): void {
  if (formats === undefined) return;
  if (!Array.isArray(formats)) {
    problem(loading, source, path, 'ruleset.invalid', '`formats` is a list of format names.');
    return;
  }
  formats.forEach((f, i) => {
    if (typeof f !== 'string' || !FORMAT_NAMES.includes(f)) problem(loading, source, [...path, i], 'ruleset.invalid', `\`${String(f)}\` is not a known format (known: ${FORMAT_NAMES.join(', ')}).`);
  });
}

function functionsFor(source: RulesetSource): Map<string, RulesetFunction> {
  return source.builtin ? OAS_FUNCTION_MAP : CORE_FUNCTION_MAP;
}

function defineRule(loading: Loading, source: RulesetSource, name: string, d: Obj, aliases: Map<string, AliasValue>, rulesetFormats: string[] | undefined, custom: CustomFunctionSet | undefined): LoadedRule | undefined {
  const path = ['rules', name];
  let ok = true;
  for (const key of Object.keys(d)) {
    if (!RULE_KEYS.includes(key)) problem(loading, source, [...path, key], 'ruleset.invalid', `\`${key}\` is not a key of a rule (known: ${RULE_KEYS.join(', ')}).`, true);
  }
  if (d.given === undefined) {
    problem(loading, source, path, 'ruleset.invalid', `The rule \`${name}\` has no \`given\`.`, true);
    ok = false;
  }
  if (d.then === undefined) {
    problem(loading, source, path, 'ruleset.invalid', `The rule \`${name}\` has no \`then\`.`, true);
    ok = false;
  }
  const given = typeof d.given === 'string' ? [d.given] : Array.isArray(d.given) && d.given.every((g) => typeof g === 'string') ? (d.given as string[]) : undefined;
  if (d.given !== undefined && !given) {
    problem(loading, source, [...path, 'given'], 'ruleset.invalid', '`given` is a JSONPath expression or a list of them.');
    ok = false;
  }
  (given ?? []).forEach((g, i) => {
    const at = typeof d.given === 'string' ? [...path, 'given'] : [...path, 'given', i];
    const issue = givenProblem(g, aliases);
    if (issue) {
      problem(loading, source, at, 'ruleset.jsonPath', issue);
      ok = false;
    }
  });
  const thens = Array.isArray(d.then) ? d.then : d.then !== undefined ? [d.then] : [];
  const then: RuleThen[] = [];
  let unavailable: string | undefined;
  thens.forEach((t, i) => {
    const at = Array.isArray(d.then) ? [...path, 'then', i] : [...path, 'then'];
    if (!isObject(t) || typeof t.function !== 'string') {
      problem(loading, source, at, 'ruleset.invalid', 'Each `then` has a `function` (and may have `field` and `functionOptions`).');
      ok = false;
      return;
    }
    for (const key of Object.keys(t)) if (!['field', 'function', 'functionOptions'].includes(key)) problem(loading, source, [...at, key], 'ruleset.invalid', `\`${key}\` is not a key of \`then\` (known: field, function, functionOptions).`, true);
    if (t.field !== undefined) {
      if (typeof t.field !== 'string') problem(loading, source, [...at, 'field'], 'ruleset.invalid', '`field` is a property name, a dotted path, `@key` or a JSONPath expression.');
      else if (t.field.startsWith('$')) {
        const issue = jsonPathProblem(t.field);
        if (issue) {
          problem(loading, source, [...at, 'field'], 'ruleset.jsonPath', issue);
          ok = false;
        }
      }
    }
    const fn = custom?.places.has(t.function) ? undefined : functionsFor(source).get(t.function);
    if (custom?.places.has(t.function)) {
      // The ruleset's own function: its options are its business, checked when it runs.
      if (custom.modules.some((m) => m.name === t.function)) {
        then.push({ field: typeof t.field === 'string' ? t.field : undefined, function: t.function, functionOptions: t.functionOptions, custom });
      } else unavailable = `its custom function \`${t.function}\` has no file`;
      return;
    } else if (!fn) {
      const names = custom ? [...custom.places.keys()] : [];
      problem(loading, source, [...at, 'function'], 'ruleset.function', `\`${t.function}\` is not a function (core functions: ${CORE_FUNCTIONS.map((f) => f.name).join(', ')}${names.length ? '; custom: ' + names.join(', ') : ''}).`);
      ok = false;
    } else {
      const issue = fn.checkOptions(t.functionOptions);
      if (issue) {
        problem(loading, source, [...at, t.functionOptions === undefined ? 'function' : 'functionOptions'], 'ruleset.function', issue);
        ok = false;
      }
    }
    const isolated = t.function === 'pattern' && isRiskyPattern(t.functionOptions) ? source.places?.at([...at, 'functionOptions']) ?? { uri: source.id, offset: 0, length: 0 } : undefined;
    then.push({ field: typeof t.field === 'string' ? t.field : undefined, function: t.function, functionOptions: t.functionOptions, ...(isolated ? { isolated } : {}) });
  });
  const severity = d.severity === undefined ? 'warning' : toSeverity(d.severity);
  if (severity === undefined) {
    problem(loading, source, [...path, 'severity'], 'ruleset.invalid', `\`${String(d.severity)}\` is not a severity: use error, warn, info, hint, off or 0–3.`);
  }
  checkFormats(loading, source, d.formats, [...path, 'formats']);
  for (const key of ['message', 'description', 'documentationUrl'] as const) {
    if (d[key] !== undefined && typeof d[key] !== 'string') problem(loading, source, [...path, key], 'ruleset.invalid', `\`${key}\` is a string.`);
  }
  for (const key of ['resolved', 'recommended'] as const) {
    if (d[key] !== undefined && typeof d[key] !== 'boolean') problem(loading, source, [...path, key], 'ruleset.invalid', `\`${key}\` is true or false.`);
  }
  if (!ok) return undefined;
  const recommended = d.recommended !== false;
  const rule: LoadedRule = {
    name,
    description: typeof d.description === 'string' ? d.description : undefined,
    message: typeof d.message === 'string' ? d.message : undefined,
    documentationUrl: typeof d.documentationUrl === 'string' ? d.documentationUrl : typeof source.value.documentationUrl === 'string' ? `${source.value.documentationUrl}#${name}` : undefined,
    severity: severity === 'off' || severity === undefined ? 'warning' : severity,
    enabled: recommended && severity !== 'off',
    recommended,
    formats: Array.isArray(d.formats) ? (d.formats as string[]) : rulesetFormats,
    given: given!,
    then,
    resolved: d.resolved !== false,
    aliases,
    definedAt: source.places?.at(path, true),
    overrides: [],
    unavailable,
  };
  return rule;
}

/** Why a `given` cannot be used: a malformed JSONPath, or an alias that is not defined. */
function givenProblem(given: string, aliases: Map<string, AliasValue>): string | undefined {
  if (given.startsWith('#')) {
    const name = /^#([^.[]+)/.exec(given)?.[1] ?? '';
    if (!aliases.has(name)) return `The alias \`#${name}\` is not defined (aliases: ${[...aliases.keys()].join(', ') || 'none'}).`;
    return undefined;
  }
  return jsonPathProblem(given);
}

/** Relative modules a JavaScript module imports or requires. */
const IMPORTS = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)(['"])(\.{1,2}\/[^'"]+)\1/g;

/**
 * The ruleset's `functions` and their folder (`functionsDir`, by default `functions` beside the
 * ruleset), read with the modules they import from that folder: all the code a worker will get.
 */
async function readCustomFunctions(loading: Loading, source: RulesetSource): Promise<CustomFunctionSet | undefined> {
  const { value } = source;
  if (value.functions === undefined) {
    if (value.functionsDir !== undefined && typeof value.functionsDir !== 'string') problem(loading, source, ['functionsDir'], 'ruleset.invalid', '`functionsDir` is a folder, relative to the ruleset.');
    return undefined;
  }
  if (!Array.isArray(value.functions) || !value.functions.every((f) => typeof f === 'string')) {
    problem(loading, source, ['functions'], 'ruleset.invalid', '`functions` lists the names of the JavaScript functions in `functionsDir` (each `name.js`).');
    return undefined;
  }
  if (!source.uri || !source.places) return undefined;
  const dir = typeof value.functionsDir === 'string' ? value.functionsDir : 'functions';
  const rulesetFolder = source.uri.replace(/[^/]*$/, '');
  const folder = `${resolveUri(source.uri, dir.replace(/\/+$/, '') || '.').replace(/\/+$/, '')}/`;
  const set: CustomFunctionSet = { folder, modules: [], place: source.places.at(['functions'], true), places: new Map() };
  if (!folder.startsWith(rulesetFolder)) {
    problem(loading, source, ['functionsDir'], 'ruleset.function', `\`${dir}\` is outside the ruleset's folder; custom functions are loaded only from inside it.`);
    return undefined;
  }
  const read = new Map<string, string>();
  const readModule = async (file: string): Promise<boolean> => {
    if (read.has(file)) return true;
    const uri = folder + file;
    loading.files.add(uri);
    const found = await loading.service.workspace.readFile(uri);
    if (!found) return false;
    read.set(file, found.text);
    for (const match of found.text.matchAll(IMPORTS)) {
      const target = resolveUri(uri, match[2]);
      if (!target.startsWith(folder)) continue;
      const relative = target.slice(folder.length);
      for (const candidate of /\.[cm]?js$/.test(relative) ? [relative] : [relative, `${relative}.js`, `${relative}/index.js`]) {
        if (await readModule(candidate)) break;
      }
    }
    return true;
  };
  for (const [i, name] of (value.functions as string[]).entries()) {
    set.places.set(name, source.places.at(['functions', i]));
    if (await readModule(`${name}.js`)) set.modules.push({ name, file: `${name}.js`, text: read.get(`${name}.js`)! });
    else problem(loading, source, ['functions', i], 'ruleset.function', `The function \`${name}\` has no file ${dir.replace(/\/+$/, '')}/${name}.js.`);
  }
  for (const [file, text] of read) if (!set.modules.some((m) => m.file === file)) set.modules.push({ name: '', file, text });
  return set;
}

async function resolveExtends(loading: Loading, source: RulesetSource, ref: string, place: SourcePlace): Promise<RulesetSource | undefined> {
  if (ref === 'spectral:oas') return { id: 'spectral:oas', value: SPECTRAL_OAS as unknown as Obj, builtin: true };
  // Published as JavaScript: our port of it, whether or not the package is installed.
  if (ref === OWASP_PACKAGE) return { id: OWASP_PACKAGE, value: OWASP_RULESET as unknown as Obj, builtin: true };
  if (BUILTIN_RULESETS.has(ref)) {
    loading.problems.push({ ...place, code: 'ruleset.unsupported', message: `\`${ref}\` is not available in Interface Studio yet; the other rules run.` });
    return undefined;
  }
  if (/^https?:\/\//i.test(ref)) {
    loading.problems.push({ ...place, code: 'ruleset.unsupported', message: `Remote rulesets are not fetched (checking never touches the network): download \`${ref}\` into the workspace and extend the file.` });
    return undefined;
  }
  if (!source.uri) return undefined;
  if (ref.startsWith('.') || ref.startsWith('/') || /\.(ya?ml|json)$/i.test(ref)) {
    return readRulesetFile(loading, resolveUri(source.uri, ref), place);
  }
  return resolvePackage(loading, source.uri, ref, place);
}

/** An npm package, looked up from the ruleset's folder upward through `node_modules`, as Node does. */
async function resolvePackage(loading: Loading, fromUri: string, name: string, place: SourcePlace): Promise<RulesetSource | undefined> {
  const match = /^((?:@[^/]+\/)?[^/]+)(\/.*)?$/.exec(name);
  if (!match) return undefined;
  const [, pkg, subpath] = match;
  let folder = fromUri.replace(/\/[^/]*$/, '');
  for (;;) {
    const base = `${folder}/node_modules/${pkg}`;
    const manifest = await loading.service.workspace.readFile(`${base}/package.json`);
    if (manifest) {
      loading.files.add(manifest.uri);
      let main: string | undefined;
      try {
        const json = JSON.parse(manifest.text) as Obj;
        main = subpath ? subpath.slice(1) : typeof json.main === 'string' ? json.main : undefined;
      } catch {
        main = undefined;
      }
      const candidates = main ? [main] : ['.spectral.yaml', '.spectral.yml', '.spectral.json', 'spectral.yaml', 'ruleset.yaml'];
      for (const candidate of candidates) {
        const plain = candidate.replace(/^\.\//, '');
        // Inside the package, keep the folder as it was found (a scoped name's `@` unencoded).
        const uri = plain.split('/').includes('..') ? resolveUri(`${base}/package.json`, plain) : `${base}/${plain}`;
        if (/\.(ya?ml|json)$/i.test(uri)) {
          if (await loading.service.workspace.readFile(uri)) return readRulesetFile(loading, uri, place);
        } else {
          loading.problems.push({ ...place, code: 'ruleset.unsupported', message: `The package \`${name}\` publishes its ruleset as JavaScript (${candidate}), which is not loaded here; the other rules run.` });
          return undefined;
        }
      }
      loading.problems.push({ ...place, code: 'ruleset.extends', message: `The package \`${name}\` holds no YAML or JSON ruleset.` });
      return undefined;
    }
    const parent = folder.replace(/\/[^/]*$/, '');
    if (parent === folder || !/^[a-z]+:\/\/.*\//.test(parent + '/')) break;
    if (parent.endsWith(':/') || parent.endsWith(':')) break;
    folder = parent;
  }
  loading.problems.push({ ...place, code: 'ruleset.extends', message: `\`${name}\` is neither a file nor an npm package found in a node_modules folder above the ruleset.` });
  return undefined;
}

function readOverrides(loading: Loading, source: RulesetSource, overrides: unknown, rules: Map<string, LoadedRule>): void {
  if (!Array.isArray(overrides)) {
    problem(loading, source, ['overrides'], 'ruleset.invalid', '`overrides` is a list of `{ files, rules }`.');
    return;
  }
  overrides.forEach((entry, i) => {
    if (!isObject(entry) || !Array.isArray(entry.files) || !isObject(entry.rules)) {
      problem(loading, source, ['overrides', i], 'ruleset.invalid', 'Each override has `files` (globs, optionally with `#/pointer`) and `rules` (rule name → severity).');
      return;
    }
    for (const [name, value] of Object.entries(entry.rules)) {
      const rule = rules.get(name);
      const setting = value === false ? 'off' : value === true ? rule?.severity : toSeverity(value);
      if (!rule || !setting) {
        problem(loading, source, ['overrides', i, 'rules', name], 'ruleset.invalid', !rule ? `No rule \`${name}\` is defined or extended by this ruleset.` : `\`${String(value)}\` is not a severity.`, !rule);
        continue;
      }
      for (const file of entry.files) {
        if (typeof file !== 'string') continue;
        const [glob, pointer = ''] = file.split('#');
        const override: RuleOverride = { glob, baseUri: source.uri ?? '', pointer, setting };
        rule.overrides.push(override);
      }
    }
  });
}
