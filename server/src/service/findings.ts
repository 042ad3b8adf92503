import type { RuleVersion, Severity } from './rules';

/** A problem found in a document, before severities and suppressions are applied. */
export interface Finding {
  uri: string;
  code: string;
  message: string;
  offset: number;
  length: number;
  /** Extra facts for quick fixes (a suggestion, a missing name…). */
  data?: Record<string, unknown>;
  related?: { uri: string; offset: number; length: number; message: string }[];
  /** `unnecessary` fades the text (unused components), `deprecated` strikes it through. */
  tags?: ('unnecessary' | 'deprecated')[];
  /**
   * The OpenAPI or AsyncAPI version of the root document the finding was found under, which picks
   * the rule's default severity (a fragment may be reached from roots of different versions).
   */
  version?: RuleVersion;
  /** The default severity of a code no kind declares (a ruleset rule's own severity). */
  severity?: Severity;
  /** Where the rule is documented (a ruleset rule's `documentationUrl`). */
  href?: string;
}

/** Collects findings per document URI; those of an OpenAPI or AsyncAPI analysis carry the root's version. */
export class FindingSink {
  readonly byUri = new Map<string, Finding[]>();

  constructor(private readonly version?: RuleVersion) {}

  add(finding: Finding): void {
    if (this.version) finding.version = this.version;
    let list = this.byUri.get(finding.uri);
    if (!list) this.byUri.set(finding.uri, (list = []));
    list.push(finding);
  }

  get(uri: string): Finding[] {
    return this.byUri.get(uri) ?? [];
  }
}
