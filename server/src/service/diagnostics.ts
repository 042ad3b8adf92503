import { Diagnostic, DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver-types';
import { Configuration, effectiveSetting } from './configuration';
import { ParsedDocument } from './documents';
import { Finding } from './findings';
import type { RuleCatalog } from './rules';
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
 * ('off' drops the finding), suppression comments honoured, duplicates removed.
 */
export function toDiagnostics(
  doc: ParsedDocument,
  findings: Finding[],
  configuration: Configuration,
  rules: RuleCatalog,
  linesOf: (uri: string) => LineIndex | undefined,
): Diagnostic[] {
  const suppressed = suppressedLines(doc);
  const seen = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const finding of findings) {
    const setting = effectiveSetting(configuration, finding.code, rules, finding.version, finding.severity);
    if (setting === 'off') continue;
    const range = doc.lines.rangeOf(finding.offset, finding.length);
    if (isSuppressed(suppressed, range.start.line, finding.code)) continue;
    const key = `${finding.code}|${finding.offset}|${finding.length}|${finding.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
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
  return diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
