/**
 * `npm run bench`, mapping preview section: a preview of a generated 10 000-record (~5 MB) JSON
 * sample, end to end (read, check the sample, run in the worker, trace, check the output), against
 * the `jsonata` package evaluating the same compiled expression on the already-parsed payload.
 */
import { resolve } from 'node:path';
import jsonata from 'jsonata';
import { neverCancelled } from '../../server/src/service/cancellation';
import { readMapping } from '../../server/src/service/mapping/model';
import { compileMapping } from '../../server/src/service/preview/compile';
import { lookupFunction } from '../../server/src/service/preview/evaluator';
import { previewMapping } from '../../server/src/service/preview/preview';
import { WorkerEvaluator } from '../../server/src/node/jsonataHost';
import { serviceFor, WS } from '../support/service';

const RECORDS = 10_000;

const SPEC = `openapi: 3.1.0
info: { title: Bench, version: '1' }
paths: {}
components:
  schemas:
    Export:
      type: object
      properties:
        records: { type: array, items: { $ref: '#/components/schemas/Account' } }
    Account:
      type: object
      required: [Id, Name]
      properties:
        Id: { type: string }
        Name: { type: string }
        Status: { type: string, enum: [Active, Inactive] }
        Employees: { type: integer }
        Revenue: { type: number }
        Website: { type: string }
        Description: { type: string }
        BillingAddress: { type: object, properties: { street: { type: string }, city: { type: string }, zip: { type: string }, country: { type: string } } }
    Import:
      type: object
      properties:
        customers:
          type: array
          items:
            type: object
            required: [externalId, companyName]
            properties:
              externalId: { type: string }
              companyName: { type: string }
              status: { type: string }
              headcount: { type: integer }
              revenue: { type: number }
              address: { type: object, properties: { city: { type: string }, country: { type: string } } }
`;

const MAPPING = `mapping: "1.0"
source: { spec: bench.openapi.yaml, schema: "#/components/schemas/Export" }
target: { spec: bench.openapi.yaml, schema: "#/components/schemas/Import" }
lookups:
  status: { Active: ACTIVE, Inactive: INACTIVE }
fields:
  - target: customers
    each: records
    fields:
      - { target: externalId, expr: "'SF-' & Id" }
      - { target: companyName, expr: "$uppercase(Name)" }
      - { target: status, expr: "$lookup('status', Status)", default: "'UNKNOWN'" }
      - { target: headcount, expr: Employees }
      - { target: revenue, expr: "Revenue * 1.1" }
      - { target: address.city, expr: BillingAddress.city }
      - { target: address.country, expr: BillingAddress.country }
samples: [ sample.json ]
`;

function sample(): string {
  const records = [];
  for (let i = 0; i < RECORDS; i++) {
    records.push({
      Id: `001${String(i).padStart(12, '0')}`,
      Name: `Company number ${i}`,
      Status: i % 3 ? 'Active' : 'Inactive',
      Employees: i % 5000,
      Revenue: i * 1234.5,
      Website: `https://company-${i}.example.com`,
      Description: 'A company that makes things and sells them to other companies in many places. '.repeat(2),
      BillingAddress: { street: `${i} Main Street`, city: `City ${i % 100}`, zip: String(10000 + (i % 90000)), country: 'DE' },
    });
  }
  return JSON.stringify({ records });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export async function benchPreview(rounds: number): Promise<void> {
  const text = sample();
  const { service, workspace } = serviceFor({ 'bench.openapi.yaml': SPEC, 'm.mapping.yaml': MAPPING, 'sample.json': text });
  const evaluator = new WorkerEvaluator({ script: resolve('dist/jsonataWorker.js'), memoryLimitMb: () => 1024 });
  const model = readMapping((await service.documents.get(WS + 'm.mapping.yaml'))!);
  const expression = compileMapping(model).text;
  const input = JSON.parse(text);
  const lookup = lookupFunction({ status: { Active: 'ACTIVE', Inactive: 'INACTIVE' } });
  const raw: number[] = [];
  const ours: number[] = [];
  let check = '';
  // One warm-up of each, then alternate.
  for (let round = -1; round < Math.max(7, rounds); round++) {
    let start = performance.now();
    const direct = await jsonata(expression).evaluate(input, { lookup });
    const r = performance.now() - start;
    workspace.set(WS + 'sample.json', text); // a new version: nothing cached from the last round
    start = performance.now();
    const result = await previewMapping(service, WS + 'm.mapping.yaml', { evaluator, timeoutMs: 60_000, trusted: true }, neverCancelled);
    const o = performance.now() - start;
    if (round >= 0) {
      raw.push(r);
      ours.push(o);
    }
    check = JSON.stringify(result.output) === JSON.stringify(direct) ? `same output, ${result.targetViolations.length} target violations` : 'OUTPUT DIFFERS';
  }
  evaluator.dispose();
  const r = median(raw);
  const o = median(ours);
  console.log(`\nMapping preview: ${RECORDS.toLocaleString('en')} records, ${(text.length / 1e6).toFixed(1)} MB JSON sample, ${raw.length} rounds (${check})`);
  console.log('| jsonata evaluate() (parsed input) | preview (read, check sample, worker, trace, check output) | ratio |');
  console.log('| --- | --- | --- |');
  console.log(`| ${r.toFixed(0)} ms | ${o.toFixed(0)} ms | **${(o / r).toFixed(2)}** |`);
}

// Run on its own as out/test/bench/previewBench.js; bench.js bundles this file and calls it in turn.
if (require.main === module && /previewBench\.js$/.test(require.main.filename)) {
  benchPreview(Number(process.env.BENCH_ROUNDS ?? 3)).catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
