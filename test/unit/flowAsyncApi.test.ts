import assert from 'node:assert/strict';
import type { Location, MarkupContent, WorkspaceEdit } from 'vscode-languageserver-types';
import { neverCancelled } from '../../server/src/service/cancellation';
import { flowCompletion, flowDefinition, flowHover, flowReferences } from '../../server/src/service/flow/language';
import { flowDiagram } from '../../server/src/service/flow/toMermaid';
import { applyWorkspaceEdit } from '../support/editing';
import { rangeOf, serviceFor, summary, WS } from '../support/service';

const events = `asyncapi: 3.0.0
info: { title: Order events, version: 1.0.0 }
channels:
  orderEvents:
    address: shop.orders
    messages:
      OrderCreated:
        name: orderCreated
        payload: { type: object, properties: { id: { type: string } } }
  ordersDlq:
    address: orders.dlq
    messages:
      OrderParked:
        payload: { type: object, properties: { orderId: { type: string } } }
operations:
  publishOrder:
    action: send
    summary: The shop announces a paid order
    channel: { $ref: '#/channels/orderEvents' }
  parkOrder:
    action: send
    channel: { $ref: '#/channels/ordersDlq' }
    messages:
      - $ref: '#/channels/ordersDlq/messages/OrderParked'
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

const erp = `openapi: 3.0.3
info: { title: ERP, version: '1' }
paths:
  /salesOrders:
    post:
      operationId: createSalesOrder
      responses: { '201': { description: Created } }
`;

const flow = `flow: "1.0"
participants:
  shop: { name: Web shop, spec: ../specs/events.asyncapi.yaml }
  mw: { name: Integration layer, kind: middleware }
  erp: { name: ERP, spec: ../specs/erp.openapi.yaml }
  dlq: { name: orders.dlq, kind: queue, spec: ../specs/events.asyncapi.yaml }
  crm: { name: CRM, spec: ../specs/legacy.asyncapi.yaml }
steps:
  - from: shop
    to: mw
    operation: publishOrder
  - from: mw
    to: erp
    operation: createSalesOrder
  - from: mw
    to: dlq
    operation: parkOrder
    mapping: ../mappings/parked.mapping.yaml
  - from: crm
    to: mw
    operation: onCustomerUpdated
`;

const parked = `mapping: "1.0"
source: { spec: ../specs/events.asyncapi.yaml, message: orderCreated }
target: { spec: ../specs/events.asyncapi.yaml, message: OrderParked }
fields:
  - target: orderId
    expr: id
`;

const FILES = {
  'specs/events.asyncapi.yaml': events,
  'specs/legacy.asyncapi.yaml': legacy,
  'specs/erp.openapi.yaml': erp,
  'mappings/parked.mapping.yaml': parked,
  'flows/f.flow.yaml': flow,
};
const FLOW = WS + 'flows/f.flow.yaml';

async function check(text: string, files: Record<string, string> = {}) {
  const { service } = serviceFor({ ...FILES, 'flows/f.flow.yaml': text, ...files });
  return summary(await service.diagnose(FLOW));
}

describe('flows with AsyncAPI participants', () => {
  it('an AsyncAPI spec is a participant spec; steps to or from it name its operations (3.0 keys, 2.x operationIds)', async () => {
    assert.deepEqual(await check(flow), []);
  });

  it('an operation the AsyncAPI document does not have, with did-you-mean, to and from it', async () => {
    let text = flow.replace('operation: parkOrder', 'operation: parkOrdr');
    assert.deepEqual(await check(text), [
      { code: 'flow.operation.unknown', range: rangeOf(text, 'parkOrdr'), message: '`events.asyncapi.yaml` (dlq) has no operation `parkOrdr`; did you mean `parkOrder`?' },
    ]);
    text = flow.replace('operation: publishOrder', 'operation: publishOrdr');
    assert.deepEqual(await check(text), [
      { code: 'flow.operation.unknown', range: rangeOf(text, 'publishOrdr'), message: '`events.asyncapi.yaml` (shop) has no operation `publishOrdr`; did you mean `publishOrder`?' },
    ]);
    // Sent to an OpenAPI participant from an AsyncAPI one: either document may have it.
    text = flow.replace('  - from: mw\n    to: erp\n    operation: createSalesOrder', '  - from: shop\n    to: erp\n    operation: createSalesOrdr');
    assert.deepEqual(await check(text), [
      { code: 'flow.operation.unknown', range: rangeOf(text, 'createSalesOrdr'), message: 'Neither `erp.openapi.yaml` (erp) nor `events.asyncapi.yaml` (shop) has an operation `createSalesOrdr`; did you mean `createSalesOrder`?' },
    ]);
  });

  it('a step mapping that does not build the message of the AsyncAPI operation', async () => {
    const text = flow;
    const other = parked.replace('message: OrderParked }', 'message: orderCreated }');
    assert.deepEqual(await check(text, { 'mappings/parked.mapping.yaml': other }), [
      { code: 'flow.mapping.mismatch', range: rangeOf(text, '../mappings/parked.mapping.yaml'), message: '`parked.mapping.yaml` builds the message `orderCreated`, not the message of `parkOrder` in `events.asyncapi.yaml`.' },
    ]);
    const byOperation = parked.replace('message: OrderParked }', 'operation: parkOrder }');
    assert.deepEqual(await check(text, { 'mappings/parked.mapping.yaml': byOperation }), []);
  });

  it('the diagram labels AsyncAPI operations with the channel address and the message, as async arrows', async () => {
    const { service } = serviceFor(FILES);
    const diagram = await flowDiagram(service, FLOW);
    const arrows = diagram!.mermaid.split('\n').filter((l) => /->>|-\)/.test(l)).map((l) => l.trim());
    assert.deepEqual(arrows, [
      'shop-)mw: shop.orders · orderCreated',
      'mw->>erp: POST /salesOrders',
      'mw-)dlq: orders.dlq · OrderParked',
      'crm-)mw: customers/updated · CustomerUpdated',
    ]);
  });

  it('completes the operations of the AsyncAPI document a step goes to or comes from, and AsyncAPI specs', async () => {
    const { service } = serviceFor(FILES);
    const to = await flowCompletion(service, FLOW, flow.indexOf('parkOrder') + 2);
    assert.deepEqual(to.map((i) => [i.label, i.detail]), [['publishOrder', 'send shop.orders (orderCreated)'], ['parkOrder', 'send orders.dlq (OrderParked)']]);
    const from = await flowCompletion(service, FLOW, flow.indexOf('onCustomerUpdated') + 2);
    assert.deepEqual(from.map((i) => [i.label, i.detail]), [['onCustomerUpdated', 'subscribe customers/updated (CustomerUpdated)']]);
    const specs = await flowCompletion(service, FLOW, flow.indexOf('../specs/legacy') + 3);
    assert.deepEqual(specs.filter((i) => i.detail === 'AsyncAPI document').map((i) => i.label).sort(), ['../specs/events.asyncapi.yaml', '../specs/legacy.asyncapi.yaml']);
  });

  it('hovers and goes to the definition of AsyncAPI operations', async () => {
    const { service } = serviceFor(FILES);
    const hover = await flowHover(service, FLOW, flow.indexOf('publishOrder') + 1);
    assert.equal((hover!.contents as MarkupContent).value, '**send** `shop.orders` `publishOrder`\n\nThe shop announces a paid order\n\nMessages: `orderCreated`');
    assert.deepEqual(await flowDefinition(service, FLOW, flow.indexOf('parkOrder') + 1), [{ uri: WS + 'specs/events.asyncapi.yaml', range: rangeOf(events, 'parkOrder') }]);
    assert.deepEqual(await flowDefinition(service, FLOW, flow.indexOf('onCustomerUpdated') + 1), [{ uri: WS + 'specs/legacy.asyncapi.yaml', range: rangeOf(legacy, 'onCustomerUpdated') }]);
  });

  it('references and rename of a 3.0 operation in the AsyncAPI document include the flow steps to and from it', async () => {
    const second = flow.replace('  - from: crm', '  - from: dlq\n    to: mw\n    operation: parkOrder\n  - from: crm');
    const { service } = serviceFor({ ...FILES, 'flows/f.flow.yaml': second });
    const fromFlow = (await flowReferences(service, FLOW, second.indexOf('parkOrder') + 1, true, neverCancelled))!;
    assert.deepEqual(fromFlow.map((l: Location) => [l.uri, l.range]), [
      [WS + 'specs/events.asyncapi.yaml', rangeOf(events, 'parkOrder')],
      [FLOW, rangeOf(second, 'parkOrder', 0)],
      [FLOW, rangeOf(second, 'parkOrder', 1)],
    ]);
    const doc = (await service.getDocument(WS + 'specs/events.asyncapi.yaml'))!;
    const kind = (await service.kindOf(doc))!;
    const offset = events.indexOf('parkOrder:') + 1;
    const edit = (await kind.features!.rename!({ service, doc, offset, position: doc.lines.positionAt(offset), newName: 'parkOrderForRetry', token: neverCancelled } as never)) as WorkspaceEdit;
    const after = applyWorkspaceEdit({ [FLOW]: second, [WS + 'specs/events.asyncapi.yaml']: events }, edit);
    assert.equal((after[FLOW].match(/operation: parkOrderForRetry\n/g) ?? []).length, 2);
    assert.match(after[WS + 'specs/events.asyncapi.yaml'], /\n {2}parkOrderForRetry:\n/);
    assert.equal(summary(await serviceFor({ ...FILES, 'flows/f.flow.yaml': after[FLOW], 'specs/events.asyncapi.yaml': after[WS + 'specs/events.asyncapi.yaml'] }).service.diagnose(FLOW)).length, 0);
  });
});
