import * as assert from 'assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { mappingFromCsv, nameSimilarity } from '../../server/src/service/mapping/review';
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

  const sides = { source: { spec: 's.yaml', schema: '#/S' }, target: { spec: 't.yaml', operation: 'op' } };
  const fieldsOf = (text: string) => (parse(text) as { fields: unknown[] }).fields;

  it('imports a table with a byte-order mark, quoted commas, doubled quotes and line breaks inside cells', () => {
    const csv = '\uFEFFTarget,Rule,Note\r\nname,"$join([first, last], "" "")","line1\r\nline2"\r\nstatus,"\'A\'",say ""hi""\r\n';
    const { text, problems } = mappingFromCsv(csv, sides);
    assert.deepStrictEqual(problems, []);
    assert.deepStrictEqual(fieldsOf(text), [
      { target: 'name', expr: '$join([first, last], " ")', note: 'line1\nline2' },
      { target: 'status', expr: "'A'", note: 'say ""hi""' },
    ]);
  });

  it('names the line a row without target starts on, past quoted line breaks, blank lines and mixed line ends', () => {
    const csv = 'target,rule,note\r\na,x,"two\nlines"\n\n,"y\ny",\r\n  ,  ,\r\nb,z,\n';
    const { text, problems } = mappingFromCsv(csv, sides);
    assert.deepStrictEqual(problems, ['Line 5 has no target; skipped.']);
    assert.deepStrictEqual(fieldsOf(text), [{ target: 'a', expr: 'x', note: 'two\nlines' }, { target: 'b', expr: 'z' }]);
  });

  it('says on which line a quoted cell is never closed, and writes nothing', () => {
    assert.deepStrictEqual(mappingFromCsv('target,rule\na,x\n\nb,"oops\nc,y\n', sides), { text: '', problems: ['Line 4: a quoted cell is never closed (a `"` is missing).'] });
  });

  it('says what is wrong with a file that is empty or has no target column', () => {
    assert.deepStrictEqual(mappingFromCsv('\uFEFF\r\n\r\n', sides).problems, ['The file is empty.']);
    assert.deepStrictEqual(mappingFromCsv('field;rule\na;x\n', sides).problems, ['The first row must name the columns; `target` is required (then `rule`, `note`, …).']);
  });

  it('imports nested each rows under their array', () => {
    const { text } = mappingFromCsv('target,rule,note\nitems,each line_items,\nitems.item,sku,SKU\n', sides);
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
