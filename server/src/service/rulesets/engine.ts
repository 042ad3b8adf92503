import type { ParsedDocument } from '../documents';
import type { Finding } from '../findings';
import type { LanguageService } from '../languageService';
import { resolveUri } from '../uris';
import { loadRulesets } from './load';
import type { CustomFunctionSet, LoadedRuleset, RulesetProblem } from './model';
import { CUSTOM_FUNCTION_TIMEOUT_MS, CustomFunctionCall } from './customFunctions';
import { DeferredCall, formatsOf, FunctionMemo, RuleReuse, RuleRun, runRules } from './run';
import { QueryMemo } from './jsonPath';
import { referencedFileUris, ResolvedCopies } from './resolved';
import { openApiIndex } from '../openapi/workspaceIndex';

/** How many files a document's `$ref`s may reach for ruleset rules to read them; how many roots a fragment is checked under. */
const MAX_REFERENCED_FILES = 500;
const MAX_ROOTS_OF_FRAGMENT = 8;

/** The calls of built-in functions that must run where they can be stopped. */
const ISOLATED: CustomFunctionSet = { folder: 'builtin:isolated/', modules: [], place: { uri: '', offset: 0, length: 0 }, places: new Map() };

interface RootRun {
  /** The rulesets that applied and whether custom functions could run. */
  key: string;
  /** The files the run read (the document, the files it references, the rulesets) with their versions. */
  versions: Map<string, string | number | undefined>;
  findings: Finding[];
  dependencies: string[];
}

export const ROOT_RULESET_NAMES = ['.spectral.yaml', '.spectral.yml', '.spectral.json'];

/**
 * Our own codes that find the same defect as a `spectral:oas` function: where both report at the
 * same line, the user sees the ruleset's finding only.
 */
const SAME_DEFECT: Record<string, string[]> = {
  oasOpIdUnique: ['oas.operationId.duplicate'],
  oasPathParam: ['oas.path.parameterUndeclared', 'oas.path.parameterNotInTemplate', 'oas.path.parameterNotRequired', 'oas.path.equivalent'],
  oasOpParams: ['oas.parameter.duplicate'],
  oasSecurityDefined: ['oas.security.undefinedScheme', 'oas.security.undefinedScope'],
  oasUnusedComponent: ['oas.component.unused'],
  unreferencedReusableObject: ['oas.component.unused'],
  oasExample: ['oas.example.mismatch', 'oas.default.mismatch'],
  oasDocumentSchema: ['oas.schema.missingKey', 'oas.schema.unknownKey', 'oas.schema.type', 'oas.schema.value', 'oas.schema.invalid'],
};

/** The rulesets of a service: which apply to a document, loaded once per version of their files. */
export class RulesetEngine {
  private readonly cache = new Map<string, { signature: string; loaded: LoadedRuleset }>();
  /** The last run of the rules on each root document (all its findings, also those in referenced files), while none of its files changed. */
  private readonly runs = new Map<string, RootRun>();
  /** Custom functions that failed when they last ran (threw, timed out…), by function set and name: shown on the ruleset. */
  private readonly failures = new Map<string, Map<string, string>>();
  /** The resolved copies of the documents' objects, kept while the objects live (edits keep the objects they did not touch). */
  private readonly resolvedCopies: ResolvedCopies = new WeakMap();
  /** The matches of `given`s below objects and the results of functions on values, kept the same way. */
  private readonly queryMemo = new QueryMemo();
  private readonly functionMemo = new FunctionMemo();
  /** Each root document's last findings by rule and place, taken over by its next run where an edit did not reach. */
  private readonly reuse = new Map<string, RuleReuse>();

  constructor(private readonly service: LanguageService) {}

  /** The folder whose root rulesets apply to a document: its workspace folder, else its own folder. */
  private folderOf(uri: string): string {
    const folder = this.service.workspace.folderOf?.(uri);
    return (folder ?? uri.replace(/\/[^/]*$/, '')).replace(/\/$/, '');
  }

  /** The ruleset files that apply to a document: a root `.spectral.*`, then those the configuration lists. */
  async rulesetsFor(uri: string): Promise<string[]> {
    const configuration = this.service.configuration(uri);
    const folder = this.folderOf(uri);
    const result: string[] = [];
    if (configuration.discoverRulesets !== false) {
      for (const name of ROOT_RULESET_NAMES) {
        const candidate = `${folder}/${name}`;
        if (await this.service.workspace.readFile(candidate)) {
          result.push(candidate);
          break;
        }
      }
    }
    for (const entry of configuration.rulesets ?? []) {
      const resolved = /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) ? entry : resolveUri(`${folder}/${ROOT_RULESET_NAMES[0]}`, entry);
      if (!result.includes(resolved)) result.push(resolved);
    }
    return result;
  }

  /** Whether a file is a ruleset some document uses (a root `.spectral.*` or a configured one). */
  async isRulesetFile(uri: string): Promise<boolean> {
    return (await this.rulesetsFor(uri)).includes(uri);
  }

  /** The merged rulesets of these files, loaded again only when one of the files they read changed. */
  async load(uris: string[]): Promise<LoadedRuleset> {
    const key = uris.join('\n');
    const cached = this.cache.get(key);
    if (cached && cached.signature === (await this.signature(cached.loaded.files))) return cached.loaded;
    const loaded = await loadRulesets(this.service, uris);
    this.cache.set(key, { signature: await this.signature(loaded.files), loaded });
    return loaded;
  }

  private async signature(files: string[]): Promise<string> {
    const versions: string[] = [];
    for (const file of files) versions.push(`${file}@${(await this.service.workspace.readFile(file))?.version ?? 'none'}`);
    return versions.join('\n');
  }

  /**
   * The findings of the applicable rulesets in a document, and the files they depend on. A file
   * reached only through `$ref`s (a fragment) gets the findings its roots' runs place in it.
   */
  async findingsFor(doc: ParsedDocument): Promise<{ findings: Finding[]; dependencies: string[] }> {
    if (!formatsOf(doc).size) return this.findingsInFragment(doc);
    const run = await this.runOn(doc);
    // The findings in referenced files are the fragments' own (the service keeps only this document's).
    return { findings: run.findings, dependencies: run.dependencies };
  }

  private async findingsInFragment(doc: ParsedDocument): Promise<{ findings: Finding[]; dependencies: string[] }> {
    if (doc.kind.kind !== 'other' && doc.kind.kind !== 'unknown' && doc.kind.kind !== 'openapi') return { findings: [], dependencies: [] };
    const roots = (await openApiIndex(this.service).rootsOf(doc.uri)).slice(0, MAX_ROOTS_OF_FRAGMENT);
    const findings: Finding[] = [];
    const dependencies = new Set<string>();
    const seen = new Set<string>();
    for (const rootUri of roots) {
      const root = await this.service.getDocument(rootUri);
      if (!root || !formatsOf(root).size) continue;
      const run = await this.runOn(root);
      dependencies.add(rootUri);
      for (const dep of run.dependencies) dependencies.add(dep);
      for (const finding of run.findings) {
        if (finding.uri !== doc.uri) continue;
        const key = `${finding.code}|${finding.offset}|${finding.length}|${finding.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        findings.push(finding);
      }
    }
    return { findings, dependencies: [...dependencies] };
  }

  /** The files a document's `$ref`s reach, directly or through each other, parsed. */
  private async referencedFiles(doc: ParsedDocument): Promise<Map<string, ParsedDocument>> {
    const files = new Map<string, ParsedDocument>();
    const queue = referencedFileUris(doc.parse.value, doc.uri);
    while (queue.length && files.size < MAX_REFERENCED_FILES) {
      const uri = queue.shift()!;
      if (files.has(uri) || uri === doc.uri) continue;
      const file = await this.service.getDocument(uri);
      if (!file || file.parse.value === undefined) continue;
      files.set(uri, file);
      queue.push(...referencedFileUris(file.parse.value, uri));
    }
    return files;
  }

  /** The rules run on a root document (its findings in every file), again only when one of the files it read changed. */
  private async runOn(doc: ParsedDocument): Promise<RootRun> {
    const uris = await this.rulesetsFor(doc.uri);
    const key = `${uris.join('\n')}\n${this.service.host.rulesetFunctions?.trusted() ?? 'none'}`;
    const cached = this.runs.get(doc.uri);
    if (cached && cached.key === key && (await this.unchanged(cached.versions))) return cached;
    // A root ruleset created later applies at once: the document depends on where it would be.
    const candidates = ROOT_RULESET_NAMES.map((name) => `${this.folderOf(doc.uri)}/${name}`);
    const versions = new Map<string, string | number | undefined>([[doc.uri, doc.version]]);
    for (const candidate of candidates) versions.set(candidate, (await this.service.workspace.readFile(candidate))?.version);
    if (!uris.length) {
      const empty: RootRun = { key, versions, findings: [], dependencies: candidates };
      this.runs.set(doc.uri, empty);
      return empty;
    }
    const loaded = await this.load(uris);
    const referenced = await this.referencedFiles(doc);
    let reuse = this.reuse.get(doc.uri);
    if (!reuse) this.reuse.set(doc.uri, (reuse = new RuleReuse()));
    const run = runRules(loaded.rules.values(), doc, { copies: this.resolvedCopies, queryMemo: this.queryMemo, functionMemo: this.functionMemo, reuse }, referenced);
    if (run.deferred.length) await this.runCustomFunctions(run);
    for (const finding of run.findings) {
      const rule = loaded.rules.get(finding.code);
      const same = rule?.then.flatMap((t) => SAME_DEFECT[t.function] ?? []);
      if (same?.length) finding.data = { ...finding.data, sameAs: same };
    }
    for (const file of [...loaded.files, ...referenced.keys()]) versions.set(file, (await this.service.workspace.readFile(file))?.version);
    const result: RootRun = { key, versions, findings: run.findings, dependencies: [...candidates, ...loaded.files, ...referenced.keys()] };
    this.runs.set(doc.uri, result);
    return result;
  }

  private async unchanged(versions: Map<string, string | number | undefined>): Promise<boolean> {
    for (const [uri, version] of versions) if ((await this.service.workspace.readFile(uri))?.version !== version) return false;
    return true;
  }

  /**
   * Runs the custom functions a document's rules call, in the host's worker (only in a trusted
   * workspace). A function that fails is reported once in the document, at the first place it
   * failed, and remembered for the ruleset's own diagnostics; the other functions' results stand.
   */
  private async runCustomFunctions(run: RuleRun): Promise<void> {
    const host = this.service.host.rulesetFunctions;
    if (!host) return;
    const bySet = new Map<CustomFunctionSet, DeferredCall[]>();
    for (const call of run.deferred) {
      // A pattern that can backtrack is no user code: it runs in the worker even where the workspace is not trusted.
      if (call.then.custom && !host.trusted()) continue;
      const set = call.then.custom ?? ISOLATED;
      bySet.set(set, [...(bySet.get(set) ?? []), call]);
    }
    const formats = [...formatsOf(run.doc)];
    for (const [set, deferred] of bySet) {
      const calls: CustomFunctionCall[] = deferred.map((d) => ({ function: d.then.function, input: d.input, options: d.then.functionOptions ?? null, path: d.path, rule: d.rule.name, ...(d.then.custom ? {} : { builtin: true }) }));
      const needsResolved = deferred.some((d) => d.rule.resolved && d.then.custom);
      const outcomes = await host.run({
        folder: set.folder, modules: set.modules, document: run.document, resolved: needsResolved ? run.resolved : run.document,
        formats, calls, timeoutMs: CUSTOM_FUNCTION_TIMEOUT_MS,
      });
      const failed = new Map<string, string>();
      outcomes.forEach((outcome, i) => {
        const call = deferred[i];
        if (outcome.ok) {
          run.report(call.rule, outcome.results, call.path);
          return;
        }
        const name = call.then.custom ? call.then.function : `${call.rule.name}/pattern`;
        if (failed.has(name)) return;
        const reason = (outcome.kind === 'timeout' ? `did not finish: ${outcome.message}` : outcome.kind === 'memory' ? `was stopped: ${outcome.message}` : `threw: ${outcome.message}`).replace(/\.$/, '');
        failed.set(name, reason);
        const what = call.then.custom ? `The custom function \`${call.then.function}\` of rule \`${call.rule.name}\`` : `The pattern of rule \`${call.rule.name}\` (it can backtrack catastrophically)`;
        const message = `${what} ${reason}. The rule's other checks and every other rule ran.`;
        run.report({ ...call.rule, name: 'ruleset.customFunction', message: undefined, description: undefined, documentationUrl: undefined, severity: 'warning', overrides: [] }, [{ message }], call.path);
      });
      if (set === ISOLATED) continue;
      if (failed.size) this.failures.set(set.folder, failed);
      else this.failures.delete(set.folder);
    }
  }

  /** Why the custom functions (and patterns that must be isolated) of a ruleset do not run or failed: problems shown in the ruleset file. */
  customFunctionProblems(loaded: LoadedRuleset): RulesetProblem[] {
    const problems: RulesetProblem[] = [];
    const host = this.service.host.rulesetFunctions;
    if (!host) {
      for (const rule of loaded.rules.values()) {
        for (const then of rule.then) {
          if (then.isolated) problems.push({ ...then.isolated, code: 'ruleset.function', message: 'This pattern repeats a group that itself repeats, which can backtrack for minutes on a value that almost matches; it runs only in a worker thread that can be stopped, and none is available here, so the rule is not run. Write it without the nested repetition.' });
        }
      }
    }
    for (const set of loaded.customFunctions) {
      if (!host) problems.push({ ...set.place, code: 'ruleset.customFunction', message: 'Custom functions cannot run here (no worker thread is available); the rules that use them are skipped, every other rule runs.' });
      else if (!host.trusted()) problems.push({ ...set.place, code: 'ruleset.customFunction', message: 'Custom functions are not run: this workspace is not trusted. Trust the workspace to run them; every other rule runs.' });
      for (const [name, reason] of this.failures.get(set.folder) ?? []) {
        const place = set.places.get(name);
        if (place) problems.push({ ...place, code: 'ruleset.customFunction', message: `\`${name}\` ${reason}.` });
      }
    }
    return problems;
  }
}

export function rulesetEngine(service: LanguageService): RulesetEngine {
  return service.part(RulesetEngine, (s) => new RulesetEngine(s));
}
