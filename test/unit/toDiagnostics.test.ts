import assert from 'node:assert/strict';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { Configuration, defaultConfiguration, effectiveSetting } from '../../server/src/service/configuration';
import { toDiagnostics, suppressedLines } from '../../server/src/service/diagnostics';
import { parseDocumentText } from '../../server/src/service/documents';
import { Finding } from '../../server/src/service/findings';
import { RuleCatalog, RuleVersion } from '../../server/src/service/rules';
import { seededRandom } from '../support/seededRandom';

/**
 * What a user sees of findings, written as plainly as the rules say it: each finding in turn,
 * dropped when its rule is off, suppressed on its line or the same as one already shown; then
 * in the order of their start.
 */
function expected(text: string, findings: Finding[], configuration: Configuration, rules: RuleCatalog): Diagnostic[] {
  const doc = parseDocumentText('file:///ws/spec.yaml', text, 1);
  const suppressed = suppressedLines(doc);
  const shown = new Set<string>();
  const result: Diagnostic[] = [];
  const severities = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint };
  for (const finding of findings) {
    const setting = effectiveSetting(configuration, finding.code, rules, finding.version, finding.severity);
    if (setting === 'off') continue;
    const range = doc.lines.rangeOf(finding.offset, finding.length);
    const codes = suppressed.get(range.start.line);
    if (codes && (codes.size === 0 || codes.has(finding.code))) continue;
    const key = JSON.stringify([finding.code, finding.offset, finding.length, finding.message]);
    if (shown.has(key)) continue;
    shown.add(key);
    result.push({ range, severity: severities[setting], code: finding.code, source: 'interface-studio', message: finding.message });
  }
  return result.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

describe('findings to diagnostics', () => {
  const text = [
    'openapi: 3.0.3',
    'info:',
    '  title: Pets',
    '  # interface-studio-disable-next-line oas.a',
    '  version: "1"',
    '# interface-studio-disable-next-line',
    'paths: {}',
    'x-end: true',
  ].join('\n');
  const rules = new RuleCatalog([
    { code: 'oas.a', severity: 'error', basis: '', description: '' },
    { code: 'oas.b', severity: 'warning', versions: { '2.0': 'hint' }, basis: '', description: '' },
    { code: 'oas.c', severity: 'info', basis: '', description: '' },
  ]);
  const configurations: Configuration[] = [
    defaultConfiguration,
    { ...defaultConfiguration, rules: { 'oas.b': 'off' } },
    { ...defaultConfiguration, rules: { 'oas.*': 'hint', 'team-*': 'off' } },
  ];
  const codes = ['oas.a', 'oas.b', 'oas.c', 'team-rule', 'other-rule'];
  const versions: (RuleVersion | undefined)[] = [undefined, '2.0', '3.0'];

  it('shows each finding once, in the order of its place, whatever order the rules found them in', () => {
    const random = seededRandom(20261203);
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
    for (let round = 0; round < 300; round++) {
      const findings: Finding[] = [];
      const count = 1 + Math.floor(random() * 40);
      for (let i = 0; i < count; i++) {
        // Repeats of an earlier finding, places past either end of the text, and neighbours on one line.
        if (findings.length > 0 && random() < 0.25) {
          findings.push({ ...pick(findings), version: pick(versions) });
          continue;
        }
        findings.push({
          uri: 'file:///ws/spec.yaml',
          code: pick(codes),
          message: pick(['first', 'second', 'third']),
          offset: Math.floor(random() * (text.length + 20)) - 10,
          length: Math.floor(random() * 8),
          version: pick(versions),
          severity: pick([undefined, 'warning', 'error'] as const),
        });
      }
      const configuration = pick(configurations);
      const doc = parseDocumentText('file:///ws/spec.yaml', text, 1);
      const shown = toDiagnostics(doc, findings, configuration, rules, () => undefined);
      assert.deepEqual(shown, expected(text, findings, configuration, rules), `round ${round}: ${JSON.stringify(findings)}`);
    }
  });
});
