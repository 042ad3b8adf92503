import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { flowDiagram } from '../../server/src/service/flow/toMermaid';
import { serviceFor, rangeOf, WS } from '../support/service';

const erp = `openapi: 3.0.3
info: { title: ERP, version: '1' }
paths:
  /salesOrders:
    post:
      operationId: createSalesOrder
      summary: Create a sales order
      responses: { '201': { description: Created } }
  /customers/{id}:
    get:
      operationId: getCustomer
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses: { '200': { description: OK } }
`;

async function diagram(flow: string, files: Record<string, string> = {}) {
  const { service } = serviceFor({ 'erp.openapi.yaml': erp, 'f.flow.yaml': flow, ...files });
  const result = await flowDiagram(service, WS + 'f.flow.yaml');
  assert.ok(result);
  return result;
}

const head = `flow: "1.0"
participants:
  shop: { name: Web shop }
  mw: { name: Integration layer, kind: middleware }
  erp: { name: ERP, spec: erp.openapi.yaml }
steps:
`;

describe('flow → Mermaid sequence diagram', () => {
  it('declares participants with their names, actors as actors, and the title', async () => {
    const { mermaid } = await diagram(`flow: "1.0"\ntitle: Order to cash\nparticipants:\n  clerk: { name: Sales clerk, kind: actor }\n  erp: { spec: erp.openapi.yaml }\nsteps: []\n`);
    assert.equal(mermaid, 'sequenceDiagram\n  title Order to cash\n  actor clerk as Sales clerk\n  participant erp as erp\n');
  });

  it('labels operation steps with method and path, replies dashed, async messages with open arrows', async () => {
    const flow = head + `  - { from: shop, to: mw, message: order created, async: true }
  - from: mw
    to: erp
    operation: createSalesOrder
    reply: 201 Created
  - { from: mw, to: shop, message: done, reply: ok, async: true }
`;
    const { mermaid, links } = await diagram(flow);
    assert.equal(mermaid, `sequenceDiagram
  participant shop as Web shop
  participant mw as Integration layer
  participant erp as ERP
  shop-)mw: order created
  mw->>erp: POST /salesOrders
  erp-->>mw: 201 Created
  mw-)shop: done
  shop--)mw: ok
`);
    assert.deepEqual(links.map((l) => l.message), [0, 1, 2, 3, 4]);
    assert.deepEqual(links[1].range, rangeOf(flow, 'createSalesOrder'));
    assert.deepEqual(links[2].range, rangeOf(flow, '201 Created'));
    assert.ok(links.every((l) => l.uri === WS + 'f.flow.yaml'));
  });

  it('keeps the operationId as the label when the operation is unknown', async () => {
    const { mermaid } = await diagram(head + '  - { from: mw, to: erp, operation: createSalesOrdr }\n');
    assert.match(mermaid, /mw->>erp: createSalesOrdr\n/);
  });

  it('renders alt/else, opt, loop and par/and blocks and notes, nested', async () => {
    const flow = head + `  - alt:
      - when: ERP up
        steps:
          - { from: mw, to: erp, operation: getCustomer }
      - when: otherwise
        steps:
          - { note: posted later, over: [mw, erp] }
  - opt:
      when: new customer
      steps:
        - loop:
            when: every page
            steps: [ { from: mw, to: shop, message: next page } ]
  - par:
      - when: to the ERP
        steps: [ { from: mw, to: erp, message: a } ]
      - steps: [ { note: single, over: mw } ]
`;
    const { mermaid, links } = await diagram(flow);
    assert.equal(mermaid, `sequenceDiagram
  participant shop as Web shop
  participant mw as Integration layer
  participant erp as ERP
  alt ERP up
    mw->>erp: GET /customers/{id}
  else otherwise
    Note over mw,erp: posted later
  end
  opt new customer
    loop every page
      mw->>shop: next page
    end
  end
  par to the ERP
    mw->>erp: a
  and
    Note over mw: single
  end
`);
    assert.equal(links.length, 3);
    assert.deepEqual(links[2].range, rangeOf(flow, '{ from: mw, to: erp, message: a }'));
  });

  it('draws each known kind with its Mermaid shape, and any other kind as a plain participant', async () => {
    const flow = `flow: "1.0"
participants:
  clerk: { name: Clerk, kind: actor }
  portal: { name: Portal, kind: boundary }
  orchestrator: { name: Orchestrator, kind: control }
  order: { name: Order, kind: entity }
  orders: { name: Orders DB, kind: database }
  workers: { name: Workers, kind: collections }
  events: { name: order-events, kind: queue }
  erp: { name: ERP, kind: system }
  api: { name: API, kind: service }
  mw: { name: ESB, kind: middleware }
  cron: { name: Nightly job, kind: scheduler }
  drop: { name: SFTP drop, kind: sftp }
  bank: { name: Bank, kind: partner }
  plain: { name: Plain }
steps: []
`;
    const { mermaid } = await diagram(flow);
    assert.equal(mermaid, `sequenceDiagram
  actor clerk as Clerk
  participant portal@{ "type": "boundary" } as Portal
  participant orchestrator@{ "type": "control" } as Orchestrator
  participant order@{ "type": "entity" } as Order
  participant orders@{ "type": "database" } as Orders DB
  participant workers@{ "type": "collections" } as Workers
  participant events@{ "type": "queue" } as order-events
  participant erp as ERP
  participant api as API
  participant mw as ESB
  participant cron as Nightly job
  participant drop as SFTP drop
  participant bank as Bank
  participant plain as Plain
`);
  });

  it('reads kinds in any letter case, accepts a few other words for the shapes, and shapes generated ids too', async () => {
    const flow = `flow: "1.0"
participants:
  "order-db": { name: Orders, kind: Database }
  person: { name: Ann, kind: person }
  topic: { name: events, kind: topic }
  "legacy db": { kind: db }
  u: { name: User, kind: User }
steps: []
`;
    const { mermaid } = await diagram(flow);
    assert.equal(mermaid, `sequenceDiagram
  participant p1@{ "type": "database" } as Orders
  actor person as Ann
  participant topic@{ "type": "queue" } as events
  participant p2@{ "type": "database" } as legacy db
  actor u as User
`);
  });

  it('escapes labels so that they can neither break the syntax nor inject markup', async () => {
    const flow = `flow: "1.0"
participants:
  "my-shop": { name: "Shop; <b>bold</b>: #1, @home" }
  end: { name: wrap }
steps:
  - { from: my-shop, to: end, message: "<img src=x onerror=alert(1)> ; # %% end\\nalt" }
  - { note: "a;b", over: end }
  - opt: { when: "x # y", steps: [ { from: end, to: my-shop, message: ok } ] }
`;
    const { mermaid } = await diagram(flow);
    assert.equal(mermaid, `sequenceDiagram
  participant p1 as Shop#59; #60;b#62;bold#60;/b#62;#58; #35;1#44; #64;home
  participant p2 as #119;rap
  p1->>p2: #60;img src=x onerror=alert(1)#62; #59; #35; #37;#37; end alt
  Note over p2: a#59;b
  opt x #35; y
    p2->>p1: ok
  end
`);
  });

  it('renders the example order-to-cash flow with every operation labelled', async () => {
    const files = examples();
    const { service } = serviceFor(files);
    const result = await flowDiagram(service, WS + 'flows/order-to-cash.flow.yaml');
    assert.ok(result);
    assert.match(result.mermaid, /mw->>shop: GET \/customers\/\{customerId\}\n/);
    assert.match(result.mermaid, /mw->>erp: POST \/customers\n/);
    assert.match(result.mermaid, /mw->>erp: POST \/salesOrders\n/);
    assert.match(result.mermaid, /alt 201 Created\n/);
    assert.match(result.mermaid, /else ERP unavailable \(5xx, timeout\)\n/);
    assert.match(result.mermaid, /participant dlq@\{ "type": "queue" \} as orders.dlq\n/);
    // The queue's AsyncAPI operations: the channel address and the message, as async arrows.
    assert.match(result.mermaid, /mw-\)dlq: orders\.dlq · OrderParked\n/);
    assert.match(result.mermaid, /dlq-\)mw: orders\.dlq · OrderParked\n/);
    assert.equal(result.links.length, (result.mermaid.match(/(->>|-->>|-\)|--\))/g) ?? []).length);
  });
});

/** The examples/ workspace in memory, with the mappings the flow names (when not there yet). */
export function examples(): Record<string, string> {
  const files: Record<string, string> = {};
  const read = (path: string) => (files[path] = readFileSync('examples/' + path, 'utf8'));
  for (const path of ['specs/shop.openapi.yaml', 'specs/erp/erp.openapi.yaml', 'specs/erp/schemas/customer.yaml', 'specs/erp/schemas/salesOrder.yaml', 'specs/erp/schemas/address.yaml', 'specs/erp/common/errors.yaml', 'specs/order-events.asyncapi.yaml', 'flows/order-to-cash.flow.yaml']) read(path);
  for (const [name, operation] of [['order-to-salesorder', 'createSalesOrder'], ['customer-to-erp', 'createCustomer']]) {
    const path = `mappings/${name}.mapping.yaml`;
    try {
      read(path);
    } catch {
      files[path] = `mapping: "1.0"\nsource: { spec: ../specs/shop.openapi.yaml, schema: "#/components/schemas/Order" }\ntarget: { spec: ../specs/erp/erp.openapi.yaml, operation: ${operation} }\nfields: []\n`;
    }
  }
  return files;
}
