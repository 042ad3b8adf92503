import { parse } from 'yaml';
import { defaultSeverity, RuleCatalog, RuleSetting, RuleVersion } from './rules';

/** What the user configures: VS Code settings (`interfaceStudio.*`) over `.interface-studio.yaml`. */
export interface Configuration {
  /** Severity per rule code; 'off' silences a rule. */
  rules: Record<string, RuleSetting>;
  /** Fetch `http(s)` `$ref`s. Off by default: validating a document never touches the network. */
  allowRemoteRefs: boolean;
  /** Documents larger than this (in bytes of text) only get a syntax check. */
  maxFileSize: number;
  /** Workspace-relative folders whose `*.code-snippets` files are team snippet libraries. */
  snippetLibraries?: string[];
  /** Where flows run: per environment name, each participant's base URL, headers and time limit. */
  environments?: Record<string, Environment>;
  /** The git revision changes are measured against (`changes.base`); by default the merge-base with the default branch. */
  changesBase?: string;
  /** Spectral rulesets besides a root `.spectral.yaml` (workspace-relative paths or URIs). */
  rulesets?: string[];
  /** Whether a root `.spectral.yaml|yml|json` is picked up (the CLI's `--ruleset` turns this off). */
  discoverRulesets?: boolean;
}

/** One participant's target in an environment. Values may name secrets as `${env:NAME}`, read only when a request is sent. */
export interface EnvironmentTarget {
  url: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  timeoutMs?: number;
}

export type Environment = Record<string, EnvironmentTarget>;

export const defaultConfiguration: Configuration = {
  rules: {},
  allowRemoteRefs: false,
  maxFileSize: 30 * 1024 * 1024,
  snippetLibraries: ['.interface-studio/snippets'],
};

export const CONFIG_FILE_NAME = '.interface-studio.yaml';

const settings = new Set<RuleSetting>(['error', 'warning', 'info', 'hint', 'off']);

/**
 * Reads `.interface-studio.yaml`. Unknown codes and severities are reported as problems rather
 * than silently ignored, so that a typo in the team's config does not hide findings.
 */
export function parseConfigFile(text: string, known: RuleCatalog): { rules: Record<string, RuleSetting>; environments: Record<string, Environment>; rulesets: string[]; problems: string[]; changesBase?: string } {
  const problems: string[] = [];
  const rules: Record<string, RuleSetting> = {};
  const rulesets: string[] = [];
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    return { rules, environments: {}, rulesets, problems: [`${CONFIG_FILE_NAME}: ${(error as Error).message.split('\n')[0]}`] };
  }
  if (value == null) return { rules, environments: {}, rulesets, problems };
  const environments = parseEnvironments(typeof value === 'object' ? (value as Record<string, unknown>).environments : undefined, problems);
  const rulesetsValue = typeof value === 'object' ? (value as Record<string, unknown>).rulesets : undefined;
  if (rulesetsValue !== undefined) {
    if (Array.isArray(rulesetsValue) && rulesetsValue.every((r) => typeof r === 'string')) rulesets.push(...rulesetsValue);
    else problems.push(`${CONFIG_FILE_NAME}: \`rulesets\` is a list of ruleset files (paths relative to the workspace root).`);
  }
  const rulesValue = typeof value === 'object' ? (value as Record<string, unknown>).rules : undefined;
  if (rulesValue !== undefined && (typeof rulesValue !== 'object' || rulesValue === null || Array.isArray(rulesValue))) {
    problems.push(`${CONFIG_FILE_NAME}: \`rules\` must map rule codes to error, warning, info, hint or off.`);
    return { rules, environments, rulesets, problems };
  }
  Object.assign(rules, normaliseRules(rulesValue as Record<string, unknown> | undefined, problems, CONFIG_FILE_NAME, known));
  const changes = typeof value === 'object' ? (value as Record<string, unknown>).changes : undefined;
  const base = changes && typeof changes === 'object' ? (changes as Record<string, unknown>).base : undefined;
  if (changes !== undefined && (typeof changes !== 'object' || changes === null || (base !== undefined && (typeof base !== 'string' || base.trim() === '')))) {
    problems.push(`${CONFIG_FILE_NAME}: \`changes\` must be \`{ base: REVISION }\` (a branch, tag or commit).`);
    return { rules, environments, rulesets, problems };
  }
  return { rules, environments, rulesets, problems, ...(typeof base === 'string' ? { changesBase: base } : {}) };
}

export function normaliseRules(input: Record<string, unknown> | undefined, problems: string[], source: string, known: RuleCatalog): Record<string, RuleSetting> {
  const rules: Record<string, RuleSetting> = {};
  for (const [code, setting] of Object.entries(input ?? {})) {
    const normalised = typeof setting === 'string' ? (setting.toLowerCase() === 'information' ? 'info' : setting.toLowerCase()) : setting;
    if (!settings.has(normalised as RuleSetting)) {
      problems.push(`${source}: \`${code}\` has an unknown severity \`${String(setting)}\` (use error, warning, info, hint or off).`);
      continue;
    }
    if (!known.get(code) && !code.endsWith('*') && looksLikeOwnCode(code, known)) problems.push(`${source}: unknown rule code \`${code}\`.`);
    rules[code] = normalised as RuleSetting;
  }
  return rules;
}

/**
 * Whether a code is written like one of ours (`oas.…`, `mapping.…`): other names are the rules
 * of a team's Spectral ruleset (`operation-tags`), known only once the ruleset is loaded.
 */
function looksLikeOwnCode(code: string, known: RuleCatalog): boolean {
  const prefix = code.split('.')[0] + '.';
  return code.includes('.') && known.all().some((rule) => rule.code.startsWith(prefix));
}

/**
 * The effective setting of a code: an exact entry, else the longest `prefix.*` entry, else the
 * rule's default (for a finding in an OpenAPI or AsyncAPI document, the default of that version).
 */
export function effectiveSetting(configuration: Configuration, code: string, rules: RuleCatalog, version?: RuleVersion, fallback?: RuleSetting): RuleSetting {
  const exact = configuration.rules[code];
  if (exact) return exact;
  let best: { length: number; setting: RuleSetting } | undefined;
  for (const [pattern, setting] of Object.entries(configuration.rules)) {
    if (pattern.endsWith('*') && code.startsWith(pattern.slice(0, -1)) && (!best || pattern.length > best.length)) {
      best = { length: pattern.length, setting };
    }
  }
  if (best) return best.setting;
  const rule = rules.get(code);
  return rule ? defaultSeverity(rule, version) : fallback ?? 'error';
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Reads `environments:`: per name, per participant id either a base URL or `{ url, headers?,
 * query?, timeoutMs? }`. Each mistake is a problem naming its place; the rest is kept.
 */
export function parseEnvironments(value: unknown, problems: string[]): Record<string, Environment> {
  const out: Record<string, Environment> = {};
  if (value === undefined || value === null) return out;
  const at = (path: string) => `${CONFIG_FILE_NAME}: \`environments.${path}\``;
  if (!isRecord(value)) {
    problems.push(`${CONFIG_FILE_NAME}: \`environments\` must map environment names to participants and their base URLs.`);
    return out;
  }
  for (const [name, participants] of Object.entries(value)) {
    if (!isRecord(participants)) {
      problems.push(`${at(name)} must map participant ids to base URLs.`);
      continue;
    }
    const environment: Environment = {};
    for (const [id, target] of Object.entries(participants)) {
      const raw = typeof target === 'string' ? { url: target } : target;
      if (!isRecord(raw) || typeof raw.url !== 'string') {
        problems.push(`${at(`${name}.${id}`)} must be a base URL or \`{ url, headers?, query?, timeoutMs? }\`.`);
        continue;
      }
      if (!/^https?:\/\/[^/]/i.test(raw.url)) {
        problems.push(`${at(`${name}.${id}`)}: \`${raw.url}\` is not an http(s) URL.`);
        continue;
      }
      const strings = (key: 'headers' | 'query'): Record<string, string> => {
        const map = raw[key];
        if (map === undefined) return {};
        if (!isRecord(map) || Object.values(map).some((v) => typeof v !== 'string' && typeof v !== 'number')) {
          problems.push(`${at(`${name}.${id}.${key}`)} must map names to text values.`);
          return {};
        }
        return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, String(v)]));
      };
      for (const key of Object.keys(raw)) {
        if (!['url', 'headers', 'query', 'timeoutMs'].includes(key)) problems.push(`${at(`${name}.${id}`)} has an unknown key \`${key}\` (url, headers, query, timeoutMs).`);
      }
      const timeoutMs = raw.timeoutMs;
      if (timeoutMs !== undefined && (typeof timeoutMs !== 'number' || timeoutMs <= 0)) problems.push(`${at(`${name}.${id}.timeoutMs`)} must be a positive number of milliseconds.`);
      environment[id] = { url: raw.url.replace(/\/+$/, ''), headers: strings('headers'), query: strings('query'), timeoutMs: typeof timeoutMs === 'number' && timeoutMs > 0 ? timeoutMs : undefined };
    }
    out[name] = environment;
  }
  return out;
}
