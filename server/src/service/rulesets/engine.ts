import type { ParsedDocument } from '../documents';
import type { Finding } from '../findings';
import type { LanguageService } from '../languageService';
import { resolveUri } from '../uris';
import { loadRulesets } from './load';
import type { LoadedRuleset } from './model';
import { formatsOf, runRules } from './run';

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
};

/** The rulesets of a service: which apply to a document, loaded once per version of their files. */
export class RulesetEngine {
  private readonly cache = new Map<string, { signature: string; loaded: LoadedRuleset }>();

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
    const findings = runRules(loaded.rules.values(), doc);
    for (const finding of findings) {
      const rule = loaded.rules.get(finding.code);
      const same = rule?.then.flatMap((t) => SAME_DEFECT[t.function] ?? []);
      if (same?.length) finding.data = { ...finding.data, sameAs: same };
    }
    return { findings, dependencies: [...candidates, ...loaded.files] };
  }
}

export function rulesetEngine(service: LanguageService): RulesetEngine {
  return service.part(RulesetEngine, (s) => new RulesetEngine(s));
}
