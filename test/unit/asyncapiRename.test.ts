import assert from 'node:assert/strict';
import type { WorkspaceEdit } from 'vscode-languageserver-types';
import { neverCancelled } from '../../server/src/service/cancellation';
import { applyWorkspaceEdit } from '../support/editing';
import { serviceFor, WS } from '../support/service';

const events = `asyncapi: 3.0.0
info: { title: Order events, version: 1.0.0 }
channels:
  orderEvents:
    address: shop.orders
    messages:
      OrderCreated:
        $ref: '#/components/messages/OrderCreated'
operations:
  publishOrder:
    action: send
    channel: { $ref: '#/channels/orderEvents' }
components:
  messages:
    OrderCreated:
      payload: { type: object, properties: { id: { type: string } } }
`;
const other = `asyncapi: 3.0.0
info: { title: Consumer, version: 1.0.0 }
channels:
  orders:
    $ref: 'events.asyncapi.yaml#/channels/orderEvents'
operations:
  consume:
    action: receive
    channel: { $ref: '#/channels/orders' }
    messages:
      - $ref: 'events.asyncapi.yaml#/channels/orderEvents/messages/OrderCreated'
`;
const legacy = `asyncapi: 2.6.0
info: { title: Legacy, version: '1' }
channels:
  customers/updated:
    subscribe:
      operationId: onCustomerUpdated
      message:
        name: CustomerUpdated
        payload: { type: object }
`;
const flow = `flow: "1.0"
participants:
  shop: { name: Web shop, spec: ../specs/events.asyncapi.yaml }
  mw: { name: Integration layer, kind: middleware }
  crm: { name: CRM, spec: ../specs/legacy.asyncapi.yaml }
steps:
  - from: shop
    to: mw
    operation: publishOrder
    mapping: ../mappings/m.mapping.yaml
  - from: crm
    to: mw
    operation: onCustomerUpdated
`;
const mapping = `mapping: "1.0"
source: { spec: ../specs/events.asyncapi.yaml, message: OrderCreated }
target: { spec: ../specs/events.asyncapi.yaml, operation: publishOrder }
fields:
  - target: id
    expr: id
`;
/** Two AsyncAPI documents (one uses the other's channel), a 2.x one, a flow and a mapping naming their operations and messages. */
const FILES: Record<string, string> = { 'specs/events.asyncapi.yaml': events, 'specs/other.asyncapi.yaml': other, 'specs/legacy.asyncapi.yaml': legacy, 'flows/f.flow.yaml': flow, 'mappings/m.mapping.yaml': mapping };
/** Renames what is at `needle` in `file`; returns every file after the edit and the files it touched. */
async function rename(file: string, needle: string, newName: string) {
  const { service } = serviceFor(FILES);
  const doc = (await service.getDocument(WS + file))!;
  const kind = (await service.kindOf(doc))!;
  const offset = FILES[file].indexOf(needle) + 1;
  assert.ok(offset > 0, needle);
  const edit = (await kind.features!.rename!({ service, doc, offset, position: doc.lines.positionAt(offset), newName, token: neverCancelled } as never)) as WorkspaceEdit;
  const before = Object.fromEntries(Object.entries(FILES).map(([name, text]) => [WS + name, text]));
  const after = applyWorkspaceEdit(before, edit);
  const touched = Object.keys(edit.changes ?? {}).map((uri) => uri.slice(WS.length)).sort();
  const files = Object.fromEntries(Object.entries(after).map(([uri, text]) => [uri.slice(WS.length), text]));
  return { files, touched };
}

/** The problems of every file after an edit (none is expected). */
async function problems(files: Record<string, string>) {
  const { service } = serviceFor(files);
  const found: string[] = [];
  for (const name of Object.keys(files)) for (const d of await service.diagnose(WS + name)) if (d.severity! <= 2) found.push(`${name}: ${String(d.code)} ${d.message}`);
  return found;
}

describe('AsyncAPI rename across files, flows and mappings', () => {
  it('the files are clean to begin with', async () => {
    assert.deepEqual(await problems(FILES), []);
  });

  it('a channel: its $refs in this document and in another AsyncAPI document that uses it', async () => {
    const { files, touched } = await rename('specs/events.asyncapi.yaml', 'orderEvents:', 'shopOrders');
    assert.deepEqual(touched, ['specs/events.asyncapi.yaml', 'specs/other.asyncapi.yaml']);
    assert.match(files['specs/other.asyncapi.yaml'], /\$ref: 'events\.asyncapi\.yaml#\/channels\/shopOrders'\n/);
    assert.match(files['specs/other.asyncapi.yaml'], /events\.asyncapi\.yaml#\/channels\/shopOrders\/messages\/OrderCreated/);
    assert.deepEqual(await problems(files), []);
    // Started from the $ref in the other document, the same rename.
    const fromRef = await rename('specs/other.asyncapi.yaml', "orderEvents'", 'shopOrders');
    assert.deepEqual(fromRef.files, files);
  });

  it('a 3.0 operation: the flow steps and the mapping sides that name it', async () => {
    const { files, touched } = await rename('specs/events.asyncapi.yaml', 'publishOrder:', 'announceOrder');
    assert.deepEqual(touched, ['flows/f.flow.yaml', 'mappings/m.mapping.yaml', 'specs/events.asyncapi.yaml']);
    assert.match(files['flows/f.flow.yaml'], /operation: announceOrder\n/);
    assert.match(files['mappings/m.mapping.yaml'], /operation: announceOrder \}/);
    assert.deepEqual(await problems(files), []);
  });

  it('a 2.x operationId: the flow steps that name it', async () => {
    const { files, touched } = await rename('specs/legacy.asyncapi.yaml', 'onCustomerUpdated', 'customerUpdated');
    assert.deepEqual(touched, ['flows/f.flow.yaml', 'specs/legacy.asyncapi.yaml']);
    assert.match(files['flows/f.flow.yaml'], /operation: customerUpdated\n/);
    assert.deepEqual(await problems(files), []);
  });

  it('a message component: its $refs and the mapping sides that name it', async () => {
    const { files, touched } = await rename('specs/events.asyncapi.yaml', 'OrderCreated:\n      payload', 'OrderPlaced');
    assert.deepEqual(touched, ['mappings/m.mapping.yaml', 'specs/events.asyncapi.yaml']);
    assert.match(files['specs/events.asyncapi.yaml'], /\$ref: '#\/components\/messages\/OrderPlaced'/);
    assert.match(files['mappings/m.mapping.yaml'], /message: OrderPlaced \}/);
    assert.deepEqual(await problems(files), []);
  });
});
