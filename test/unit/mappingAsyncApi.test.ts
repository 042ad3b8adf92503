import * as assert from 'assert';
import { neverCancelled } from '../../server/src/service/cancellation';
import { mappingCompletions, mappingDefinition } from '../../server/src/service/mapping/features';
import { InProcessEvaluator } from '../../server/src/service/preview/evaluator';
import { previewMapping } from '../../server/src/service/preview/preview';
import { scaffoldFromSides } from '../../server/src/service/mapping/scaffold';
import type { KindFeatures } from '../../server/src/service/kinds';
import { applyTextEdits, applyWorkspaceEdit } from '../support/editing';
import { diagnose, rangeOf, serviceFor, summary, WS } from '../support/service';

// An AsyncAPI 3.0 document: an order event on a Kafka topic, a parked order on a queue.
const events = `asyncapi: 3.0.0
info: { title: Order events, version: 1.0.0 }
channels:
  orderEvents:
    address: shop.orders.{region}
    parameters:
      region: { description: the shop's region }
    messages:
      OrderCreated: { $ref: '#/components/messages/OrderCreated' }
      OrderCancelled: { $ref: '#/components/messages/OrderCancelled' }
  ordersDlq:
    address: orders.dlq
    messages:
      parked: { $ref: '#/components/messages/Parked' }
operations:
  publishOrder:
    action: send
    channel: { $ref: '#/channels/orderEvents' }
    messages:
      - $ref: '#/channels/orderEvents/messages/OrderCreated'
  orderEvents:
    action: receive
    channel: { $ref: '#/channels/orderEvents' }
  parkOrder:
    action: send
    channel: { $ref: '#/channels/ordersDlq' }
    messages:
      - $ref: '#/channels/ordersDlq/messages/parked'
components:
  messages:
    OrderCreated:
      name: orderCreated
      title: An order was paid
      payload: { $ref: '#/components/schemas/Order' }
    OrderCancelled:
      payload:
        type: object
        properties:
          orderId: { type: string }
    Parked:
      name: OrderParked
      payload:
        schemaFormat: application/vnd.apache.avro;version=1.9.0
        schema: { $ref: '../avro/parked.avsc' }
    Binary:
      payload:
        schemaFormat: application/vnd.google.protobuf;version=3
        schema: 'message Order { string id = 1; }'
    Empty:
      title: no payload
  schemas:
    Order:
      type: object
      required: [id, total]
      properties:
        id: { type: string }
        total: { type: number }
        status: { type: string, enum: [paid, refunded] }
        lines:
          type: array
          items:
            type: object
            properties:
              sku: { type: string }
              qty: { type: integer }
`;

const parkedAvro = JSON.stringify({
  type: 'record', name: 'Parked', fields: [
    { name: 'orderId', type: 'string' },
    { name: 'reason', type: ['null', 'string'], default: null },
    { name: 'attempts', type: 'int' },
  ],
});

// A 2.6 document: messageIds, an OpenAPI-format payload, a component message named by operationId.
const legacy = `asyncapi: 2.6.0
info: { title: Legacy, version: '1' }
channels:
  customers/updated:
    subscribe:
      operationId: onCustomerUpdated
      message:
        messageId: customerUpdated
        schemaFormat: application/vnd.oai.openapi;version=3.0.0
        payload:
          type: object
          properties:
            id: { type: string }
            email: { type: string, nullable: true, format: email }
  customers/deleted:
    publish:
      operationId: deleteCustomer
      message:
        oneOf:
          - { $ref: '#/components/messages/Deleted' }
          - { $ref: '#/components/messages/Purged' }
components:
  messages:
    Deleted:
      payload: { type: object, properties: { id: { type: string } } }
    Purged:
      payload: { type: object, properties: { id: { type: string }, at: { type: string } } }
`;

const target = `openapi: 3.0.3
info: { title: ERP, version: '1' }
paths: {}
components:
  schemas:
    SalesOrder:
      type: object
      required: [externalId, amount]
      properties:
        externalId: { type: string }
        amount: { type: number }
        state: { type: string, enum: [OPEN, CLOSED] }
        lines:
          type: array
          items:
            type: object
            properties:
              code: { type: string }
              quantity: { type: integer }
`;

const FILES = { 'specs/events.asyncapi.yaml': events, 'specs/legacy.asyncapi.yaml': legacy, 'specs/erp.openapi.yaml': target, 'avro/parked.avsc': parkedAvro };

function mapping(source: string, fields: string): string {
  return `mapping: "1.0"
source:
  spec: ../specs/events.asyncapi.yaml
${source}target:
  spec: ../specs/erp.openapi.yaml
  schema: "#/components/schemas/SalesOrder"
fields:
${fields}`;
}

const ORDER_FIELDS = `  - target: externalId
    expr: id
  - target: amount
    expr: total
`;

async function check(text: string, files: Record<string, string> = {}) {
  return summary(await diagnose({ ...FILES, 'm/x.mapping.yaml': text, ...files }, 'm/x.mapping.yaml'));
}

describe('mapping sides naming an AsyncAPI message', () => {
  it('a message named by its component key, its name, or the operation that carries it gives its payload schema', async () => {
    for (const side of ['  message: OrderCreated\n', '  message: orderCreated\n', '  message: publishOrder\n', '  operation: publishOrder\n', '  operation: orderEvents\n  message: OrderCreated\n', '  schema: "#/components/messages/OrderCreated/payload"\n']) {
      assert.deepStrictEqual(await check(mapping(side, ORDER_FIELDS)), [], side);
    }
  });

  it('reads paths, types and enums of the payload as of any schema, with did-you-mean', async () => {
    const text = mapping('  message: OrderCreated\n', `${ORDER_FIELDS}  - target: state
    expr: stauts
  - target: lines
    each: lines
    fields:
      - target: quantity
        expr: qty
      - target: code
        expr: sku & skew
`);
    assert.deepStrictEqual(await check(text), [
      { code: 'mapping.source.unknownPath', range: rangeOf(text, 'stauts'), message: 'The source has no field `stauts`; did you mean `status`?' },
      { code: 'mapping.source.unknownPath', range: rangeOf(text, 'skew'), message: '`lines` has no field `skew` (it has `sku`, `qty`).' },
    ]);
    const enumText = mapping('  message: OrderCreated\n', `${ORDER_FIELDS}  - target: state\n    expr: status\n`);
    assert.deepStrictEqual((await check(enumText)).map((d) => d.code), ['mapping.enum.mismatch']);
  });

  it('an AsyncAPI target: coverage of its required payload fields', async () => {
    const text = `mapping: "1.0"
source:
  spec: ../specs/erp.openapi.yaml
  schema: "#/components/schemas/SalesOrder"
target:
  spec: ../specs/events.asyncapi.yaml
  message: OrderCreated
fields:
  - target: id
    expr: externalId
  - target: totl
    expr: amount
`;
    assert.deepStrictEqual(await check(text), [
      { code: 'mapping.coverage.requiredUnmapped', range: rangeOf(text, 'target', 0), message: 'A required target field has no rule: `total`.' },
      { code: 'mapping.target.unknownPath', range: rangeOf(text, 'totl'), message: 'The target has no field `totl`; did you mean `total`?' },
    ]);
  });

  it('unknown messages and operations, with did-you-mean, at the value', async () => {
    let text = mapping('  message: OrderCreatd\n', ORDER_FIELDS);
    assert.deepStrictEqual(await check(text), [
      { code: 'mapping.message.unknown', range: rangeOf(text, 'OrderCreatd'), message: '../specs/events.asyncapi.yaml has no message or operation `OrderCreatd`; did you mean `OrderCreated`?' },
    ]);
    text = mapping('  operation: publishOrdr\n', ORDER_FIELDS);
    assert.deepStrictEqual(await check(text), [
      { code: 'mapping.operation.unknown', range: rangeOf(text, 'publishOrdr'), message: '../specs/events.asyncapi.yaml has no operation `publishOrdr`; did you mean `publishOrder`?' },
    ]);
    text = mapping('  operation: publishOrder\n  message: OrderCancelled\n', ORDER_FIELDS);
    assert.deepStrictEqual(await check(text), [
      { code: 'mapping.message.unknown', range: rangeOf(text, 'OrderCancelled'), message: '`publishOrder` carries no message `OrderCancelled` (it carries `OrderCreated`).' },
    ]);
  });

  it('an operation carrying several messages, none, or one without a payload or in a format mappings cannot read', async () => {
    let text = mapping('  operation: orderEvents\n', ORDER_FIELDS);
    assert.deepStrictEqual(await check(text), [
      { code: 'mapping.message.unknown', range: rangeOf(text, 'orderEvents'), message: 'The operation `orderEvents` carries 2 messages (`OrderCreated`, `OrderCancelled`); name one with `message:`.' },
    ]);
    text = mapping('  message: Empty\n', ORDER_FIELDS);
    assert.deepStrictEqual(await check(text), [
      { code: 'mapping.message.noPayload', range: rangeOf(text, 'Empty'), message: 'The message `Empty` has no payload.' },
    ]);
    text = mapping('  message: Binary\n', ORDER_FIELDS);
    assert.deepStrictEqual(await check(text), [
      { code: 'mapping.message.noPayload', range: rangeOf(text, 'Binary'), message: 'The payload of `Binary` is written as `application/vnd.google.protobuf;version=3`; mappings read JSON Schema, AsyncAPI, OpenAPI and Avro schemas.' },
    ]);
  });

  it('an AsyncAPI side needs a message, and `schema` excludes `message`; `message` needs an AsyncAPI document', async () => {
    let text = mapping('', ORDER_FIELDS);
    assert.deepStrictEqual(await check(text), [
      { code: 'mapping.schema.missing', range: rangeOf(text, '../specs/events.asyncapi.yaml'), message: 'Name the source message in ../specs/events.asyncapi.yaml: add `message: <message id or name>`, `operation: <operation id>` or `schema: "#/components/schemas/…"`.' },
    ]);
    text = mapping('  schema: "#/components/schemas/Order"\n  message: OrderCreated\n', ORDER_FIELDS);
    assert.deepStrictEqual((await check(text)).filter((d) => d.code.startsWith('mapping.schema')), [
      { code: 'mapping.schema.value', range: rangeOf(text, 'source'), message: 'Use either `schema` or `message`, not both.' },
    ]);
    text = mapping('  message: OrderCreated\n', ORDER_FIELDS).replace('../specs/events.asyncapi.yaml', '../specs/erp.openapi.yaml');
    assert.deepStrictEqual(withCodeOf(await check(text), 'mapping.message.unknown'), [
      { code: 'mapping.message.unknown', range: rangeOf(text, 'OrderCreated'), message: '../specs/erp.openapi.yaml is not an AsyncAPI document; `message` needs one.' },
    ]);
  });

  it('Avro payloads (a 3.0 Multi Format Schema Object reaching an .avsc file)', async () => {
    const text = mapping('  message: OrderParked\n', `  - target: externalId
    expr: orderId
  - target: amount
    expr: attempts
  - target: state
    expr: reasn
`);
    assert.deepStrictEqual(await check(text), [
      { code: 'mapping.source.unknownPath', range: rangeOf(text, 'reasn'), message: 'The source has no field `reasn`; did you mean `reason`?' },
    ]);
  });

  it('2.6 documents: a messageId, an OpenAPI-format payload, an operationId whose message is one of several', async () => {
    const side = (s: string) => mapping(s, `  - target: externalId
    expr: id
  - target: amount
    expr: "0"
  - target: state
    expr: emial
`).replace('events.asyncapi.yaml', 'legacy.asyncapi.yaml');
    let text = side('  message: customerUpdated\n');
    assert.deepStrictEqual(await check(text), [
      { code: 'mapping.source.unknownPath', range: rangeOf(text, 'emial'), message: 'The source has no field `emial`; did you mean `email`?' },
    ]);
    text = side('  operation: onCustomerUpdated\n');
    assert.deepStrictEqual((await check(text)).map((d) => d.code), ['mapping.source.unknownPath']);
    text = side('  operation: deleteCustomer\n');
    assert.deepStrictEqual((await check(text)).map((d) => d.message), ['The operation `deleteCustomer` carries 2 messages (`Deleted`, `Purged`); name one with `message:`.']);
    text = side('  operation: deleteCustomer\n  message: Purged\n');
    assert.deepStrictEqual((await check(text)).map((d) => d.message), ['The source has no field `emial` (it has `id`, `at`).']);
  });

  it('editing the AsyncAPI document re-checks the mapping', async () => {
    const text = mapping('  message: OrderCreated\n', ORDER_FIELDS);
    const { service, workspace } = serviceFor({ ...FILES, 'm/x.mapping.yaml': text });
    assert.deepStrictEqual(summary(await service.diagnose(WS + 'm/x.mapping.yaml')), []);
    const changed = events.replace('        total: { type: number }\n', '        sum: { type: number }\n');
    workspace.set(WS + 'specs/events.asyncapi.yaml', changed);
    service.fileChanged(WS + 'specs/events.asyncapi.yaml', 'changed');
    assert.deepStrictEqual(summary(await service.diagnose(WS + 'm/x.mapping.yaml')), [
      { code: 'mapping.source.unknownPath', range: rangeOf(text, 'total'), message: 'The source has no field `total` (it has `id`, `sum`, `status`, `lines`).' },
    ]);
  });

  it('completes messages and operations of the AsyncAPI document, and goes to them', async () => {
    const text = mapping('  message: Ord\n', ORDER_FIELDS);
    const { service } = serviceFor({ ...FILES, 'm/x.mapping.yaml': text });
    const messages = await mappingCompletions(service, WS + 'm/x.mapping.yaml', rangeOf(text, 'Ord').end);
    assert.deepStrictEqual(messages.map((m) => [m.label, m.detail]), [
      ['OrderCreated', 'An order was paid'], ['OrderCancelled', 'message'], ['Parked', 'message'], ['Binary', 'message'], ['Empty', 'no payload'],
    ]);
    const opText = mapping('  operation: orderEvents\n  message: Ord\n', ORDER_FIELDS);
    const { service: s2 } = serviceFor({ ...FILES, 'm/x.mapping.yaml': opText });
    const carried = await mappingCompletions(s2, WS + 'm/x.mapping.yaml', rangeOf(opText, 'Ord').end);
    assert.deepStrictEqual(carried.map((m) => m.label), ['OrderCreated', 'OrderCancelled']);
    const operations = await mappingCompletions(s2, WS + 'm/x.mapping.yaml', rangeOf(opText, 'orderEvents').end);
    assert.deepStrictEqual(operations.map((o) => [o.label, o.detail]), [['publishOrder', 'send shop.orders.{region}'], ['orderEvents', 'receive shop.orders.{region}'], ['parkOrder', 'send orders.dlq']]);
    // Right after `message:`, the completion writes the space a YAML value needs.
    const bare = mapping('  message:\n', ORDER_FIELDS);
    const { service: s4 } = serviceFor({ ...FILES, 'm/x.mapping.yaml': bare });
    const afterColon = await mappingCompletions(s4, WS + 'm/x.mapping.yaml', rangeOf(bare, '  message:').end);
    assert.deepStrictEqual(applyTextEdits(bare, [afterColon.find((i) => i.label === 'OrderCreated')!.textEdit as never]), bare.replace('  message:\n', '  message: OrderCreated\n'));
    const [message] = await mappingDefinition(service, WS + 'm/x.mapping.yaml', rangeOf(text, 'Ord').start);
    assert.strictEqual(message, undefined, 'a partial name leads nowhere');
    const whole = mapping('  message: OrderCreated\n', ORDER_FIELDS);
    const { service: s3 } = serviceFor({ ...FILES, 'm/x.mapping.yaml': whole });
    const [definition] = await mappingDefinition(s3, WS + 'm/x.mapping.yaml', rangeOf(whole, 'OrderCreated').start);
    assert.deepStrictEqual(definition, { uri: WS + 'specs/events.asyncapi.yaml', range: rangeOf(events, 'OrderCreated', 3) });
    const [operation] = await mappingDefinition(s2, WS + 'm/x.mapping.yaml', rangeOf(opText, 'orderEvents').start);
    assert.deepStrictEqual(operation, { uri: WS + 'specs/events.asyncapi.yaml', range: rangeOf(events, 'orderEvents', 3) });
  });

  it('the preview runs a mapping from an AsyncAPI message and checks the sample against its payload', async () => {
    const text = mapping('  message: OrderCreated\n', `${ORDER_FIELDS}  - target: lines\n    each: lines\n    fields:\n      - target: code\n        expr: sku\n      - target: quantity\n        expr: qty\n`);
    const { service } = serviceFor({ ...FILES, 'm/x.mapping.yaml': text });
    const sample = { text: JSON.stringify({ id: 'A-1', total: 12.5, lines: [{ sku: 'S1', qty: 'two' }] }), format: 'json' as const };
    const result = await previewMapping(service, WS + 'm/x.mapping.yaml', { evaluator: new InProcessEvaluator(), timeoutMs: 2000, trusted: true, sample }, neverCancelled);
    assert.strictEqual(result.problem, undefined);
    assert.deepStrictEqual(result.output, { externalId: 'A-1', amount: 12.5, lines: [{ code: 'S1', quantity: 'two' }] });
    assert.deepStrictEqual(result.sourceViolations.map((v) => v.path), ['/lines/0/qty']);
  });
});

/** Runs a feature of the AsyncAPI kind at an offset of an AsyncAPI document among in-memory files. */
async function asyncApiFeature<K extends 'references' | 'rename' | 'prepareRename'>(files: Record<string, string>, path: string, offset: number, feature: K, extra: Record<string, unknown> = {}) {
  const { service } = serviceFor(files);
  const doc = (await service.getDocument(WS + path))!;
  const kind = (await service.kindOf(doc))!;
  const run = kind.features![feature] as KindFeatures[K] as (request: unknown) => Promise<unknown>;
  return run({ service, doc, offset, position: doc.lines.positionAt(offset), token: neverCancelled, ...extra });
}

describe('scaffolding a mapping to or from an AsyncAPI message', () => {
  it('lists the operations and payload pointers of the document, and scaffolds from a message to a schema', async () => {
    const { service, workspace } = serviceFor(FILES);
    const [{ request }] = service.kinds.requests().get('interfaceStudio/schemaChoices')!;
    const choices = (await request.handle(service, { uri: WS + 'specs/events.asyncapi.yaml' }, neverCancelled)) as { pointers: string[]; operations: { id: string; label: string }[] };
    assert.deepStrictEqual(choices.operations, [{ id: 'publishOrder', label: 'send shop.orders.{region}' }, { id: 'orderEvents', label: 'receive shop.orders.{region}' }, { id: 'parkOrder', label: 'send orders.dlq' }]);
    assert.ok(choices.pointers.includes('#/components/messages/OrderCreated/payload') && choices.pointers.includes('#/components/schemas/Order'));
    const result = await scaffoldFromSides(service, WS + 'm/new.mapping.yaml', { uri: WS + 'specs/events.asyncapi.yaml', message: 'OrderCreated' }, { uri: WS + 'specs/erp.openapi.yaml', schema: '#/components/schemas/SalesOrder' });
    assert.ok(result.text, result.problem);
    assert.match(result.text!, /^source:\n {2}spec: \.\.\/specs\/events\.asyncapi\.yaml\n {2}message: OrderCreated\n/m);
    workspace.set(WS + 'm/new.mapping.yaml', result.text!);
    assert.deepStrictEqual(summary(await service.diagnose(WS + 'm/new.mapping.yaml')).filter((d) => !['mapping.field.noRule'].includes(d.code)), []);
    const unknown = await scaffoldFromSides(service, WS + 'm/new.mapping.yaml', { uri: WS + 'specs/events.asyncapi.yaml', message: 'Nope' }, { uri: WS + 'specs/erp.openapi.yaml', schema: '#/components/schemas/SalesOrder' });
    assert.strictEqual(unknown.problem, '../specs/events.asyncapi.yaml has no message or operation `Nope`.');
  });
});

describe('renaming in an AsyncAPI document reaches the mappings and flows that name it', () => {
  it('a component message renamed with the mapping sides that name it by its key', async () => {
    const text = mapping('  message: OrderCancelled\n', '  - target: externalId\n    expr: orderId\n  - target: amount\n    expr: "0"\n');
    const files = { ...FILES, 'm/x.mapping.yaml': text };
    const offset = events.indexOf('    OrderCancelled:\n') + 6;
    const references = (await asyncApiFeature(files, 'specs/events.asyncapi.yaml', offset, 'references', { includeDeclaration: false })) as { uri: string; range: unknown }[];
    assert.deepStrictEqual(references.filter((l) => l.uri.endsWith('.mapping.yaml')), [{ uri: WS + 'm/x.mapping.yaml', range: rangeOf(text, 'OrderCancelled') }]);
    const edit = await asyncApiFeature(files, 'specs/events.asyncapi.yaml', offset, 'rename', { newName: 'OrderVoided' });
    const after = applyWorkspaceEdit({ [WS + 'm/x.mapping.yaml']: text, [WS + 'specs/events.asyncapi.yaml']: events }, edit as never);
    assert.strictEqual(after[WS + 'm/x.mapping.yaml'], text.replace('message: OrderCancelled', 'message: OrderVoided'));
    assert.deepStrictEqual(summary(await diagnose({ ...FILES, 'specs/events.asyncapi.yaml': after[WS + 'specs/events.asyncapi.yaml'], 'm/x.mapping.yaml': after[WS + 'm/x.mapping.yaml'] }, 'm/x.mapping.yaml')), []);
  });

  it('a 2.x operationId renamed from its value, with the flow steps and mapping sides that name it; a taken one is refused', async () => {
    const side = mapping('  operation: onCustomerUpdated\n', '  - target: externalId\n    expr: id\n  - target: amount\n    expr: "0"\n').replace('events.asyncapi.yaml', 'legacy.asyncapi.yaml');
    const flow = 'flow: "1.0"\nparticipants:\n  crm: { name: CRM, spec: ../specs/legacy.asyncapi.yaml }\n  mw: { name: Middleware }\nsteps:\n  - { from: crm, to: mw, operation: onCustomerUpdated }\n';
    const files = { ...FILES, 'm/x.mapping.yaml': side, 'flows/f.flow.yaml': flow };
    const offset = legacy.indexOf('onCustomerUpdated') + 2;
    const prepared = (await asyncApiFeature(files, 'specs/legacy.asyncapi.yaml', offset, 'prepareRename')) as { range: unknown; placeholder: string };
    assert.deepStrictEqual(prepared, { range: rangeOf(legacy, 'onCustomerUpdated'), placeholder: 'onCustomerUpdated' });
    const references = (await asyncApiFeature(files, 'specs/legacy.asyncapi.yaml', offset, 'references', { includeDeclaration: true })) as { uri: string; range: unknown }[];
    assert.deepStrictEqual(references.map((l) => l.uri.slice(WS.length)).sort(), ['flows/f.flow.yaml', 'm/x.mapping.yaml', 'specs/legacy.asyncapi.yaml']);
    const edit = await asyncApiFeature(files, 'specs/legacy.asyncapi.yaml', offset, 'rename', { newName: 'customerChanged' });
    const after = applyWorkspaceEdit({ [WS + 'm/x.mapping.yaml']: side, [WS + 'flows/f.flow.yaml']: flow, [WS + 'specs/legacy.asyncapi.yaml']: legacy }, edit as never);
    assert.strictEqual(after[WS + 'flows/f.flow.yaml'], flow.replace('operation: onCustomerUpdated', 'operation: customerChanged'));
    assert.strictEqual(after[WS + 'm/x.mapping.yaml'], side.replace('operation: onCustomerUpdated', 'operation: customerChanged'));
    assert.strictEqual(after[WS + 'specs/legacy.asyncapi.yaml'], legacy.replace('operationId: onCustomerUpdated', 'operationId: customerChanged'));
    await assert.rejects(asyncApiFeature(files, 'specs/legacy.asyncapi.yaml', offset, 'rename', { newName: 'deleteCustomer' }), /already taken/);
  });
});

function withCodeOf(found: { code: string }[], code: string) {
  return found.filter((d) => d.code === code);
}
