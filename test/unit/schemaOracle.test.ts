import assert from 'node:assert/strict';
import { agrees, createOracle, type Location, someReadings } from '../fuzz/schemaOracle';

type Doc = Record<string, unknown>;

const oracles = { '2.0': createOracle('2.0'), '3.0': createOracle('3.0'), '3.1': createOracle('3.1') };
const ok = { responses: { '200': { description: 'OK' } } };

function doc(version: '2.0' | '3.0' | '3.1', paths: Doc, extra: Doc = {}): Doc {
  const head = version === '2.0' ? { swagger: '2.0' } : { openapi: version === '3.0' ? '3.0.3' : '3.1.0' };
  return { ...head, info: { title: 'Pets', version: '1' }, paths, ...extra };
}

/** Every full reading the oracle allows, as sorted lists (few in these small documents). */
function readings(version: '2.0' | '3.0' | '3.1', value: Doc): Location[][] {
  const oracle = oracles[version];
  assert.equal(oracle.valid(value), false, 'Ajv rejects the document');
  const all = someReadings(oracle.blame(value), new Set(), 1000);
  return [...new Set(all.map((r) => JSON.stringify(r)))].map((r) => JSON.parse(r) as Location[]).sort();
}

/**
 * The reference the differential test compares our findings with (test/fuzz/schemaOracle.ts):
 * that it puts each kind of defect where its rules say, and that it tells a wrong set of
 * locations from a right one.
 */
describe('the schema oracle of the differential test', () => {
  it('accepts what Ajv accepts', () => {
    assert.equal(oracles['3.0'].valid(doc('3.0', { '/pets': { get: ok } })), true);
  });

  it('an unknown key is at the key, a missing one at its object', () => {
    assert.deepEqual(readings('3.0', doc('3.0', { '/pets': { get: { ...ok, summery: 'x' } } })), [['/paths/~1pets/get/summery']]);
    assert.deepEqual(readings('3.0', doc('3.0', { '/pets': { get: { summary: 'x' } } })), [['/paths/~1pets/get']]);
  });

  it('an operation that lacks its responses is in error: no finding at all does not agree', () => {
    const value = doc('2.0', { '/pets': { get: { operationId: 'list' } } });
    const blame = oracles['2.0'].blame(value);
    assert.equal(agrees(blame, new Set(['/paths/~1pets/get'])), true);
    assert.equal(agrees(blame, new Set()), false);
    assert.equal(agrees(blame, new Set(['/paths/~1pets/get', '/paths/~1pets'])), false);
  });

  it('a failed oneOf is read by one of its branches: a response without `$ref` is not a Reference Object', () => {
    const response = { content: { 'application/json': { schma: {} } } };
    assert.deepEqual(readings('3.0', doc('3.0', { '/pets': { get: { responses: { '200': response } } } })), [
      ['/paths/~1pets/get/responses/200', '/paths/~1pets/get/responses/200/content/application~1json/schma'],
    ]);
    // With `$ref`, the Reference Object is the reading (its `$ref` must be a string).
    assert.deepEqual(readings('3.0', doc('3.0', { '/pets': { get: { responses: { '200': { $ref: 7 } } } } })), [['/paths/~1pets/get/responses/200/$ref']]);
  });

  it("a branch that does not take the value's type is not a reading while another does", () => {
    // 2.0 parameters: a body parameter, a non-body parameter or a reference, all objects.
    assert.deepEqual(readings('2.0', doc('2.0', { '/pets': { get: { ...ok, parameters: ['limit'] } } })), [['/paths/~1pets/get/parameters/0']]);
  });

  it('several readings when nothing tells the branches apart, and any one of them agrees', () => {
    // 3.0: a parameter with `content` and `style`: either `schema` was meant, or the `style` is too much.
    const parameter = { name: 'q', in: 'query', style: 'form', content: { 'application/json': {} } };
    const value = doc('3.0', { '/pets': { get: { ...ok, parameters: [parameter] } } });
    assert.deepEqual(readings('3.0', value), [['/paths/~1pets/get/parameters/0'], ['/paths/~1pets/get/parameters/0/style']]);
    const blame = oracles['3.0'].blame(value);
    assert.equal(agrees(blame, new Set(['/paths/~1pets/get/parameters/0/style'])), true);
    assert.equal(agrees(blame, new Set(['/paths/~1pets/get/parameters/0'])), true);
    assert.equal(agrees(blame, new Set(['/paths/~1pets/get/parameters/0', '/paths/~1pets/get/parameters/0/style'])), false);
  });

  it('a value no branch allows for a discriminating key is one defect at that key', () => {
    const scheme = { type: 'oauth3', flow: 'implicit', scopes: {} };
    const all = readings('2.0', doc('2.0', {}, { securityDefinitions: { auth: scheme } }));
    assert.ok(all.some((r) => r.length === 1 && r[0] === '/securityDefinitions/auth/type'), JSON.stringify(all));
  });

  it('an `unevaluatedProperties` error caused by a failing subschema is not a defect of its own (3.1)', () => {
    // The apiKey `then` fails for the missing `name`, and JSON Schema drops its annotations: `in` counts as unevaluated.
    const value = doc('3.1', {}, { components: { securitySchemes: { key: { type: 'apiKey', in: 'header' } } } });
    assert.deepEqual(readings('3.1', value), [['/components/securitySchemes/key']]);
    // A key that nothing declares stays a defect.
    const other = doc('3.1', {}, { components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X', flows: {} } } } });
    assert.deepEqual(readings('3.1', other), [['/components/securitySchemes/key/flows']]);
  });

  it('duplicates are at each item that repeats an earlier one', () => {
    assert.deepEqual(readings('2.0', doc('2.0', { '/pets': { get: { ...ok, tags: ['a', 'b', 'a', 'a'] } } })), [['/paths/~1pets/get/tags/2', '/paths/~1pets/get/tags/3']]);
  });
});
