import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const cli = resolve('dist/cli.js');

function run(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('interface-studio doc', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'doc-cli-'));
    cpSync(resolve('examples'), dir, { recursive: true });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the Markdown document of a flow: participants, a mermaid fence, steps with schema tables, mappings with sample outputs, notes', () => {
    const result = run(['doc', 'flows/order-to-cash.flow.yaml', '--format', 'md'], dir);
    assert.equal(result.code, 0, result.stderr);
    const md = result.stdout;
    assert.match(md, /^# Order to cash\n/);
    assert.match(md, /\| \*\*ERP\*\* \(`erp`\) \| {2}\| ERP REST API `specs\/erp\/erp\.openapi\.yaml` \| 2025\.2\.0, OpenAPI 3\.0\.3 \|/);
    // A queue described by an AsyncAPI document: its title and versions too.
    assert.match(md, /\| \*\*orders\.dlq\*\* \(`dlq`\) \| queue \| Order events `specs\/order-events\.asyncapi\.yaml` \| 1\.0\.0, AsyncAPI 3\.0\.0 \|/);
    assert.match(md, /## Sequence diagram\n\n```mermaid\nsequenceDiagram\n[\s\S]*mw->>erp: POST \/salesOrders\n[\s\S]*\n```\n/);
    assert.match(md, /### 4\. Integration layer → ERP: POST \/salesOrders — Create a sales order/);
    assert.match(md, /\| `items\[\]\.quantity` \| number \| yes \| `>= 0`\. \|/);
    assert.match(md, /\| `externalId` \| string \| yes \| `'SHOP-' & number` \| The shop order number, prefixed so the ERP can tell the channels apart \|/);
    assert.match(md, /#### Sample `samples\/order-1042\.json`\n\nInput:\n\n```json\n\{\n {2}"id": 450789469,[\s\S]*?```\n\nOutput:\n\n```json\n\{\n {2}"externalId": "SHOP-1042"/);
    // The golden output the mapping names is compared with the output.
    assert.match(md, /Expected output `samples\/expected\/salesorder-1042\.json`: the output matches it\./);
    assert.match(md, /#### Sample `samples\/customers\.csv`\n\nInput:\n\n```csv\nid,email,first_name,last_name,phone\n/);
    assert.match(md, /## Notes\n\n- the ERP sales order id is stored with the shop order \*\(Integration layer, ERP\)\*/);
    // Not in a Git repository: no history section.
    assert.doesNotMatch(md, /## History/);
    // The fence renders with our Markdown preview and on forges: the fence holds exactly what `diagram` prints.
    const diagram = run(['diagram', 'flows/order-to-cash.flow.yaml'], dir).stdout;
    assert.ok(md.includes('```mermaid\n' + diagram + '```\n'));
  });

  it('says where a sample\'s output differs from its golden output', () => {
    const golden = join(dir, 'samples', 'expected', 'salesorder-1042.json');
    const original = readFileSync(golden, 'utf8');
    try {
      writeFileSync(golden, original.replace('"SHOP-1042"', '"SHOP-9999"'));
      const result = run(['doc', 'flows/order-to-cash.flow.yaml', '--format', 'md'], dir);
      assert.match(result.stdout, /Expected output `samples\/expected\/salesorder-1042\.json`: the output differs in 1 place:\n\n- `\/externalId changed: expected "SHOP-9999", got "SHOP-1042"`/);
    } finally {
      writeFileSync(golden, original);
    }
  });

  it('prints the document of a multi-file spec: servers, security, operations by tag with tables', () => {
    const result = run(['doc', 'specs/erp/erp.openapi.yaml', '--format', 'md', '--out', 'erp.md'], dir);
    assert.equal(result.code, 0, result.stderr);
    const md = readFileSync(join(dir, 'erp.md'), 'utf8');
    assert.match(md, /^# ERP REST API\n/);
    assert.match(md, /## Operations\n/);
    assert.match(md, /#### POST \/salesOrders — Create a sales order/);
    assert.match(md, /\| `items\[\]\.rate` \| number \| yes \| Unit price\. \|/);
  });

  it('exports a flow with errors: names them on stderr and in the document, writes what it can, exits 1', () => {
    writeFileSync(join(dir, 'flows', 'broken.flow.yaml'), `flow: "1.0"
title: Broken
participants:
  mw: { name: Integration layer }
  erp: { name: ERP, spec: ../specs/erp/erp.openapi.yaml }
steps:
  - from: mw
    to: erp
    operation: createSalesOrdr
  - from: mw
    to: crm
    message: sync
`);
    const result = run(['doc', 'flows/broken.flow.yaml', '--format', 'md', '--out', 'broken.md'], dir);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /2 errors in the files described \(the document was written anyway\):/);
    assert.match(result.stderr, /flows\/broken\.flow\.yaml:9:16 flow\.operation\.unknown /);
    assert.match(result.stderr, /flows\/broken\.flow\.yaml:11:9 flow\.participant\.unknown /);
    const md = readFileSync(join(dir, 'broken.md'), 'utf8');
    assert.match(md, /## Sequence diagram\n\n```mermaid\n/);
    assert.match(md, /## Open problems\n\n2 errors in the files this document describes:/);
    assert.match(md, /### 1\. Integration layer → ERP: createSalesOrdr/);
  });

  it('refuses what it cannot document with a clear message (exit 2)', () => {
    let result = run(['doc', 'samples/order-1042.json'], dir);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /is neither a flow .* nor an OpenAPI document/);
    result = run(['doc', 'flows/order-to-cash.flow.yaml', '--format', 'pdf'], dir);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /`--format` is `md` or `html`/);
    result = run(['doc', 'nothing.flow.yaml'], dir);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /`nothing\.flow\.yaml` does not exist/);
  });
});
