import { Diagnostic, DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver-types';
import { Configuration, effectiveSetting } from './configuration';
import { ParsedDocument } from './documents';
import { Finding } from './findings';
import type { RuleCatalog, RuleSetting } from './rules';
import { LineIndex } from './lineIndex';

export const DIAGNOSTIC_SOURCE = 'interface-studio';

const severities = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
} as const;

const SUPPRESS = /^#\s*interface-studio-disable-next-line\b(.*)$/;

/** Lines (0-based) whose findings are suppressed, with the codes (empty set: every code). */
export function suppressedLines(doc: ParsedDocument): Map<number, Set<string>> {
  const result = new Map<number, Set<string>>();
  for (const comment of doc.parse.comments) {
    const match = SUPPRESS.exec(comment.text);
    if (!match) continue;
    const line = doc.lines.positionAt(comment.offset).line + 1;
    const codes = match[1].split(/[\s,]+/).filter((c) => c && !c.startsWith('--'));
    result.set(line, new Set(codes));
  }
  return result;
}

function isSuppressed(suppressed: Map<number, Set<string>>, line: number, code: string): boolean {
  const codes = suppressed.get(line);
  if (!codes) return false;
  if (codes.size === 0) return true;
  for (const c of codes) if (c === code || (c.endsWith('*') && code.startsWith(c.slice(0, -1)))) return true;
  return false;
}

/**
 * Turns findings into LSP diagnostics: ranges from offsets, severity from the configuration
 * ('off' drops the finding), suppression comments honoured, duplicates removed, in the order of
 * their start (findings starting at the same place keep their order).
 */
export function toDiagnostics(
  doc: ParsedDocument,
  findings: Finding[],
  configuration: Configuration,
  rules: RuleCatalog,
  linesOf: (uri: string) => LineIndex | undefined,
): Diagnostic[] {
  const suppressed = suppressedLines(doc);
  // A ruleset can give tens of thousands of findings of a few codes: each code's setting is looked up once.
  const settings = new Map<string, RuleSetting>();
  const settingOf = (finding: Finding): RuleSetting => {
    const key = `${finding.code}\n${finding.version ?? ''}\n${finding.severity ?? ''}`;
    let setting = settings.get(key);
    if (setting === undefined) settings.set(key, (setting = effectiveSetting(configuration, finding.code, rules, finding.version, finding.severity)));
    return setting;
  };
  const textLength = doc.text.length;
  const startOf = (finding: Finding) => Math.max(0, Math.min(finding.offset, textLength));
  // Sorted by where they start (a stable sort), duplicates are neighbours among those starting at the same offset.
  const ordered = findings.map((finding, index) => ({ finding, start: startOf(finding), index, kept: false }));
  ordered.sort((a, b) => a.start - b.start || a.index - b.index);
  const diagnostics: Diagnostic[] = [];
  for (let i = 0; i < ordered.length; i++) {
    const { finding } = ordered[i];
    const setting = settingOf(finding);
    if (setting === 'off') continue;
    if (isDuplicate(ordered, i)) continue;
    const range = doc.lines.rangeOf(finding.offset, finding.length);
    if (isSuppressed(suppressed, range.start.line, finding.code)) continue;
    ordered[i].kept = true;
    const diagnostic: Diagnostic = {
      range,
      severity: severities[setting],
      code: finding.code,
      source: DIAGNOSTIC_SOURCE,
      message: finding.message,
    };
    if (finding.href) diagnostic.codeDescription = { href: finding.href };
    if (finding.data) diagnostic.data = finding.data;
    if (finding.tags?.length) {
      diagnostic.tags = finding.tags.map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
    }
    if (finding.related?.length) {
      diagnostic.relatedInformation = finding.related.flatMap((r) => {
        const lines = linesOf(r.uri);
        return lines ? [{ location: { uri: r.uri, range: lines.rangeOf(r.offset, r.length) }, message: r.message }] : [];
      });
    }
    diagnostics.push(diagnostic);
  }
  return diagnostics;
}

/** A finding with the same code, place and message as one kept before it (those are among the findings starting where it does). */
function isDuplicate(ordered: { finding: Finding; start: number; kept: boolean }[], at: number): boolean {
  const { finding, start } = ordered[at];
  for (let i = at - 1; i >= 0 && ordered[i].start === start; i--) {
    if (!ordered[i].kept) continue;
    const other = ordered[i].finding;
    if (other.offset === finding.offset && other.length === finding.length && other.code === finding.code && other.message === finding.message) return true;
  }
  return false;
}
