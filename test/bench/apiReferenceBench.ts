/**
 * `npm run bench`, API reference section: on GitHub's api.github.com description, opened and
 * checked in the real server, the `interfaceStudio/apiReference` request (the model the panel
 * renders, through the protocol) against swagger-parser's dereference() of the same file — what a
 * renderer such as Swagger UI or Redoc needs before it shows anything — measured in the same run,
 * alternating. Run on its own: `node out/test/bench/apiReferenceBench.js` after the build.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LspTestClient, uriOf } from '../support/lspClient';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

function dereferenceMs(path: string): number {
  const script = `
    const SwaggerParser = require('@apidevtools/swagger-parser');
    const start = process.hrtime.bigint();
    SwaggerParser.dereference(${JSON.stringify(path)}).catch(() => undefined).finally(() => {
      process.stdout.write(String(Number(process.hrtime.bigint() - start) / 1e6));
    });`;
  return Number(spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: resolve('.') }).stdout);
}

async function referenceMs(path: string): Promise<{ ms: number; again: number; operations: number; mb: number }> {
  const client = new LspTestClient();
  await client.initialize(resolve('.cache/bench'));
  const uri = uriOf(path);
  await client.open(uri, readFileSync(path, 'utf8'));
  await client.diagnostics(uri, () => true, 300_000);
  let start = performance.now();
  const model = (await client.connection.sendRequest('interfaceStudio/apiReference', { uri })) as { operations: unknown[] };
  const ms = performance.now() - start;
  start = performance.now();
  await client.connection.sendRequest('interfaceStudio/apiReference', { uri });
  const again = performance.now() - start;
  await client.dispose();
  return { ms, again, operations: model.operations.length, mb: JSON.stringify(model).length / 2 ** 20 };
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

async function main(): Promise<void> {
  const path = require.resolve('@octokit/openapi/generated/api.github.com.json');
  const base: number[] = [];
  const ours: Awaited<ReturnType<typeof referenceMs>>[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    base.push(dereferenceMs(path));
    ours.push(await referenceMs(path));
  }
  const b = median(base);
  const o = median(ours.map((x) => x.ms));
  console.log('\n| API reference model (GitHub api.github.com JSON, checked) | swagger-parser dereference() | apiReference request | ratio | asked again (unchanged) | operations | model size |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  console.log(`| median of ${ROUNDS} | ${b.toFixed(0)} ms | ${o.toFixed(0)} ms | **${(o / b).toFixed(2)}** | ${median(ours.map((x) => x.again)).toFixed(0)} ms | ${ours[0].operations} | ${ours[0].mb.toFixed(1)} MB |`);
}

void main();
