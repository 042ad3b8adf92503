import type { ParsedDocument } from '../documents';
import type { Finding } from '../findings';
import type { LanguageService } from '../languageService';
import { resolveUri } from '../uris';
import { loadRulesets } from './load';
import type { CustomFunctionSet, LoadedRuleset, RulesetProblem } from './model';
import { CUSTOM_FUNCTION_TIMEOUT_MS, CustomFunctionCall } from './customFunctions';
import { DeferredCall, formatsOf, RuleRun, runRules } from './run';

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
};

/** The rulesets of a service: which apply to a document, loaded once per version of their files. */
export class RulesetEngine {
  private readonly cache = new Map<string, { signature: string; loaded: LoadedRuleset }>();
  /** Custom functions that failed when they last ran (threw, timed out…), by function set and name: shown on the ruleset. */
  private readonly failures = new Map<string, Map<string, string>>();

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

  /** The findings of the applicable rulesets in a document, and the ruleset files they depend on. */
  async findingsFor(doc: ParsedDocument): Promise<{ findings: Finding[]; dependencies: string[] }> {
    if (!formatsOf(doc).size) return { findings: [], dependencies: [] };
    const uris = await this.rulesetsFor(doc.uri);
    // A root ruleset created later applies at once: the document depends on where it would be.
    const candidates = ROOT_RULESET_NAMES.map((name) => `${this.folderOf(doc.uri)}/${name}`);
    if (!uris.length) return { findings: [], dependencies: candidates };
    const loaded = await this.load(uris);
    const run = runRules(loaded.rules.values(), doc);
    if (run.deferred.length) await this.runCustomFunctions(run);
    const findings = run.findings;
    for (const finding of findings) {
      const rule = loaded.rules.get(finding.code);
      const same = rule?.then.flatMap((t) => SAME_DEFECT[t.function] ?? []);
      if (same?.length) finding.data = { ...finding.data, sameAs: same };
    }
    return { findings, dependencies: [...candidates, ...loaded.files] };
  }

  /**
   * Runs the custom functions a document's rules call, in the host's worker (only in a trusted
   * workspace). A function that fails is reported once in the document, at the first place it
   * failed, and remembered for the ruleset's own diagnostics; the other functions' results stand.
   */
  private async runCustomFunctions(run: RuleRun): Promise<void> {
    const host = this.service.host.rulesetFunctions;
    if (!host || !host.trusted()) return;
    const bySet = new Map<CustomFunctionSet, DeferredCall[]>();
    for (const call of run.deferred) {
      const set = call.then.custom!;
      bySet.set(set, [...(bySet.get(set) ?? []), call]);
    }
    const formats = [...formatsOf(run.doc)];
    for (const [set, deferred] of bySet) {
      const calls: CustomFunctionCall[] = deferred.map((d) => ({ function: d.then.function, input: d.input, options: d.then.functionOptions ?? null, path: d.path, rule: d.rule.name }));
      const needsResolved = deferred.some((d) => d.rule.resolved);
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
        let reason = outcome.kind === 'timeout' ? `did not finish: ${outcome.message}` : outcome.kind === 'memory' ? `was stopped: ${outcome.message}` : `threw: ${outcome.message}`;
        if (failed.has(call.then.function)) return;
        reason = reason.replace(/\.$/, '');
        failed.set(call.then.function, reason);
        const message = `The custom function \`${call.then.function}\` of rule \`${call.rule.name}\` ${reason}. The rule's other checks and every other rule ran.`;
        run.report({ ...call.rule, name: 'ruleset.customFunction', message: undefined, description: undefined, documentationUrl: undefined, severity: 'warning', overrides: [] }, [{ message }], call.path);
      });
      if (failed.size) this.failures.set(set.folder, failed);
      else this.failures.delete(set.folder);
    }
  }

  /** Why the custom functions of a ruleset do not run or failed: problems shown in the ruleset file. */
  customFunctionProblems(loaded: LoadedRuleset): RulesetProblem[] {
    const problems: RulesetProblem[] = [];
    const host = this.service.host.rulesetFunctions;
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
