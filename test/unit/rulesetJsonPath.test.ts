import assert from 'node:assert/strict';
import { JSONPath } from 'jsonpath-plus';
import { QueryMemo, queryPath } from '../../server/src/service/rulesets/jsonPath';
import { resolveRefs } from '../../server/src/service/rulesets/resolved';

/** A document whose resolved form shares one schema at several places, with arrays, nulls and `$ref`s that loop. */
const document = {
  openapi: '3.0.3',
  paths: {
    '/a': { get: { responses: { 200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } } } } },
    '/b': { post: { requestBody: { content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Pet' } } } } } } },
  },
  components: {
    schemas: {
      Pet: { type: 'object', additionalProperties: { type: 'string' }, enum: null, properties: { id: { type: 'integer' }, tags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] } }, parent: { $ref: '#/components/schemas/Pet' } } },
      properties: { type: 'string', enum: ['x'] },
    },
  },
};

/** What jsonpath-plus itself gives, as paths below `$`. */
function reference(json: unknown, path: string): { path: string[]; value: unknown }[] {
  const results = JSONPath({ path, json: json as object, resultType: 'all', wrap: true, ignoreEvalErrors: true, eval: 'safe' }) as { path: string; value: unknown }[];
  return results.map((r) => ({ path: (JSONPath.toPathArray(r.path) as string[]).slice(1), value: r.value }));
}

describe('JSONPath-Plus filters over every value', () => {
  const filters = [
    '$..[?(@ && @.type=="string")]',
    '$..[?(@ && @.type=="object" && @.additionalProperties)]',
    "$..[?(@property !== 'properties' && @ && @.enum)]",
    "$..[?(@property === '$ref')]",
    '$..[?(@ && @.type=="array" && @.items.type=="string")]',
    "$..content..[?(@property !== 'properties' && @ && (@.enum || @.type))]",
    '$..properties..[?(@ && @.type=="string")]',
    // Scripts on scalars, and one that fails on most values (it reads below `undefined`).
    '$..[?(@ === "string")]',
    '$..[?(@ === null)]',
    '$..[?(@.length > 1)]',
    '$..[?(@.items.type == "string")]',
    // One object under different keys (the shared schema in the resolved document): kept by value and key.
    "$..[?(@property === 'items' && @.type)]",
  ];
  for (const given of filters) {
    it(`finds what jsonpath-plus finds, in its order, on the written and the resolved document: ${given}`, () => {
      // Twice each with one memo: the second query reads the filters' results kept for each value.
      const memo = new QueryMemo();
      const resolved = resolveRefs(document);
      for (const json of [document, resolved, document, resolved]) {
        const ours = queryPath(json, given, memo);
        const theirs = reference(json, given);
        assert.ok(theirs.length > 0);
        assert.deepEqual(ours.map((m) => m.path), theirs.map((m) => m.path));
        ours.forEach((m, i) => assert.equal(m.value, theirs[i].value));
      }
    });
  }

  const walks = [
    '$..properties',
    '$..items.type',
    '$..[type,enum]',
    '$..responses[200].content',
    '$.paths[*]..schema',
    '$.paths..[?(@property.match(/^(get|post)$/))]',
    '$..schemas[*].properties[*]',
    '$..properties..items',
    '$..*',
    // Without `..`: kept by the value under the first key.
    '$.paths[*][*]',
    '$.paths[*][get,post].responses',
    "$.components.schemas[?(@.type == 'object')]",
    "$.paths[*][?(@parentProperty === '/a' || @parent.get)]",
    '$.components.schemas[?(@root.openapi)]',
    "$.paths..content[*][?(@property === 'schema')]^",
    '$.components.schemas^^',
    '$.components.schemas.Pet^^',
  ];
  for (const given of walks) {
    it(`walks \`..\` as jsonpath-plus does, with matches kept per object across queries: ${given}`, () => {
      const memo = new QueryMemo();
      // Enough uses of the shared schema for the objects below them to be kept.
      const many = { ...document, paths: { ...document.paths, ...Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`/c${i}`, { get: { responses: { 200: { content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Pet' } } } } } } } }])) } };
      const resolved = resolveRefs(many);
      // Twice each: the second query reads what the first kept; then with the same paths and schemas under another root.
      const other = { ...many, openapi: '', info: { title: 'other' } };
      for (const json of [many, resolved, many, resolved, other]) {
        const ours = queryPath(json, given, memo);
        const theirs = reference(json, given);
        assert.ok(theirs.length > 0 || json === other);
        assert.deepEqual(ours.map((m) => m.path), theirs.map((m) => m.path));
        ours.forEach((m, i) => assert.equal(m.value, theirs[i].value));
      }
    });
  }

  it('leaves filters that read their place (@path, @parentProperty) to jsonpath-plus, with the same results', () => {
    const resolved = resolveRefs(document);
    for (const given of ["$..[?(@path.includes('paths') && @ && @.type=='string')]", "$..[?(@parentProperty === 'properties')]"]) {
      const theirs = reference(resolved, given);
      assert.ok(theirs.length > 0);
      assert.deepEqual(queryPath(resolved, given).map((m) => m.path), theirs.map((m) => m.path));
    }
  });
});
