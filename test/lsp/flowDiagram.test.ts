import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SequenceDiagramRequest } from '../../server/src/protocol';
import { LspTestClient, uriOf, useExampleWorkspace } from '../support/lspClient';
import { rangeOf } from '../support/service';

describe('language server over stdio: flows and sequence diagrams', function () {
  this.timeout(60_000);
  const workspace = useExampleWorkspace('is-lsp-flow-');
  let client: LspTestClient;
  let folder: string;
  beforeEach(() => ({ client, folder } = workspace.current()));

  it('answers interfaceStudio/sequenceDiagram for a flow with Mermaid text and links to the steps', async () => {
    const path = join(folder, 'flows/order-to-cash.flow.yaml');
    const text = readFileSync(path, 'utf8');
    await client.open(uriOf(path), text);
    const result = await client.connection.sendRequest(SequenceDiagramRequest, { uri: uriOf(path) });
    assert.ok(result);
    assert.match(result.mermaid, /mw->>erp: POST \/salesOrders/);
    const arrows = result.mermaid.split('\n').filter((l) => /->>|-->>|-\)|--\)/.test(l));
    assert.equal(result.links.length, arrows.length);
    const createCustomer = arrows.findIndex((l) => l.includes('POST /customers'));
    assert.deepEqual(result.links[createCustomer], { message: createCustomer, uri: uriOf(path), range: rangeOf(text, 'createCustomer') });
  });

  it('answers for .mmd files with the text and one link per arrow line, and reports their syntax errors', async () => {
    const path = join(folder, 'docs/retry.mmd');
    const text = 'sequenceDiagram\n  A->>B: one\n  B-->>A: two\n  end\n';
    await client.open(uriOf(path), text, 'mermaid');
    const result = await client.connection.sendRequest(SequenceDiagramRequest, { uri: uriOf(path) });
    assert.equal(result?.mermaid, text);
    assert.deepEqual(result?.links.map((l) => l.range), [rangeOf(text, 'A->>B: one'), rangeOf(text, 'B-->>A: two')]);
    const [d] = await client.diagnostics(uriOf(path), (d) => d.length > 0);
    assert.equal(d.code, 'mermaid.syntax');
    assert.deepEqual(d.range, rangeOf(text, 'end'));
  });

  it('re-checks an open flow when the spec it uses changes in the editor', async () => {
    const flow = join(folder, 'flows/order-to-cash.flow.yaml');
    const spec = join(folder, 'specs/erp/erp.openapi.yaml');
    const flowText = readFileSync(flow, 'utf8').replace(/^ *mapping: .*\n/gm, '');
    await client.open(uriOf(flow), flowText);
    assert.deepEqual(await client.diagnostics(uriOf(flow)), []);
    const specText = readFileSync(spec, 'utf8');
    await client.open(uriOf(spec), specText);
    await client.change(uriOf(spec), specText.replace('operationId: createCustomer', 'operationId: addCustomer'));
    const [d] = await client.diagnostics(uriOf(flow), (d) => d.length > 0);
    assert.equal(d.code, 'flow.operation.unknown');
    assert.deepEqual(d.range, rangeOf(flowText, 'createCustomer'));
  });

  it('completes operationIds and goes to their definition', async () => {
    const flow = join(folder, 'flows/order-to-cash.flow.yaml');
    const text = readFileSync(flow, 'utf8');
    await client.open(uriOf(flow), text);
    const position = rangeOf(text, 'createSalesOrder').start;
    const completion = await client.connection.sendRequest('textDocument/completion', { textDocument: { uri: uriOf(flow) }, position: { ...position, character: position.character + 6 } }) as { items: { label: string; detail: string }[] };
    const items = completion.items;
    assert.ok(items.some((i) => i.label === 'createSalesOrder' && i.detail === 'POST /salesOrders'), JSON.stringify(items));
    const spec = join(folder, 'specs/erp/erp.openapi.yaml');
    const definition = await client.connection.sendRequest('textDocument/definition', { textDocument: { uri: uriOf(flow) }, position }) as { uri: string; range: unknown }[];
    assert.deepEqual(definition, [{ uri: uriOf(spec), range: rangeOf(readFileSync(spec, 'utf8'), 'createSalesOrder') }]);
  });
});
