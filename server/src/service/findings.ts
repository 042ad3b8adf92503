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
}

/** Collects findings per document URI. */
export class FindingSink {
  readonly byUri = new Map<string, Finding[]>();

  add(finding: Finding): void {
    let list = this.byUri.get(finding.uri);
    if (!list) this.byUri.set(finding.uri, (list = []));
    list.push(finding);
  }

  get(uri: string): Finding[] {
    return this.byUri.get(uri) ?? [];
  }
}
