import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type OasVersion, type SchemaFinding, validateOasSchema } from '../../server/src/service/openapi/schemaValidation';
import { createOasAjv } from '../../server/src/service/openapi/schema/oasAjv';
import validate20 from '../../server/src/service/openapi/schema/generated/oas-2.0';
import validate30 from '../../server/src/service/openapi/schema/generated/oas-3.0';
import validate31 from '../../server/src/service/openapi/schema/generated/oas-3.1';

type Doc = Record<string, unknown>;

const okOperation = { responses: { '200': { description: 'OK' } } };

function document(version: OasVersion, paths: Doc, extra: Doc = {}): Doc {
  const head = version === '2.0' ? { swagger: '2.0' } : { openapi: version === '3.0' ? '3.0.3' : '3.1.0' };
  return { ...head, info: { title: 'Pets', version: '1.0.0' }, paths, ...extra };
}

/** A document with one `get` operation at `path`. */
function withOperation(version: OasVersion, operation: Doc, path = '/pets'): Doc {
  return document(version, { [path]: { get: operation } });
}

function one(findings: SchemaFinding[]): SchemaFinding {
  assert.equal(findings.length, 1, `expected exactly one finding, got ${JSON.stringify(findings, null, 2)}`);
  return findings[0];
}

const versions: OasVersion[] = ['2.0', '3.0', '3.1'];

describe('validateOasSchema', () => {
  describe('valid documents', () => {
    for (const version of versions) {
      it(`a minimal ${version} document has no findings`, () => {
        assert.deepEqual(validateOasSchema(withOperation(version, okOperation), version), []);
      });
    }

    it('x- extensions are allowed everywhere the schemas allow them', () => {
      for (const version of versions) {
        const doc = document(version, { '/pets': { 'x-internal': true, get: { ...okOperation, 'x-rate-limit': 10 } } }, { 'x-logo': {} });
        assert.deepEqual(validateOasSchema(doc, version), [], version);
      }
    });

    it('a parameter given as a fine $ref has no findings', () => {
      const doc = withOperation('3.0', { ...okOperation, parameters: [{ $ref: '#/components/parameters/Limit' }] });
      assert.deepEqual(validateOasSchema(doc, '3.0'), []);
      const doc31 = withOperation('3.1', { ...okOperation, parameters: [{ $ref: '#/components/parameters/Limit', description: 'Page size' }] });
      assert.deepEqual(validateOasSchema(doc31, '3.1'), []);
      const doc20 = withOperation('2.0', { ...okOperation, parameters: [{ $ref: '#/parameters/Limit' }] });
      assert.deepEqual(validateOasSchema(doc20, '2.0'), []);
    });

    it('3.1 accepts relative references and templated server URLs', () => {
      const doc = document(
        '3.1',
        { '/pets': { get: { responses: { '200': { $ref: '#/components/responses/Ok' } } } } },
        { servers: [{ url: 'https://{region}.example.com/v1', variables: { region: { default: 'eu', description: 'Region' } } }, { url: '/v2' }] },
      );
      assert.deepEqual(validateOasSchema(doc, '3.1'), []);
    });

    it('3.0 ignores siblings of $ref, as its schema and specification say', () => {
      const doc = withOperation('3.0', { responses: { '200': { $ref: '#/components/responses/Ok', foo: 1 } } });
      assert.deepEqual(validateOasSchema(doc, '3.0'), []);
    });
  });

  describe('unknown keys', () => {
    for (const version of versions) {
      it(`a misspelt operation key in ${version} gives one finding with a suggestion`, () => {
        const f = one(validateOasSchema(withOperation(version, { ...okOperation, summery: 'List pets' }), version));
        assert.deepEqual(f, {
          path: ['paths', '/pets', 'get', 'summery'],
          on: 'key',
          code: 'oas.schema.unknownKey',
          message: '`summery` is not allowed in an Operation Object; did you mean `summary`?',
          data: { suggestion: 'summary' },
        });
      });
    }

    it('names the Path Item Object and suggests its operations', () => {
      const f = one(validateOasSchema(document('3.0', { '/pets': { gte: okOperation } }), '3.0'));
      assert.deepEqual(f.path, ['paths', '/pets', 'gte']);
      assert.equal(f.message, '`gte` is not allowed in a Path Item Object; did you mean `get`?');
      const f31 = one(validateOasSchema(document('3.1', { '/pets': { Get: okOperation } }), '3.1'));
      assert.equal(f31.message, '`Get` is not allowed in a Path Item Object; did you mean `get`?');
    });

    it('gives no suggestion when nothing is close', () => {
      const f = one(validateOasSchema(withOperation('3.0', { ...okOperation, frobnicate: 1 }), '3.0'));
      assert.equal(f.message, '`frobnicate` is not allowed in an Operation Object.');
      assert.equal(f.data, undefined);
    });

    it('a 3.0 Schema Object is strict about its keys', () => {
      const doc = document('3.0', {}, { components: { schemas: { Pet: { type: 'object', nullabel: true } } } });
      const f = one(validateOasSchema(doc, '3.0'));
      assert.deepEqual(f, {
        path: ['components', 'schemas', 'Pet', 'nullabel'],
        on: 'key',
        code: 'oas.schema.unknownKey',
        message: '`nullabel` is not allowed in a Schema Object; did you mean `nullable`?',
        data: { suggestion: 'nullable' },
      });
    });

    it('a Reference Object with sibling junk (2.0, 3.1)', () => {
      const f20 = one(validateOasSchema(withOperation('2.0', { responses: { '200': { $ref: '#/responses/Ok', foo: 1 } } }), '2.0'));
      assert.deepEqual(f20.path, ['paths', '/pets', 'get', 'responses', '200', 'foo']);
      assert.equal(f20.on, 'key');
      assert.equal(f20.message, '`foo` is not allowed in a Reference Object.');
      const f31 = one(validateOasSchema(withOperation('3.1', { responses: { '200': { $ref: '#/components/responses/Ok', foo: 1 } } }), '3.1'));
      assert.deepEqual(f31.path, ['paths', '/pets', 'get', 'responses', '200', 'foo']);
      assert.equal(f31.message, '`foo` is not allowed in a Reference Object.');
    });

    for (const version of versions) {
      it(`a bad response code key in ${version}`, () => {
        const f = one(validateOasSchema(withOperation(version, { responses: { '2000': { description: 'OK' } } }), version));
        assert.deepEqual(f.path, ['paths', '/pets', 'get', 'responses', '2000']);
        assert.equal(f.on, 'key');
        assert.equal(f.code, 'oas.schema.unknownKey');
        assert.equal(
          f.message,
          version === '2.0'
            ? '`2000` is not a valid response code; use an HTTP status code such as `200`, or `default`.'
            : '`2000` is not a valid response code; use an HTTP status code such as `200`, a range such as `2XX`, or `default`.',
        );
      });
    }

    it('suggests the upper-case form of a lower-case response range', () => {
      const f = one(validateOasSchema(withOperation('3.1', { responses: { '2xx': { description: 'OK' } } }), '3.1'));
      assert.equal(f.message, '`2xx` is not a valid response code; use an HTTP status code such as `200`, a range such as `2XX`, or `default`. Did you mean `2XX`?');
      assert.deepEqual(f.data, { suggestion: '2XX' });
    });

    it('a path that does not start with a slash', () => {
      const f = one(validateOasSchema(document('3.0', { pets: { get: okOperation } }), '3.0'));
      assert.deepEqual(f, {
        path: ['paths', 'pets'],
        on: 'key',
        code: 'oas.schema.unknownKey',
        message: '`pets` is not a valid path; paths must start with `/`.',
        data: { suggestion: '/pets' },
      });
    });

    it('a component name with characters 3.1 does not allow', () => {
      const f = one(validateOasSchema(document('3.1', {}, { components: { schemas: { 'My Pet': {} } } }), '3.1'));
      assert.deepEqual(f.path, ['components', 'schemas', 'My Pet']);
      assert.equal(f.on, 'key');
      assert.equal(f.message, '`My Pet` is not a valid name here; use only letters, digits, `.`, `-` and `_`.');
    });
  });

  describe('missing keys', () => {
    for (const version of ['2.0', '3.0'] as const) {
      it(`an operation without responses in ${version}`, () => {
        const f = one(validateOasSchema(withOperation(version, { summary: 'List pets' }), version));
        assert.deepEqual(f, {
          path: ['paths', '/pets', 'get'],
          on: 'key',
          code: 'oas.schema.missingKey',
          message: 'An Operation Object requires `responses`.',
          data: { missing: 'responses' },
        });
      });
    }

    it('3.1 does not require responses (the 3.1 specification made them optional)', () => {
      assert.deepEqual(validateOasSchema(withOperation('3.1', { summary: 'List pets' }), '3.1'), []);
    });

    for (const version of versions) {
      it(`info without title in ${version}`, () => {
        const doc = { ...document(version, {}), info: { version: '1.0.0' } };
        assert.deepEqual(one(validateOasSchema(doc, version)), {
          path: ['info'],
          on: 'key',
          code: 'oas.schema.missingKey',
          message: 'An Info Object requires `title`.',
          data: { missing: 'title' },
        });
      });
    }

    it('a response without description, not a cascade through Reference', () => {
      const f = one(validateOasSchema(withOperation('3.0', { responses: { '200': {} } }), '3.0'));
      assert.deepEqual(f.path, ['paths', '/pets', 'get', 'responses', '200']);
      assert.equal(f.message, 'A Response Object requires `description`.');
    });

    it('empty responses', () => {
      for (const version of ['2.0', '3.0'] as const) {
        const f = one(validateOasSchema(withOperation(version, { responses: {} }), version));
        assert.deepEqual(f.path, ['paths', '/pets', 'get', 'responses'], version);
        assert.equal(f.message, '`responses` must declare at least one response code or `default`.');
      }
    });

    it('a 2.0 body parameter without schema', () => {
      const doc = document('2.0', { '/pets': { post: { ...okOperation, parameters: [{ name: 'pet', in: 'body' }] } } });
      assert.deepEqual(one(validateOasSchema(doc, '2.0')), {
        path: ['paths', '/pets', 'post', 'parameters', 0],
        on: 'key',
        code: 'oas.schema.missingKey',
        message: 'A body Parameter Object requires `schema`.',
        data: { missing: 'schema' },
      });
    });

    it('a parameter with neither schema nor content (3.0, 3.1)', () => {
      for (const version of ['3.0', '3.1'] as const) {
        const f = one(validateOasSchema(withOperation(version, { ...okOperation, parameters: [{ name: 'limit', in: 'query' }] }), version));
        assert.deepEqual(f, {
          path: ['paths', '/pets', 'get', 'parameters', 0],
          on: 'key',
          code: 'oas.schema.missingKey',
          message: 'A Parameter Object requires `schema` or `content`.',
          data: { missing: 'schema', alternatives: ['schema', 'content'] },
        });
      }
    });

    it('a parameter with both schema and content', () => {
      const parameter = { name: 'limit', in: 'query', schema: { type: 'integer' }, content: { 'application/json': {} } };
      for (const version of ['3.0', '3.1'] as const) {
        const f = one(validateOasSchema(withOperation(version, { ...okOperation, parameters: [parameter] }), version));
        assert.deepEqual(f.path, ['paths', '/pets', 'get', 'parameters', 0], version);
        assert.equal(f.message, 'A Parameter Object must not have both `schema` and `content`.');
      }
    });

    it('3.1 license needs an identifier or a url; the document needs paths, components or webhooks', () => {
      const doc = { openapi: '3.1.0', info: { title: 'Pets', version: '1', license: { name: 'MIT' } } };
      assert.deepEqual(
        validateOasSchema(doc, '3.1').map((f) => [f.path, f.message]),
        [
          [['info', 'license'], 'A License Object requires `identifier` or `url`.'],
          [[], 'An OpenAPI Object requires `paths`, `components` or `webhooks`.'],
        ],
      );
    });
  });

  describe('wrong types and values', () => {
    for (const version of versions) {
      it(`a number where a string belongs in ${version}`, () => {
        const f = one(validateOasSchema(withOperation(version, { ...okOperation, description: 42 }), version));
        assert.deepEqual(f, {
          path: ['paths', '/pets', 'get', 'description'],
          on: 'value',
          code: 'oas.schema.type',
          message: '`description` must be a string, not a number.',
          data: { expected: ['string'] },
        });
      });
    }

    it('an array item of the wrong type', () => {
      const f = one(validateOasSchema(withOperation('3.0', { ...okOperation, tags: ['pets', 7] }), '3.0'));
      assert.deepEqual(f.path, ['paths', '/pets', 'get', 'tags', 1]);
      assert.equal(f.message, '`tags[1]` must be a string, not a number.');
    });

    it('a document that is not an object', () => {
      assert.equal(one(validateOasSchema([], '3.0')).message, 'The document must be an object, not an array.');
    });

    it('`in: body` in 3.0 lists the allowed locations once', () => {
      const doc = withOperation('3.0', { ...okOperation, parameters: [{ name: 'pet', in: 'body', schema: { type: 'object' } }] });
      assert.deepEqual(one(validateOasSchema(doc, '3.0')), {
        path: ['paths', '/pets', 'get', 'parameters', 0, 'in'],
        on: 'value',
        code: 'oas.schema.value',
        message: '`in` must be one of `path`, `query`, `header`, `cookie`; got `body`.',
        data: { allowed: ['path', 'query', 'header', 'cookie'] },
      });
    });

    it('`in: body` in 3.1', () => {
      const doc = withOperation('3.1', { ...okOperation, parameters: [{ name: 'pet', in: 'body', schema: { type: 'object' } }] });
      assert.equal(one(validateOasSchema(doc, '3.1')).message, '`in` must be one of `query`, `header`, `path`, `cookie`; got `body`.');
    });

    it('a long value is cut short with an ellipsis, as in the example checks', () => {
      const doc = withOperation('3.1', { ...okOperation, parameters: [{ name: 'pet', in: 'q'.repeat(70), schema: { type: 'object' } }] });
      assert.equal(one(validateOasSchema(doc, '3.1')).message, `\`in\` must be one of \`query\`, \`header\`, \`path\`, \`cookie\`; got \`${'q'.repeat(57)}…\`.`);
    });

    it('a misspelt `in` in 2.0 suggests the closest location', () => {
      const doc = withOperation('2.0', { ...okOperation, parameters: [{ name: 'limit', in: 'qurey', type: 'integer' }] });
      const f = one(validateOasSchema(doc, '2.0'));
      assert.deepEqual(f.path, ['paths', '/pets', 'get', 'parameters', 0, 'in']);
      assert.equal(f.message, '`in` must be one of `body`, `header`, `formData`, `query`, `path`; got `qurey`. Did you mean `query`?');
      assert.equal(f.data?.suggestion, 'query');
    });

    it('a bad Schema Object type in 3.0', () => {
      const doc = document('3.0', {}, { components: { schemas: { Pet: { type: 'strin' } } } });
      const f = one(validateOasSchema(doc, '3.0'));
      assert.deepEqual(f.path, ['components', 'schemas', 'Pet', 'type']);
      assert.equal(f.message, '`type` must be one of `array`, `boolean`, `integer`, `number`, `object`, `string`; got `strin`. Did you mean `string`?');
    });

    it('a wrong type deep inside nested schemas', () => {
      const pet = { type: 'object', properties: { tags: { type: 'array', items: { type: 'string', minLength: 'one' } } } };
      const f = one(validateOasSchema(document('3.0', {}, { components: { schemas: { Pet: pet } } }), '3.0'));
      assert.deepEqual(f.path, ['components', 'schemas', 'Pet', 'properties', 'tags', 'items', 'minLength']);
      assert.equal(f.message, '`minLength` must be an integer, not a string.');
    });

    for (const version of versions) {
      it(`a path parameter with required: false in ${version} gives one finding`, () => {
        const parameter = version === '2.0' ? { name: 'id', in: 'path', required: false, type: 'string' } : { name: 'id', in: 'path', required: false, schema: { type: 'string' } };
        const f = one(validateOasSchema(withOperation(version, { ...okOperation, parameters: [parameter] }, '/pets/{id}'), version));
        assert.deepEqual(f, {
          path: ['paths', '/pets/{id}', 'get', 'parameters', 0, 'required'],
          on: 'value',
          code: 'oas.schema.value',
          message: 'A path parameter must have `required: true`.',
          data: { expected: true },
        });
      });

      it(`a path parameter without required in ${version} gives one finding on the parameter`, () => {
        const parameter = version === '2.0' ? { name: 'id', in: 'path', type: 'string' } : { name: 'id', in: 'path', schema: { type: 'string' } };
        const f = one(validateOasSchema(withOperation(version, { ...okOperation, parameters: [parameter] }, '/pets/{id}'), version));
        assert.deepEqual(f, {
          path: ['paths', '/pets/{id}', 'get', 'parameters', 0],
          on: 'key',
          code: 'oas.schema.value',
          message: 'A path parameter must have `required: true`.',
          data: { missing: 'required', expected: true },
        });
      });
    }

    it('a query parameter style that only path parameters allow (3.1 if/then)', () => {
      const doc = withOperation('3.1', { ...okOperation, parameters: [{ name: 'q', in: 'query', style: 'simple', schema: {} }] });
      const f = one(validateOasSchema(doc, '3.1'));
      assert.deepEqual(f.path, ['paths', '/pets', 'get', 'parameters', 0, 'style']);
      assert.equal(f.message, '`style` must be one of `form`, `spaceDelimited`, `pipeDelimited`, `deepObject`; got `simple`.');
    });

    it('a header parameter with a query style blames the style, not `in`', () => {
      const doc = withOperation('3.0', { ...okOperation, parameters: [{ name: 'X-Id', in: 'header', style: 'form', schema: {} }] });
      const f = one(validateOasSchema(doc, '3.0'));
      assert.deepEqual(f.path, ['paths', '/pets', 'get', 'parameters', 0, 'style']);
      assert.equal(f.message, '`style` must be `simple`; got `form`.');
    });

    it('2.0 security definitions: the type picks the branch, then the flow', () => {
      const implicit = { type: 'oauth2', flow: 'implicit', scopes: {} };
      assert.deepEqual(
        validateOasSchema(document('2.0', {}, { securityDefinitions: { oauth: implicit } }), '2.0').map((f) => [f.path, f.message]),
        [[['securityDefinitions', 'oauth'], 'An oauth2 implicit Security Scheme Object requires `authorizationUrl`.']],
      );
      const misspelt = { ...implicit, flow: 'implicitt', authorizationUrl: 'https://example.com/auth' };
      const f = one(validateOasSchema(document('2.0', {}, { securityDefinitions: { oauth: misspelt } }), '2.0'));
      assert.deepEqual(f.path, ['securityDefinitions', 'oauth', 'flow']);
      assert.equal(f.message, '`flow` must be one of `implicit`, `password`, `application`, `accessCode`; got `implicitt`. Did you mean `implicit`?');
    });

    it('a 3.1 apiKey security scheme without `in`', () => {
      const doc = document('3.1', {}, { components: { securitySchemes: { key: { type: 'apiKey', name: 'X-Key' } } } });
      assert.deepEqual(one(validateOasSchema(doc, '3.1')), {
        path: ['components', 'securitySchemes', 'key'],
        on: 'key',
        code: 'oas.schema.missingKey',
        message: 'A Security Scheme Object requires `in`.',
        data: { missing: 'in' },
      });
    });

    it('an unknown key in a 3.0 http security scheme names that scheme', () => {
      const doc = document('3.0', {}, { components: { securitySchemes: { basic: { type: 'http', scheme: 'basic', realm: 'x' } } } });
      const f = one(validateOasSchema(doc, '3.0'));
      assert.deepEqual(f.path, ['components', 'securitySchemes', 'basic', 'realm']);
      assert.equal(f.message, '`realm` is not allowed in an http Security Scheme Object.');
    });

    it('patterns and formats', () => {
      assert.equal(
        one(validateOasSchema({ ...document('3.0', {}), openapi: '3.0' }, '3.0')).message,
        '`openapi` must be a version number such as `3.0.3`; got `3.0`.',
      );
      assert.equal(
        one(validateOasSchema(document('2.0', {}, { host: 'https://api.example.com/v1' }), '2.0')).message,
        '`host` must be a host name with an optional port, without a scheme or path; got `https://api.example.com/v1`.',
      );
      assert.equal(one(validateOasSchema(document('2.0', {}, { basePath: 'v1' }), '2.0')).message, '`basePath` must start with `/`; got `v1`.');
      const email = one(validateOasSchema({ ...document('3.0', {}), info: { title: 'Pets', version: '1', contact: { email: 'nobody' } } }, '3.0'));
      assert.deepEqual(email.path, ['info', 'contact', 'email']);
      assert.equal(email.message, '`email` must be an email address; got `nobody`.');
      const url = one(validateOasSchema(document('2.0', {}, { externalDocs: { url: 'see the wiki' } }), '2.0'));
      assert.equal(url.message, '`url` must be an absolute URI; got `see the wiki`.');
    });

    it('duplicate and missing array items', () => {
      const f = one(validateOasSchema(withOperation('2.0', { ...okOperation, tags: ['pets', 'store', 'pets'] }), '2.0'));
      assert.deepEqual(f.path, ['paths', '/pets', 'get', 'tags', 2]);
      assert.equal(f.message, '`tags` must not contain duplicates; item 2 repeats item 0.');
      const e = one(validateOasSchema(document('3.0', {}, { components: { schemas: { Pet: { enum: [] } } } }), '3.0'));
      assert.deepEqual(e.path, ['components', 'schemas', 'Pet', 'enum']);
      assert.equal(e.message, '`enum` must not be empty.');
    });

    it('several independent defects give one finding each', () => {
      const doc = document('3.0', {
        '/pets': { get: { summery: 'x', responses: { '200': {} } }, post: { description: 1 } },
      });
      assert.deepEqual(
        validateOasSchema(doc, '3.0').map((f) => f.message),
        [
          '`summery` is not allowed in an Operation Object; did you mean `summary`?',
          'A Response Object requires `description`.',
          'An Operation Object requires `responses`.',
          '`description` must be a string, not a number.',
        ],
      );
    });
  });

  describe('the validators generated at build time', () => {
    const generated = { '2.0': validate20, '3.0': validate30, '3.1': validate31 };
    const schemaAt = (version: OasVersion) => (version === '2.0' ? 'definitions' : 'components');
    for (const version of versions) {
      it(`${version}: say what Ajv compiled at run time says, also when asked again about the same objects`, () => {
        const { ajv, base } = createOasAjv(version);
        const compiled = ajv.getSchema(base)!;
        const nested = { type: 'object', properties: { b: { type: 'object', properties: { c: { type: 5 } } } } };
        const schemas = version === '2.0' ? { A: nested } : { schemas: { A: nested, B: { type: 'string' } } };
        const bad = withOperation(version, { summery: 'x', responses: { '200': {} } });
        const good = document(version, { '/pets': { get: okOperation } }, version === '2.0' ? {} : { components: { schemas: { B: { type: 'string' } } } });
        const documents = [good, { ...good, [schemaAt(version)]: schemas }, bad, good, bad];
        for (const doc of documents) {
          const expected = compiled(doc);
          const expectedErrors = structuredClone(compiled.errors);
          assert.equal(generated[version](doc), expected);
          assert.deepEqual(generated[version].errors, expectedErrors);
        }
      });
    }
  });

  describe('real documents', () => {
    const generated = join(process.cwd(), 'node_modules', '@octokit', 'openapi', 'generated');
    for (const file of ['api.github.com.json', 'ghes-3.19.json']) {
      it(`GitHub's ${file} is schema-valid`, function () {
        this.timeout(60_000);
        const doc = JSON.parse(readFileSync(join(generated, file), 'utf8')) as Doc;
        const started = Date.now();
        const findings = validateOasSchema(doc, '3.0');
        const ms = Date.now() - started;
        assert.deepEqual(findings, []);
        console.log(`      ${file}: ${ms} ms`);
      });
    }

    it('finds exactly the defects planted in GitHub’s description', function () {
      this.timeout(60_000);
      const doc = JSON.parse(readFileSync(join(generated, 'api.github.com.json'), 'utf8')) as { paths: Record<string, Record<string, Doc>> };
      const operation = doc.paths['/repos/{owner}/{repo}'].get;
      operation.summery = operation.summary;
      delete operation.summary;
      const findings = validateOasSchema(doc, '3.0');
      assert.deepEqual(
        findings.map((f) => [f.path, f.message]),
        [[['paths', '/repos/{owner}/{repo}', 'get', 'summery'], '`summery` is not allowed in an Operation Object; did you mean `summary`?']],
      );
    });
  });
});
