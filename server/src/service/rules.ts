/**
 * Every finding the service can report has a stable code. Default severities follow the words of
 * the specification: breaking a MUST is an error, a SHOULD a warning, a matter of style a hint.
 * Users override severities per code (`interfaceStudio.rules`, `.interface-studio.yaml`).
 */
export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type RuleSetting = Severity | 'off';

export interface RuleInfo {
  code: string;
  severity: Severity;
  description: string;
}

/** Rules of every document that is parsed, whatever its kind. */
export const CORE_RULES: readonly RuleInfo[] = [
  { code: 'syntax.error', severity: 'error', description: 'YAML or JSON syntax error.' },
  { code: 'syntax.duplicateKey', severity: 'error', description: 'A key appears twice in the same object.' },
  { code: 'document.tooDeep', severity: 'warning', description: 'The document nests more than 1000 levels deep; it is not checked.' },
  { code: 'document.tooLarge', severity: 'warning', description: 'The document is above `interfaceStudio.maxFileSize`; only its syntax is checked.' },
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
