import { parse } from 'yaml';
import type { OasVersion } from './documents';
import { defaultSeverity, RuleCatalog, RuleSetting } from './rules';

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
  /** Spectral rulesets besides a root `.spectral.yaml` (workspace-relative paths or URIs). */
  rulesets?: string[];
  /** Whether a root `.spectral.yaml|yml|json` is picked up (the CLI's `--ruleset` turns this off). */
  discoverRulesets?: boolean;
}

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
export function parseConfigFile(text: string, known: RuleCatalog): { rules: Record<string, RuleSetting>; rulesets: string[]; problems: string[] } {
  const problems: string[] = [];
  const rules: Record<string, RuleSetting> = {};
  const rulesets: string[] = [];
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    return { rules, rulesets, problems: [`${CONFIG_FILE_NAME}: ${(error as Error).message.split('\n')[0]}`] };
  }
  if (value == null) return { rules, rulesets, problems };
  const rulesetsValue = typeof value === 'object' ? (value as Record<string, unknown>).rulesets : undefined;
  if (rulesetsValue !== undefined) {
    if (Array.isArray(rulesetsValue) && rulesetsValue.every((r) => typeof r === 'string')) rulesets.push(...rulesetsValue);
    else problems.push(`${CONFIG_FILE_NAME}: \`rulesets\` is a list of ruleset files (paths relative to the workspace root).`);
  }
  const rulesValue = typeof value === 'object' ? (value as Record<string, unknown>).rules : undefined;
  if (rulesValue !== undefined && (typeof rulesValue !== 'object' || rulesValue === null || Array.isArray(rulesValue))) {
    problems.push(`${CONFIG_FILE_NAME}: \`rules\` must map rule codes to error, warning, info, hint or off.`);
    return { rules, rulesets, problems };
  }
  Object.assign(rules, normaliseRules(rulesValue as Record<string, unknown> | undefined, problems, CONFIG_FILE_NAME, known));
  return { rules, rulesets, problems };
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
 * rule's default (for a finding in an OpenAPI document, the default of that version).
 */
export function effectiveSetting(configuration: Configuration, code: string, rules: RuleCatalog, version?: OasVersion, fallback?: RuleSetting): RuleSetting {
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
