import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const cli = resolve('dist/cli.js');

function run(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('interface-studio diagram, and check on flows', function () {
  this.timeout(60_000);
  let folder: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'is-cli-flow-'));
    cpSync(resolve('examples'), folder, { recursive: true });
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('prints the Mermaid text of a flow', () => {
    const result = run(['diagram', 'flows/order-to-cash.flow.yaml'], folder);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.stdout.startsWith('sequenceDiagram\n  title Order to cash\n'), result.stdout);
    assert.match(result.stdout, /\n {2}mw->>erp: POST \/salesOrders\n/);
    assert.match(result.stdout, /\n {2}alt 201 Created\n/);
  });

  it('prints a Markdown section with a mermaid fence', () => {
    const result = run(['diagram', 'flows/order-to-cash.flow.yaml', '--markdown'], folder);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^## Order to cash\n\n```mermaid\nsequenceDiagram\n[\s\S]*\n```\n$/);
  });

  it('refuses what is not a flow, with exit code 2', () => {
    const result = run(['diagram', 'specs/shop.openapi.yaml'], folder);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /is not a flow file/);
  });

  it('check reports flow and Mermaid problems with exit code 1', () => {
    writeFileSync(join(folder, 'flows/broken.flow.yaml'), 'flow: "1.0"\nparticipants:\n  a: {}\n  erp: { spec: ../specs/erp/erp.openapi.yaml }\nsteps:\n  - { from: a, to: erp, operation: createSalesOrdr }\n');
    writeFileSync(join(folder, 'docs/broken.mmd'), 'sequenceDiagram\n  A->>B: x\n  end\n');
    const result = run(['check', 'flows/broken.flow.yaml', 'docs/broken.mmd'], folder);
    assert.equal(result.code, 1);
    assert.ok(result.stdout.includes('flows/broken.flow.yaml:6:36 error flow.operation.unknown `erp.openapi.yaml` (erp) has no operation `createSalesOrdr`; did you mean `createSalesOrder`?'), result.stdout);
    assert.ok(result.stdout.includes('docs/broken.mmd:3:3 error mermaid.syntax `end` without an open block'), result.stdout);
  });
});
