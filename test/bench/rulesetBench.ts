/**
 * Team rulesets on big specs: GitHub's api.github.com description checked with `spectral:oas` (all
 * rules) and the OWASP ruleset, open → all diagnostics in the language server, beside
 * swagger-parser's validate() of the same file in the same run; a keystroke with the rulesets on;
 * and Spectral's own CLI on the 10 000-line spec beside ours (Spectral on GitHub's spec only with
 * BENCH_SPECTRAL_GITHUB=1: it takes minutes and gigabytes). Prints figures, never fails on them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LspTestClient, uriOf } from '../support/lspClient';
import { baseline, peakMb } from './baseline';
import { generateSpec } from './generateSpec';

const ROUNDS = Math.max(1, Math.min(3, Number(process.env.BENCH_ROUNDS ?? 3)));
/** How long one open (ours or Spectral's) may take before the row says it did not finish. */
const CAP_MS = Number(process.env.BENCH_RULESET_CAP_MS ?? 300_000);
const folder = resolve('.cache/bench/rulesets');
const RULESET = 'extends:\n  - [spectral:oas, all]\n  - "@stoplight/spectral-owasp-ruleset"\n';
const isRulesetCode = (code: unknown) => typeof code === 'string' && !/^(oas|syntax|document|ruleset)\./.test(code);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function inputs(): { github: string; small: string } {
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, '.spectral.yaml'), RULESET);
  const github = join(folder, 'github.openapi.json');
  const small = join(folder, 'generated-10k.openapi.yaml');
  if (!existsSync(github)) writeFileSync(github, readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8'));
  if (!existsSync(small)) writeFileSync(small, generateSpec(10_000));
  return { github, small };
}

/** Open → diagnostics with the rulesets applied, then keystrokes in the first description. */
type Ours = { openMs: number; findings: number; keystrokeMs: number; peakMb: number } | { unfinished: string };

async function ours(path: string): Promise<Ours> {
  const client = new LspTestClient();
  await client.initialize(folder, { problems: { scope: 'openFiles' } });
  const uri = uriOf(path);
  let text = readFileSync(path, 'utf8');
  let start = performance.now();
  await client.open(uri, text);
  let diagnostics;
  try {
    diagnostics = await client.diagnostics(uri, (d) => d.some((x) => isRulesetCode(x.code)), CAP_MS);
  } catch {
    const peak = peakMb(client.pid);
    await client.dispose();
    return { unfinished: `did not finish within ${(CAP_MS / 1000).toFixed(0)} s (server at ${peak.toFixed(0)} MB)` };
  }
  const openMs = performance.now() - start;
  const findings = diagnostics.filter((d) => isRulesetCode(d.code)).length;
  const times: number[] = [];
  // After a slow open one keystroke is enough to show how far the keystroke is from its target.
  const keystrokes = openMs > 30_000 ? 1 : 5;
  for (let i = 0; i < keystrokes; i++) {
    const at = text.indexOf('description') + 'description'.length + 4 + i;
    const position = { line: text.slice(0, at).split('\n').length - 1, character: at - (text.lastIndexOf('\n', at - 1) + 1) };
    client.reset(uri);
    start = performance.now();
    await client.edit(uri, { start: position, end: position }, 'e');
    try {
      await client.diagnostics(uri, () => true, CAP_MS);
    } catch {
      times.push(Infinity);
      break;
    }
    times.push(performance.now() - start);
    text = text.slice(0, at) + 'e' + text.slice(at);
  }
  const peak = peakMb(client.pid);
  await client.dispose();
  return { openMs, findings, keystrokeMs: median(times), peakMb: peak };
}

/** Spectral's own CLI on a spec with the same ruleset: wall time and the findings it printed. */
function spectral(path: string): { ms: number; findings: number; unfinished?: string } {
  const start = performance.now();
  const result = spawnSync(resolve('node_modules/.bin/spectral'), ['lint', '-r', join(folder, '.spectral.yaml'), '-f', 'json', '-q', path], { encoding: 'utf8', maxBuffer: 1 << 30, cwd: folder, timeout: CAP_MS, killSignal: 'SIGKILL' });
  const ms = performance.now() - start;
  if (result.error || result.signal) return { ms, findings: NaN, unfinished: `did not finish within ${(CAP_MS / 1000).toFixed(0)} s` };
  let findings = NaN;
  try {
    findings = (JSON.parse(result.stdout) as unknown[]).length;
  } catch {
    // Spectral failed or was stopped: no count.
  }
  return { ms, findings };
}

async function main(): Promise<void> {
  const { github, small } = inputs();
  console.log('\n| same rulesets, Spectral\'s CLI beside ours | Spectral 6 (`spectral lint`) | ours, open → all diagnostics | ratio | findings (Spectral / ours) |');
  console.log('| --- | --- | --- | --- | --- |');
  const targets = [{ name: '10 000-line spec (YAML)', path: small }];
  if (process.env.BENCH_SPECTRAL_GITHUB === '1') targets.push({ name: 'GitHub api.github.com (JSON)', path: github });
  for (const target of targets) {
    const theirs = process.env.BENCH_RULESET_SPECTRAL === '0' ? { ms: NaN, findings: NaN, unfinished: 'not run' } : spectral(target.path);
    const mine = await ours(target.path);
    const theirTime = theirs.unfinished ?? `${theirs.ms.toFixed(0)} ms`;
    if ('unfinished' in mine) {
      console.log(`| ${target.name} | ${theirTime} | ${mine.unfinished} | – | ${theirs.findings} / – |`);
      continue;
    }
    const ratio = theirs.unfinished ? '–' : `**${(theirs.ms / mine.openMs).toFixed(1)}× faster**`;
    console.log(`| ${target.name} | ${theirTime} | ${mine.openMs.toFixed(0)} ms | ${ratio} | ${theirs.findings} / ${mine.findings} |`);
  }

  console.log('\n| GitHub api.github.com (JSON, 13 MB), `spectral:oas` (all rules) + OWASP | swagger-parser validate() | open → all diagnostics | ratio | ruleset findings | keystroke → diagnostics (median) | peak memory (server) |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  const base: number[] = [];
  const runs: Exclude<Ours, { unfinished: string }>[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    base.push(baseline(github).ms);
    const run = await ours(github);
    if ('unfinished' in run) {
      // One open that does not finish within the cap settles the row: no more rounds of it.
      console.log(`| | ${median(base).toFixed(0)} ms | ${run.unfinished} | – | – | – | – |`);
      return;
    }
    runs.push(run);
  }
  const b = median(base);
  const o = median(runs.map((r) => r.openMs));
  const keystroke = median(runs.map((r) => r.keystrokeMs));
  console.log(`| | ${b.toFixed(0)} ms | ${o.toFixed(0)} ms | **${(o / b).toFixed(2)}** | ${runs[0].findings} | ${Number.isFinite(keystroke) ? `${keystroke.toFixed(0)} ms` : `did not finish within ${(CAP_MS / 1000).toFixed(0)} s`} | ${Math.max(...runs.map((r) => r.peakMb)).toFixed(0)} MB |`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
