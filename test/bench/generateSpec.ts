import { stringify } from 'yaml';

/**
 * A realistic OpenAPI document of about `lines` lines: CRUD paths over many schemas. 3.0 by
 * default; 2.0 and 3.1 render the same resources in those versions' shapes.
 */
export function generateSpec(lines: number, version: '2.0' | '3.0' | '3.1' = '3.0'): string {
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  const ref = (name: string) => ({ $ref: version === '2.0' ? `#/definitions/${name}` : `#/components/schemas/${name}` });
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
        ...(version === '3.1' ? { note: { type: ['string', 'null'], examples: ['fragile'] } } : {}),
      },
    };
    paths[`/resources${i}/{id}`] =
      version === '2.0'
        ? {
            parameters: [{ name: 'id', in: 'path', required: true, type: 'string' }],
            get: {
              operationId: `get${name}`,
              summary: `Get a ${name}`,
              produces: ['application/json'],
              responses: { '200': { description: 'Found', schema: ref(name) }, '404': { description: 'Not found' } },
            },
            put: {
              operationId: `put${name}`,
              summary: `Replace a ${name}`,
              parameters: [{ name: 'body', in: 'body', required: true, schema: ref(name) }],
              responses: { '200': { description: 'Replaced', headers: { 'X-Rate-Limit': { type: 'integer', format: 'int32' } } } },
              security: [{ oauth: ['write'] }],
            },
          }
        : {
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
            get: {
              operationId: `get${name}`,
              summary: `Get a ${name}`,
              responses: { '200': { description: 'Found', content: { 'application/json': { schema: ref(name) } } }, '404': { description: 'Not found' } },
            },
            put: {
              operationId: `put${name}`,
              summary: `Replace a ${name}`,
              requestBody: { required: true, content: { 'application/json': { schema: ref(name) } } },
              responses: { '200': { description: 'Replaced' } },
            },
          };
    i++;
    if (i % 10 === 0) {
      text = stringify(document(version, paths, schemas), { lineWidth: 0 });
      if (text.split('\n').length >= lines) return text;
    }
  }
}

function document(version: '2.0' | '3.0' | '3.1', paths: Record<string, unknown>, schemas: Record<string, unknown>): Record<string, unknown> {
  if (version === '2.0') {
    return {
      swagger: '2.0',
      info: { title: 'Generated', version: '1.0.0' },
      host: 'api.example.com',
      basePath: '/v1',
      schemes: ['https'],
      paths,
      definitions: schemas,
      securityDefinitions: {
        key: { type: 'apiKey', name: 'X-Key', in: 'header' },
        oauth: { type: 'oauth2', flow: 'accessCode', authorizationUrl: 'https://example.com/auth', tokenUrl: 'https://example.com/token', scopes: { write: 'Change resources' } },
      },
    };
  }
  if (version === '3.1') {
    return { openapi: '3.1.0', info: { title: 'Generated', version: '1.0.0', license: { name: 'MIT', identifier: 'MIT' } }, paths, components: { schemas } };
  }
  return { openapi: '3.0.3', info: { title: 'Generated', version: '1.0.0' }, paths, components: { schemas } };
}
