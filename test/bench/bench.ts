/**
 * `npm run bench`: how quickly the language server answers on big real specs, as ratios against
 * swagger-parser's validate() of the same document, measured in the same run, alternating.
 * Not a test: it prints figures and never fails on them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { LspTestClient, uriOf } from '../support/lspClient';
import { generateSpec } from './generateSpec';
import { baseline, cpuMs, peakMb } from './baseline';
import { SERVER_NODE_OPTIONS } from '../../server/src/protocol';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const work = resolve('.cache/bench');

interface Sample {
  openMs: number;
  transferMs: number;
  editMs: number;
  componentEditMs: number;
  /** Median of keystrokes typed at a steady pace once the first ones are done. */
  typingMs: number;
  /** Median of the keystrokes that type a new key, with the text broken until it is whole. */
  newKeyMs: number;
  /** Median of the keystrokes after an opening quote (YAML) or bracket (JSON), up to the one that closes it. */
  openQuoteMs: number;
  /** The server's peak memory once the document is open and two keystrokes checked. */
  peakMb: number;
  /** The server's CPU time (all threads) from `didOpen` to the first diagnostics. */
  openCpuMs: number;
  /** Median CPU time of the server per keystroke of the typing on, and of the new key, until its diagnostics. */
  keystrokeCpuMs: number;
  /** The peak (VmHWM) from the open through all the typing, broken text included: each keystroke leaves a 13 MB text behind, collected once a check is published. */
  typingPeakMb: number;
}

/** A typist's pace: the next keystroke comes after the diagnostics of the last one and this pause. */
const PAUSE_MS = 200;
const TYPED_KEYSTROKES = 10;

/** These tables time an open document's checks alone: the other specs of the folder are not checked in the background. */
const openFilesOnly = { problems: { scope: 'openFiles' } };

function githubJsonPath(): string {
  return require.resolve('@octokit/openapi/generated/api.github.com.json');
}

function prepareInputs(): { name: string; path: string }[] {
  mkdirSync(work, { recursive: true });
  const github = githubJsonPath();
  const githubJson = join(work, 'github.openapi.json');
  const githubYaml = join(work, 'github.openapi.yaml');
  const small = join(work, 'generated-10k.openapi.yaml');
  if (!existsSync(githubJson)) writeFileSync(githubJson, readFileSync(github, 'utf8'));
  if (!existsSync(githubYaml)) writeFileSync(githubYaml, stringify(JSON.parse(readFileSync(github, 'utf8')), { aliasDuplicateObjects: false, lineWidth: 0 }));
  if (!existsSync(small)) writeFileSync(small, generateSpec(10_000));
  return [
    { name: '10 000-line spec (YAML)', path: small },
    { name: 'GitHub api.github.com (JSON, 13 MB)', path: githubJson },
    { name: 'GitHub api.github.com (YAML, 260k lines)', path: githubYaml },
  ];
}

/**
 * The parsing floor, in a fresh process: js-yaml `load` (YAML) or `JSON.parse` (JSON) of the text
 * read from disk, plus Ajv's validation of the value against the OpenAPI schema of its version,
 * compiled before the clock starts. No ranges, no rules: what any checker must at least do.
 */
function floor(path: string): { ms: number } {
  const version = /"openapi": "3\.1|^openapi: ['"]?3\.1/m.test(readFileSync(path, 'utf8').slice(0, 2000)) ? '3.1' : '3.0';
  const script = `
    const fs = require('fs');
    const Ajv = require(${JSON.stringify(version === '3.1' ? 'ajv/dist/2020' : 'ajv-draft-04')});
    const addFormats = require('ajv-formats');
    const ajv = new (Ajv.default || Ajv)({ allErrors: true, strict: false, logger: false, validateSchema: false });
    (addFormats.default || addFormats)(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(${JSON.stringify(resolve(`schemas/oas/${version}.json`))}, 'utf8')));
    const start = process.hrtime.bigint();
    const text = fs.readFileSync(${JSON.stringify(path)}, 'utf8');
    const value = ${path.endsWith('.json') ? 'JSON.parse(text)' : "require('js-yaml').load(text)"};
    validate(value);
    process.stdout.write(JSON.stringify({ ms: Number(process.hrtime.bigint() - start) / 1e6 }));`;
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: resolve('.'), maxBuffer: 1 << 20 });
  return JSON.parse(result.stdout);
}

async function ours(path: string): Promise<Sample> {
  const client = new LspTestClient();
  await client.initialize(work, openFilesOnly);
  const uri = uriOf(path);
  const text = readFileSync(path, 'utf8');
  // The protocol's own share: a request carrying the same text, which the server answers (with
  // "method not found") as soon as it has read it.
  let start = performance.now();
  await client.connection.sendRequest('bench/transfer', { text }).catch(() => undefined);
  const transferMs = performance.now() - start;
  start = performance.now();
  const cpuBefore = cpuMs(client.pid);
  await client.open(uri, text);
  await client.diagnostics(uri, () => true, 300_000);
  const openMs = performance.now() - start;
  const openCpuMs = cpuMs(client.pid) - cpuBefore;
  const keystrokeCpu: number[] = [];
  // Edits sent as an editor sends keystrokes (incremental changes), each timed to fresh diagnostics.
  let current = text;
  const type = async (at: number, typed: string): Promise<number> => {
    const position = { line: current.slice(0, at).split('\n').length - 1, character: at - (current.lastIndexOf('\n', at - 1) + 1) };
    client.reset(uri);
    const cpuStarted = cpuMs(client.pid);
    const started = performance.now();
    await client.edit(uri, { start: position, end: position }, typed);
    await client.diagnostics(uri, () => true, 300_000);
    const ms = performance.now() - started;
    keystrokeCpu.push(cpuMs(client.pid) - cpuStarted);
    current = current.slice(0, at) + typed + current.slice(at);
    return ms;
  };
  const pause = () => new Promise((done) => setTimeout(done, PAUSE_MS));
  // A character in the first description of the file, then in one under `components`, which every
  // schema may reach; then more characters in the first description, at a typist's pace.
  const inDescription = (from: number) => current.indexOf('description', from) + 'description'.length + 4;
  const editMs = await type(inDescription(0), 'x');
  const componentEditMs = await type(inDescription(Math.max(0, current.search(/^\s*"?components"?:/m))), 'x');
  const peak = peakMb(client.pid);
  const typing: number[] = [];
  for (let i = 0; i < TYPED_KEYSTROKES; i++) {
    await pause();
    typing.push(await type(inDescription(0) + i, 'e'));
  }
  // A new key typed on a line of its own after the first operationId: the text is broken until
  // the key is whole (a YAML key without its colon, a JSON member without its value).
  const json = path.endsWith('.json');
  const idLine = current.search(json ? /"operationId": "[^"]*",\n/ : /operationId: .*\n/);
  const lineEnd = current.indexOf('\n', idLine);
  const indent = /^\s*/.exec(current.slice(current.lastIndexOf('\n', idLine) + 1))![0];
  await pause();
  await type(lineEnd, '\n' + indent);
  const newKey: number[] = [];
  let at = lineEnd + 1 + indent.length;
  for (const character of json ? '"deprecated": false,' : 'deprecated: true') {
    await pause();
    newKey.push(await type(at++, character));
  }
  // Then a string in quotes (YAML) or a list (JSON) on another new line: from the opening quote or
  // bracket to the closing one, the text is broken, and what follows could read differently.
  const openLine = current.indexOf('\n', at);
  await pause();
  await type(openLine, '\n' + indent);
  at = openLine + 1 + indent.length;
  const member = json ? '"x-labels": ["first", "second"],' : 'x-note: "a string typed in quotes"';
  const opening = member.indexOf(json ? '[' : '"');
  const openQuote: number[] = [];
  for (let i = 0; i < member.length; i++) {
    await pause();
    const ms = await type(at++, member[i]);
    if (i >= opening && i < member.lastIndexOf(json ? ']' : '"')) openQuote.push(ms);
  }
  const typingPeak = peakMb(client.pid);
  await client.dispose();
  return { openMs, transferMs, editMs, componentEditMs, typingMs: median(typing), newKeyMs: median(newKey), openQuoteMs: median(openQuote), peakMb: peak, typingPeakMb: typingPeak, openCpuMs, keystrokeCpuMs: median(keystrokeCpu) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(others = true): Promise<void> {
  const inputs = prepareInputs();
  console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  console.log(`Rounds: ${ROUNDS} (baseline and ours alternate)\n`);
  const rows: string[] = [];
  const editRows: string[] = [];
  const cpuRows: string[] = [];
  for (const input of inputs) {
    const base: { ms: number; peakMb: number }[] = [];
    const floors: number[] = [];
    const mine: Sample[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      base.push(baseline(input.path));
      floors.push(floor(input.path).ms);
      mine.push(await ours(input.path));
    }
    const f = median(floors);
    const b = median(base.map((x) => x.ms));
    const o = median(mine.map((x) => x.openMs));
    const t = median(mine.map((x) => x.transferMs));
    const ms = (pick: (x: Sample) => number) => `${median(mine.map(pick)).toFixed(0)} ms`;
    const pm = Math.max(...mine.map((x) => x.peakMb));
    const bm = Math.max(...base.map((x) => x.peakMb));
    rows.push(`| ${input.name} | ${b.toFixed(0)} ms | ${o.toFixed(0)} ms | **${(o / b).toFixed(2)}** | ${t.toFixed(0)} ms | **${((o - t) / b).toFixed(2)}** | ${f.toFixed(0)} ms | **${(o / f).toFixed(2)}** | ${pm.toFixed(0)} MB | ${bm.toFixed(0)} MB |`);
    const tm = Math.max(...mine.map((x) => x.typingPeakMb));
    editRows.push(`| ${input.name} | ${ms((x) => x.editMs)} | ${ms((x) => x.componentEditMs)} | ${ms((x) => x.typingMs)} | ${ms((x) => x.newKeyMs)} | ${ms((x) => x.openQuoteMs)} | ${tm.toFixed(0)} MB |`);
    cpuRows.push(`| ${input.name} | ${ms((x) => x.openCpuMs)} | ${ms((x) => x.keystrokeCpuMs)} |`);
    console.log(rows[rows.length - 1]);
    console.log(editRows[editRows.length - 1]);
  }
  console.log('\n| document | swagger-parser validate() | open → diagnostics | ratio | of which the protocol moving the text | ratio without it | floor: parse + Ajv | open / floor | peak memory (server) | peak memory (swagger-parser) |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(row);
  console.log('\n| keystroke → diagnostics | the first, in a description | then one under `components` | typing on (median) | typing a new key, the text broken until it is whole (median) | typing a string in quotes (YAML) or a list (JSON), while it is open (median) | peak memory (server) from the open through all the typing |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const row of editRows) console.log(row);
  console.log(`\n| server CPU time (all threads; node ${SERVER_NODE_OPTIONS.join(' ')}) | open → diagnostics | a keystroke → diagnostics (median of all typed) |`);
  console.log('| --- | --- | --- |');
  for (const row of cpuRows) console.log(row);
  if (!others) return;
  // In a process of its own: what the big specs left in this one's heap would weigh on both sides.
  spawnSync(process.execPath, ['--expose-gc', resolve('out/test/bench/asyncApiBench.js')], { stdio: 'inherit', env: { ...process.env, BENCH_ROUNDS: String(ROUNDS) } });
  spawnSync(process.execPath, ['--expose-gc', resolve('out/test/bench/previewBench.js')], { stdio: 'inherit', env: { ...process.env, BENCH_ROUNDS: String(ROUNDS) } });
  // What `npm test` checks only for ending (no hang), timed here: the speed the tests do not assert.
  spawnSync(process.execPath, [resolve('out/test/bench/limitsBench.js')], { stdio: 'inherit', env: { ...process.env, BENCH_ROUNDS: String(ROUNDS) } });
  spawnSync(process.execPath, [resolve('out/test/bench/diffBench.js')], { stdio: 'inherit', env: { ...process.env, BENCH_ROUNDS: String(ROUNDS) } });
  spawnSync(process.execPath, [resolve('out/test/bench/apiReferenceBench.js')], { stdio: 'inherit', env: { ...process.env, BENCH_ROUNDS: String(ROUNDS) } });
  spawnSync(process.execPath, ['--expose-gc', resolve('out/test/bench/rulesetBench.js')], { stdio: 'inherit', env: { ...process.env, BENCH_ROUNDS: String(ROUNDS) } });
}

/** Editing requests on an opened, checked document: first answer and median of the next five. */
async function editing(path: string): Promise<Record<string, { first: number; median: number }>> {
  const client = new LspTestClient();
  await client.initialize(work, openFilesOnly);
  const uri = uriOf(path);
  const text = readFileSync(path, 'utf8');
  await client.open(uri, text);
  await client.diagnostics(uri, () => true, 300_000);
  const lines = text.split('\n');
  const find = (pattern: RegExp) => {
    const line = lines.findIndex((l) => pattern.test(l));
    return { line, character: pattern.exec(lines[line])!.index };
  };
  const ref = find(/\$ref["']?:\s*["']?#/);
  const refValue = { line: ref.line, character: lines[ref.line].indexOf('#', ref.character) + 1 };
  const summary = find(/["']?summary["']?:/);
  const doc = { textDocument: { uri } };
  const requests: Record<string, () => Promise<unknown>> = {
    'completion ($ref targets)': () => client.connection.sendRequest('textDocument/completion', { ...doc, position: refValue }),
    'hover (key)': () => client.connection.sendRequest('textDocument/hover', { ...doc, position: { line: summary.line, character: summary.character + 2 } }),
    'hover ($ref)': () => client.connection.sendRequest('textDocument/hover', { ...doc, position: refValue }),
    'definition ($ref)': () => client.connection.sendRequest('textDocument/definition', { ...doc, position: refValue }),
    'outline (document symbols)': () => client.connection.sendRequest('textDocument/documentSymbol', doc),
  };
  const result: Record<string, { first: number; median: number }> = {};
  for (const [name, request] of Object.entries(requests)) {
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      const start = performance.now();
      await request();
      times.push(performance.now() - start);
    }
    result[name] = { first: times[0], median: median(times.slice(1)) };
  }
  await client.dispose();
  return result;
}

async function editingTable(inputs: { name: string; path: string }[]): Promise<void> {
  const github = inputs.filter((i) => i.name.startsWith('GitHub'));
  const results = [];
  for (const input of github) results.push(await editing(input.path));
  console.log(`\n| request (after the document is checked) | ${github.map((g) => g.name).join(' | ')} |`);
  console.log(`| --- |${github.map(() => ' --- |').join('')}`);
  for (const name of Object.keys(results[0])) {
    console.log(`| ${name} | ${results.map((r) => `${r[name].median.toFixed(1)} ms (first ${r[name].first.toFixed(0)} ms)`).join(' | ')} |`);
  }
}

/**
 * Keystrokes in an open spec (the 10 000-line one) while the workspace check reads GitHub's spec in
 * the background, against the same keystrokes with the workspace check off, alternating rounds.
 * Only keystrokes answered before GitHub's spec was done count on the background side.
 */
async function backgroundTyping(small: string, githubJson: string, rounds = ROUNDS): Promise<void> {
  const folder = join(work, 'background');
  mkdirSync(folder, { recursive: true });
  const spec = join(folder, 'typing.openapi.yaml');
  const github = join(folder, 'github.openapi.json');
  if (!existsSync(spec)) writeFileSync(spec, readFileSync(small, 'utf8'));
  if (!existsSync(github)) writeFileSync(github, readFileSync(githubJson, 'utf8'));
  const session = async (scope: 'workspace' | 'openFiles'): Promise<number[]> => {
    const client = new LspTestClient();
    await client.initialize(folder, { problems: { scope } });
    const uri = uriOf(spec);
    let current = readFileSync(spec, 'utf8');
    await client.open(uri, current);
    await client.diagnostics(uri, () => true, 300_000);
    const times: number[] = [];
    const at = current.indexOf('description') + 'description'.length + 4;
    for (let i = 0; i < 40 && (scope === 'openFiles' ? times.length < 10 : !client.lastDiagnostics(uriOf(github))); i++) {
      const position = { line: current.slice(0, at + i).split('\n').length - 1, character: at + i - (current.lastIndexOf('\n', at + i - 1) + 1) };
      client.reset(uri);
      const started = performance.now();
      await client.edit(uri, { start: position, end: position }, 'e');
      await client.diagnostics(uri, () => true, 300_000);
      const ms = performance.now() - started;
      current = current.slice(0, at + i) + 'e' + current.slice(at + i);
      if (scope === 'openFiles' || !client.lastDiagnostics(uriOf(github))) times.push(ms);
      await new Promise((done) => setTimeout(done, 50));
    }
    await client.dispose();
    return times;
  };
  const alone: number[] = [];
  const beside: number[] = [];
  for (let round = 0; round < rounds; round++) {
    alone.push(...(await session('openFiles')));
    beside.push(...(await session('workspace')));
  }
  console.log('\n| keystroke → diagnostics, 10 000-line spec (median) | workspace check off | while GitHub\'s spec is checked in the background | ratio | keystrokes counted |');
  console.log('| --- | --- | --- | --- | --- |');
  console.log(`| | ${median(alone).toFixed(0)} ms | ${median(beside).toFixed(0)} ms | **${(median(beside) / median(alone)).toFixed(2)}** | ${alone.length} / ${beside.length} |`);
}

// BENCH_ONLY=background runs the last table alone; BENCH_ONLY=open the open and keystroke tables alone.
(process.env.BENCH_ONLY === 'open'
  ? main(false).then(() => process.exit())
  : process.env.BENCH_ONLY === 'background'
    ? Promise.resolve()
    : main().then(() => editingTable(prepareInputs())))
  .then(() => {
    const [small, githubJson] = prepareInputs();
    return backgroundTyping(small.path, githubJson.path);
  })
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
