/**
 * `npm run bench`, limits section: how long the inputs that once made the service hang take now,
 * the slowest single answer the fuzzing meets, and how soon the preview's worker answers again
 * after a runaway expression is cancelled. `npm test` checks only that these end, with the right
 * findings; the figures are here.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { WorkerEvaluator } from '../../server/src/node/jsonataHost';
import { defaultConfiguration } from '../../server/src/service/configuration';
import { createLanguageService } from '../../server/src/service/builtinKinds';
import { InMemoryWorkspace } from '../../server/src/service/workspace';
import { applyMutation, exampleFiles, exerciseEverything, FUZZ_SEED, mutation, slowestCall } from '../fuzz/entryPoints';
import { LspTestClient, uriOf } from '../support/lspClient';
import { aliasBombBesideDeepFlowMaps, apostropheBeforeDeepNesting, deepJson, deepYaml, explodingExampleSpec, wideMappingFiles } from '../support/pathological';
import { MAPPING, SPEC } from '../support/previewFixtures';
import { serviceFor, WS } from '../support/service';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

/** Median time of a fresh service's diagnose of one file, over the rounds. */
async function diagnoseTime(files: Record<string, string>, path: string, rounds: number): Promise<number> {
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const { service } = serviceFor(files);
    times.push(await timed(() => service.diagnose(WS + path)));
  }
  return median(times);
}

/** The slowest single answer over the fuzz tests' cases on every example file (after one warm-up answer per file). */
async function slowestFuzzAnswer(casesPerFile: number): Promise<{ name: string; ms: number; cases: number }> {
  const files = exampleFiles();
  const targets = Object.keys(files).filter((p) => /\.(ya?ml|json|code-snippets)$/.test(p) && !p.startsWith('.interface-studio/snippets/builtin-'));
  const slowest = { name: '', ms: 0 };
  for (const target of targets) {
    const workspace = new InMemoryWorkspace(Object.fromEntries(Object.entries(files).map(([p, t]) => ['file:///ws/' + p, t])));
    const service = createLanguageService({ workspace, configuration: () => ({ ...defaultConfiguration, snippetLibraries: ['.interface-studio/snippets'] }) });
    const uri = 'file:///ws/' + target;
    await exerciseEverything(service, uri, [0]);
    Object.assign(slowestCall, { name: '', ms: 0 });
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), async (mutations, offsets) => {
        workspace.set(uri, mutations.reduce(applyMutation, files[target]));
        service.fileChanged(uri, 'changed');
        await exerciseEverything(service, uri, offsets);
      }),
      { numRuns: casesPerFile, seed: FUZZ_SEED + target.length },
    );
    if (slowestCall.ms > slowest.ms) Object.assign(slowest, slowestCall);
  }
  return { ...slowest, cases: casesPerFile * targets.length };
}

/** After cancelling an endless expression: how long until the next (trivial) one is answered. */
async function answerAfterCancel(rounds: number): Promise<number> {
  const evaluator = new WorkerEvaluator({ script: resolve('dist/jsonataWorker.js'), memoryLimitMb: () => 64 });
  const times: number[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      const source = { isCancellationRequested: false };
      const pending = evaluator.evaluate({ expression: '($f := function($x){ $f($x) }; $f(1))', input: {}, lookups: {}, timeoutMs: 60_000 }, source);
      setTimeout(() => (source.isCancellationRequested = true), 100);
      await pending;
      times.push(await timed(() => evaluator.evaluate({ expression: 'a + 1', input: { a: 1 }, lookups: {}, timeoutMs: 60_000 }, { isCancellationRequested: false })));
    }
  } finally {
    evaluator.dispose();
  }
  return median(times);
}

/** Over the protocol: how long `interfaceStudio/documentKind` takes while a runaway preview runs in the worker. */
async function requestDuringRunawayPreview(rounds: number): Promise<number> {
  const folder = mkdtempSync(join(tmpdir(), 'is-bench-limits-'));
  mkdirSync(join(folder, 'specs'));
  mkdirSync(join(folder, 'samples'));
  writeFileSync(join(folder, 'specs/crm.openapi.yaml'), SPEC);
  writeFileSync(join(folder, 'samples/acme.json'), JSON.stringify({ Id: '1', Name: 'Acme' }));
  const mapping = MAPPING.replace('expr: Employees', 'expr: "($f := function($x){ $f($x) }; $f(1))"');
  writeFileSync(join(folder, 'm.mapping.yaml'), mapping);
  const client = new LspTestClient();
  const times: number[] = [];
  try {
    await client.initialize(folder, { preview: { timeoutMs: 1000 } });
    const uri = uriOf(join(folder, 'm.mapping.yaml'));
    await client.open(uri, mapping);
    for (let round = 0; round < rounds; round++) {
      const preview = client.connection.sendRequest('interfaceStudio/previewMapping', { uri });
      times.push(await timed(() => client.connection.sendRequest('interfaceStudio/documentKind', { uri })));
      await preview;
    }
  } finally {
    await client.dispose();
    rmSync(folder, { recursive: true, force: true });
  }
  return median(times);
}

export async function benchLimits(rounds: number): Promise<void> {
  const rows: [string, number][] = [
    ['10 000-deep JSON array → `document.tooDeep`', await diagnoseTime({ 'deep.json': deepJson() }, 'deep.json', rounds)],
    ['10 000-deep YAML flow sequence → `document.tooDeep`', await diagnoseTime({ 'deep.yaml': deepYaml() }, 'deep.yaml', rounds)],
    ['YAML alias bomb beside 999-deep flow maps → `document.tooDeep`', await diagnoseTime({ 'a.yaml': aliasBombBesideDeepFlowMaps() }, 'a.yaml', rounds)],
    ["`don't` before 999-deep nesting → `document.tooDeep`", await diagnoseTime({ 'a.yaml': apostropheBeforeDeepNesting() }, 'a.yaml', rounds)],
    ['example against a schema with 2^30 ways to fail', await diagnoseTime({ 'a.yaml': explodingExampleSpec() }, 'a.yaml', rounds)],
    ['mapping onto a 5 000-field target schema', await diagnoseTime(wideMappingFiles(), 'm/x.mapping.yaml', rounds)],
    ['preview: the next expression after cancelling a runaway one', await answerAfterCancel(rounds)],
    ['protocol: `documentKind` while a runaway preview runs', await requestDuringRunawayPreview(rounds)],
  ];
  console.log(`\nLimits: what once hung, checked (median of ${rounds} rounds, fresh service each)`);
  console.log('| input | time |');
  console.log('| --- | --- |');
  for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(0)} ms |`);
  const fuzz = await slowestFuzzAnswer(15);
  console.log(`\nFuzzing: the slowest single answer in ${fuzz.cases} mutated example documents was ${fuzz.ms.toFixed(0)} ms (${fuzz.name.replace(/file:\/\/\/ws\//g, '')})`);
}

// Run on its own as out/test/bench/limitsBench.js; bench.js starts it in a process of its own.
if (require.main === module && /limitsBench\.js$/.test(require.main.filename)) {
  benchLimits(Number(process.env.BENCH_ROUNDS ?? 3)).catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
