import assert from 'node:assert/strict';
import { neverCancelled } from '../../server/src/service/cancellation';
import { InProcessEvaluator } from '../../server/src/service/preview/evaluator';
import { readCsv, readXml, renderPayload } from '../../server/src/service/preview/payload';
import { previewMapping } from '../../server/src/service/preview/preview';
import { serviceFor, WS } from '../support/service';
import { MAPPING, SPEC } from '../support/previewFixtures';

const account = {
  type: 'object',
  properties: {
    Id: { type: 'string' },
    Employees: { type: 'integer' },
    Active: { type: 'boolean' },
    Rating: { type: 'number' },
    BillingAddress: { type: 'object', properties: { city: { type: 'string' }, zip: { type: 'string' } } },
    Contacts: { type: 'array', items: { type: 'object', properties: { Email: { type: 'string' }, id: { type: 'integer' } } } },
    Tags: { type: 'array', items: { type: 'string' } },
    Amount: { type: 'number' },
  },
};

describe('mapping preview: XML samples', () => {
  it('drops the root element, types scalars by the schema and makes arrays where the schema says array', () => {
    const xml = `<?xml version="1.0"?>
<Account>
  <Id>007</Id>
  <Employees>12</Employees>
  <Active>true</Active>
  <BillingAddress><city>Berlin</city><zip>01234</zip></BillingAddress>
  <Contacts id="5"><Email>a@x.test</Email></Contacts>
  <Tags>one</Tags>
  <Amount currency="EUR">12.50</Amount>
</Account>`;
    assert.deepEqual(readXml(xml, account).value, {
      Id: '007',
      Employees: 12,
      Active: true,
      BillingAddress: { city: 'Berlin', zip: '01234' },
      Contacts: [{ '@id': 5, Email: 'a@x.test' }],
      Tags: ['one'],
      Amount: 12.5,
    });
  });

  it('keeps text beside attributes as #text and repeated elements as arrays', () => {
    const xml = '<r><Note lang="en">Hi</Note><Contacts><Email>a</Email></Contacts><Contacts><Email>b</Email></Contacts></r>';
    assert.deepEqual(readXml(xml, account).value, { Note: { '@lang': 'en', '#text': 'Hi' }, Contacts: [{ Email: 'a' }, { Email: 'b' }] });
  });

  it('names the line of a syntax error', () => {
    assert.match(readXml('<a>\n<b></a>', undefined).error ?? '', /line 2/);
  });
});

describe('mapping preview: CSV samples', () => {
  it('reads the header row and types each row by the item schema; empty cells are absent', () => {
    const csv = 'Id,Employees,Active,BillingAddress.city\n1,10,true,Berlin\n2,,false,\n';
    assert.deepEqual(readCsv(csv, { type: 'array', items: account }).value, [
      { Id: '1', Employees: 10, Active: true, BillingAddress: { city: 'Berlin' } },
      { Id: '2', Active: false },
    ]);
  });

  it('runs a mapping whose source schema is an object once per row', async () => {
    const csv = 'Id,Name,Status__c,Employees\n1,Acme,Active,5\n2,Globex,,x\n';
    const { service } = serviceFor({ 'specs/crm.openapi.yaml': SPEC, 'm.mapping.yaml': MAPPING, 'samples/accounts.csv': csv });
    const result = await previewMapping(service, WS + 'm.mapping.yaml', { evaluator: new InProcessEvaluator(), timeoutMs: 2000, trusted: true, sample: { uri: WS + 'samples/accounts.csv' } }, neverCancelled);
    assert.deepEqual(result.output, [
      { companyName: 'Acme', externalId: 'SF-1', status: 'ACTIVE', headcount: 5 },
      { companyName: 'Globex', externalId: 'SF-2', status: 'UNKNOWN', headcount: 'x' },
    ]);
    assert.deepEqual(result.sourceViolations, [{ path: '/1/Employees', message: 'must be an integer, not the string "x"' }]);
    assert.deepEqual(result.targetViolations.map((v) => [v.path, v.target]), [['/1/headcount', 'headcount']]);
    const companyName = result.trace.find((t) => t.target === 'companyName');
    assert.deepEqual([companyName?.value, companyName?.items], [['Acme', 'Globex'], 2]);
  });

  it('renders an output as CSV and as XML for targets in those formats', () => {
    assert.equal(renderPayload([{ a: 1, b: { c: 'x,y' } }, { a: 2 }], 'csv'), 'a,b.c\n1,"x,y"\n2,\n');
    assert.equal(renderPayload({ a: 1, b: ['x', 'y'] }, 'xml'), '<root>\n  <a>1</a>\n  <b>x</b>\n  <b>y</b>\n</root>\n');
  });
});
