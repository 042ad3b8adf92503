import { createHash } from 'node:crypto';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { FileResult } from './check';

const severityNames: Record<number, string> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

function messageOf(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

function position(d: Diagnostic): string {
  return `${d.range.start.line + 1}:${d.range.start.character + 1}`;
}

function xml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

/**
 * JUnit XML, as CI servers (GitLab, Jenkins, Azure Pipelines) show test reports: a suite per file,
 * a failing test case per error or warning, one passing case for a file without any.
 */
export function toJunit(results: FileResult[]): string {
  const counted = (d: Diagnostic) => (d.severity ?? 1) <= 2;
  const failures = results.reduce((n, r) => n + r.diagnostics.filter(counted).length, 0);
  const cases = results.reduce((n, r) => n + Math.max(1, r.diagnostics.filter(counted).length), 0);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="interface-studio check" tests="${cases}" failures="${failures}">`];
  for (const file of results) {
    const findings = file.diagnostics.filter(counted);
    const path = xml(file.path.split('\\').join('/'));
    lines.push(`  <testsuite name="${path}" tests="${Math.max(1, findings.length)}" failures="${findings.length}" errors="0">`);
    if (!findings.length) lines.push(`    <testcase classname="${path}" name="${path}"/>`);
    for (const d of findings) {
      const severity = severityNames[d.severity ?? 1];
      lines.push(`    <testcase classname="${path}" name="${position(d)} ${xml(String(d.code))}">`);
      lines.push(`      <failure type="${severity}" message="${xml(messageOf(d))}">${path}:${position(d)} ${severity} ${xml(String(d.code))} ${xml(messageOf(d))}</failure>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}

/** The Code Climate issues GitLab reads as a code-quality report (`artifacts:reports:codequality`). */
export function toCodeClimate(results: FileResult[]): unknown[] {
  const severities: Record<number, string> = { 1: 'critical', 2: 'major', 3: 'minor', 4: 'info' };
  const seen = new Map<string, number>();
  return results.flatMap((file) =>
    file.diagnostics.map((d) => {
      const path = file.path.split('\\').join('/');
      // Stable while lines move: the file, the rule, the message, and which occurrence of them it is.
      const key = `${path}\0${d.code}\0${messageOf(d)}`;
      const occurrence = (seen.get(key) ?? 0) + 1;
      seen.set(key, occurrence);
      return {
        type: 'issue',
        check_name: String(d.code),
        description: messageOf(d),
        categories: ['Bug Risk'],
        severity: severities[d.severity ?? 1],
        fingerprint: createHash('sha256').update(`${key}\0${occurrence}`).digest('hex').slice(0, 32),
        location: { path, lines: { begin: d.range.start.line + 1, end: d.range.end.line + 1 } },
      };
    }),
  );
}

/** GitHub Actions workflow commands: each finding becomes an annotation on the pull request's diff. */
export function toGithubAnnotations(results: FileResult[]): string {
  const levels: Record<number, string> = { 1: 'error', 2: 'warning', 3: 'notice', 4: 'notice' };
  const data = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const property = (text: string) => data(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
  return results
    .flatMap((file) =>
      file.diagnostics.map((d) => {
        const props = [
          `file=${property(file.path.split('\\').join('/'))}`,
          `line=${d.range.start.line + 1}`,
          `col=${d.range.start.character + 1}`,
          `endLine=${d.range.end.line + 1}`,
          `endColumn=${d.range.end.character + 1}`,
          `title=${property(String(d.code))}`,
        ];
        return `::${levels[d.severity ?? 1]} ${props.join(',')}::${data(messageOf(d))}\n`;
      }),
    )
    .join('');
}
