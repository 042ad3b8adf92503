import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { CompletionItem, MarkupContent } from 'vscode-languageserver-types';
import { neverCancelled } from '../../server/src/service/cancellation';
import type { KindFeatures } from '../../server/src/service/kinds';
import { applyWorkspaceEdit } from '../support/editing';
import { rangeOf, serviceFor, WS } from '../support/service';

const v3 = readFileSync('test/fixtures/asyncapi/streetlights-3.yaml', 'utf8');
const v2 = readFileSync('test/fixtures/asyncapi/streetlights-2.yaml', 'utf8');

/** Runs one feature of the AsyncAPI kind at the text marked `|` in `events.yaml` (the mark is removed). */
async function at<K extends keyof KindFeatures>(feature: K, marked: string, extra: Record<string, unknown> = {}, others: Record<string, string> = {}) {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const { service } = serviceFor({ 'events.yaml': text, ...others });
  const doc = (await service.getDocument(WS + 'events.yaml'))!;
  const kind = await service.kindOf(doc);
  assert.equal(kind?.id, 'asyncapi');
  const run = kind!.features![feature] as (request: unknown) => Promise<unknown>;
  const result = await run({ service, doc, offset, position: doc.lines.positionAt(offset), token: neverCancelled, ...extra });
  return { result, text, service };
}

const labels = (items: unknown) => (items as CompletionItem[]).map((i) => i.label);

describe('AsyncAPI editing', () => {
  it('completes the keys an Operation Object allows, leaving out those already there, with their descriptions', async () => {
    const { result } = await at('completion', v3.replace('  turnOn:\n    action: send\n', '  turnOn:\n    action: send\n    |\n'));
    const keys = labels(result);
    for (const key of ['summary', 'description', 'reply', 'bindings', 'security']) assert.ok(keys.includes(key), key);
    assert.ok(!keys.includes('action') && !keys.includes('channel'));
    const reply = (result as CompletionItem[]).find((i) => i.label === 'reply')!;
    assert.ok(((reply.documentation as MarkupContent)?.value ?? '').length > 0);
  });

  it('completes bindings for Kafka, AMQP, MQTT and HTTP, and the keys of a Kafka message binding', async () => {
    const bindings = await at('completion', v3.replace("      contentType: application/json\n", "      contentType: application/json\n      bindings:\n        |\n"));
    for (const protocol of ['kafka', 'amqp', 'mqtt', 'http']) assert.ok(labels(bindings.result).includes(protocol), protocol);
    const kafka = await at('completion', v3.replace("      contentType: application/json\n", "      contentType: application/json\n      bindings:\n        kafka:\n          |\n"));
    for (const key of ['key', 'bindingVersion', 'schemaIdLocation']) assert.ok(labels(kafka.result).includes(key), key);
  });

  it('completes binding values from the bindings schemas: AMQP `is`, MQTT `qos`, HTTP `method`', async () => {
    const amqp = await at('completion', v3.replace('    address: smartylighting.streetlights.1.0.action.{streetlightId}.turn.on\n', '    address: smartylighting.streetlights.1.0.action.{streetlightId}.turn.on\n    bindings:\n      amqp:\n        is: |\n'));
    assert.deepEqual(labels(amqp.result).sort(), ['queue', 'routingKey']);
    const mqtt = await at('completion', v3.replace('    action: send\n', '    action: send\n    bindings:\n      mqtt:\n        qos: |\n'));
    assert.deepEqual(labels(mqtt.result).sort(), ['0', '1', '2']);
    const http = await at('completion', v3.replace('    action: send\n', '    action: send\n    bindings:\n      http:\n        method: |\n'));
    for (const method of ['GET', 'POST', 'PUT', 'DELETE']) assert.ok(labels(http.result).includes(method), method);
    const queue = await at('completion', v3.replace('    address: smartylighting.streetlights.1.0.action.{streetlightId}.turn.on\n', '    address: smartylighting.streetlights.1.0.action.{streetlightId}.turn.on\n    bindings:\n      amqp:\n        is: queue\n        queue:\n          |\n'));
    for (const key of ['name', 'durable', 'exclusive', 'autoDelete', 'vhost']) assert.ok(labels(queue.result).includes(key), key);
  });

  it('completes the bindings of a 2.x document where they are (the 2.6 schema leaves them open)', async () => {
    const operation = await at('completion', v2.replace('      operationId: turnOn\n', '      operationId: turnOn\n      bindings:\n        kafka:\n          |\n'));
    assert.deepEqual(labels(operation.result).sort(), ['bindingVersion', 'clientId', 'groupId']);
    const channel = await at('completion', v2.replace(/(channels:\n  [^\n]+\n)/, '$1    bindings:\n      amqp:\n        is: |\n'));
    assert.deepEqual(labels(channel.result).sort(), ['queue', 'routingKey']);
    const message = await at('completion', v2.replace('components:\n', 'components:\n  messageBindings:\n    keyed:\n      kafka:\n        |\n'));
    assert.ok(labels(message.result).includes('key'));
    const server = await at('completion', v2.replace(/(servers:\n  [^\n]+\n)/, '$1    bindings:\n      mqtt:\n        |\n'));
    for (const key of ['clientId', 'cleanSession', 'lastWill', 'keepAlive']) assert.ok(labels(server.result).includes(key), key);
    const traitOfMessage = await at('completion', v2.replace('      contentType: application/json\n      payload:', '      contentType: application/json\n      traits:\n        - bindings:\n            kafka:\n              |\n      payload:'));
    assert.ok(labels(traitOfMessage.result).includes('schemaIdLocation'));
    // A property called `bindings` in a payload schema is a schema, not a Bindings Object.
    const inPayload = await at('completion', v2.replace("      payload:\n        $ref: '#/components/schemas/lightMeasuredPayload'", '      payload:\n        type: object\n        properties:\n          bindings:\n            properties:\n              kafka:\n                |'));
    assert.ok(!labels(inPayload.result).includes('schemaIdLocation') && labels(inPayload.result).includes('type'));
  });

  it('completes the schema formats the specification names (Avro, OpenAPI, JSON Schema, AsyncAPI)', async () => {
    const v2Formats = labels((await at('completion', v2.replace('schemaFormat: application/vnd.apache.avro;version=1.9.0', 'schemaFormat: |'))).result);
    const v3Formats = labels((await at('completion', v3.replace("      payload:\n        $ref: '#/components/schemas/lightMeasuredPayload'", "      payload:\n        schemaFormat: |\n        schema: { type: string }"))).result);
    for (const formats of [v2Formats, v3Formats]) {
      for (const format of ['application/vnd.apache.avro;version=1.9.0', 'application/vnd.oai.openapi;version=3.0.0', 'application/schema+json;version=draft-07']) assert.ok(formats.includes(format), format);
    }
  });

  it('completes allowed values (action) and $ref targets', async () => {
    const action = await at('completion', v3.replace('action: send', 'action: |'));
    assert.deepEqual(labels(action.result).sort(), ['receive', 'send']);
    const refs = await at('completion', v3.replace("$ref: '#/components/schemas/sentAt'", '$ref: |'));
    assert.ok(labels(refs.result).includes('#/components/schemas/turnOnOffPayload'));
    assert.ok(labels(refs.result).includes('#/channels/lightTurnOn'));
  });

  it('hovers a key with the specification’s words and a $ref with what it points to', async () => {
    const key = await at('hover', v3.replace('    action: send', '    act|ion: send'));
    assert.match((key.result as { contents: MarkupContent }).contents.value, /send and receive/);
    const ref = await at('hover', v3.replace("$ref: '#/components/schemas/turnOnOffPayload'", "$ref: '#/components/schemas/turnOn|OffPayload'"));
    assert.match((ref.result as { contents: MarkupContent }).contents.value, /properties: `command`, `sentAt`/);
  });

  it('goes to the definition of a $ref, in this file and in another', async () => {
    const local = await at('definition', v3.replace("$ref: '#/channels/lightTurnOn'", "$ref: '#/channels/light|TurnOn'"));
    assert.deepEqual(local.result, [{ uri: WS + 'events.yaml', range: rangeOf(local.text, 'lightTurnOn') }]);
    const common = 'sentAt:\n  type: string\n';
    const other = await at('definition', v3.replace("$ref: '#/components/schemas/sentAt'", "$ref: 'common.yaml#/sent|At'"), {}, { 'common.yaml': common });
    assert.deepEqual(other.result, [{ uri: WS + 'common.yaml', range: rangeOf(common, 'sentAt') }]);
  });

  it('finds the references of a component and renames it with every $ref', async () => {
    const marked = v3.replace('  schemas:\n    lightMeasuredPayload:', '  schemas:\n    lightMeasured|Payload:');
    const refs = await at('references', marked, { includeDeclaration: true });
    assert.equal((refs.result as unknown[]).length, 2);
    const renamed = await at('rename', marked, { newName: 'LightMeasured' });
    const after = applyWorkspaceEdit({ [WS + 'events.yaml']: renamed.text }, renamed.result as never)[WS + 'events.yaml'];
    assert.ok(after.includes("$ref: '#/components/schemas/LightMeasured'"));
    assert.ok(after.includes('    LightMeasured:\n'));
    assert.ok(!after.includes('lightMeasuredPayload'));
  });

  it('renames a channel with the operations and message $refs that go through it, and refuses a taken name', async () => {
    const marked = v3.replace('  lightTurnOn:\n    address', '  light|TurnOn:\n    address');
    const renamed = await at('rename', marked, { newName: 'switchOn' });
    const after = applyWorkspaceEdit({ [WS + 'events.yaml']: renamed.text }, renamed.result as never)[WS + 'events.yaml'];
    assert.ok(after.includes("$ref: '#/channels/switchOn'"));
    assert.ok(after.includes("- $ref: '#/channels/switchOn/messages/turnOn'"));
    await assert.rejects(at('rename', marked, { newName: 'lightingMeasured' }), /already taken/);
  });

  it('outlines servers, channels, operations, messages and components', async () => {
    const { result } = await at('documentSymbols', '|' + v3);
    interface Outline { name: string; detail?: string; children?: Outline[] }
    const symbols = result as Outline[];
    assert.deepEqual(symbols.map((s) => s.name), ['info', 'servers', 'channels', 'operations', 'components']);
    const channels = symbols[2].children!;
    assert.deepEqual(channels.map((c) => [c.name, c.detail]), [
      ['lightingMeasured', 'smartylighting.streetlights.1.0.event.{streetlightId}.lighting.measured'],
      ['lightTurnOn', 'smartylighting.streetlights.1.0.action.{streetlightId}.turn.on'],
    ]);
    assert.deepEqual(symbols[3].children!.map((o) => o.detail), ['receive lightingMeasured — Inform about environmental lighting conditions of a particular streetlight.', 'send lightTurnOn']);
    const v2Outline = await at('documentSymbols', '|' + v2);
    const channel2 = (v2Outline.result as typeof symbols)[2].children![0];
    assert.equal(channel2.children![0].name, 'subscribe receiveLightMeasurement');
    // A 2.x operation lists its message, or each of its `oneOf`.
    assert.deepEqual(channel2.children![0].children!.map((m) => m.name), ['lightMeasured']);
    const publish = (v2Outline.result as typeof symbols)[2].children![1].children![0];
    assert.equal(publish.name, 'publish turnOn');
    assert.deepEqual(publish.children!.map((m) => [m.name, m.detail]), [['turnOnOff', 'oneOf'], ['dimLight', 'oneOf']]);
  });

  it('offers quick fixes: a misspelt key, a missing channel, an undeclared parameter', async () => {
    const { service } = serviceFor({});
    void service;
    for (const [broken, title, expected] of [
      [v3.replace('summary: Inform about environmental', 'sumary: Inform about environmental'), 'Change to `summary`', 'summary: Inform about environmental'],
      [v3.replace("$ref: '#/channels/lightTurnOn'\n", "$ref: '#/channels/lightTurnOf'\n"), 'Change to `lightTurnOn`', "$ref: '#/channels/lightTurnOn'\n"],
      [v3.replace('action.{streetlightId}.turn.on', 'action.{streetlightId}.{mode}.on'), 'Declare the parameter `mode`', '      mode:\n        description: TODO describe mode'],
    ] as const) {
      const { service: s } = serviceFor({ 'events.yaml': broken });
      const diagnostics = await s.diagnose(WS + 'events.yaml');
      const doc = (await s.getDocument(WS + 'events.yaml'))!;
      const kind = await s.kindOf(doc);
      const actions = await kind!.features!.codeActions!({ service: s, doc, token: neverCancelled, range: diagnostics[0].range, diagnostics });
      const action = actions.find((a) => a.title === title);
      assert.ok(action, `${title} among ${actions.map((a) => a.title).join(', ')}`);
      const after = applyWorkspaceEdit({ [WS + 'events.yaml']: broken }, action!.edit!)[WS + 'events.yaml'];
      assert.ok(after.includes(expected), after);
      assert.deepEqual((await serviceFor({ 'events.yaml': after }).service.diagnose(WS + 'events.yaml')).map((d) => d.code).filter((c) => c !== 'asyncapi.component.unused'), []);
    }
  });

  it('offers quick fixes like OpenAPI: create a missing component or channel, remove an unused component or a parameter the address lacks', async () => {
    const cases: [string, string, string, string][] = [
      [v3.replace("$ref: '#/components/parameters/streetlightId'", "$ref: '#/components/parameters/lightId'"), 'asyncapi.ref.unresolved', 'Create `lightId` in this document', '    lightId:\n      description: TODO describe lightId'],
      [v3.replace("$ref: '#/components/messages/lightMeasured'", "$ref: '#/components/messages/LightSeen'"), 'asyncapi.ref.unresolved', 'Create `LightSeen` in this document', '    LightSeen:\n      name: LightSeen\n      payload:'],
      [v3.replace('  schemas:\n', '  schemas:\n    Spare:\n      type: string\n'), 'asyncapi.component.unused', 'Remove the unused `Spare`', '  schemas:\n    lightMeasuredPayload:'],
      [v3.replace('action.{streetlightId}.turn.on', 'action.turn.on'), 'asyncapi.channel.parameterNotInAddress', 'Remove the parameter `streetlightId`', "    address: smartylighting.streetlights.1.0.action.turn.on\n    messages:"],
    ];
    for (const [broken, code, title, expected] of cases) {
      const { service } = serviceFor({ 'events.yaml': broken });
      const diagnostics = (await service.diagnose(WS + 'events.yaml')).filter((d) => d.code === code);
      assert.equal(diagnostics.length, 1, `${code} in ${title}`);
      const doc = (await service.getDocument(WS + 'events.yaml'))!;
      const kind = await service.kindOf(doc);
      const actions = await kind!.features!.codeActions!({ service, doc, token: neverCancelled, range: diagnostics[0].range, diagnostics });
      const action = actions.find((a) => a.title === title);
      assert.ok(action, `${title} among ${actions.map((a) => a.title).join(', ')}`);
      const after = applyWorkspaceEdit({ [WS + 'events.yaml']: broken }, action!.edit!)[WS + 'events.yaml'];
      assert.ok(after.includes(expected), after);
      const left = (await serviceFor({ 'events.yaml': after }).service.diagnose(WS + 'events.yaml')).map((d) => d.code);
      assert.deepEqual(left.filter((c) => c !== 'asyncapi.component.unused'), [], title);
    }
  });

  it('creates the missing target of a $ref in the other file it names', async () => {
    const common = 'schemas:\n  SentAt:\n    type: string\n';
    const broken = v3.replace("$ref: '#/components/schemas/sentAt'", "$ref: 'common.yaml#/components/schemas/Sent'");
    const { service } = serviceFor({ 'events.yaml': broken, 'common.yaml': 'components:\n' + common.replace(/^/gm, '  ') });
    const diagnostics = (await service.diagnose(WS + 'events.yaml')).filter((d) => d.code === 'asyncapi.ref.unresolved');
    const doc = (await service.getDocument(WS + 'events.yaml'))!;
    const actions = await (await service.kindOf(doc))!.features!.codeActions!({ service, doc, token: neverCancelled, range: diagnostics[0].range, diagnostics });
    const create = actions.find((a) => a.title === 'Create `Sent` in common.yaml');
    assert.ok(create, actions.map((a) => a.title).join(', '));
    assert.deepEqual(Object.keys(create!.edit!.changes!), [WS + 'common.yaml']);
  });

  it('a file only $refs reach is an AsyncAPI fragment: go to definition and references work inside it', async () => {
    const main = v3.replace("$ref: '#/components/schemas/lightMeasuredPayload'", "$ref: 'payloads.yaml#/LightMeasured'");
    const payloads = 'LightMeasured:\n  type: object\n  properties:\n    lumens: { $ref: "#/Lumens" }\nLumens: { type: integer }\n';
    const { service } = serviceFor({ 'events.yaml': main, 'payloads.yaml': payloads });
    const doc = (await service.getDocument(WS + 'payloads.yaml'))!;
    const kind = (await service.kindOf(doc))!;
    assert.equal(kind.label?.(doc.kind), 'AsyncAPI fragment');
    const offset = payloads.indexOf('#/Lumens') + 3;
    const request = { service, doc, offset, position: doc.lines.positionAt(offset), token: neverCancelled, includeDeclaration: true };
    assert.deepEqual(await kind.features!.definition!(request as never), [{ uri: WS + 'payloads.yaml', range: rangeOf(payloads, 'Lumens', 1) }]);
    assert.equal(((await kind.features!.references!(request as never)) as unknown[]).length, 2);
  });
});
