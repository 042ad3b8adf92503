import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Parser } from '@asyncapi/parser';
import { diagnose } from '../support/service';

const ACCEPTED = 'test/fixtures/asyncapi/accepted';

/**
 * Documents of both versions that @asyncapi/parser accepts: Kafka (with Avro payloads and keys
 * given by `$ref`), AMQP, MQTT and HTTP bindings, traits, `oneOf` messages, replies, parameters,
 * server variables, OpenAPI and Avro `schemaFormat`s, `$ref`s to other files.
 */
const documents = [
  'test/fixtures/asyncapi/streetlights-3.yaml',
  'examples/specs/order-events.asyncapi.yaml',
  ...readdirSync(ACCEPTED).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(ACCEPTED, f)),
];

/**
 * The parser checks examples of an Avro payload as if it were JSON Schema unless an Avro schema
 * parser is registered (not a dependency here); our Avro check of those examples is tested in
 * asyncapiRules.test.ts.
 */
const WITHOUT_AVRO_PARSER = new Set(['asyncapi2-message-examples-custom-format']);

/** Every file of the folder of a document, as the workspace our check sees. */
function folderOf(file: string): Record<string, string> {
  const folder = file.slice(0, file.lastIndexOf('/'));
  const files: Record<string, string> = {};
  for (const name of readdirSync(folder)) if (/\.(ya?ml|json|avsc)$/.test(name)) files[name] = readFileSync(join(folder, name), 'utf8');
  return files;
}

describe('AsyncAPI accuracy against @asyncapi/parser', () => {
  for (const file of documents) {
    it(`${file}: the parser accepts it, and we report no error or warning`, async () => {
      const text = readFileSync(file, 'utf8');
      const { diagnostics } = await new Parser().parse(text, { source: resolve(file) });
      assert.deepEqual(diagnostics.filter((d) => d.severity === 0 && !WITHOUT_AVRO_PARSER.has(String(d.code))).map((d) => d.message), []);
      const name = file.slice(file.lastIndexOf('/') + 1);
      const ours = await diagnose(folderOf(file), name);
      assert.deepEqual(ours.filter((d) => d.severity === 1 || d.severity === 2).map((d) => d.message), []);
    });
  }

  it('a document the parser rejects for its schema is reported by us too', async () => {
    const text = readFileSync('test/fixtures/asyncapi/streetlights-3.yaml', 'utf8').replace('action: send', 'action: publish');
    const { diagnostics } = await new Parser().parse(text);
    assert.ok(diagnostics.some((d) => d.severity === 0));
    const ours = await diagnose({ 'doc.yaml': text }, 'doc.yaml');
    assert.deepEqual(ours.map((d) => d.code), ['asyncapi.schema.value']);
  });

  it('defects the parser finds in the accepted documents are found by us at the same place', async () => {
    const cases: [string, string, string, string][] = [
      ['amqp-3.yaml', 'is: queue', 'is: queues', 'asyncapi.schema.value'],
      ['mqtt-2.yaml', 'host: { default: test.mosquitto.org }', 'host: { default: [test.mosquitto.org] }', 'asyncapi.schema.type'],
      ['amqp-3.yaml', 'ack: true', 'ack: sure', 'asyncapi.schema.type'],
      ['http-webhook-3.yaml', 'method: POST', 'method: SEND', 'asyncapi.schema.value'],
      ['kafka-avro-2.yaml', 'contentType: application/avro', 'contentType: [application/avro]', 'asyncapi.schema.type'],
      ['amqp-3.yaml', '    action: receive', '    action: recieve', 'asyncapi.schema.value'],
    ];
    for (const [name, from, to, code] of cases) {
      const files = folderOf(join(ACCEPTED, name));
      assert.ok(files[name].includes(from), `${name} contains ${from}`);
      const text = files[name].replace(from, to);
      const { diagnostics } = await new Parser().parse(text, { source: resolve(ACCEPTED, name) });
      assert.ok(diagnostics.some((d) => d.severity === 0 && !WITHOUT_AVRO_PARSER.has(String(d.code))), `the parser rejects ${to}`);
      const ours = (await diagnose({ ...files, [name]: text }, name)).filter((d) => d.severity === 1);
      const at = text.indexOf(to) + to.indexOf(to.split(/[:, ]+/).find((part, i) => part !== from.split(/[:, ]+/)[i])!);
      const line = text.slice(0, at).split('\n').length - 1;
      assert.deepEqual(ours.map((d) => [d.code, d.range.start.line]), [[code, line]], `${name}: ${to}`);
    }
  });
});
