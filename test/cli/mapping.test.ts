import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const cli = resolve('dist/cli.js');

function run(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('interface-studio with mappings', function () {
  this.timeout(60_000);
  let folder: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'is-cli-mapping-'));
    cpSync(resolve('examples'), folder, { recursive: true });
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('check covers mappings: the examples are clean, a broken one fails with exact positions', () => {
    assert.equal(run(['check', 'mappings'], folder).code, 0);
    const path = join(folder, 'mappings/order-to-salesorder.mapping.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('expr: sku', 'expr: skuu'));
    const result = run(['check', 'mappings'], folder);
    assert.equal(result.code, 1);
    assert.equal(result.stdout.trim(), 'mappings/order-to-salesorder.mapping.yaml:40:15 error mapping.source.unknownPath `line_items` has no field `skuu`; did you mean `sku`?');
  });

  it('export --format md prints the reviewer table', () => {
    const result = run(['export', 'mappings/customer-to-erp.mapping.yaml'], folder);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, [
      '# Shop customer to ERP customer',
      '',
      '| Target | Type | Required | Rule | Note |',
      '| --- | --- | --- | --- | --- |',
      "| `externalId` | string | yes | `'SHOP-C' & $string(id)` |  |",
      "| `companyName` | string | yes | `($name := $trim(first_name & ' ' & last_name); $name != '' ? $substring($name, 0, 83) : email)` | Private customers have no company; the ERP requires a name, so we use the person's |",
      '| `email` | string (email) | yes | `email` |  |',
      '| `phone` | string \\| null |  | `phone` |  |',
      "| `status` | string |  | `'ACTIVE'` |  |",
      '| `subsidiary` | integer | yes | `1` | All shop customers belong to the EU subsidiary |',
      '',
    ].join('\n'));
  });

  it('export --format csv and import give back an equivalent mapping that checks clean', () => {
    const csv = run(['export', 'mappings/order-to-salesorder.mapping.yaml', '--format', 'csv', '--out', 'review.csv'], folder);
    assert.equal(csv.code, 0, csv.stderr);
    const table = readFileSync(join(folder, 'review.csv'), 'utf8');
    assert.equal(table.split('\r\n')[0], 'target,type,required,rule,note');
    assert.ok(table.includes("currency,string,yes,\"$lookup('currency', $lowercase(currency)); default 'EUR'\","), table);
    const imported = run(['import', 'review.csv', '--source', 'specs/shop.openapi.yaml#/components/schemas/Order', '--target', 'specs/erp/erp.openapi.yaml#createSalesOrder', '--out', 'mappings/imported.mapping.yaml'], folder);
    assert.equal(imported.code, 0, imported.stderr);
    const text = readFileSync(join(folder, 'mappings/imported.mapping.yaml'), 'utf8');
    assert.match(text, /^mapping: "1.0"\nsource:\n {2}spec: \.\.\/specs\/shop\.openapi\.yaml\n {2}schema: "#\/components\/schemas\/Order"\ntarget:\n {2}spec: \.\.\/specs\/erp\/erp\.openapi\.yaml\n {2}operation: createSalesOrder\n/);
    // lookups are not part of the table: the import reports the unknown lookup, nothing else
    const check = run(['check', 'mappings/imported.mapping.yaml', '--format', 'json'], folder);
    const found = (JSON.parse(check.stdout) as { line: number; code: string; message: string }[]).map((d) => [d.line, d.code, d.message]);
    assert.deepEqual(found, [[18, 'mapping.lookup.unknown', 'No lookup `currency`; add it under `lookups:`.']]);
  });

  it('import names the line of a broken table and writes nothing', () => {
    writeFileSync(join(folder, 'review.csv'), 'target,rule,note\r\nexternalId,"\'SF-\' & Id,\r\nname,Name,\r\n');
    const result = run(['import', 'review.csv'], folder);
    assert.equal(result.code, 1);
    assert.equal(result.stderr, 'review.csv: Line 2: a quoted cell is never closed (a `"` is missing).\n');
    assert.equal(existsSync(join(folder, 'review.mapping.yaml')), false);
  });
});
