import type { OasVersion } from './documents';

/**
 * Every finding the service can report has a stable code. Default severities follow the words of
 * the specification: breaking a MUST is an error, a SHOULD a warning, a matter of style a hint.
 * Where the versions of OpenAPI (or of AsyncAPI) say different things, the default depends on the
 * version of the document a finding is in. Users override severities per code (`interfaceStudio.rules`,
 * `.interface-studio.yaml`).
 */
export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type RuleSetting = Severity | 'off';

export interface RuleInfo {
  code: string;
  /** The default severity; of the versions `versions` does not name. */
  severity: Severity;
  /** The default severity in the OpenAPI or AsyncAPI versions whose words differ from the others'. */
  versions?: Partial<Record<RuleVersion, Severity>>;
  /** The words of the specification or format that the default severity rests on. */
  basis: string;
  description: string;
}

export const OAS_VERSIONS: readonly OasVersion[] = ['2.0', '3.0', '3.1'];

/** The AsyncAPI major versions, named as the ruleset formats name them. */
export type AsyncApiRuleVersion = 'asyncapi2' | 'asyncapi3';

/** A version of a specification that can change a rule's default severity. */
export type RuleVersion = OasVersion | AsyncApiRuleVersion;

/** The versions of one specification, in order, with how the README names them. */
const VERSION_FAMILIES: readonly (readonly [RuleVersion, string][])[] = [
  OAS_VERSIONS.map((version) => [version, version] as [RuleVersion, string]),
  [['asyncapi2', '2.x'], ['asyncapi3', '3.0']],
];

/** Rules of every document that is parsed, whatever its kind. */
export const CORE_RULES: readonly RuleInfo[] = [
  { code: 'syntax.error', severity: 'error', description: 'YAML or JSON syntax error.',
    basis: 'JSON (RFC 8259) or YAML 1.2, the formats every document checked here is written in: text neither grammar reads is no document.' },
  { code: 'syntax.duplicateKey', severity: 'error', description: 'A key appears twice in the same object.',
    basis: 'YAML 1.2 §3.2.1.1: the keys of a mapping are unique. JSON (RFC 8259 §4) says names SHOULD be unique, and a reader keeps only one of the values.' },
  { code: 'document.tooDeep', severity: 'warning', description: 'The document nests more than 1000 levels deep; it is not checked.',
    basis: 'A limit of this checker, not of any specification.' },
  { code: 'document.tooLarge', severity: 'warning', description: 'The document is above `interfaceStudio.maxFileSize`; only its syntax is checked.',
    basis: 'A limit of this checker (`interfaceStudio.maxFileSize`), not of any specification.' },
];

/** The rules one service knows: the core ones and those of its document kinds. */
export class RuleCatalog {
  private readonly byCode = new Map<string, RuleInfo>();

  constructor(rules: Iterable<RuleInfo>) {
    for (const rule of rules) {
      if (this.byCode.has(rule.code)) throw new Error(`The rule code \`${rule.code}\` is declared twice.`);
      this.byCode.set(rule.code, rule);
    }
  }

  get(code: string): RuleInfo | undefined {
    return this.byCode.get(code);
  }

  all(): RuleInfo[] {
    return [...this.byCode.values()];
  }
}

/** The default severity of a rule for a finding in a document of this version (if any). */
export function defaultSeverity(rule: RuleInfo, version: RuleVersion | undefined): Severity {
  return (version && rule.versions?.[version]) || rule.severity;
}

/** How the README's rule table writes a default: `error`, or `error (2.0, 3.0), warning (3.1)`. */
export function defaultsText(rule: RuleInfo): string {
  if (!rule.versions) return rule.severity;
  const named = Object.keys(rule.versions);
  const family = VERSION_FAMILIES.find((versions) => versions.some(([version]) => named.includes(version))) ?? [];
  const byDefault = new Map<Severity, string[]>();
  for (const [version, label] of family) {
    const severity = defaultSeverity(rule, version);
    byDefault.set(severity, [...(byDefault.get(severity) ?? []), label]);
  }
  if (byDefault.size === 1) return rule.severity;
  return [...byDefault].map(([severity, versions]) => `${severity} (${versions.join(', ')})`).join(', ');
}

/** The README's rule table, written from the rules themselves so that the two cannot drift apart. */
export function rulesTable(rules: readonly RuleInfo[]): string {
  const cell = (text: string): string => text.replace(/\|/g, '\\|');
  const rows = rules.map((rule) => `| \`${rule.code}\` | ${defaultsText(rule)} | ${cell(rule.description)} | ${cell(rule.basis)} |`);
  return ['| code | default | what it finds | basis of the default |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
