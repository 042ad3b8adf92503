/**
 * The change comparison on GitHub's spec at two major versions (@octokit/openapi 22 and 23), as
 * ratios against swagger-parser's validate() of one of them, measured in the same run, alternating:
 * the CLI diff of the two, the CLI diff against a version missing half its paths, openapi-diff
 * side by side on a subset, and keystrokes in the editor with the older version as the git base.
 * Run by `npm run bench` in a process of its own. Not a test: it prints figures and never fails.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createLanguageService } from '../../server/src/service/builtinKinds';
import { InMemoryWorkspace } from '../../server/src/service/workspace';
import { LspTestClient, uriOf } from '../support/lspClient';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const work = resolve('.cache/bench/changes');
const OPENAPI_DIFF_LIMIT_MS = 120_000;

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Wall time of a command in a fresh process (start-up included on both sides). */
function timed(args: string[], timeoutMs = 600_000): { ms: number; ok: boolean } {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', cwd: work, maxBuffer: 1 << 30, timeout: timeoutMs });
  return { ms: performance.now() - start, ok: result.status !== null && result.status <= 1 };
}

function validate(path: string): number {
  return timed(['-e', `require(${JSON.stringify(require.resolve('@apidevtools/swagger-parser'))}).validate(${JSON.stringify(path)}).catch(() => {})`]).ms;
}

function diff(oldPath: string, newPath: string): number {
  return timed([resolve('dist/cli.js'), 'diff', oldPath, newPath, '--format', 'json']).ms;
}

/** Some paths of a spec and only the components they reach (openapi-diff cannot take the whole). */
/* eslint-disable @typescript-eslint/no-explicit-any -- the spec is read as plain JSON */
function subset(spec: Record<string, any>, keep: (path: string) => boolean): object {
  const out: Record<string, any> = { ...spec, paths: Object.fromEntries(Object.entries(spec.paths).filter(([p]) => keep(p))), components: { securitySchemes: spec.components.securitySchemes } as Record<string, Record<string, unknown>> };
  delete out.webhooks;
  const seen = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string' && child.startsWith('#/components/') && !seen.has(child)) {
        seen.add(child);
        const [, , section, name] = child.split('/');
        (out.components[section] ??= {})[name] = spec.components[section][name];
        visit(spec.components[section][name]);
      } else visit(child);
    }
  };
  visit(out.paths);
  return out;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

function openApiDiff(oldPath: string, newPath: string): { ms: number; ok: boolean } {
  const script = `const d = require(${JSON.stringify(require.resolve('openapi-diff'))}); const fs = require('fs');
    d.diffSpecs({ sourceSpec: { content: fs.readFileSync(${JSON.stringify(oldPath)}, 'utf8'), location: 'old.json', format: 'openapi3' },
      destinationSpec: { content: fs.readFileSync(${JSON.stringify(newPath)}, 'utf8'), location: 'new.json', format: 'openapi3' } }).then(() => process.exit(0), () => process.exit(3));`;
  return timed(['-e', script], OPENAPI_DIFF_LIMIT_MS);
}

function git(...args: string[]): void {
  spawnSync('git', args, { cwd: join(work, 'repo'), env: { ...process.env, GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.com' } });
}

/** Keystrokes in a description of the newer version, with the older one committed as the base: each timed to fresh diagnostics. */
async function keystrokes(oldText: string, newText: string): Promise<{ openMs: number; typingMs: number; componentMs: number }> {
  const repo = join(work, 'repo');
  rmSync(repo, { recursive: true, force: true });
  mkdirSync(repo, { recursive: true });
  const path = join(repo, 'github.openapi.json');
  writeFileSync(path, oldText);
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'v22');
  writeFileSync(path, newText);
  const client = new LspTestClient();
  await client.initialize(repo);
  const uri = uriOf(path);
  let start = performance.now();
  await client.open(uri, newText);
  await client.diagnostics(uri, (d) => d.some((x) => String(x.code).startsWith('change.')), 600_000);
  const openMs = performance.now() - start;
  let current = newText;
  const type = async (at: number): Promise<number> => {
    const position = { line: current.slice(0, at).split('\n').length - 1, character: at - (current.lastIndexOf('\n', at - 1) + 1) };
    client.reset(uri);
    start = performance.now();
    await client.edit(uri, { start: position, end: position }, 'e');
    await client.diagnostics(uri, () => true, 600_000);
    current = current.slice(0, at) + 'e' + current.slice(at);
    return performance.now() - start;
  };
  const description = (from: number): number => current.indexOf('"description": "', from) + '"description": "'.length;
  const typing: number[] = [];
  for (let i = 0; i < 8; i++) {
    await new Promise((done) => setTimeout(done, 200));
    typing.push(await type(description(0)));
  }
  const componentMs = await type(description(current.indexOf('"components"')));
  await client.dispose();
  return { openMs, typingMs: median(typing.slice(1)), componentMs };
}

/**
 * In one process, the same keystrokes checked by two services over the same files: one with the
 * older version as the git base, one without git (the baseline), as CPU time. The difference is what
 * change tracking adds to a keystroke; the process boundary and the protocol are left out on both sides.
 */
async function keystrokesInProcess(oldText: string, newText: string): Promise<{ baselineMs: number; trackedMs: number }> {
  const uri = 'file:///bench/github.openapi.json';
  const revisions = { base: async () => ({ label: 'main', key: 'v22', read: async (u: string) => (u === uri ? oldText : undefined) }), at: async () => undefined, list: async () => [] };
  const services = [undefined, revisions].map((r) => {
    const workspace = new InMemoryWorkspace({ [uri]: newText });
    return { workspace, service: createLanguageService({ workspace, host: r ? { revisions: r } : {} }) };
  });
  for (const { service } of services) await service.diagnose(uri);
  const shown = (await services[1].service.diagnose(uri)).filter((d) => String(d.code).startsWith('change.')).length;
  if (!shown) throw new Error('no change is shown with version 22 as the base: the comparison was not measured');
  const times: number[][] = [[], []];
  let current = newText;
  for (let i = 0; i < 15; i++) {
    const at = current.indexOf('"description": "') + '"description": "'.length + i;
    current = current.slice(0, at) + 'e' + current.slice(at);
    for (const [index, { workspace, service }] of services.entries()) {
      workspace.set(uri, current);
      // CPU time of this process: on a shared machine it varies less than wall time, and nothing here waits.
      const start = process.cpuUsage();
      await service.diagnose(uri);
      const used = process.cpuUsage(start);
      times[index].push((used.user + used.system) / 1000);
    }
  }
  return { baselineMs: median(times[0].slice(3)), trackedMs: median(times[1].slice(3)) };
}

async function main(): Promise<void> {
  mkdirSync(work, { recursive: true });
  const oldPath = require.resolve('@octokit/openapi-v22/generated/api.github.com.json');
  const newPath = require.resolve('@octokit/openapi/generated/api.github.com.json');
  const newSpec = JSON.parse(readFileSync(newPath, 'utf8'));
  const halfPath = join(work, 'github-half.json');
  writeFileSync(halfPath, JSON.stringify({ ...newSpec, paths: Object.fromEntries(Object.entries(newSpec.paths).filter((_, i) => i % 2 === 0)) }, null, 2));
  const keep = (p: string): boolean => /^\/repos\/\{owner\}\/\{repo\}\/(issues|pulls)(\/\{(issue|pull)_number\})?$/.test(p);
  const subsetOld = join(work, 'subset-v22.json');
  const subsetNew = join(work, 'subset-v23.json');
  writeFileSync(subsetOld, JSON.stringify(subset(JSON.parse(readFileSync(oldPath, 'utf8')), keep), null, 1));
  writeFileSync(subsetNew, JSON.stringify(subset(newSpec, keep), null, 1));

  if (process.env.BENCH_EDITOR_ONLY) {
    const inProcess = await keystrokesInProcess(readFileSync(oldPath, 'utf8'), readFileSync(newPath, 'utf8'));
    console.log(`In process (CPU time): a keystroke without a base ${inProcess.baselineMs.toFixed(0)} ms, with version 22 as the base ${inProcess.trackedMs.toFixed(0)} ms (ratio ${(inProcess.trackedMs / inProcess.baselineMs).toFixed(2)})`);
    const editor = await keystrokes(readFileSync(oldPath, 'utf8'), readFileSync(newPath, 'utf8'));
    console.log(`Editor: open → diagnostics ${editor.openMs.toFixed(0)} ms; a keystroke in a description (median) ${editor.typingMs.toFixed(0)} ms; one under components ${editor.componentMs.toFixed(0)} ms`);
    return;
  }
  const base: number[] = [];
  const full: number[] = [];
  const half: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    base.push(validate(newPath));
    full.push(diff(oldPath, newPath));
    half.push(diff(newPath, halfPath));
  }
  const b = median(base);
  console.log('\n| change comparison (GitHub api.github.com, 13 MB JSON each) | time | ratio to swagger-parser validate() of one version |');
  console.log('| --- | --- | --- |');
  console.log(`| swagger-parser validate() of version 23 | ${b.toFixed(0)} ms | 1 |`);
  console.log(`| \`interface-studio diff\` version 22 → 23 | ${median(full).toFixed(0)} ms | **${(median(full) / b).toFixed(2)}** |`);
  console.log(`| \`interface-studio diff\` version 23 → half its paths | ${median(half).toFixed(0)} ms | **${(median(half) / b).toFixed(2)}** |`);

  const ours = diff(subsetOld, subsetNew);
  const theirs = openApiDiff(subsetOld, subsetNew);
  console.log(`\nSubset (6 issue and pull-request paths and the components they reach, ${(readFileSync(subsetOld).length / 1024).toFixed(0)} KB): interface-studio diff ${ours.toFixed(0)} ms; openapi-diff ${theirs.ok ? `${theirs.ms.toFixed(0)} ms` : `did not finish within ${OPENAPI_DIFF_LIMIT_MS / 1000} s`}`);

  const inProcess = await keystrokesInProcess(readFileSync(oldPath, 'utf8'), readFileSync(newPath, 'utf8'));
  console.log(`\nA keystroke on version 23 in process (CPU time, median): checked without a base ${inProcess.baselineMs.toFixed(0)} ms (the baseline); with version 22 as the base ${inProcess.trackedMs.toFixed(0)} ms, ratio **${(inProcess.trackedMs / inProcess.baselineMs).toFixed(2)}**; change tracking's share ${(inProcess.trackedMs - inProcess.baselineMs).toFixed(0)} ms`);
  const editor = await keystrokes(readFileSync(oldPath, 'utf8'), readFileSync(newPath, 'utf8'));
  console.log(`\nEditor, version 23 open with version 22 as the git base: open → diagnostics ${editor.openMs.toFixed(0)} ms; a keystroke in a description (median) ${editor.typingMs.toFixed(0)} ms; one under components ${editor.componentMs.toFixed(0)} ms`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
