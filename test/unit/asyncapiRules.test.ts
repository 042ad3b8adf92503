import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { diagnose, rangeOf, summary } from '../support/service';

const v3 = readFileSync('test/fixtures/asyncapi/streetlights-3.yaml', 'utf8');
const v2 = readFileSync('test/fixtures/asyncapi/streetlights-2.yaml', 'utf8');

/** The diagnostics of one AsyncAPI document (with other files beside it). */
async function check(text: string, others: Record<string, string> = {}, name = 'events.yaml') {
  return summary(await diagnose({ [name]: text, ...others }, name));
}

function edit(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `the fixture contains ${from}`);
  return text.replace(from, to);
}

describe('AsyncAPI checks', () => {
  it('a correct 3.0 and a correct 2.6 document (YAML) give no finding', async () => {
    assert.deepEqual(await check(v3), []);
    assert.deepEqual(await check(v2), []);
  });

  it('a correct document written in JSON gives no finding, a broken one a finding at the key', async () => {
    const json = JSON.stringify({ asyncapi: '3.0.0', info: { title: 'T', version: '1' }, channels: { c: { address: 'a', messages: { m: { payload: { type: 'string' } } } } } }, null, 2);
    assert.deepEqual(await check(json, {}, 'events.json'), []);
    const broken = json.replace('"title"', '"titel"');
    // The misspelt key is the one defect: its right spelling is not reported missing as well.
    assert.deepEqual(await check(broken, {}, 'events.json'), [
      { code: 'asyncapi.schema.unknownKey', range: rangeOf(broken, '"titel"'), message: '`titel` is not allowed in an Info Object; did you mean `title`?' },
    ]);
    const acton = edit(v3, 'action: send', 'acton: send');
    assert.deepEqual(await check(acton), [
      { code: 'asyncapi.schema.unknownKey', range: rangeOf(acton, 'acton'), message: '`acton` is not allowed in an Operation Object; did you mean `action`?' },
    ]);
    const missing = edit(v3, '    action: send\n', '');
    assert.deepEqual((await check(missing)).map((d) => [d.code, d.message]), [['asyncapi.schema.missingKey', 'An Operation Object requires `action`.']]);
  });

  it('is recognised by its root whatever the file is called; other versions are not AsyncAPI', async () => {
    assert.deepEqual(await check(edit(v3, 'summary: Inform', 'sumary: Inform'), {}, 'whatever.yml').then((d) => d.map((x) => x.code)), ['asyncapi.schema.unknownKey']);
    assert.deepEqual(await check('asyncapi: 1.2.0\ninfo: {}\n'), []);
  });

  it('reports schema defects once each, at the key or value, with did-you-mean', async () => {
    const text = edit(edit(edit(v3, 'summary: Inform', 'sumary: Inform'), 'action: send', 'action: sned'), '  version: 1.0.0\n', '');
    assert.deepEqual(await check(text), [
      { code: 'asyncapi.schema.missingKey', range: rangeOf(text, 'info'), message: 'An Info Object requires `version`.' },
      { code: 'asyncapi.schema.unknownKey', range: rangeOf(text, 'sumary'), message: '`sumary` is not allowed in an Operation Object; did you mean `summary`?' },
      { code: 'asyncapi.schema.value', range: rangeOf(text, 'sned'), message: '`action` must be one of `send`, `receive`; got `sned`. Did you mean `send`?' },
    ]);
  });

  it('names binding objects in schema findings (Kafka)', async () => {
    const text = edit(v3, '          clientId:\n', '          clientID:\n');
    const found = withCodeOf(await check(text), 'asyncapi.schema.unknownKey');
    assert.equal(found.length, 1);
    assert.match(found[0].message, /`clientID` is not allowed in a Kafka Operation Binding Object; did you mean `clientId`\?/);
  });

  it('checks earlier 2.x documents against the 2.6 schema without complaining about their version', async () => {
    assert.deepEqual(await check(edit(v2, 'asyncapi: 2.6.0', 'asyncapi: 2.4.0')), []);
  });

  it('reports unresolved $refs, locally and across files; resolved ones across files are fine', async () => {
    const local = edit(v3, "$ref: '#/components/schemas/lightMeasuredPayload'", "$ref: '#/components/schemas/lightMeasuredPayloa'");
    assert.deepEqual(await check(local), [
      { code: 'asyncapi.ref.unresolved', range: rangeOf(local, "'#/components/schemas/lightMeasuredPayloa'"), message: "`#/components/schemas/lightMeasuredPayloa` cannot be resolved: this document has no `lightMeasuredPayloa` at `#/components/schemas`; did you mean `lightMeasuredPayload`?" },
      { code: 'asyncapi.component.unused', range: rangeOf(local, 'lightMeasuredPayload'), message: 'The component `lightMeasuredPayload` (schemas) is not used.' },
    ]);
    const external = edit(v3, "$ref: '#/components/schemas/sentAt'", "$ref: 'common.yaml#/sentAt'");
    assert.deepEqual(await check(external, { 'common.yaml': 'sentAt: { type: string, format: date-time }\n' }), []);
    assert.deepEqual((await check(external, { 'common.yaml': 'sentat: { type: string }\n' })).map((d) => d.code), ['asyncapi.ref.unresolved']);
    assert.deepEqual((await check(external)).map((d) => [d.code, d.message]), [['asyncapi.ref.fileNotFound', 'The file `common.yaml` does not exist.']]);
  });

  it('reports address expressions without a parameter and parameters absent from the address (3.0)', async () => {
    const text = edit(v3, 'action.{streetlightId}.turn.on', 'action.{streetlightID}.turn.on');
    assert.deepEqual(await check(text), [
      { code: 'asyncapi.channel.parameterUndeclared', range: rangeOf(text, '{streetlightID}'), message: 'The channel address uses `{streetlightID}`, but the channel declares no parameter `streetlightID`; did you mean `streetlightId`?' },
      { code: 'asyncapi.channel.parameterNotInAddress', range: rangeOf(text, 'streetlightId', 3), message: 'The parameter `streetlightId` does not appear in the channel address `smartylighting.streetlights.1.0.action.{streetlightID}.turn.on`.' },
    ]);
  });

  it('reports channel-name expressions without a parameter in a quoted 2.x key, at the expression', async () => {
    const text = edit(v2, 'smartylighting/streetlights/1/0/action/{streetlightId}/turn/on:', "'smartylighting/streetlights/1/0/action/{streetlightId}/{mode}':");
    assert.deepEqual(await check(text), [
      { code: 'asyncapi.channel.parameterUndeclared', range: rangeOf(text, '{mode}'), message: 'The channel address uses `{mode}`, but the channel declares no parameter `mode`.' },
    ]);
  });

  it('reports 3.0 operations naming a missing channel or a message their channel does not carry', async () => {
    const text = edit(edit(v3, "$ref: '#/channels/lightTurnOn'\n", "$ref: '#/channels/lightTurnOff'\n"), "- $ref: '#/channels/lightingMeasured/messages/lightMeasured'", "- $ref: '#/components/messages/turnOnOff'");
    assert.deepEqual(await check(text), [
      { code: 'asyncapi.operation.messageNotInChannel', range: rangeOf(text, "'#/components/messages/turnOnOff'", 1), message: 'The channel `lightingMeasured` does not carry the message `turnOnOff`; an operation\'s messages must be messages of its channel (`#/channels/lightingMeasured/messages/…`).' },
      { code: 'asyncapi.operation.unknownChannel', range: rangeOf(text, "'#/channels/lightTurnOff'"), message: 'The operation `turnOn` names the channel `lightTurnOff`, which `channels` does not define; did you mean `lightTurnOn`?' },
    ]);
  });

  it('reports a 3.0 reply listing a message its reply channel does not carry; the reply channel\'s own messages are fine', async () => {
    const doc = (replied: string) => [
      'asyncapi: 3.0.0', 'info: { title: T, version: "1" }',
      'channels:',
      '  requests: { address: requests, messages: { ask: { payload: { type: string } } } }',
      '  replies: { address: replies, messages: { answer: { payload: { type: string } } } }',
      'operations:', '  ask:', '    action: send', '    channel: { $ref: "#/channels/requests" }',
      '    reply:', '      channel: { $ref: "#/channels/replies" }', `      messages: [ { $ref: "${replied}" } ]`, '',
    ].join('\n');
    assert.deepEqual(await check(doc('#/channels/replies/messages/answer')), []);
    const wrong = doc('#/channels/requests/messages/ask');
    assert.deepEqual(await check(wrong), [
      { code: 'asyncapi.operation.messageNotInChannel', range: rangeOf(wrong, '"#/channels/requests/messages/ask"'), message: 'The reply channel `replies` does not carry the message `ask`; a reply\'s messages must be messages of its channel.' },
    ]);
  });

  it('a 3.0 operation naming a channel of components is reported', async () => {
    const text = edit(v3, "components:\n  messages:", "components:\n  channels:\n    spare: { address: spare }\n  messages:").replace("$ref: '#/channels/lightTurnOn'\n", "$ref: '#/components/channels/spare'\n");
    assert.deepEqual((await check(text)).map((d) => [d.code, d.message]), [
      ['asyncapi.operation.unknownChannel', 'The operation `turnOn` must name a channel of the root `channels` (`#/channels/…`), not `#/components/channels/spare`.'],
    ]);
  });

  it('reports duplicate operationIds and messageIds (2.x) at every use; one message used twice is no duplicate', async () => {
    const text = edit(edit(v2, 'operationId: turnOn', 'operationId: receiveLightMeasurement'), 'messageId: dimLight', 'messageId: turnOnOff');
    const found = await check(text);
    assert.deepEqual(withCodeOf(found, 'asyncapi.operationId.duplicate').map((d) => d.range), [rangeOf(text, 'receiveLightMeasurement', 0), rangeOf(text, 'receiveLightMeasurement', 1)]);
    assert.deepEqual(withCodeOf(found, 'asyncapi.messageId.duplicate').map((d) => d.range), [rangeOf(text, 'turnOnOff', 3), rangeOf(text, 'turnOnOff', 5)]);
    const twice = edit(v2, "- $ref: '#/components/messages/dimLight'", "- $ref: '#/components/messages/lightMeasured'").replace(/    dimLight:\n[\s\S]*?(?=  schemas:)/, '');
    assert.deepEqual(await check(twice), []);
  });

  it('reports message examples that do not match their JSON Schema payload, headers or Avro payload', async () => {
    const json = edit(v3, '{ lumens: 3,', '{ lumens: -3,');
    assert.deepEqual(await check(json), [
      { code: 'asyncapi.example.mismatch', range: rangeOf(json, '-3'), message: 'The example payload does not match its schema: `lumens` must be at least 0.' },
    ]);
    const avro = edit(v2, 'percentage: 40', 'percentage: "40"');
    assert.deepEqual(await check(avro), [
      { code: 'asyncapi.example.mismatch', range: rangeOf(avro, '"40"'), message: 'The example payload does not match its schema: `percentage` must be an int (32-bit integer).' },
    ]);
    const missing = edit(v2, "{ percentage: 40, sentAt: '2024-05-01T10:00:00Z' }", '{ percentage: 40 }');
    assert.deepEqual((await check(missing)).map((d) => d.message), ['The example payload must have the field `sentAt` (a string).']);
    const headers = edit(edit(v3, "      payload:\n        $ref: '#/components/schemas/lightMeasuredPayload'", "      headers: { type: object, properties: { tries: { type: integer } } }\n      payload:\n        $ref: '#/components/schemas/lightMeasuredPayload'"), '- name: dim\n', '- name: dim\n          headers: { tries: many }\n');
    assert.deepEqual(await check(headers), [
      { code: 'asyncapi.example.mismatch', range: rangeOf(headers, 'many'), message: 'The example headers do not match their schema: `tries` must be an integer.' },
    ]);
  });

  it('checks a 3.0 Multi Format Schema payload with its own schemaFormat', async () => {
    const text = edit(v3, "      payload:\n        $ref: '#/components/schemas/lightMeasuredPayload'", "      payload:\n        schemaFormat: application/vnd.apache.avro;version=1.9.0\n        schema: { type: record, name: Light, fields: [ { name: lumens, type: int } ] }").replace("{ lumens: 3, sentAt: '2024-05-01T10:00:00Z' }", '{ lumens: 3.5 }');
    const found = withCodeOf(await check(text), 'asyncapi.example.mismatch');
    assert.deepEqual(found.map((d) => d.range), [rangeOf(text, '3.5')]);
  });

  it('reports 2.x security requirements naming undefined schemes, with did-you-mean', async () => {
    const text = edit(v2, '- apiKey: []', '- apiKy: []');
    const found = await check(text);
    assert.deepEqual(withCodeOf(found, 'asyncapi.security.undefinedScheme'), [
      { code: 'asyncapi.security.undefinedScheme', range: rangeOf(text, 'apiKy'), message: 'The security scheme `apiKy` is not defined under `components/securitySchemes`; did you mean `apiKey`?' },
    ]);
  });

  it('reports unused components as hints, faded; used ones (also by security requirements) are not', async () => {
    const text = edit(v3, '  schemas:\n', '  schemas:\n    Spare: { type: string }\n');
    const diagnostics = await diagnose({ 'events.yaml': text }, 'events.yaml');
    assert.deepEqual(summary(diagnostics), [{ code: 'asyncapi.component.unused', range: rangeOf(text, 'Spare'), message: 'The component `Spare` (schemas) is not used.' }]);
    assert.equal(diagnostics[0].severity, 4);
    assert.deepEqual(diagnostics[0].tags, [1]);
  });

  it('a Kafka message binding key given by $ref is accepted (it may be an AsyncAPI or an Avro schema); a wrong inline key is not', async () => {
    const doc = (key: string) => [
      'asyncapi: 3.0.0', 'info: { title: T, version: "1" }',
      'channels:', '  orders:', '    address: orders', '    messages:', '      order: { $ref: "#/components/messages/order" }',
      'components:', '  messages:', '    order:', '      payload: { type: object }', '      bindings:', '        kafka:', `          key: ${key}`, '          bindingVersion: 0.5.0',
      '  schemas:', '    OrderKey: { type: string }', '',
    ].join('\n');
    assert.deepEqual(await check(doc('{ $ref: "#/components/schemas/OrderKey" }')), []);
    assert.deepEqual(await check(doc('{ $ref: "keys.avsc" }'), { 'keys.avsc': '{ "type": "string" }' }), [
      { code: 'asyncapi.component.unused', range: rangeOf(doc('{ $ref: "keys.avsc" }'), 'OrderKey'), message: 'The component `OrderKey` (schemas) is not used.' },
    ]);
    const wrong = doc('{ type: 5 }');
    assert.deepEqual((await check(wrong)).filter((d) => d.code.startsWith('asyncapi.schema.')).map((d) => [d.code, d.range]), [['asyncapi.schema.value', rangeOf(wrong, '5')]]);
  });

  it('reports broken $refs inside a file that only $refs reach, in that file', async () => {
    const main = edit(v3, "$ref: '#/components/schemas/lightMeasuredPayload'", "$ref: 'payloads.yaml#/LightMeasured'");
    const payloads = 'LightMeasured:\n  type: object\n  properties:\n    lumens: { $ref: "./units.yaml#/Lumens" }\n    sentAt: { $ref: "#/SentAt" }\n';
    const files = { 'events.yaml': main, 'payloads.yaml': payloads };
    assert.deepEqual(summary(await diagnose(files, 'payloads.yaml')), [
      { code: 'asyncapi.ref.fileNotFound', range: rangeOf(payloads, '"./units.yaml#/Lumens"'), message: 'The file `./units.yaml` does not exist.' },
      { code: 'asyncapi.ref.unresolved', range: rangeOf(payloads, '"#/SentAt"'), message: '`#/SentAt` cannot be resolved: this document has no `SentAt` at `#/`.' },
    ]);
    const fixed = { ...files, 'payloads.yaml': payloads.replace('#/SentAt', '#/LightMeasured'), 'units.yaml': 'Lumens: { type: integer }\n' };
    assert.deepEqual(summary(await diagnose(fixed, 'payloads.yaml')), []);
  });

  it('names array items of an Avro example by index', async () => {
    const text = edit(edit(v2, 'percentage: 40,', 'percentage: 40, steps: [ 1, x ],'), '- { name: percentage, type: int }', '- { name: percentage, type: int }\n          - { name: steps, type: { type: array, items: int } }');
    const found = withCodeOf(await check(text), 'asyncapi.example.mismatch');
    assert.deepEqual(found.map((d) => d.message), ['The example payload does not match its schema: `steps[1]` must be an int (32-bit integer).']);
  });

  it('severities follow the rule table, per version, and settings change them', async () => {
    // A 2.x example that breaks its payload is an error (@asyncapi/parser rejects the document);
    // in 3.0 the parser accepts it, so it is a warning.
    const text2 = edit(v2, '{ lumens: 3,', '{ lumens: -3,');
    const [inTwo] = await diagnose({ 'events.yaml': text2 }, 'events.yaml');
    assert.equal(inTwo.code, 'asyncapi.example.mismatch');
    assert.equal(inTwo.severity, 1);
    const text = edit(v3, '{ lumens: 3,', '{ lumens: -3,');
    const [diagnostic] = await diagnose({ 'events.yaml': text }, 'events.yaml');
    assert.equal(diagnostic.code, 'asyncapi.example.mismatch');
    assert.equal(diagnostic.severity, 2);
    const [raised] = await diagnose({ 'events.yaml': text }, 'events.yaml', { rules: { 'asyncapi.example.mismatch': 'error' } });
    assert.equal(raised.severity, 1);
    assert.deepEqual(await diagnose({ 'events.yaml': text }, 'events.yaml', { rules: { 'asyncapi.example.*': 'off' } }), []);
  });

  it('a parameter the address does not contain is an error in 3.0 and a warning in 2.x', async () => {
    const three = await diagnose({ 'events.yaml': edit(v3, 'address: smartylighting.streetlights.1.0.event.{streetlightId}.lighting.measured', 'address: smartylighting.streetlights.1.0.event.lighting.measured') }, 'events.yaml');
    const two = await diagnose({ 'events.yaml': edit(v2, 'smartylighting/streetlights/1/0/event/{streetlightId}/lighting/measured:', 'smartylighting/streetlights/1/0/event/lighting/measured:') }, 'events.yaml');
    assert.deepEqual(three.filter((d) => d.code === 'asyncapi.channel.parameterNotInAddress').map((d) => d.severity), [1]);
    assert.deepEqual(two.filter((d) => d.code === 'asyncapi.channel.parameterNotInAddress').map((d) => d.severity), [2]);
  });
});

function withCodeOf<T extends { code: string }>(list: T[], code: string): T[] {
  return list.filter((d) => d.code === code);
}
