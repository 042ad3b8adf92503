import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import { Draft4Check } from '../../server/src/service/rulesets/certainlyValid';
import { makeAjv } from '../../server/src/service/rulesets/coreFunctions';
import { resolveRefs } from '../../server/src/service/rulesets/resolved';
import { seededRandom as random } from '../support/seededRandom';

/**
 * `oasExample` asks Ajv only about the examples the draft-04 check cannot call certainly valid.
 * That check must never call valid (or, inside `not` / `oneOf`, invalid) what Ajv, made as the
 * rulesets make it, decides otherwise: compared here on every example of GitHub's spec, on
 * random changes of each, and on schemas written to hit each keyword's edge.
 */

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The (value, schema) pairs `oasExample` checks: media examples against their schema, a schema's example and default. */
function examplePairs(document: unknown): { value: unknown; schema: Obj }[] {
  const pairs: { value: unknown; schema: Obj }[] = [];
  const seen = new Set<object>();
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null || seen.has(node)) return;
    seen.add(node);
    if (isObject(node)) {
      if (isObject(node.schema)) {
        if ('example' in node) pairs.push({ value: node.example, schema: node.schema });
        if (isObject(node.examples)) for (const e of Object.values(node.examples)) pairs.push({ value: isObject(e) && 'value' in e ? e.value : e, schema: node.schema });
      }
      if (typeof node.type === 'string' || isObject(node.properties)) {
        for (const field of ['example', 'default']) if (field in node) pairs.push({ value: node[field], schema: node });
      }
    }
    for (const child of Object.values(node)) visit(child);
  };
  visit(document);
  return pairs;
}

/** A copy of a value with one random change: a value replaced by one of another type, a key dropped or added, a string or number nudged. */
function mutate(value: unknown, next: () => number): unknown {
  const copy = JSON.parse(JSON.stringify(value ?? null)) as unknown;
  const places: { parent: Obj | unknown[] | undefined; key: string | number; value: unknown }[] = [{ parent: undefined, key: '', value: copy }];
  const collect = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    for (const [key, child] of Object.entries(node)) {
      places.push({ parent: node as Obj, key: Array.isArray(node) ? Number(key) : key, value: child });
      collect(child);
    }
  };
  collect(copy);
  const place = places[Math.floor(next() * places.length)];
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)];
  const v = place.value;
  let replacement: unknown;
  switch (Math.floor(next() * 6)) {
    case 0: replacement = pick<unknown>([null, true, 0, 1.5, -1, '', 'x', [], {}, 2 ** 31, 1e21, '2024-01-01', 'not a date', 'a@b.co', 'http://x/y']); break;
    case 1: replacement = typeof v === 'string' ? pick([v + 'x', v.slice(1), '', v.repeat(30), `${v}\u{1F600}`, v.toUpperCase()]) : v; break;
    case 2: replacement = typeof v === 'number' ? pick([v + 1, v - 1, v / 2, v * 3, -v, v + 0.1, 0]) : v; break;
    case 3:
      if (isObject(v) && Object.keys(v).length) delete v[pick(Object.keys(v))];
      replacement = v;
      break;
    case 4:
      if (isObject(v)) v[pick(['extra', 'id', 'name', 'x-a', 'url'])] = pick<unknown>([1, 'a', null, {}]);
      else if (Array.isArray(v)) v.push(v.length ? v[0] : 1);
      replacement = v;
      break;
    default:
      replacement = Array.isArray(v) ? v.slice(0, Math.max(0, v.length - 1)) : v;
  }
  if (!place.parent) return replacement;
  (place.parent as Obj)[place.key as string] = replacement;
  return copy;
}

/** Asserts the check agrees with Ajv wherever it answers; counts its answers. */
function compare(check: Draft4Check, validators: Map<string, ValidateFunction | null>, value: unknown, schema: Obj, counts: Record<string, number>): void {
  const text = JSON.stringify(schema);
  if (!validators.has(text)) {
    let validate: ValidateFunction | null = null;
    try {
      validate = makeAjv('draft4', false).compile(JSON.parse(text) as object);
    } catch {
      // Ajv cannot compile it: the check must not call any value valid.
    }
    validators.set(text, validate);
  }
  const validate = validators.get(text)!;
  const verdict = check.verdictOf(value, schema);
  counts[verdict]++;
  if (verdict === 'unknown') return;
  assert.ok(validate, `the check answered "${verdict}" for a schema Ajv cannot compile: ${text}`);
  assert.equal(validate(value) ? 'valid' : 'invalid', verdict, `value ${JSON.stringify(value)} against ${text}`);
}

describe('examples certainly valid without compiling a validator (draft 04)', function () {
  this.timeout(600_000);

  it('agrees with Ajv on every example of GitHub\'s spec and on random changes of each', () => {
    const spec = JSON.parse(readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8')) as unknown;
    const pairs = examplePairs(resolveRefs(spec));
    assert.ok(pairs.length > 1000, `${pairs.length} examples found`);
    const check = new Draft4Check();
    const validators = new Map<string, ValidateFunction | null>();
    const original = { valid: 0, invalid: 0, unknown: 0 };
    const mutated = { valid: 0, invalid: 0, unknown: 0 };
    const next = random(19);
    for (const { value, schema } of pairs) {
      compare(check, validators, value, schema, original);
      for (let i = 0; i < 4; i++) compare(check, validators, mutate(value, next), schema, mutated);
    }
    // The check must be worth having: it settles most examples, and the changes make many invalid.
    assert.ok(original.valid > pairs.length / 2, JSON.stringify(original));
    assert.ok(mutated.invalid > pairs.length / 2, JSON.stringify(mutated));
  });

  it('agrees with Ajv on schemas written to reach each keyword\'s edge', () => {
    const schemas: Obj[] = [
      { type: 'string', nullable: true, enum: ['a', 'b'] },
      { type: ['integer', 'null'] },
      { type: 'integer', nullable: true, minimum: 1, exclusiveMinimum: true, maximum: 10, exclusiveMaximum: false, multipleOf: 0.5 },
      { type: 'number', multipleOf: 0.1 },
      { type: 'number', format: 'int32' },
      { type: 'string', format: 'date-time' },
      { type: 'string', format: 'email', minLength: 3, maxLength: 5 },
      { type: 'string', format: 'uri' },
      { type: 'string', format: 'unknown-format' },
      { type: 'string', pattern: '^\\p{Lu}' },
      { type: 'string', pattern: '(' },
      { nullable: true },
      { type: 'null', nullable: false },
      { type: 'object', required: ['constructor'] },
      { type: 'object', properties: { toString: { type: 'string' } } },
      { type: 'object', required: ['a'], properties: { a: { type: 'string' } }, additionalProperties: false },
      { type: 'object', patternProperties: { '^x-': { type: 'integer' } }, additionalProperties: { type: 'string' }, minProperties: 1, maxProperties: 2 },
      { type: 'array', items: [{ type: 'string' }, { type: 'integer' }], additionalItems: false },
      { type: 'array', items: [{ type: 'string' }], additionalItems: { type: 'boolean' }, uniqueItems: true, minItems: 1, maxItems: 3 },
      { type: 'array', items: { type: 'object', properties: { a: {} } }, uniqueItems: true },
      { oneOf: [{ type: 'string' }, { type: 'string', maxLength: 2 }] },
      { oneOf: [{ type: 'integer' }, { type: 'number' }] },
      { anyOf: [{ type: 'string', format: 'ipv4' }, { type: 'string', format: 'ipv6' }] },
      { allOf: [{ type: 'object', required: ['a'] }, { properties: { a: { enum: [1, [1], { b: 1 }] } } }] },
      { not: { type: 'object', required: ['a'] } },
      { not: { anyOf: [{ type: 'string' }, { $ref: '#/definitions/x' }] }, definitions: { x: { type: 'integer' } } },
      { type: 'object', $ref: '#/definitions/x' },
      { enum: [] },
      { type: 'file' },
      { const: 1 },
      { type: 'object', properties: { a: { type: 'integer', readOnly: true, description: 'd', example: 'x', 'x-y': 1 } }, xml: {}, discriminator: { propertyName: 'a' } },
    ];
    const values: unknown[] = [null, true, 0, 1, 1.5, 2, 2.5, 10, 11, -3, 2 ** 31, 1e21, 0.30000000000000004, '', 'a', 'ab', 'abc', 'A\u{1F600}', '\u{1F600}\u{1F600}\u{1F600}', 'Éa', 'x@y.z', '2024-01-01T00:00:00Z', '2024-13-01T00:00:00Z', 'http://a/b', '1.2.3.4', '::1',
      [], ['a'], ['a', 1], ['a', 1, 2], ['a', true], ['a', 'a'], [{ a: 1 }, { a: 1 }], [{ a: 1 }, { a: 2 }],
      {}, { a: 1 }, { a: 'x' }, { a: 'x', b: 1 }, { 'x-a': 1 }, { 'x-a': 'no' }, { b: 'x' }, { constructor: 1 }, { toString: 1 }, { a: [1] }, { a: { b: 1 } }];
    const check = new Draft4Check();
    const validators = new Map<string, ValidateFunction | null>();
    const counts = { valid: 0, invalid: 0, unknown: 0 };
    for (const schema of schemas) for (const value of values) compare(check, validators, value, schema, counts);
    assert.ok(counts.valid > 100 && counts.invalid > 100, JSON.stringify(counts));
  });
});
