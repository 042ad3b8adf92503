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
  /** The git revision changes are measured against (`changes.base`); by default the merge-base with the default branch. */
  changesBase?: string;
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
export function parseConfigFile(text: string, known: RuleCatalog): { rules: Record<string, RuleSetting>; problems: string[]; changesBase?: string } {
  const problems: string[] = [];
  const rules: Record<string, RuleSetting> = {};
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    return { rules, problems: [`${CONFIG_FILE_NAME}: ${(error as Error).message.split('\n')[0]}`] };
  }
  if (value == null) return { rules, problems };
  const rulesValue = typeof value === 'object' ? (value as Record<string, unknown>).rules : undefined;
  if (rulesValue !== undefined && (typeof rulesValue !== 'object' || rulesValue === null || Array.isArray(rulesValue))) {
    problems.push(`${CONFIG_FILE_NAME}: \`rules\` must map rule codes to error, warning, info, hint or off.`);
    return { rules, problems };
  }
  Object.assign(rules, normaliseRules(rulesValue as Record<string, unknown> | undefined, problems, CONFIG_FILE_NAME, known));
  const changes = typeof value === 'object' ? (value as Record<string, unknown>).changes : undefined;
  const base = changes && typeof changes === 'object' ? (changes as Record<string, unknown>).base : undefined;
  if (changes !== undefined && (typeof changes !== 'object' || changes === null || (base !== undefined && (typeof base !== 'string' || base.trim() === '')))) {
    problems.push(`${CONFIG_FILE_NAME}: \`changes\` must be \`{ base: REVISION }\` (a branch, tag or commit).`);
    return { rules, problems };
  }
  return { rules, problems, ...(typeof base === 'string' ? { changesBase: base } : {}) };
}

export function normaliseRules(input: Record<string, unknown> | undefined, problems: string[], source: string, known: RuleCatalog): Record<string, RuleSetting> {
  const rules: Record<string, RuleSetting> = {};
  for (const [code, setting] of Object.entries(input ?? {})) {
    const normalised = typeof setting === 'string' ? (setting.toLowerCase() === 'information' ? 'info' : setting.toLowerCase()) : setting;
    if (!settings.has(normalised as RuleSetting)) {
      problems.push(`${source}: \`${code}\` has an unknown severity \`${String(setting)}\` (use error, warning, info, hint or off).`);
      continue;
    }
    if (!known.get(code) && !code.endsWith('*')) problems.push(`${source}: unknown rule code \`${code}\`.`);
    rules[code] = normalised as RuleSetting;
  }
  return rules;
}

/**
 * The effective setting of a code: an exact entry, else the longest `prefix.*` entry, else the
 * rule's default (for a finding in an OpenAPI document, the default of that version).
 */
export function effectiveSetting(configuration: Configuration, code: string, rules: RuleCatalog, version?: OasVersion): RuleSetting {
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
  return rule ? defaultSeverity(rule, version) : 'error';
}
