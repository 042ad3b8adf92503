import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Parser } from '@asyncapi/parser';
import { diagnose } from '../support/service';

/** Documents of both versions that @asyncapi/parser accepts (Avro payloads need a schema parser it does not register by default). */
const documents = ['test/fixtures/asyncapi/streetlights-3.yaml', 'examples/specs/order-events.asyncapi.yaml'];

describe('AsyncAPI accuracy against @asyncapi/parser', () => {
  for (const file of documents) {
    it(`${file}: the parser accepts it, and we report no error or warning`, async () => {
      const text = readFileSync(file, 'utf8');
      const { diagnostics } = await new Parser().parse(text);
      assert.deepEqual(diagnostics.filter((d) => d.severity === 0).map((d) => d.message), []);
      const ours = await diagnose({ 'doc.yaml': text }, 'doc.yaml');
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
});
