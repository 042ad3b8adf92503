// Records what Spectral's own CLI (@stoplight/spectral-cli, a devDependency) reports with
// `spectral:oas` (all rules) on the documents of test/fixtures/rulesets/schema/, which break the
// OpenAPI schema of their version in many ways. test/unit/rulesetDocumentSchema.test.ts compares
// our findings with this recording. Run again after upgrading Spectral: `node scripts/record-spectral-schema.mjs`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const folder = join(root, 'test/fixtures/rulesets/schema');
const work = mkdtempSync(join(root, '.cache', 'record-spectral-'));
const recording = {};
try {
  const ruleset = join(work, '.spectral.yaml');
  writeFileSync(ruleset, 'extends: [[spectral:oas, all]]\n');
  for (const name of readdirSync(folder).filter((f) => /\.(ya?ml|json)$/.test(f) && f !== 'spectral-findings.json').sort()) {
    const run = spawnSync(join(root, 'node_modules/.bin/spectral'), ['lint', '-r', ruleset, '-f', 'json', '--quiet', join(folder, name)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const findings = JSON.parse(run.stdout || '[]');
    recording[name] = findings.map((f) => ({ code: f.code, severity: f.severity, start: [f.range.start.line, f.range.start.character], end: [f.range.end.line, f.range.end.character], message: f.message }));
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
writeFileSync(join(folder, 'spectral-findings.json'), JSON.stringify(recording, null, 1) + '\n');
console.log(Object.entries(recording).map(([name, f]) => `${name}: ${f.length} findings`).join('\n'));
