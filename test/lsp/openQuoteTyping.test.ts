import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Diagnostic } from 'vscode-languageserver-protocol/node';
import { parse } from 'yaml';
import { parseDocumentText } from '../../server/src/service/documents';
import { findNodeAtPath } from '../../server/src/service/parser/ast';
import { LspTestClient, uriOf } from '../support/lspClient';
import { positionsIn } from '../fuzz/entryPoints';

const shop = readFileSync(join(process.cwd(), 'examples', 'specs', 'shop.openapi.yaml'), 'utf8') + 'x-owner: "shop team"\n';

const syntax = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => String(d.code).startsWith('syntax.')).map((d) => [d.range.start.line, d.message]);
const others = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => !String(d.code).startsWith('syntax.')).map((d) => [d.range, d.code, d.message]);

/**
 * A user types a new member character by character on a line of its own; what the Problems panel
 * shows after each keystroke: the syntax error of the open quote or bracket, where it is, while it
 * is open, and the other findings of the document as they were.
 */
async function typeMember(client: LspTestClient, uri: string, original: string, at: number, member: string): Promise<{ typed: string; diagnostics: Diagnostic[] }[]> {
  await client.open(uri, original);
  await client.diagnostics(uri, () => true, 60_000);
  const steps: { typed: string; diagnostics: Diagnostic[] }[] = [];
  let text = original;
  for (let i = 0; i < member.length; i++) {
    const [position] = positionsIn(text, [at + i]);
    client.reset(uri);
    await client.edit(uri, { start: position, end: position }, member[i]);
    text = text.slice(0, at + i) + member[i] + text.slice(at + i);
    steps.push({ typed: member.slice(0, i + 1), diagnostics: await client.diagnostics(uri, () => true, 60_000) });
  }
  return steps;
}

describe('typing a quoted string or a list: the problems shown while it is open', function () {
  this.timeout(120_000);
  let folder: string;
  let client: LspTestClient;

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'open-quote-'));
    client = new LspTestClient();
  });
  afterEach(async () => {
    await client.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  it('YAML: an open double quote is an error on its own line until it is closed, and nothing else changes', async () => {
    const path = join(folder, 'shop.openapi.yaml');
    writeFileSync(path, shop);
    await client.initialize(folder);
    const uri = uriOf(path);
    const after = 'operationId: listOrders';
    const at = shop.indexOf(after) + after.length;
    const line = shop.slice(0, at).split('\n').length; // the new line's number (0-based)
    const fresh = new LspTestClient();
    await fresh.initialize(folder);
    await fresh.open(uri, shop);
    const before = await fresh.diagnostics(uri, () => true, 60_000);
    await fresh.dispose();

    const steps = await typeMember(client, uri, shop, at, '\n      x-note: "typed in quotes"');
    // From the colon on (before it, the key without its colon is the error).
    for (const { typed, diagnostics } of steps.filter((step) => step.typed.includes(':'))) {
      const open = typed.split('"').length === 2;
      assert.deepEqual(syntax(diagnostics), open ? [[line, 'Missing closing "quote.']] : [], `after typing ${JSON.stringify(typed)}`);
      if (open) assert.deepEqual(others(diagnostics), others(before), `the other problems after typing ${JSON.stringify(typed)}`);
    }
    assert.deepEqual(steps.at(-1)!.diagnostics.map((d) => d.message), before.map((d) => d.message));
  });

  it('JSON: an open bracket is an error inside the operation until it is closed', async () => {
    const json = JSON.stringify(parse(shop), null, 2);
    const path = join(folder, 'shop.openapi.json');
    writeFileSync(path, json);
    await client.initialize(folder);
    const uri = uriOf(path);
    const after = '"operationId": "listOrders",';
    const at = json.indexOf(after) + after.length;
    // The typed member is one line more: the operation's last line is then where its brace was.
    const operation = findNodeAtPath(parseDocumentText(uri, json, 1).parse.root, ['paths', '/orders', 'get'])!;
    const lastLineOfOperation = json.slice(0, operation.offset + operation.length).split('\n').length - 1;
    const steps = await typeMember(client, uri, json, at, '\n        "x-labels": ["a", "b"],');
    for (const { typed, diagnostics } of steps) {
      const open = typed.includes('[') && !typed.includes(']');
      const errors = syntax(diagnostics);
      if (open) assert.ok(errors.some(([l, m]) => l === lastLineOfOperation && m === 'A closing bracket `]` is expected.'), `after typing ${JSON.stringify(typed)}: ${JSON.stringify(errors)}`);
      else if (typed.endsWith(',')) assert.deepEqual(errors, []);
      // Nothing outside the operation is reported as broken.
      assert.ok(errors.every(([l]) => (l as number) <= lastLineOfOperation), `after typing ${JSON.stringify(typed)}: ${JSON.stringify(errors)}`);
    }
  });
});
