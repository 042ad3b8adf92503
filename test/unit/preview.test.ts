import assert from 'node:assert/strict';
import jsonata from 'jsonata';
import { neverCancelled } from '../../server/src/service/cancellation';
import { readMapping } from '../../server/src/service/mapping/model';
import { compileMapping } from '../../server/src/service/preview/compile';
import { diffValues } from '../../server/src/service/preview/diff';
import { InProcessEvaluator, lookupFunction } from '../../server/src/service/preview/evaluator';
import { previewMapping, sampleFindings } from '../../server/src/service/preview/preview';
import { validatePayload } from '../../server/src/service/preview/validate';
import { MAPPING, SPEC } from '../support/previewFixtures';
import { rangeOf, serviceFor, WS } from '../support/service';

const ACME = { Id: '001', Name: 'Acme', Status__c: 'Active', Employees: 12, BillingAddress: { city: 'Berlin' }, Contacts: [{ Email: 'a@acme.test' }, { Email: 'b@acme.test' }] };

function files(extra: Record<string, string> = {}): Record<string, string> {
  return {
    'specs/crm.openapi.yaml': SPEC,
    'm.mapping.yaml': MAPPING,
    'samples/acme.json': JSON.stringify(ACME),
    'samples/globex.json': JSON.stringify({ Id: '002', Name: 'Globex', Status__c: 'Dormant' }),
    'samples/expected/globex.json': JSON.stringify({ companyName: 'Globex', externalId: 'SF-002', status: 'UNKNOWN', region: 'EU' }),
    ...extra,
  };
}

const evaluator = new InProcessEvaluator();

async function preview(extra: Record<string, string> = {}, sample?: { uri?: string; text?: string; format?: 'json' | 'xml' | 'csv' }) {
  const { service } = serviceFor(files(extra));
  return previewMapping(service, WS + 'm.mapping.yaml', { evaluator, timeoutMs: 2000, trusted: true, sample }, neverCancelled);
}

describe('mapping preview: compile and evaluate', () => {
  it('produces the output the mapping describes, from the first listed sample', async () => {
    const result = await preview();
    assert.equal(result.problem, undefined);
    assert.deepEqual(result.output, {
      companyName: 'Acme',
      externalId: 'SF-001',
      status: 'ACTIVE',
      headcount: 12,
      address: { city: 'Berlin' },
      contacts: [{ email: 'a@acme.test' }, { email: 'b@acme.test' }],
    });
  });

  it('gives the same result as jsonata itself evaluating the compiled expression', async () => {
    const { service } = serviceFor(files());
    const doc = await service.documents.get(WS + 'm.mapping.yaml');
    const model = readMapping(doc!);
    const compiled = compileMapping(model);
    for (const input of [ACME, { Id: 'x', Name: 'Y' }, { Id: 'x', Name: 'Y', Contacts: { Email: 'one@x.test' } }]) {
      const direct = await jsonata(compiled.text).evaluate(input, { lookup: lookupFunction({ status: { Active: 'ACTIVE', Inactive: 'INACTIVE' } }) });
      const ours = await previewMapping(service, WS + 'm.mapping.yaml', { evaluator, timeoutMs: 2000, trusted: true, sample: { text: JSON.stringify(input), format: 'json' } }, neverCancelled);
      assert.deepEqual(ours.output, structuredClone(direct));
    }
  });

  it('honours default and when, and leaves out objects nothing fills', async () => {
    const result = await preview({}, { text: JSON.stringify({ Id: '7', Name: 'Solo', Status__c: 'Gone' }), format: 'json' });
    assert.deepEqual(result.output, { companyName: 'Solo', externalId: 'SF-7', status: 'UNKNOWN' });
  });

  it('records every field in the trace with its value and its range', async () => {
    const result = await preview();
    const byTarget = Object.fromEntries(result.trace.map((t) => [t.target, t]));
    assert.deepEqual(Object.keys(byTarget), ['companyName', 'externalId', 'status', 'headcount', 'address.city', 'contacts', 'contacts.email']);
    assert.equal(byTarget.companyName.value, 'Acme');
    assert.deepEqual(byTarget.companyName.range, rangeOf(MAPPING, 'companyName'));
    assert.deepEqual(byTarget['contacts.email'].value, ['a@acme.test', 'b@acme.test']);
    assert.equal(byTarget['contacts.email'].items, 2);
    assert.deepEqual(byTarget['contacts.email'].range, rangeOf(MAPPING, 'email'));
  });

  it('puts a failing expression on its field and still computes the others', async () => {
    const broken = MAPPING.replace("expr: Employees", 'expr: Name + 1').replace("expr: BillingAddress.city", 'expr: BillingAddress.city &');
    const result = await preview({ 'm.mapping.yaml': broken });
    const byTarget = Object.fromEntries(result.trace.map((t) => [t.target, t]));
    assert.match(byTarget.headcount.error ?? '', /T2001.*left side of the "\+" operator must evaluate to a number/);
    assert.match(byTarget['address.city'].error ?? '', /^S0\d+/);
    assert.equal(byTarget.companyName.value, 'Acme');
    assert.deepEqual(result.output, { companyName: 'Acme', externalId: 'SF-001', status: 'ACTIVE', contacts: [{ email: 'a@acme.test' }, { email: 'b@acme.test' }] });
  });

  it('lists the target-schema violations at the field that produced them', async () => {
    const result = await preview({ 'samples/acme.json': JSON.stringify({ ...ACME, Name: 'Acme Corporation International', Contacts: [{ Email: 'not-an-email' }] }) });
    assert.deepEqual(result.targetViolations.map((v) => [v.path, v.target, v.range]), [
      ['/companyName', 'companyName', rangeOf(MAPPING, 'companyName')],
      ['/contacts/0/email', 'contacts.email', rangeOf(MAPPING, 'email')],
    ]);
    assert.equal(result.targetViolations[0].message, 'must be at most 10 characters long; got "Acme Corporation International"');
    assert.equal(result.targetViolations[1].message, 'must be an email address; got "not-an-email"');
  });

  it('lists the source-schema violations of the sample', async () => {
    const result = await preview({}, { text: JSON.stringify({ Name: 5, Employees: 'many' }), format: 'json' });
    assert.deepEqual(result.sourceViolations, [
      { path: '/Id', message: 'is required but missing' },
      { path: '/Name', message: 'must be a string, not the integer 5' },
      { path: '/Employees', message: 'must be an integer, not the string "many"' },
    ]);
  });

  it('compares a golden sample with its expected output by path', async () => {
    const result = await preview({}, { uri: WS + 'samples/globex.json' });
    assert.equal(result.expected?.uri, WS + 'samples/expected/globex.json');
    assert.deepEqual(result.expected?.diff, [{ path: '/region', kind: 'removed', expected: 'EU' }]);
    const changed = await preview({ 'samples/expected/globex.json': JSON.stringify({ companyName: 'Globex Inc', externalId: 'SF-002' }) }, { uri: WS + 'samples/globex.json' });
    assert.deepEqual(changed.expected?.diff, [
      { path: '/companyName', kind: 'changed', expected: 'Globex Inc', actual: 'Globex' },
      { path: '/status', kind: 'added', actual: 'UNKNOWN' },
    ]);
  });

  it('evaluates nothing in an untrusted workspace and says why', async () => {
    const { service } = serviceFor(files());
    let called = false;
    const spy = { evaluate: async () => { called = true; return { ok: true as const, value: 1, ms: 0 }; } };
    const result = await previewMapping(service, WS + 'm.mapping.yaml', { evaluator: spy, timeoutMs: 2000, trusted: false }, neverCancelled);
    assert.equal(called, false);
    assert.equal(result.output, undefined);
    assert.match(result.problem ?? '', /not trusted/);
  });

  it('reports a sample that does not match the source schema at its entry in the mapping', async () => {
    const { service } = serviceFor(files({ 'samples/acme.json': JSON.stringify({ Name: 'Acme' }) }));
    const doc = await service.documents.get(WS + 'm.mapping.yaml');
    const { findings, dependencies } = await sampleFindings(service, readMapping(doc!), neverCancelled);
    assert.deepEqual(findings.map((f) => [f.code, f.message, doc!.lines.rangeOf(f.offset, f.length)]), [
      ['mapping.sample.mismatch', 'acme.json does not match the source schema: /Id is required but missing.', rangeOf(MAPPING, 'samples/acme.json')],
    ]);
    assert.ok(dependencies.includes(WS + 'samples/acme.json'));
  });
});

describe('mapping preview: payload checks', () => {
  it('suggests the property or value a misspelt one most likely meant, and words a value of no allowed form by all of them', () => {
    const schema = {
      type: 'object',
      properties: { currency: { enum: ['EUR', 'USD'] }, amount: { type: ['number', 'null'] }, ref: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] } },
      additionalProperties: false,
    };
    assert.deepEqual(validatePayload({ currncy: 'EUR', amount: 'x', ref: 7 }, schema), [
      { path: '/currncy', message: 'is not allowed here (no such property in the schema); did you mean `currency`?' },
      { path: '/amount', message: 'must be a number or null, not the string "x"' },
      { path: '/ref', message: 'must be a string or an array of strings' },
    ]);
    assert.deepEqual(validatePayload({ currency: 'eur', ref: ['a', 1] }, schema), [
      { path: '/currency', message: 'must be one of "EUR", "USD"; got "eur"; did you mean `EUR`?' },
      { path: '/ref/1', message: 'must be a string, not the integer 1' },
    ]);
  });
});

describe('mapping preview: payload wording', () => {
  it('words type lists, constants, lengths and patterns as the document checks do, naming the value', () => {
    const schema = { type: 'object', properties: { v: { type: ['string', 'number', 'null'] }, kind: { const: 'order' }, code: { type: 'string', maxLength: 3, pattern: '^[A-Z]+$' } } };
    assert.deepEqual(validatePayload({ v: [], kind: 'x', code: 'abcd' }, schema), [
      { path: '/v', message: 'must be a string, a number or null, not an array' },
      { path: '/kind', message: 'must be "order"; got "x"' },
      { path: '/code', message: 'must be at most 3 characters long; got "abcd"' },
      { path: '/code', message: 'must match `^[A-Z]+$`; got "abcd"' },
    ]);
  });
});

describe('mapping preview: diff', () => {
  it('names added, removed and changed members and items by JSON pointer', () => {
    assert.deepEqual(diffValues({ a: 1, b: [1, 2], c: { 'x/y': true } }, { a: 2, b: [1], c: { 'x/y': true, z: null } }), [
      { path: '/a', kind: 'changed', expected: 1, actual: 2 },
      { path: '/b/1', kind: 'removed', expected: 2 },
      { path: '/c/z', kind: 'added', actual: null },
    ]);
    assert.deepEqual(diffValues({ a: [1] }, { a: [1] }), []);
  });
});
