import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

/**
 * The pre-commit hooks and the CI templates, run as they are written: each command line is given
 * to a shell with `$INTERFACE_STUDIO` (or the hook's entry) pointing at this build's CLI.
 */
const cli = `${process.execPath} ${resolve('dist/cli.js')}`; // unquoted: `$INTERFACE_STUDIO` is split into words

function shell(command: string, cwd: string): { code: number | null; stdout: string; stderr: string } {
  // GitHub runs `run:` steps with `bash -e`, GitLab's node image each script line in a POSIX shell.
  const result = spawnSync('bash', ['-e', '-c', command], { cwd, encoding: 'utf8', env: { ...process.env, INTERFACE_STUDIO: cli } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A copy of the examples in which one mapping fills a target field the ERP's customer does not have. */
function workspaceWithBrokenMapping(): { folder: string; line: number } {
  const folder = mkdtempSync(join(tmpdir(), 'is-ci-'));
  cpSync(resolve('examples'), folder, { recursive: true });
  const path = join(folder, 'mappings/customer-to-erp.mapping.yaml');
  const text = readFileSync(path, 'utf8').replace('  - target: phone\n', '  - target: phoneNumber\n');
  writeFileSync(path, text);
  return { folder, line: text.split('\n').findIndex((l) => l.includes('phoneNumber')) + 1 };
}

describe('pre-commit hooks and CI templates', function () {
  this.timeout(60_000);
  let folder: string;
  let line: number;

  beforeEach(() => ({ folder, line } = workspaceWithBrokenMapping()));
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('.pre-commit-hooks.yaml checks the staged files it selects, and passes when they are clean', () => {
    const hooks = parse(readFileSync('.pre-commit-hooks.yaml', 'utf8')) as { id: string; entry: string; language: string; files: string }[];
    assert.deepEqual(hooks.map((h) => h.id), ['interface-studio-check', 'interface-studio-test']);
    execFileSync('git', ['init', '-q'], { cwd: folder });
    writeFileSync(join(folder, 'notes.txt'), 'not a spec\n');
    // pre-commit passes the staged files its `files` pattern selects; the entry's program is the CLI.
    const run = (hook: (typeof hooks)[number], staged: string[]) => {
      execFileSync('git', ['reset', '-q'], { cwd: folder });
      execFileSync('git', ['add', ...staged], { cwd: folder });
      const names = execFileSync('git', ['diff', '--cached', '--name-only'], { cwd: folder, encoding: 'utf8' }).trim().split('\n');
      const selected = names.filter((n) => new RegExp(hook.files).test(n));
      return { selected, ...shell([hook.entry.replace(/^interface-studio/, cli), ...selected].join(' '), folder) };
    };
    const [check, test] = hooks;
    const broken = run(check, ['mappings/customer-to-erp.mapping.yaml', 'specs/shop.openapi.yaml', 'notes.txt']);
    assert.deepEqual(broken.selected, ['mappings/customer-to-erp.mapping.yaml', 'specs/shop.openapi.yaml']);
    assert.equal(broken.code, 1);
    assert.match(broken.stdout, new RegExp(`^mappings/customer-to-erp\\.mapping\\.yaml:${line}:\\d+ error mapping\\.target\\.unknownPath `, 'm'));
    assert.match(broken.stderr, /2 files checked: 1 error/);
    const clean = run(check, ['specs/shop.openapi.yaml', 'flows/order-to-cash.flow.yaml']);
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
    const samples = run(test, ['mappings/order-to-salesorder.mapping.yaml', 'specs/shop.openapi.yaml']);
    assert.deepEqual(samples.selected, ['mappings/order-to-salesorder.mapping.yaml']);
    assert.equal(samples.code, 0, samples.stdout + samples.stderr);
    assert.match(samples.stdout, /2 passed, 0 failed/);
  });

  it('the GitHub Actions workflow annotates, fails on errors, and writes SARIF for code scanning', () => {
    const workflow = parse(readFileSync('scripts/ci-templates/github-actions.yml', 'utf8')) as { env: Record<string, string>; jobs: { check: { steps: { name?: string; run?: string; uses?: string; with?: Record<string, string> }[] } } };
    assert.match(workflow.env.INTERFACE_STUDIO, /interface-studio/);
    const steps = workflow.jobs.check.steps;
    const runs = steps.filter((s) => s.run?.includes('$INTERFACE_STUDIO'));
    assert.equal(runs.length, 3);
    const [annotate, sarif, samples] = runs.map((s) => shell(s.run!, folder));
    assert.equal(annotate.code, 1);
    assert.match(annotate.stdout, new RegExp(`^::error file=mappings/customer-to-erp\\.mapping\\.yaml,line=${line},col=\\d+,endLine=${line},endColumn=\\d+,title=mapping\\.target\\.unknownPath::`, 'm'));
    assert.equal(sarif.code, 0, sarif.stderr);
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'));
    const report = JSON.parse(readFileSync(join(folder, upload!.with!.sarif_file), 'utf8')) as { version: string; runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    assert.equal(report.version, '2.1.0');
    const finding = report.runs[0].results.find((r) => r.ruleId === 'mapping.target.unknownPath');
    assert.deepEqual(finding?.locations[0].physicalLocation.artifactLocation.uri, 'mappings/customer-to-erp.mapping.yaml');
    assert.equal(finding?.locations[0].physicalLocation.region.startLine, line);
    assert.equal(samples.code, 0, samples.stdout + samples.stderr);
  });

  it('the GitLab CI job writes a JUnit report and a code-quality report, then fails on errors', () => {
    const pipeline = parse(readFileSync('scripts/ci-templates/gitlab-ci.yml', 'utf8')) as Record<string, { script: string[]; artifacts: { reports: { junit: string; codequality: string } } }>;
    const job = pipeline['interface-studio'];
    const results = job.script.map((command) => shell(command, folder));
    assert.deepEqual(results.map((r) => r.code), [0, 0, 1, 0], results.map((r) => r.stderr).join('\n'));
    const junit = readFileSync(join(folder, job.artifacts.reports.junit), 'utf8');
    assert.match(junit, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="interface-studio check" tests="\d+" failures="\d+">/);
    assert.match(junit, new RegExp(`<testsuite name="mappings/customer-to-erp.mapping.yaml" tests="1" failures="1" errors="0">\\n    <testcase classname="mappings/customer-to-erp.mapping.yaml" name="${line}:\\d+ mapping.target.unknownPath">\\n      <failure type="error" message="[^"]*phoneNumber[^"]*">`));
    assert.match(junit, /<testcase classname="specs\/shop.openapi.yaml" name="specs\/shop.openapi.yaml"\/>/);
    const quality = JSON.parse(readFileSync(join(folder, job.artifacts.reports.codequality), 'utf8')) as { check_name: string; severity: string; fingerprint: string; location: { path: string; lines: { begin: number } } }[];
    const issue = quality.find((q) => q.check_name === 'mapping.target.unknownPath');
    assert.deepEqual({ severity: issue?.severity, path: issue?.location.path, begin: issue?.location.lines.begin }, { severity: 'critical', path: 'mappings/customer-to-erp.mapping.yaml', begin: line });
    assert.equal(new Set(quality.map((q) => q.fingerprint)).size, quality.length, 'fingerprints are unique');
    assert.match(results[2].stdout, /^mappings\/customer-to-erp\.mapping\.yaml:/m);
  });

  it('refuses an unknown --format with the list of formats', () => {
    const result = shell('$INTERFACE_STUDIO check --format xml', folder);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /`--format` must be text, json, sarif, junit, code-climate, gitlab or github, not `xml`/);
  });
});
