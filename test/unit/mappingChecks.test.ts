import * as assert from 'assert';
import { wideMappingFiles } from '../support/pathological';
import { diagnose, rangeOf, summary, withCode } from '../support/service';

const spec = `openapi: 3.0.3
info: { title: T, version: '1' }
paths:
  /orders:
    post:
      operationId: createOrder
      requestBody:
        content:
          application/json:
            schema: { $ref: '#/components/schemas/Target' }
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Source' }
components:
  schemas:
    Source:
      type: object
      properties:
        id: { type: integer }
        number: { type: string }
        total: { type: string }
        amount: { type: number }
        created: { type: string, format: date-time }
        state: { type: string, enum: [open, closed] }
        lines:
          type: array
          items:
            type: object
            properties:
              sku: { type: string }
              qty: { type: integer }
        customer:
          allOf:
            - { $ref: '#/components/schemas/Person' }
            - type: object
              properties:
                vip: { type: boolean }
    Person:
      type: object
      properties:
        name: { type: string }
        email: { type: string, nullable: true }
    Target:
      type: object
      required: [ref, count, status, lines]
      properties:
        id: { type: string, readOnly: true }
        ref: { type: string }
        count: { type: integer }
        price: { type: number }
        day: { type: string, format: date }
        status: { type: string, enum: [OPEN, CLOSED] }
        flag: { type: boolean }
        lines:
          type: array
          items:
            type: object
            required: [code]
            properties:
              code: { type: string }
              quantity: { type: integer }
`;

function mapping(fields: string, extra = ''): string {
  return `mapping: "1.0"
source:
  spec: ../spec.yaml
  operation: createOrder
  response: "200"
target:
  spec: ../spec.yaml
  operation: createOrder
${extra}fields:
${fields}`;
}

const complete = `  - target: ref
    expr: number
  - target: count
    expr: id
  - target: status
    expr: "'OPEN'"
  - target: lines
    each: lines
    fields:
      - target: code
        expr: sku
`;

async function check(text: string, files: Record<string, string> = {}) {
  return diagnose({ 'spec.yaml': spec, 'm/x.mapping.yaml': text, ...files }, 'm/x.mapping.yaml');
}

describe('mapping checks', () => {
  it('a complete mapping checks clean', async () => {
    assert.deepStrictEqual(summary(await check(mapping(complete))), []);
  });

  it('unknown source path with did-you-mean, in a plain scalar', async () => {
    const text = mapping(complete.replace('expr: number', 'expr: $trim(numbr)'));
    assert.deepStrictEqual(summary(await check(text)), [
      { code: 'mapping.source.unknownPath', range: rangeOf(text, 'numbr'), message: 'The source has no field `numbr`; did you mean `number`?' },
    ]);
  });

  it('unknown source path inside a double-quoted scalar with escapes', async () => {
    const text = mapping(complete.replace('expr: number', 'expr: "\\"#\\" & numbr"'));
    assert.deepStrictEqual(summary(await check(text)).map((d) => [d.code, d.range]), [['mapping.source.unknownPath', rangeOf(text, 'numbr')]]);
  });

  it('unknown source path inside a block scalar', async () => {
    const text = mapping(complete.replace('expr: number', 'expr: |\n      (\n        $n := numbr;\n        $n\n      )'));
    assert.deepStrictEqual(summary(await check(text)).map((d) => [d.code, d.range]), [['mapping.source.unknownPath', rangeOf(text, 'numbr')]]);
  });

  it('inside each, paths are relative to the item, and predicates see items', async () => {
    const text = mapping(complete.replace('expr: sku', 'expr: skuu').replace('expr: number', 'expr: lines[qtty > 1].sku'));
    assert.deepStrictEqual(summary(await check(text)), [
      { code: 'mapping.type.cardinality', range: rangeOf(text, 'lines[qtty > 1].sku'), message: 'This yields array of string, but `ref` takes one string; pick one item (`[0]`) or aggregate (`$join`, `$sum`).' },
      { code: 'mapping.source.unknownPath', range: rangeOf(text, 'qtty'), message: '`lines` has no field `qtty`; did you mean `qty`?' },
      { code: 'mapping.source.unknownPath', range: rangeOf(text, 'skuu'), message: '`lines` has no field `skuu`; did you mean `sku`?' },
    ]);
  });

  it('variables, $$, lambda parameters and allOf members are understood', async () => {
    const text = mapping(complete.replace('expr: number', "expr: \"$join($map(lines, function($l) { $l.sku & $$.number }), ',') & customer.name & $string(customer.vip)\""));
    assert.deepStrictEqual(summary(await check(text)), []);
    const bad = mapping(complete.replace('expr: number', 'expr: "$join($map(lines, function($l) { $l.skux }))"'));
    assert.deepStrictEqual(summary(await check(bad)).map((d) => [d.message, d.range]), [['`lines` has no field `skux`; did you mean `sku`?', rangeOf(bad, 'skux')]]);
  });

  it('JSONata syntax errors at their position', async () => {
    const text = mapping(complete.replace('expr: number', 'expr: number & ]'));
    assert.deepStrictEqual(summary(await check(text)), [
      { code: 'mapping.expr.syntax', range: rangeOf(text, ']'), message: 'JSONata: The symbol "]" cannot be used as a unary operator' },
    ]);
  });

  it('an expression that ends too early points at its last character', async () => {
    const text = mapping(complete.replace('expr: number', 'expr: "number &"'));
    assert.deepStrictEqual(summary(await check(text)).map((d) => [d.code, d.range]), [['mapping.expr.syntax', rangeOf(text, '&"')].map((x) => (typeof x === 'string' ? x : { ...x, end: { ...x.end, character: x.end.character - 1 } }))]);
  });

  it('unknown target paths with did-you-mean, duplicates and read-only targets', async () => {
    const text = mapping(complete + '  - target: prize\n    expr: amount\n  - target: ref\n    expr: total\n  - target: id\n    expr: number\n');
    assert.deepStrictEqual(summary(await check(text)), [
      { code: 'mapping.target.unknownPath', range: rangeOf(text, 'prize'), message: 'The target has no field `prize`; did you mean `price`?' },
      { code: 'mapping.target.duplicate', range: rangeOf(text, 'ref', 1), message: '`ref` is already mapped above; the later rule wins.' },
      { code: 'mapping.target.readOnly', range: rangeOf(text, 'id', 1), message: '`id` is read-only in the target schema: the receiver ignores or rejects it.' },
    ]);
  });

  it('dotted target paths: the wrong segment is underlined', async () => {
    const text = mapping(complete + '  - target: lines.cod\n    each: lines\n    expr: sku\n');
    assert.deepStrictEqual(summary(withCode(await check(text), 'mapping.target.unknownPath')), [
      { code: 'mapping.target.unknownPath', range: rangeOf(text, 'cod', 1), message: '`lines` has no field `cod`; did you mean `code`?' },
    ]);
  });

  it('type, lossy, format and cardinality conflicts', async () => {
    const text = mapping(complete.replace('expr: id', 'expr: amount') + '  - target: flag\n    expr: number\n  - target: day\n    expr: created\n  - target: price\n    expr: "number & \'x\'"\n');
    assert.deepStrictEqual(summary(await check(text)), [
      { code: 'mapping.type.lossy', range: rangeOf(text, 'amount'), message: 'This yields a number, but `count` is an integer: decimals would be lost or rejected; use `$round()`.' },
      { code: 'mapping.type.mismatch', range: rangeOf(text, 'number', 1), message: 'This yields string, but `flag` is boolean.' },
      { code: 'mapping.format.mismatch', range: rangeOf(text, 'created'), message: 'This yields a date-time, but `day` is a date: use `$substring(…, 0, 10)` or `$fromMillis($toMillis(…), \'[Y0001]-[M01]-[D01]\')`.' },
      { code: 'mapping.type.mismatch', range: rangeOf(text, "number & 'x'"), message: 'This yields string, but `price` is number. Wrap it in `$number()`.' },
    ]);
  });

  it('enum conflicts: literals, source enums and lookup values', async () => {
    const lookups = 'lookups:\n  states: { open: OPEN, closed: SHUT }\n';
    const text = mapping(complete.replace(`expr: "'OPEN'"`, "expr: $lookup('states', state)"), lookups);
    assert.deepStrictEqual(summary(await check(text)), [
      { code: 'mapping.lookup.valueNotInEnum', range: rangeOf(text, 'SHUT'), message: '`SHUT` is not allowed in `status` (allowed: `OPEN`, `CLOSED`).' },
    ]);
    const literal = mapping(complete.replace(`expr: "'OPEN'"`, `expr: "'OPENED'"`));
    assert.deepStrictEqual(summary(await check(literal)), [
      { code: 'mapping.enum.mismatch', range: rangeOf(literal, "'OPENED'"), message: '`OPENED` is not allowed in `status` (allowed: `OPEN`, `CLOSED`).' },
    ]);
    const source = mapping(complete.replace(`expr: "'OPEN'"`, 'expr: state'));
    assert.deepStrictEqual(summary(await check(source)), [
      { code: 'mapping.enum.mismatch', range: rangeOf(source, 'state'), message: 'The source allows `open`, `closed`, which `status` does not (allowed: `OPEN`, `CLOSED`); map them with a lookup.' },
    ]);
  });

  it('unknown lookups with did-you-mean', async () => {
    const text = mapping(complete.replace(`expr: "'OPEN'"`, "expr: $lookup('stats', state)"), 'lookups:\n  states: { open: OPEN, closed: CLOSED }\n');
    assert.deepStrictEqual(summary(await check(text)), [
      { code: 'mapping.lookup.unknown', range: rangeOf(text, "'stats'"), message: 'No lookup `stats`; did you mean `states`?' },
    ]);
  });

  it('required target fields no rule fills, on the target key', async () => {
    const text = mapping(complete.replace('  - target: count\n    expr: id\n', '').replace('      - target: code\n        expr: sku\n', '      - target: quantity\n        expr: qty\n'));
    assert.deepStrictEqual(summary(await check(text)), [
      { code: 'mapping.coverage.requiredUnmapped', range: rangeOf(text, 'target', 0), message: '2 required target fields have no rule: `count`, `lines.code`.' },
    ]);
  });

  it('missing spec and sample files, unknown pointers and operations with did-you-mean', async () => {
    const text = `mapping: "1.0"
source:
  spec: ../nope.yaml
  schema: "#/components/schemas/Source"
target:
  spec: ../spec.yaml
  operation: createOrdr
fields: []
samples:
  - ../samples/missing.json
`;
    assert.deepStrictEqual(summary(await check(text)), [
      { code: 'mapping.spec.notFound', range: rangeOf(text, '../nope.yaml'), message: 'File not found: ../nope.yaml.' },
      { code: 'mapping.operation.unknown', range: rangeOf(text, 'createOrdr'), message: '../spec.yaml has no operation `createOrdr`; did you mean `createOrder`?' },
      { code: 'mapping.sample.notFound', range: rangeOf(text, '../samples/missing.json'), message: 'Sample not found: ../samples/missing.json.' },
    ]);
    const pointer = text.replace('../nope.yaml', '../spec.yaml').replace('schemas/Source', 'schemas/Sourse');
    assert.deepStrictEqual(summary(withCode(await check(pointer), 'mapping.schema.unknownPointer')), [
      { code: 'mapping.schema.unknownPointer', range: rangeOf(pointer, '"#/components/schemas/Sourse"'), message: '../spec.yaml has nothing at `#/components/schemas/Sourse`; did you mean `#/components/schemas/Source`?' },
    ]);
  });

  it('schema shape: unknown keys with did-you-mean, missing keys, wrong values', async () => {
    const text = `mapping: "2.0"
source:
  spec: ../spec.yaml
  schema: "#/components/schemas/Source"
  formt: json
target:
  spec: ../spec.yaml
  operation: createOrder
fields:
  - expr: number
`;
    assert.deepStrictEqual(summary(await check(text)).filter((d) => d.code.startsWith('mapping.schema')), [
      { code: 'mapping.schema.value', range: rangeOf(text, '"2.0"'), message: '`mapping` must be "1.0" (the mapping format version).' },
      { code: 'mapping.schema.unknownKey', range: rangeOf(text, 'formt'), message: 'Unknown key `formt`; did you mean `format`?' },
      { code: 'mapping.schema.missingKey', range: rangeOf(text, 'expr', 0), message: 'This field needs `target`.' },
    ]);
  });

  it('schema shape: a bad lookup name at its key, a lookup value of no allowed type, a misspelt format, a sample entry of either form', async () => {
    const text = mapping(complete, 'lookups:\n  "bad name": { a: b }\n  sizes: { s: [1] }\n').replace('  response: "200"\n', '  response: "200"\n  format: jsn\n') + 'samples:\n  - 7\n  - { sample: a.json, expect: 33333 }\n';
    assert.deepStrictEqual(summary(await check(text)).filter((d) => d.code.startsWith('mapping.schema')), [
      { code: 'mapping.schema.value', range: rangeOf(text, 'jsn'), message: '`format` must be one of `json`, `xml`, `csv`; did you mean `json`?' },
      { code: 'mapping.schema.value', range: rangeOf(text, '"bad name"'), message: '`bad name` is not a valid lookup name.' },
      { code: 'mapping.schema.type', range: rangeOf(text, '[1]'), message: '`s` must be a string, a number, a boolean or null, not an array.' },
      { code: 'mapping.schema.type', range: rangeOf(text, '7'), message: 'This sample must be a string or an object.' },
      { code: 'mapping.schema.type', range: rangeOf(text, '33333'), message: '`expect` must be a string, not a number.' },
    ]);
  });

  it('a mapping pointing at itself or at a binary file gets a diagnostic, not a crash', async () => {
    const text = mapping(complete).replace('spec: ../spec.yaml\n  operation: createOrder\n  response: "200"', 'spec: x.mapping.yaml\n  schema: "#/a"');
    assert.deepStrictEqual(summary(withCode(await check(text), 'mapping.spec.invalid')), [
      { code: 'mapping.spec.invalid', range: rangeOf(text, 'x.mapping.yaml'), message: 'The source spec is this mapping itself; name an OpenAPI document, a JSON Schema or an Avro schema.' },
    ]);
    const binary = mapping(complete).replace('spec: ../spec.yaml\n  operation: createOrder\n  response: "200"', 'spec: ../logo.json');
    assert.deepStrictEqual(summary(withCode(await check(binary, { 'logo.json': '\u0000\u0001PNG' }), 'mapping.spec.invalid')), [
      { code: 'mapping.spec.invalid', range: rangeOf(binary, '../logo.json'), message: '../logo.json is not a JSON or YAML document.' },
    ]);
  });

  it('expressions that are not JSONata at all', async () => {
    const text = mapping(complete.replace('expr: number', 'expr: "SELECT * FROM orders WHERE id = {id}"'));
    const found = summary(await check(text));
    assert.deepStrictEqual(found.map((d) => d.code), ['mapping.expr.syntax']);
  });

  it('JSON Schema files with cross-file $refs, and circular schemas', async () => {
    const files = {
      'schemas/node.json': JSON.stringify({ type: 'object', properties: { name: { type: 'string' }, child: { $ref: '#' }, meta: { $ref: 'meta.json#/Meta' } } }),
      'schemas/meta.json': JSON.stringify({ Meta: { type: 'object', properties: { tag: { type: 'string' } } } }),
    };
    const text = `mapping: "1.0"
source:
  spec: ../schemas/node.json
target:
  spec: ../schemas/node.json
fields:
  - target: name
    expr: child.child.name & meta.tag & meta.tog
`;
    assert.deepStrictEqual(summary(await check(text, files)), [
      { code: 'mapping.source.unknownPath', range: rangeOf(text, 'tog'), message: '`meta` has no field `tog`; did you mean `tag`?' },
    ]);
  });

  it('Avro sources: records, unions with null, arrays', async () => {
    const avro = JSON.stringify({
      type: 'record', name: 'Order', fields: [
        { name: 'id', type: 'long' },
        { name: 'note', type: ['null', 'string'], default: null },
        { name: 'lines', type: { type: 'array', items: { type: 'record', name: 'Line', fields: [{ name: 'sku', type: 'string' }] } } },
      ],
    });
    const text = `mapping: "1.0"
source:
  spec: ../order.avsc
target:
  spec: ../spec.yaml
  operation: createOrder
fields:
  - target: ref
    expr: note & lines[0].sku & lines[0].skuu
  - target: count
    expr: id
  - target: status
    expr: "'OPEN'"
  - target: lines
    each: lines
    fields:
      - target: code
        expr: sku
`;
    assert.deepStrictEqual(summary(await check(text, { 'order.avsc': avro })), [
      { code: 'mapping.source.unknownPath', range: rangeOf(text, 'skuu'), message: '`lines` has no field `skuu`; did you mean `sku`?' },
    ]);
    assert.deepStrictEqual(summary(await check(text, { 'order.avsc': '{"type": "recrd"}' })).map((d) => d.code), ['mapping.spec.invalid']);
  });

  it('a 5 000-field target schema gets one finding that counts the unmapped fields', async () => {
    // How fast: `npm run bench`.
    const { 'm/x.mapping.yaml': text, ...files } = wideMappingFiles();
    const found = summary(await check(text, files));
    assert.deepStrictEqual(found.map((d) => d.code), ['mapping.coverage.requiredUnmapped']);
    assert.match(found[0].message, /^4999 required target fields have no rule: `f0`, `f2`, .*, and 4979 more\.$/);
  });
});

describe('the example mappings', () => {
  it('check clean against the shop and ERP specs', async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const { join, relative } = await import('node:path');
    const { serviceFor, WS } = await import('../support/service');
    const below = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? below(join(dir, n)) : [join(dir, n)]));
    const files = Object.fromEntries(below('examples').map((p) => [relative('examples', p), readFileSync(p, 'utf8')]));
    const { service } = serviceFor(files);
    for (const m of ['mappings/order-to-salesorder.mapping.yaml', 'mappings/customer-to-erp.mapping.yaml']) {
      assert.deepStrictEqual(summary(await service.diagnose(WS + m)), [], m);
    }
  });
});
