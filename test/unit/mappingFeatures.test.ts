import * as assert from 'assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { mappingCodeLenses, mappingCompletions, mappingDefinition, mappingHover, mappingRenameEdits, mappingUsesOfProperty } from '../../server/src/service/mapping/features';
import { propertyKeyAt } from '../../server/src/service/openapi/features/common';
import { rangeOf, serviceFor, WS } from '../support/service';
import { LineIndex } from '../../server/src/service/lineIndex';

function below(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? below(join(dir, n)) : [join(dir, n)]));
}
const examples = Object.fromEntries(below('examples').map((p) => [relative('examples', p), readFileSync(p, 'utf8')]));
const ORDER = 'mappings/order-to-salesorder.mapping.yaml';

/** The position just after the n-th occurrence of a snippet. */
function after(text: string, snippet: string, occurrence = 0) {
  return rangeOf(text, snippet, occurrence).end;
}
function at(text: string, snippet: string, occurrence = 0) {
  return rangeOf(text, snippet, occurrence).start;
}

describe('mapping editor features', () => {
  it('completes target paths, unmapped required first, with types', async () => {
    const text = examples[ORDER].replace('  - target: externalId\n', '  - target: \n');
    const { service } = serviceFor({ ...examples, [ORDER]: text });
    const items = await mappingCompletions(service, WS + ORDER, after(text, '  - target: '));
    const sorted = [...items].sort((a, b) => a.sortText!.localeCompare(b.sortText!));
    assert.deepStrictEqual([sorted[0].label, sorted[0].detail], ['externalId', 'string · required']);
    assert.strictEqual(items.find((i) => i.label === 'customer')?.detail, 'object · required · mapped');
    assert.strictEqual(items.find((i) => i.label === 'memo')?.detail, 'string · mapped');
    assert.ok(!items.some((i) => i.label === 'id'), 'read-only fields are not offered');
  });

  it('completes source paths inside expressions, relative to each, and after a dot', async () => {
    const text = examples[ORDER];
    const { service } = serviceFor(examples);
    const inEach = await mappingCompletions(service, WS + ORDER, after(text, 'expr: sk'));
    assert.deepStrictEqual(inEach.map((i) => i.label).sort(), ['price', 'quantity', 'sku', 'title']);
    assert.strictEqual(inEach.find((i) => i.label === 'quantity')?.detail, 'integer · required');
    const afterDot = await mappingCompletions(service, WS + ORDER, after(text, 'shipping_address.', 0));
    assert.deepStrictEqual(afterDot.map((i) => i.label).sort(), ['address1', 'city', 'country_code', 'zip']);
    const edit = afterDot.find((i) => i.label === 'city')!.textEdit as { range: unknown };
    const cursor = after(text, 'shipping_address.', 0);
    assert.deepStrictEqual(edit.range, { start: cursor, end: cursor });
  });

  it('completes JSONata functions with signatures, and lookup names', async () => {
    const text = examples[ORDER];
    const { service } = serviceFor(examples);
    const fns = await mappingCompletions(service, WS + ORDER, after(text, '$sub'));
    assert.strictEqual(fns.find((i) => i.label === '$substring')?.detail, '$substring(str, start, length?)');
    const lookups = await mappingCompletions(service, WS + ORDER, after(text, "$lookup('cur"));
    assert.deepStrictEqual(lookups.map((i) => i.label), ['currency']);
  });

  it('completes operationIds and spec files', async () => {
    const text = examples[ORDER];
    const { service } = serviceFor(examples);
    const ops = await mappingCompletions(service, WS + ORDER, after(text, 'operation: create'));
    assert.deepStrictEqual(ops.map((i) => [i.label, i.detail]), [['createCustomer', 'POST /customers'], ['getCustomer', 'GET /customers/{customerId}'], ['createSalesOrder', 'POST /salesOrders']]);
    const specs = await mappingCompletions(service, WS + ORDER, after(text, 'spec: ../'));
    assert.ok(specs.some((i) => i.label === '../specs/shop.openapi.yaml'));
  });

  it('hovers a source path, a target path, a function and a lookup', async () => {
    const text = examples[ORDER];
    const { service } = serviceFor(examples);
    const source = await mappingHover(service, WS + ORDER, at(text, 'created_at'));
    assert.deepStrictEqual(source?.range, rangeOf(text, 'created_at'));
    assert.strictEqual((source?.contents as { value: string }).value, '**created_at**: `string (date-time)` · required\n\nsource field');
    const target = await mappingHover(service, WS + ORDER, at(text, 'currency', 1));
    assert.strictEqual((target?.contents as { value: string }).value, '**currency**: `string` · required\n\nOne of: `EUR`, `USD`, `GBP`, `SEK`');
    const fn = await mappingHover(service, WS + ORDER, at(text, 'substring'));
    assert.strictEqual((fn?.contents as { value: string }).value, '`$substring(str, start, length?)`\n\nPart of a string, from a zero-based position.');
    const lookup = await mappingHover(service, WS + ORDER, at(text, "'currency'"));
    assert.match((lookup?.contents as { value: string }).value, /^\*\*lookup `currency`\*\*\n\n\| key \| value \|/);
    const src = await mappingHover(service, WS + ORDER, at(text, 'source:'));
    assert.match((src?.contents as { value: string }).value, /^\*\*Source fields no rule reads\*\* \(\d+\):\n\n- `id`\n/);
  });

  it('goes to the spec property, the lookup, the operation and the file', async () => {
    const text = examples[ORDER];
    const { service } = serviceFor(examples);
    const erp = examples['specs/erp/schemas/salesOrder.yaml'];
    const [quantity] = await mappingDefinition(service, WS + ORDER, at(text, 'quantity', 0));
    assert.deepStrictEqual(quantity, { uri: WS + 'specs/erp/schemas/salesOrder.yaml', range: new LineIndex(erp).rangeOf(erp.indexOf('quantity:'), 8) });
    const shop = examples['specs/shop.openapi.yaml'];
    const [sku] = await mappingDefinition(service, WS + ORDER, at(text, 'sku'));
    assert.deepStrictEqual(sku, { uri: WS + 'specs/shop.openapi.yaml', range: new LineIndex(shop).rangeOf(shop.indexOf('sku:', shop.indexOf('LineItem:')), 3) });
    const [lookup] = await mappingDefinition(service, WS + ORDER, at(text, "'currency'"));
    assert.deepStrictEqual(lookup.range, rangeOf(text, 'currency', 0));
    const [spec] = await mappingDefinition(service, WS + ORDER, at(text, '../specs/erp'));
    assert.strictEqual(spec.uri, WS + 'specs/erp/erp.openapi.yaml');
    const [op] = await mappingDefinition(service, WS + ORDER, at(text, 'createSalesOrder'));
    assert.deepStrictEqual(op, { uri: WS + 'specs/erp/erp.openapi.yaml', range: rangeOf(examples['specs/erp/erp.openapi.yaml'], 'createSalesOrder') });
  });

  it('shows coverage as a code lens on target', async () => {
    const text = examples[ORDER];
    const { service } = serviceFor(examples);
    const lenses = await mappingCodeLenses(service, WS + ORDER);
    assert.deepStrictEqual(lenses.map((l) => [l.range, l.command?.title]), [[rangeOf(text, 'target', 0), 'required 7/7 · all 13/13 mapped']]);
  });

  it('lists and renames the mapping uses of a spec property', async () => {
    const { service } = serviceFor(examples);
    const shopUri = WS + 'specs/shop.openapi.yaml';
    const shop = (await service.documents.get(shopUri))!;
    const offset = shop.text.indexOf('sku:', shop.text.indexOf('LineItem:'));
    const property = propertyKeyAt(shop, offset)!;
    const uses = await mappingUsesOfProperty(service, shopUri, property);
    const text = examples[ORDER];
    assert.deepStrictEqual(uses, [{ uri: WS + ORDER, range: rangeOf(text, 'sku'), kind: 'read' }]);
    const edits = await mappingRenameEdits(service, shopUri, property, 'item code');
    assert.deepStrictEqual(edits, { [WS + ORDER]: [{ range: rangeOf(text, 'sku'), newText: '`item code`' }] });
    const erpUri = WS + 'specs/erp/schemas/salesOrder.yaml';
    const erp = (await service.documents.get(erpUri))!;
    const tranDate = propertyKeyAt(erp, erp.text.indexOf('tranDate:'))!;
    assert.deepStrictEqual(await mappingUsesOfProperty(service, erpUri, tranDate), [{ uri: WS + ORDER, range: rangeOf(text, 'tranDate'), kind: 'write' }]);
  });

  it('completes, hovers and goes to definition on a line holding a 150 000-character string', async () => {
    const huge = 'x'.repeat(150_000);
    const text = examples[ORDER]
      .replace(`expr: "'SHOP-' & number"`, `expr: "'SHOP-${huge}' & number"`)
      .replace('expr: shipping_address.city', `expr: shipping_address.${huge}`)
      .replace("$lookup('currency', $lowercase(currency))", `$lookup('${huge}`);
    const { service } = serviceFor({ ...examples, [ORDER]: text });
    const complete = (position: { line: number; character: number }) => mappingCompletions(service, WS + ORDER, position);
    const labels = (items: { label: string }[]) => items.map((i) => i.label).sort();
    const sourceFields = labels(await complete(after(text, 'expr: "')));

    // After the long literal: the source fields, replacing the word typed (`number`).
    const afterLiteral = await complete(after(text, '& number'));
    assert.deepStrictEqual(labels(afterLiteral), sourceFields);
    assert.deepStrictEqual((afterLiteral.find((i) => i.label === 'number')?.textEdit as { range: unknown }).range, rangeOf(text, 'number'));
    // Inside it, at its start and in its middle: still answered, nothing is lost.
    assert.deepStrictEqual(labels(await complete(after(text, "'SHOP-"))), sourceFields);
    const middle = after(text, "'SHOP-");
    assert.deepStrictEqual(labels(await complete({ line: middle.line, character: middle.character + 75_000 })), sourceFields);

    // A long last segment of a path: the fields of its parent, replacing the whole segment.
    const segmentStart = after(text, 'expr: shipping_address.x');
    segmentStart.character--;
    const segmentRange = { start: segmentStart, end: { line: segmentStart.line, character: segmentStart.character + huge.length } };
    const segment = await complete(segmentRange.end);
    assert.deepStrictEqual(labels(segment), ['address1', 'city', 'country_code', 'zip']);
    assert.deepStrictEqual((segment[0].textEdit as { range: unknown }).range, segmentRange);

    // A long lookup name being typed: the lookups, replacing it.
    const nameStart = after(text, "$lookup('x");
    nameStart.character--;
    const nameRange = { start: nameStart, end: { line: nameStart.line, character: nameStart.character + huge.length } };
    const lookup = await complete(nameRange.end);
    assert.deepStrictEqual(lookup.map((i) => [i.label, (i.textEdit as { range: unknown }).range]), [['currency', nameRange]]);

    // Hover and definition of the field read after the literal.
    const hover = await mappingHover(service, WS + ORDER, at(text, 'number'));
    assert.match((hover?.contents as { value: string }).value, /^\*\*number\*\*/);
    const [definition] = await mappingDefinition(service, WS + ORDER, at(text, 'number'));
    assert.strictEqual(definition?.uri, WS + 'specs/shop.openapi.yaml');
  });

  it('checks and counts a target path of 60 000 segments', async () => {
    const deep = '.a'.repeat(60_000);
    const text = examples[ORDER].replace('  - target: memo\n', `  - target: memo${deep}\n`);
    const { service } = serviceFor({ ...examples, [ORDER]: text });
    const unknown = (await service.diagnose(WS + ORDER)).filter((d) => d.code === 'mapping.target.unknownPath');
    assert.deepStrictEqual(unknown.map((d) => d.range), [rangeOf(text, 'memo.a', 0)].map((r) => ({ start: { ...r.start, character: r.start.character + 5 }, end: r.end })));
    const lenses = await mappingCodeLenses(service, WS + ORDER);
    assert.deepStrictEqual(lenses.map((l) => l.command?.title), ['required 7/7 · all 13/13 mapped']);
  });
});
