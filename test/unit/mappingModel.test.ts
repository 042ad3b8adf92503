import * as assert from 'assert';
import { parseDocumentText } from '../../server/src/service/documents';
import { readMapping } from '../../server/src/service/mapping/model';

function exprOffsets(text: string, uri = 'file:///ws/m.mapping.yaml') {
  const doc = parseDocumentText(uri, text, 1);
  const model = readMapping(doc);
  return { doc, model };
}

describe('mapping model', () => {
  it('reads sides, lookups, nested fields and samples', () => {
    const text = [
      'mapping: "1.0"',
      'name: Orders',
      'source:',
      '  spec: ../specs/shop.openapi.yaml',
      '  schema: "#/components/schemas/Order"',
      '  format: xml',
      'target:',
      '  spec: ../specs/erp/erp.openapi.yaml',
      '  operation: createSalesOrder',
      'lookups:',
      '  currency: { eur: EUR }',
      'fields:',
      '  - target: items',
      '    each: line_items',
      '    fields:',
      '      - target: quantity',
      '        expr: quantity',
      'samples:',
      '  - ../samples/order-1042.json',
      '  - sample: ../samples/orders.csv',
      '    expect: ../samples/out.json',
      '',
    ].join('\n');
    const { model } = exprOffsets(text, 'file:///ws/mappings/o.mapping.yaml');
    assert.strictEqual(model.name, 'Orders');
    assert.strictEqual(model.source?.specUri, 'file:///ws/specs/shop.openapi.yaml');
    assert.strictEqual(model.source?.schema, '#/components/schemas/Order');
    assert.strictEqual(model.source?.format, 'xml');
    assert.strictEqual(model.target?.operation, 'createSalesOrder');
    assert.strictEqual(model.target?.format, 'json');
    assert.deepStrictEqual(model.lookups.get('currency')?.entries, { eur: 'EUR' });
    assert.strictEqual(model.fields[0].each?.text, 'line_items');
    assert.strictEqual(model.fields[0].fields[0].parent, model.fields[0]);
    assert.strictEqual(model.fields[0].fields[0].expr?.text, 'quantity');
    assert.deepStrictEqual(model.samples.map((s) => [s.uri, s.format, s.expectUri]), [
      ['file:///ws/samples/order-1042.json', 'json', undefined],
      ['file:///ws/samples/orders.csv', 'csv', 'file:///ws/samples/out.json'],
    ]);
  });

  const cases: [string, string, string][] = [
    ['plain', 'fields:\n  - target: a\n    expr: $x & foo.bar\n', 'foo.bar'],
    ['double-quoted with escapes', 'fields:\n  - target: a\n    expr: "\\"a\\" & foo.bar"\n', 'foo.bar'],
    ['single-quoted', "fields:\n  - target: a\n    expr: '''x'' & foo.bar'\n", 'foo.bar'],
    ['literal block', 'fields:\n  - target: a\n    expr: |\n      $a := 1;\n      foo.bar\n', 'foo.bar'],
    ['folded block', 'fields:\n  - target: a\n    expr: >-\n      $a := 1;\n      foo.bar\n', 'foo.bar'],
    ['plain over two lines', 'fields:\n  - target: a\n    expr: $a &\n      foo.bar\n', 'foo.bar'],
  ];
  for (const [name, text, needle] of cases) {
    it(`maps expression characters to document offsets: ${name}`, () => {
      const { model, doc } = exprOffsets(text);
      const expr = model.fields[0].expr!;
      const index = expr.text.indexOf(needle);
      assert.ok(index >= 0, expr.text);
      const start = expr.toDocumentOffset(index);
      assert.strictEqual(doc.text.slice(start, start + needle.length), needle);
    });
  }

  it('maps JSON strings with escapes', () => {
    const text = '{"fields": [{"target": "a", "expr": "\\"\\u00e9\\" & foo.bar"}]}';
    const { model, doc } = exprOffsets(text, 'file:///ws/m.mapping.json');
    const expr = model.fields[0].expr!;
    const start = expr.toDocumentOffset(expr.text.indexOf('foo'));
    assert.strictEqual(doc.text.slice(start, start + 7), 'foo.bar');
    assert.strictEqual(expr.toDocumentOffset(expr.text.length), text.indexOf('"}]}'));
  });
});
