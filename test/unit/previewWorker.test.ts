import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { neverCancelled } from '../../server/src/service/cancellation';
import { WorkerEvaluator } from '../../server/src/node/jsonataHost';
import { previewMapping } from '../../server/src/service/preview/preview';
import { MAPPING, SPEC } from '../support/previewFixtures';
import { serviceFor, WS } from '../support/service';

const script = resolve('dist/jsonataWorker.js');

describe('mapping preview: user expressions run bounded in a worker thread', function () {
  this.timeout(30_000);
  let evaluator: WorkerEvaluator;
  beforeEach(() => (evaluator = new WorkerEvaluator({ script, memoryLimitMb: () => 64 })));
  afterEach(() => evaluator.dispose());

  const files = (mapping: string) => ({ 'specs/crm.openapi.yaml': SPEC, 'm.mapping.yaml': mapping, 'samples/acme.json': '{"Id":"1","Name":"Acme"}', 'samples/globex.json': '{}' });

  it('stops an endless recursion after the time limit, names its field, and keeps the other fields', async () => {
    const mapping = MAPPING.replace('expr: Employees', 'expr: "($f := function($x){ $f($x) }; $f(1))"');
    const { service } = serviceFor(files(mapping));
    // The other fields then run again on a thread started afresh, and the limit counts its start
    // too: 2 s leaves that start room on a busy machine.
    const result = await previewMapping(service, WS + 'm.mapping.yaml', { evaluator, timeoutMs: 2000, trusted: true }, neverCancelled);
    const headcount = result.trace.find((t) => t.target === 'headcount');
    // The recursion never ends: whichever limit stops it, time or memory, the field says so.
    assert.match(headcount?.error ?? '', /^stopped (after 2 s|: ran out of memory)$/, JSON.stringify(headcount));
    assert.deepEqual(result.output, { companyName: 'Acme', externalId: 'SF-1', status: 'UNKNOWN' });
  });

  it('says "stopped after 2 s" with the default limit', async () => {
    // A loop that never ends and holds no memory (a tail call), so only the time limit can stop it, on any machine.
    const mapping = MAPPING.replace('expr: Employees', 'expr: "($f := function($x){ $f($x) }; $f(1))"');
    const { service } = serviceFor(files(mapping));
    const roomy = new WorkerEvaluator({ script, memoryLimitMb: () => 1024 });
    const result = await previewMapping(service, WS + 'm.mapping.yaml', { evaluator: roomy, timeoutMs: 2000, trusted: true }, neverCancelled).finally(() => roomy.dispose());
    assert.equal(result.trace.find((t) => t.target === 'headcount')?.error, 'stopped after 2 s');
    assert.equal(result.trace.find((t) => t.target === 'companyName')?.value, 'Acme');
  });

  it('stops a range too big to make before it runs, on its field, and runs the others', async () => {
    const mapping = MAPPING.replace('expr: Employees', 'expr: "$count([1..100000000])"');
    const { service } = serviceFor(files(mapping));
    // No time limit is meant here: one far above what the other fields need, starting thread included.
    const result = await previewMapping(service, WS + 'm.mapping.yaml', { evaluator, timeoutMs: 30_000, trusted: true }, neverCancelled);
    assert.equal(result.trace.find((t) => t.target === 'headcount')?.error,
      'stopped before running: this range would make 100,000,000 items, more than the 10,000,000 JSONata allows (D2014)');
    assert.deepEqual(result.output, { companyName: 'Acme', externalId: 'SF-1', status: 'UNKNOWN' });
    assert.equal(result.problem, undefined);
  });

  it('stops an expression that allocates past the memory limit', async () => {
    // A time limit beyond mocha's timeout: only the memory limit can stop it within the test.
    const result = await evaluator.evaluate({ expression: '$count($map([1..5000000], function($i){ {"a": $i, "b": [$i, $i, $i]} }))', input: {}, lookups: {}, timeoutMs: 600_000 }, neverCancelled);
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.kind, 'memory');
  });

  it('cancels when asked, and answers the next request on a fresh thread', async () => {
    const source = { isCancellationRequested: false };
    // A time limit beyond mocha's timeout: only the cancellation can end this evaluation within the test.
    const pending = evaluator.evaluate({ expression: '($f := function($x){ $f($x) }; $f(1))', input: {}, lookups: {}, timeoutMs: 600_000 }, source);
    setTimeout(() => (source.isCancellationRequested = true), 100);
    const first = await pending;
    assert.equal(!first.ok && first.kind, 'cancelled');
    // Were the cancelled thread kept, this would wait behind its endless loop until mocha's timeout.
    const next = await evaluator.evaluate({ expression: 'a + 1', input: { a: 1 }, lookups: {}, timeoutMs: 600_000 }, neverCancelled);
    assert.deepEqual(next.ok && next.value, 2);
  });
});
