import { stringify } from 'yaml';

/**
 * A realistic AsyncAPI 3.0 document of about `lines` lines: Kafka topics with parameters, messages
 * with headers, payload schemas and examples, and a send and a receive operation for each topic.
 */
export function generateAsyncApi(lines: number): string {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  let i = 0;
  let text = '';
  for (;;) {
    const name = `Event${i}`;
    schemas[name] = {
      type: 'object',
      required: ['id', 'occurredAt'],
      description: `The payload of ${name}`,
      properties: {
        id: { type: 'string', format: 'uuid' },
        occurredAt: { type: 'string', format: 'date-time' },
        status: { type: 'string', enum: ['created', 'updated', 'deleted'] },
        amount: { type: 'number', minimum: 0 },
        tags: { type: 'array', items: { type: 'string' } },
      },
    };
    messages[name] = {
      name,
      title: `${name} happened`,
      contentType: 'application/json',
      headers: { type: 'object', properties: { 'x-correlation-id': { type: 'string' } } },
      payload: { $ref: `#/components/schemas/${name}` },
      bindings: { kafka: { key: { type: 'string' }, bindingVersion: '0.5.0' } },
      examples: [{ name: 'one', headers: { 'x-correlation-id': 'c-1' }, payload: { id: '6f1c1a9e-1b1a-4f6e-9d7e-1c2b3d4e5f60', occurredAt: '2026-01-01T00:00:00Z', status: 'created', amount: 1 } }],
    };
    channels[`topic${i}`] = {
      address: `events.${i}.{tenant}`,
      description: `Topic of ${name}`,
      parameters: { tenant: { description: 'The tenant id' } },
      messages: { [name]: { $ref: `#/components/messages/${name}` } },
      bindings: { kafka: { partitions: 6, replicas: 3, bindingVersion: '0.5.0' } },
    };
    operations[`publish${name}`] = {
      action: 'send',
      summary: `Publish ${name}`,
      channel: { $ref: `#/channels/topic${i}` },
      messages: [{ $ref: `#/channels/topic${i}/messages/${name}` }],
    };
    operations[`consume${name}`] = {
      action: 'receive',
      summary: `Consume ${name}`,
      channel: { $ref: `#/channels/topic${i}` },
      messages: [{ $ref: `#/channels/topic${i}/messages/${name}` }],
    };
    i++;
    if (i % 10 === 0) {
      const document = {
        asyncapi: '3.0.0',
        info: { title: 'Generated events', version: '1.0.0' },
        servers: { kafka: { host: 'kafka.example.com:9092', protocol: 'kafka' } },
        channels,
        operations,
        components: { messages, schemas },
      };
      text = stringify(document, { lineWidth: 0 });
      if (text.split('\n').length >= lines) return text;
    }
  }
}
