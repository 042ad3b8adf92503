import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompletionList, Hover, Location, MarkupContent, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { SequenceDiagramRequest } from '../../server/src/protocol';
import { applyTextEdits, applyWorkspaceEdit } from '../support/editing';
import { LspTestClient, uriOf, useExampleWorkspace } from '../support/lspClient';
import { rangeOf } from '../support/service';

describe('language server over stdio: AsyncAPI documents, and mappings and flows that use them', function () {
  this.timeout(60_000);
  const workspace = useExampleWorkspace('is-lsp-asyncapi-');
  let client: LspTestClient;
  let folder: string;
  let spec: string;
  let specText: string;
  beforeEach(() => {
    ({ client, folder } = workspace.current());
    spec = join(folder, 'specs/order-events.asyncapi.yaml');
    specText = readFileSync(spec, 'utf8');
  });

  const at = (text: string, snippet: string, delta = 1, occurrence = 0) => {
    const start = rangeOf(text, snippet, occurrence).start;
    return { line: start.line, character: start.character + delta };
  };

  it('publishes diagnostics as the document is typed, and none once it is right again', async () => {
    await client.open(uriOf(spec), specText);
    assert.deepEqual(await client.diagnostics(uriOf(spec)), []);
    const broken = specText.replace('    action: send\n', '    acton: send\n').replace("$ref: '#/channels/ordersDlq'\n    messages:\n      - $ref: '#/channels/ordersDlq/messages/OrderParked'\n  retryOrder", "$ref: '#/channels/ordersDlk'\n    messages:\n      - $ref: '#/channels/ordersDlq/messages/OrderParked'\n  retryOrder");
    await client.change(uriOf(spec), broken);
    const found = await client.diagnostics(uriOf(spec), (d) => d.length > 0);
    const byLine = [...found].sort((a, b) => a.range.start.line - b.range.start.line);
    assert.deepEqual(byLine.map((d) => [d.code, d.range]), [
      ['asyncapi.schema.unknownKey', rangeOf(broken, 'acton')],
      ['asyncapi.operation.unknownChannel', rangeOf(broken, "'#/channels/ordersDlk'")],
    ]);
    assert.equal(String(byLine[0].message), '`acton` is not allowed in an Operation Object; did you mean `action`?');
    assert.match(String(byLine[1].message), /ordersDlk.*did you mean `ordersDlq`\?/);
    await client.change(uriOf(spec), specText);
    assert.deepEqual(await client.diagnostics(uriOf(spec), (d) => d.length === 0), []);
  });

  it('completes keys and $ref targets, hovers a $ref and goes to its definition', async () => {
    const typed = specText.replace('    summary: Park an order the ERP could not take\n', '    summary: Park an order the ERP could not take\n    desc\n');
    await client.open(uriOf(spec), typed);
    const keys = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri: uriOf(spec) }, position: at(typed, '    desc\n', 8) })) as CompletionList;
    const description = keys.items.find((i) => i.label === 'description');
    assert.ok(description, JSON.stringify(keys.items.map((i) => i.label)));
    assert.equal(applyTextEdits(typed, [description.textEdit as never]), typed.replace('    desc\n', '    description: \n'));
    assert.ok(!keys.items.some((i) => i.label === 'summary' || i.label === 'action'));

    const refs = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri: uriOf(spec) }, position: at(typed, "'#/components/messages/OrderParked'", 3) })) as CompletionList;
    assert.ok(refs.items.some((i) => i.label === '#/components/schemas/ParkedOrder'), JSON.stringify(refs.items.map((i) => i.label)));

    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uriOf(spec) }, position: at(typed, "'#/components/schemas/ParkedOrder'", 5) })) as Hover;
    assert.match((hover.contents as MarkupContent).value, /properties: `orderId`, `reason`, `parkedAt`/);

    const definition = (await client.connection.sendRequest('textDocument/definition', { textDocument: { uri: uriOf(spec) }, position: at(typed, "'#/components/schemas/ParkedOrder'", 5) })) as Location[];
    assert.deepEqual(definition, [{ uri: uriOf(spec), range: rangeOf(typed, 'ParkedOrder', 1) }]);
  });

  it('renames an operation in the AsyncAPI document with the flow steps that name it', async () => {
    const flow = join(folder, 'flows/order-to-cash.flow.yaml');
    const flowText = readFileSync(flow, 'utf8');
    await client.open(uriOf(spec), specText);
    const position = at(specText, 'parkOrder:');
    const references = (await client.connection.sendRequest('textDocument/references', { textDocument: { uri: uriOf(spec) }, position, context: { includeDeclaration: false } })) as Location[];
    assert.deepEqual(references, [{ uri: uriOf(flow), range: rangeOf(flowText, 'parkOrder') }]);
    const edit = (await client.connection.sendRequest('textDocument/rename', { textDocument: { uri: uriOf(spec) }, position, newName: 'parkForRetry' })) as WorkspaceEdit;
    const after = applyWorkspaceEdit({ [uriOf(spec)]: specText, [uriOf(flow)]: flowText }, edit);
    assert.equal(after[uriOf(flow)], flowText.replace('operation: parkOrder', 'operation: parkForRetry'));
    assert.equal(after[uriOf(spec)], specText.replace('  parkOrder:', '  parkForRetry:'));
  });

  it('checks a mapping whose source is an AsyncAPI message, completes its messages, and draws the flow with its events', async () => {
    const mapping = join(folder, 'mappings/parked-order.mapping.yaml');
    const text = `mapping: "1.0"
source:
  spec: ../specs/order-events.asyncapi.yaml
  message: OrderParked
target:
  spec: ../specs/erp/erp.openapi.yaml
  operation: createSalesOrder
fields:
  - target: externalId
    expr: orderI
`;
    writeFileSync(mapping, text);
    await client.open(uriOf(mapping), text);
    const found = await client.diagnostics(uriOf(mapping), (d) => d.some((x) => x.code === 'mapping.source.unknownPath'));
    const unknown = found.find((d) => d.code === 'mapping.source.unknownPath')!;
    assert.deepEqual([unknown.range, unknown.message], [rangeOf(text, 'orderI', 0), 'The source has no field `orderI`; did you mean `orderId`?']);
    const completion = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri: uriOf(mapping) }, position: at(text, 'OrderParked', 5) })) as CompletionList;
    assert.deepEqual(completion.items.map((i) => i.label), ['OrderParked']);

    const flow = join(folder, 'flows/order-to-cash.flow.yaml');
    await client.open(uriOf(flow), readFileSync(flow, 'utf8'));
    assert.deepEqual(await client.diagnostics(uriOf(flow)), []);
    const diagram = await client.connection.sendRequest(SequenceDiagramRequest, { uri: uriOf(flow) });
    assert.match(diagram!.mermaid, /mw-\)dlq: orders\.dlq · OrderParked\n/);
  });
});
