// Runs Spectral's own CLI and ours on a corpus of specs and rulesets and compares the findings rule
// by rule and place by place (rule, start and end of the range, severity). `--github` adds GitHub's
// api.github.com description (Spectral needs minutes and gigabytes for it). Prints a table per
// ruleset and exits 1 when a finding differs for a rule both tools run. `--only=TEXT` runs the
// rulesets whose name contains TEXT; `--details` lists each finding that differs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';

const root = resolve(import.meta.dirname, '..');
const spectral = join(root, 'node_modules/.bin/spectral');
const ours = join(root, 'dist/cli.js');
const guides = join(root, 'test/fixtures/rulesets/styleguides');

const specs = [
  'test/fixtures/rulesets/compat/orders.openapi.yaml',
  'examples/specs/shop.openapi.yaml',
  'examples/specs/crm-draft.openapi.yaml',
  'examples/specs/erp/erp.openapi.yaml',
];
if (process.argv.includes('--github')) specs.push('node_modules/@octokit/openapi/generated/api.github.com.json');

const rulesets = {
  'spectral:oas (all rules)': 'extends: [[spectral:oas, all]]\n',
  'OWASP API Security Top 10': 'extends: ["@stoplight/spectral-owasp-ruleset"]\n',
  'Zalando + Baloise (@baloise/spectral-rules)': `extends: ["${guides}/baloise-spectral-rules-1.5.0/baloise.yml"]\n`,
  'Red Hat OpenShift Application Services (@rhoas/spectral-ruleset)': `extends: ["${guides}/rhoas-spectral-ruleset-0.3.1/ruleset.yaml"]\n`,
  'Microcks (@microcks/spectral-ruleset)': `extends: ["${guides}/microcks-spectral-ruleset-0.0.7/microcks-rules.yaml"]\n`,
};

/** A spec and the local files its `$ref`s reach, directly or through each other. */
function referencedFiles(path) {
  const found = [path];
  for (let i = 0; i < found.length; i++) {
    const text = readFileSync(found[i], 'utf8');
    for (const [, ref] of text.matchAll(/"?\$ref"?\s*:\s*["']?([^#"'\s,}]+)/g)) {
      if (/^[a-z]+:/i.test(ref)) continue;
      const target = resolve(dirname(found[i]), ref);
      if (existsSync(target) && !found.includes(target)) found.push(target);
    }
  }
  return found;
}

// Inside the repository, so that both tools find installed ruleset packages in its node_modules.
mkdirSync(join(root, '.cache'), { recursive: true });
const work = mkdtempSync(join(root, '.cache', 'compat-spectral-'));
const key = (f) => `${f.code} ${f.file} ${f.start} ${f.end} ${f.severity}`;
let differences = 0;
try {
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).toLowerCase();
  for (const [name, text] of Object.entries(rulesets)) {
    if (only && !name.toLowerCase().includes(only)) continue;
    const rulesetFile = join(work, `${name.replace(/\W+/g, '-')}.spectral.yaml`);
    writeFileSync(rulesetFile, text);
    const byRule = new Map();
    for (const spec of specs) {
      const path = join(root, spec);
      // The spec and the files its `$ref`s reach: Spectral reports findings where the value is written, so do we.
      const files = referencedFiles(path);
      const theirs = spawnSync(spectral, ['lint', '-r', rulesetFile, '-f', 'json', '-q', path], { encoding: 'utf8', maxBuffer: 1 << 30, cwd: root });
      let theirFindings = [];
      try {
        theirFindings = JSON.parse(theirs.stdout || '[]').filter((f) => files.includes(resolve(f.source ?? path))).map((f) => ({
          file: relative(root, resolve(f.source ?? path)), code: String(f.code), start: `${f.range.start.line + 1}:${f.range.start.character + 1}`, end: `${f.range.end.line + 1}:${f.range.end.character + 1}`, severity: ['error', 'warning', 'info', 'hint'][f.severity],
        }));
      } catch {
        console.log(`  Spectral failed on ${spec}: ${(theirs.stderr || theirs.stdout).split('\n')[0]}`);
      }
      const mine = spawnSync(process.execPath, [ours, 'check', ...files, '--ruleset', rulesetFile, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 30, cwd: root });
      const all = JSON.parse(mine.stdout || '[]');
      const ourFindings = all.filter((f) => !/^(oas|syntax|ruleset|document)\./.test(f.code)).map((f) => ({ file: relative(root, resolve(root, f.file)), code: f.code, start: `${f.line}:${f.column}`, end: `${f.endLine}:${f.endColumn}`, severity: f.severity }));
      const a = new Set(theirFindings.map(key));
      const b = new Set(ourFindings.map(key));
      for (const f of [...theirFindings, ...ourFindings]) {
        const entry = byRule.get(f.code) ?? { same: 0, missing: 0, extra: 0 };
        byRule.set(f.code, entry);
      }
      for (const k of a) byRule.get(k.split(' ')[0])[b.has(k) ? 'same' : 'missing']++;
      for (const k of b) if (!a.has(k)) byRule.get(k.split(' ')[0]).extra++;
      if (process.argv.includes('--details')) {
        for (const k of a) if (!b.has(k)) console.log(`  only Spectral: ${spec} ${k}`);
        for (const k of b) if (!a.has(k)) console.log(`  only ours:     ${spec} ${k}`);
      }
    }
    console.log(`\n## ${name}\n`);
    console.log('| rule | same | only Spectral | only ours |\n| --- | --- | --- | --- |');
    let same = 0;
    for (const [rule, e] of [...byRule].sort()) {
      same += e.same;
      if (e.missing || e.extra) differences++;
      console.log(`| ${rule} | ${e.same} | ${e.missing} | ${e.extra} |`);
    }
    console.log(`\n${same} findings identical.`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`\n${differences} rule(s) with differences.`);
process.exitCode = differences ? 1 : 0;
