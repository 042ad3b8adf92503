/**
 * `npm run bench`, AsyncAPI section: a generated 10 000-line AsyncAPI 3.0 document, from `didOpen`
 * to the first diagnostics of the language server, against `@asyncapi/parser`'s validate() of the
 * same text (schema, references and its own rules) in a fresh process, alternating, in the same run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LspTestClient, uriOf } from '../support/lspClient';
import { generateAsyncApi } from './generateAsyncApi';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const work = resolve('.cache/bench');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** @asyncapi/parser validate() in a fresh process, reading the file as swagger-parser does: its time, its error count and the process's peak memory. */
function baseline(path: string): { ms: number; errors: number; peakMb: number } {
  const script = `
    const { Parser } = require('@asyncapi/parser');
    const fs = require('fs');
    const start = process.hrtime.bigint();
    new Parser().validate(fs.readFileSync(${JSON.stringify(path)}, 'utf8')).then((diagnostics) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const hwm = /VmHWM:\\s+(\\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
      process.stdout.write(JSON.stringify({ ms, errors: diagnostics.filter((d) => d.severity === 0).length, peakMb: hwm ? Number(hwm[1]) / 1024 : NaN }));
    });`;
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: resolve('.'), maxBuffer: 1 << 20 });
  return JSON.parse(result.stdout);
}

/** The language server: didOpen to the first diagnostics, and the server's peak memory then. */
async function ours(path: string): Promise<{ ms: number; findings: number; peakMb: number }> {
  const client = new LspTestClient();
  await client.initialize(work);
  const uri = uriOf(path);
  const text = readFileSync(path, 'utf8');
  const start = performance.now();
  await client.open(uri, text);
  const diagnostics = await client.diagnostics(uri, () => true, 300_000);
  const ms = performance.now() - start;
  let peakMb = NaN;
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${client.pid}/status`, 'utf8'));
    if (match) peakMb = Number(match[1]) / 1024;
  } catch {
    // not Linux
  }
  await client.dispose();
  return { ms, findings: diagnostics.length, peakMb };
}

async function main(): Promise<void> {
  mkdirSync(work, { recursive: true });
  const path = join(work, 'generated-10k.asyncapi.yaml');
  if (!existsSync(path)) writeFileSync(path, generateAsyncApi(10_000));
  const base: { ms: number; errors: number; peakMb: number }[] = [];
  const mine: { ms: number; findings: number; peakMb: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    base.push(baseline(path));
    mine.push(await ours(path));
  }
  const b = median(base.map((x) => x.ms));
  const o = median(mine.map((x) => x.ms));
  console.log('\n| document | @asyncapi/parser validate() | open → diagnostics | ratio | findings (ours / parser errors) | peak memory (server) | peak memory (parser) |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  console.log(`| 10 000-line AsyncAPI 3.0 document (YAML) | ${b.toFixed(0)} ms | ${o.toFixed(0)} ms | **${(o / b).toFixed(2)}** | ${mine[0].findings} / ${base[0].errors} | ${Math.max(...mine.map((x) => x.peakMb)).toFixed(0)} MB | ${Math.max(...base.map((x) => x.peakMb)).toFixed(0)} MB |`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
