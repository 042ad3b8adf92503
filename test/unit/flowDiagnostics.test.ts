import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { diagnose, rangeOf, serviceFor, summary, WS } from '../support/service';

const erp = `openapi: 3.0.3
info: { title: ERP, version: '1' }
paths:
  /customers:
    post:
      operationId: createCustomer
      requestBody: { content: { application/json: { schema: { type: object } } } }
      responses: { '201': { description: Created } }
  /salesOrders:
    post:
      operationId: createSalesOrder
      requestBody: { content: { application/json: { schema: { type: object } } } }
      responses: { '201': { description: Created } }
`;
const mapping = (operation: string, spec = 'erp.openapi.yaml') => `mapping: "1.0"\nsource: { spec: shop.openapi.yaml }\ntarget: { spec: ${spec}, operation: ${operation} }\nfields: []\n`;

const files = (flow: string): Record<string, string> => ({
  'erp.openapi.yaml': erp,
  'order.mapping.yaml': mapping('createSalesOrder'),
  'customer.mapping.yaml': mapping('createCustomer'),
  'f.flow.yaml': flow,
});

const head = `flow: "1.0"
participants:
  shop: { name: Web shop }
  mw: { name: Integration layer }
  erp: { name: ERP, spec: erp.openapi.yaml }
steps:
`;

describe('flow diagnostics', () => {
  it('a correct flow is clean', async () => {
    const flow = head + `  - { from: shop, to: mw, message: created, async: true }
  - { from: mw, to: erp, operation: createSalesOrder, mapping: order.mapping.yaml, reply: 201 }
  - alt:
      - when: ok
        steps: [ { note: done, over: [mw, erp] } ]
`;
    assert.deepEqual(await diagnose(files(flow), 'f.flow.yaml'), []);
  });

  it('reports unknown participants in steps and notes, with did-you-mean, at the id', async () => {
    const flow = head + `  - { from: shp, to: mw, message: a }\n  - { note: x, over: [mw, epr] }\n  - { from: mw, to: nobody, message: b }\n`;
    assert.deepEqual(summary(await diagnose(files(flow), 'f.flow.yaml')), [
      { code: 'flow.participant.unknown', range: rangeOf(flow, 'shp'), message: 'Unknown participant `shp`; did you mean `shop`?' },
      { code: 'flow.participant.unknown', range: rangeOf(flow, 'epr'), message: 'Unknown participant `epr`; did you mean `erp`?' },
      { code: 'flow.participant.unknown', range: rangeOf(flow, 'nobody'), message: 'Unknown participant `nobody`.' },
    ]);
  });

  it("reports an operationId missing from the receiving participant's spec, with did-you-mean", async () => {
    const flow = head + `  - { from: mw, to: erp, operation: createSalesOrdr }\n  - { from: shop, to: mw, operation: anything }\n`;
    assert.deepEqual(summary(await diagnose(files(flow), 'f.flow.yaml')), [
      { code: 'flow.operation.unknown', range: rangeOf(flow, 'createSalesOrdr'), message: '`erp.openapi.yaml` (erp) has no operation `createSalesOrdr`; did you mean `createSalesOrder`?' },
      { code: 'flow.operation.noSpec', range: rangeOf(flow, 'anything'), message: '`mw` has no `spec`, so the operation `anything` cannot be checked.' },
    ]);
  });

  it('reports a mapping whose target is another operation', async () => {
    const flow = head + `  - { from: mw, to: erp, operation: createSalesOrder, mapping: customer.mapping.yaml }\n`;
    assert.deepEqual(summary(await diagnose(files(flow), 'f.flow.yaml')), [
      { code: 'flow.mapping.mismatch', range: rangeOf(flow, 'customer.mapping.yaml'), message: '`customer.mapping.yaml` builds the request body of `createCustomer`, not the request body of `createSalesOrder` in `erp.openapi.yaml`.' },
    ]);
  });

  it('reports missing spec and mapping files and specs that are not OpenAPI', async () => {
    const flow = `flow: "1.0"
participants:
  a: { spec: missing.openapi.yaml }
  b: { spec: order.mapping.yaml }
steps:
  - { from: a, to: b, mapping: nowhere.mapping.yaml }
`;
    assert.deepEqual(summary(await diagnose(files(flow), 'f.flow.yaml')), [
      { code: 'flow.file.notFound', range: rangeOf(flow, 'missing.openapi.yaml'), message: 'File not found: `missing.openapi.yaml`.' },
      { code: 'flow.spec.notOpenApi', range: rangeOf(flow, 'order.mapping.yaml'), message: '`order.mapping.yaml` is not an OpenAPI or AsyncAPI document (its root has no `openapi`, `swagger` or `asyncapi` version).' },
      { code: 'flow.file.notFound', range: rangeOf(flow, 'nowhere.mapping.yaml'), message: 'File not found: `nowhere.mapping.yaml`.' },
    ]);
  });

  it('reports empty alt/opt/loop/par branches', async () => {
    const flow = head + `  - alt:
      - when: ok
        steps: []
      - when: otherwise
  - opt: { when: maybe, steps: [] }
`;
    assert.deepEqual(summary(await diagnose(files(flow), 'f.flow.yaml')), [
      { code: 'flow.branch.empty', range: rangeOf(flow, '[]'), message: 'The branch `ok` has no steps.' },
      { code: 'flow.branch.empty', range: rangeOf(flow, 'otherwise'), message: 'The branch `otherwise` has no steps.' },
      { code: 'flow.branch.empty', range: rangeOf(flow, '[]', 1), message: 'The branch `maybe` has no steps.' },
    ]);
  });

  it('accepts any participant kind; one a typo away from a known kind gets a hint with a did-you-mean', async () => {
    const flow = `flow: "1.0"
participants:
  cron: { name: Nightly job, kind: scheduler }
  drop: { name: SFTP drop, kind: sftp }
  crm: { name: CRM, kind: saas }
  bank: { name: Bank, kind: partner }
  events: { name: order-events, kind: queu }
  orders: { name: Orders DB, kind: databse }
  clerk: { name: Clerk, kind: Actor }
  mw: { name: ESB, kind: middleware }
steps:
  - { from: cron, to: drop, message: start }
`;
    const diagnostics = await diagnose(files(flow), 'f.flow.yaml');
    assert.deepEqual(summary(diagnostics), [
      { code: 'flow.participant.unknownKind', range: rangeOf(flow, 'queu'), message: '`queu` is not a known participant kind, so it is drawn as a plain participant; did you mean `queue`?' },
      { code: 'flow.participant.unknownKind', range: rangeOf(flow, 'databse'), message: '`databse` is not a known participant kind, so it is drawn as a plain participant; did you mean `database`?' },
    ]);
    assert.ok(diagnostics.every((d) => d.severity === DiagnosticSeverity.Hint));
    assert.deepEqual(diagnostics.map((d) => d.data), [{ suggestion: 'queue' }, { suggestion: 'database' }]);
  });

  it('checks the shape against the flow schema with friendly messages at the key or value; a misspelt key is one finding', async () => {
    const flow = `flow: "2.0"
participants:
  a: { name: A, kind: 7 }
steps:
  - { from: a, too: a }
  - { note: hi }
  - { from: a, to: a, async: "yes" }
`;
    assert.deepEqual(summary(await diagnose(files(flow), 'f.flow.yaml')), [
      { code: 'flow.schema', range: rangeOf(flow, '"2.0"'), message: '`flow` must be "1.0".' },
      { code: 'flow.schema', range: rangeOf(flow, '7'), message: '`kind` must be a string, not a number.' },
      { code: 'flow.schema', range: rangeOf(flow, 'too'), message: 'Unknown key `too`; did you mean `to`?' },
      { code: 'flow.schema', range: rangeOf(flow, 'note'), message: '`note` needs `over` in the same step.' },
      { code: 'flow.schema', range: rangeOf(flow, '"yes"'), message: '`async` must be a boolean, not a string.' },
    ]);
  });

  it('words a value that fits one form of several by that form, and one that fits none by all of them', async () => {
    const flow = `flow: "1.0"
participants:
  a: { name: A }
steps:
  - { note: hi, over: [a, a, a] }
  - { note: hi, over: 7 }
  - { to: a }
`;
    assert.deepEqual(summary(await diagnose(files(flow), 'f.flow.yaml')).filter((d) => d.code === 'flow.schema'), [
      { code: 'flow.schema', range: rangeOf(flow, '[a, a, a]'), message: '`over` takes at most 2 items.' },
      { code: 'flow.schema', range: rangeOf(flow, '7'), message: '`over` must be a participant id or a list of one or two participant ids.' },
      { code: 'flow.schema', range: rangeOf(flow, 'to'), message: '`to` needs `from` in the same step.' },
    ]);
  });

  it('re-checks a flow when the spec or mapping it uses changes', async () => {
    const flow = head + `  - { from: mw, to: erp, operation: createSalesOrder, mapping: order.mapping.yaml }\n`;
    const { service, workspace } = serviceFor(files(flow));
    assert.deepEqual(await service.diagnose(WS + 'f.flow.yaml'), []);
    assert.ok(service.dependentsOf(WS + 'erp.openapi.yaml').includes(WS + 'f.flow.yaml'));
    assert.ok(service.dependentsOf(WS + 'order.mapping.yaml').includes(WS + 'f.flow.yaml'));
    workspace.set(WS + 'erp.openapi.yaml', erp.replace('createSalesOrder', 'postSalesOrder'));
    service.fileChanged(WS + 'erp.openapi.yaml', 'changed');
    assert.deepEqual((await service.diagnose(WS + 'f.flow.yaml')).map((d) => d.code), ['flow.operation.unknown']);
    workspace.set(WS + 'erp.openapi.yaml', erp);
    workspace.set(WS + 'order.mapping.yaml', mapping('createCustomer'));
    assert.deepEqual((await service.diagnose(WS + 'f.flow.yaml')).map((d) => d.code), ['flow.mapping.mismatch']);
  });

  it('depends on every file of a multi-file spec', async () => {
    const { service } = serviceFor({
      'api.openapi.yaml': `openapi: 3.0.3\ninfo: { title: A, version: '1' }\npaths:\n  /x:\n    $ref: './paths.yaml#/x'\n`,
      'paths.yaml': `x:\n  get:\n    operationId: getX\n    responses: { '200': { description: OK } }\n`,
      'f.flow.yaml': `flow: "1.0"\nparticipants: { a: {}, b: { spec: api.openapi.yaml } }\nsteps:\n  - { from: a, to: b, operation: getX }\n`,
    });
    assert.deepEqual(await service.diagnose(WS + 'f.flow.yaml'), []);
    assert.ok(service.dependentsOf(WS + 'paths.yaml').includes(WS + 'f.flow.yaml'));
  });
});
