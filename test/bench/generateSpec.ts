import { stringify } from 'yaml';

/** A realistic OpenAPI 3.0 document of about `lines` lines: CRUD paths over many schemas. */
export function generateSpec(lines: number): string {
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  let i = 0;
  let text = '';
  for (;;) {
    const name = `Resource${i}`;
    schemas[name] = {
      type: 'object',
      required: ['id', 'name'],
      description: `A ${name} as stored by the service`,
      properties: {
        id: { type: 'string', format: 'uuid' },
        name: { type: 'string', maxLength: 80 },
        status: { type: 'string', enum: ['active', 'inactive'], default: 'active' },
        amount: { type: 'number', minimum: 0, example: 12.5 },
        createdAt: { type: 'string', format: 'date-time' },
        tags: { type: 'array', items: { type: 'string' } },
      },
    };
    paths[`/resources${i}/{id}`] = {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      get: {
        operationId: `get${name}`,
        summary: `Get a ${name}`,
        responses: { '200': { description: 'Found', content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } }, '404': { description: 'Not found' } },
      },
      put: {
        operationId: `put${name}`,
        summary: `Replace a ${name}`,
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } },
        responses: { '200': { description: 'Replaced' } },
      },
    };
    i++;
    if (i % 10 === 0) {
      text = stringify({ openapi: '3.0.3', info: { title: 'Generated', version: '1.0.0' }, paths, components: { schemas } }, { lineWidth: 0 });
      if (text.split('\n').length >= lines) return text;
    }
  }
}
