import * as assert from 'assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { mappingFromCsv, nameSimilarity, parseCsv } from '../../server/src/service/mapping/review';
import { scaffoldFromSides } from '../../server/src/service/mapping/scaffold';
import { serviceFor, summary, WS } from '../support/service';

function below(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? below(join(dir, n)) : [join(dir, n)]));
}
const examples = Object.fromEntries(below('examples').map((p) => [relative('examples', p), readFileSync(p, 'utf8')]));

describe('mapping review and scaffolding', () => {
  it('scores names alike across naming styles', () => {
    assert.strictEqual(nameSimilarity('first_name', 'firstName'), 1);
    assert.ok(nameSimilarity('email', 'emailAddress') > nameSimilarity('email', 'phone'));
  });

  it('parses CSV with quotes, doubled quotes and line breaks', () => {
    assert.deepStrictEqual(parseCsv('a,b\r\n"x, ""y""","line1\nline2"\r\n'), [['a', 'b'], ['x, "y"', 'line1\nline2']]);
  });

  it('imports nested each rows under their array', () => {
    const { text } = mappingFromCsv('target,rule,note\nitems,each line_items,\nitems.item,sku,SKU\n', { source: { spec: 's.yaml', schema: '#/S' }, target: { spec: 't.yaml', operation: 'op' } });
    assert.strictEqual(text, [
      'mapping: "1.0"',
      'source:',
      '  spec: s.yaml',
      '  schema: "#/S"',
      'target:',
      '  spec: t.yaml',
      '  operation: op',
      'fields:',
      '  - target: items',
      '    each: line_items',
      '    fields:',
      '      - target: item',
      '        expr: sku',
      '        note: SKU',
      '',
    ].join('\n'));
  });

  it('scaffolds a mapping with every required target and guesses by name, marked for review', async () => {
    const { service, workspace } = serviceFor(examples);
    const result = await scaffoldFromSides(service, WS + 'mappings/new.mapping.yaml',
      { uri: WS + 'specs/shop.openapi.yaml', schema: '#/components/schemas/Customer' },
      { uri: WS + 'specs/erp/erp.openapi.yaml', operation: 'createCustomer' });
    assert.strictEqual(result.text, [
      'mapping: "1.0"',
      'source:',
      '  spec: ../specs/shop.openapi.yaml',
      '  schema: "#/components/schemas/Customer"',
      'target:',
      '  spec: ../specs/erp/erp.openapi.yaml',
      '  operation: createCustomer',
      'fields:',
      '  - target: externalId',
      '    note: "REVIEW: no similar source field (string)"',
      '  - target: companyName',
      '    note: "REVIEW: no similar source field (string)"',
      '  - target: email',
      '    expr: email',
      '    note: "REVIEW: guessed from the name (string (email))"',
      '  - target: subsidiary',
      '    note: "REVIEW: no similar source field (integer)"',
      '',
    ].join('\n'));
    // the scaffold is a valid mapping: what is left to do shows as findings
    workspace.set(WS + 'mappings/new.mapping.yaml', result.text!);
    assert.deepStrictEqual(summary(await service.diagnose(WS + 'mappings/new.mapping.yaml')).map((d) => [d.code, d.message]), [
      ['mapping.field.noRule', '`externalId` has no rule: add `expr`, `default` or nested `fields`.'],
      ['mapping.field.noRule', '`companyName` has no rule: add `expr`, `default` or nested `fields`.'],
      ['mapping.field.noRule', '`subsidiary` has no rule: add `expr`, `default` or nested `fields`.'],
    ]);
  });

  it('reports a side it cannot read instead of scaffolding', async () => {
    const { service } = serviceFor(examples);
    const result = await scaffoldFromSides(service, WS + 'mappings/new.mapping.yaml', { uri: WS + 'specs/shop.openapi.yaml', schema: '#/components/schemas/Custmer' }, { uri: WS + 'specs/erp/erp.openapi.yaml', operation: 'createCustomer' });
    assert.deepStrictEqual(result, { problem: '../specs/shop.openapi.yaml has nothing at `#/components/schemas/Custmer`; did you mean `#/components/schemas/Customer`?' });
  });
});
