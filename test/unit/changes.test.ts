import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { diffApis, CannotCompare } from '../../server/src/service/changes/diff';
import { parseConfigFile } from '../../server/src/service/configuration';
import { changeMessage } from '../../server/src/service/changes/model';
import { createLanguageService } from '../../server/src/service/builtinKinds';
import { LineIndex } from '../../server/src/service/lineIndex';
import { InMemoryWorkspace } from '../../server/src/service/workspace';
import { serviceFor, WS } from '../support/service';

/** Compares two versions written as files (`old/…` and `new/…`), returning `code level line` per change (lines of the new side, 1-based). */
async function changes(files: Record<string, string>, root = 'api.yaml', configuration = {}) {
  const { service } = serviceFor(files, configuration);
  const rated = await diffApis(service, { uri: `${WS}old/${root}`, label: 'old' }, { uri: `${WS}new/${root}`, label: 'new' });
  const lineOf = (uri: string | undefined, offset: number | undefined): number | undefined => {
    if (!uri || offset === undefined) return undefined;
    const text = files[uri.slice(WS.length)];
    return text.slice(0, offset).split('\n').length;
  };
  return rated.map((c) => ({ code: c.code, level: c.level, message: changeMessage(c), oldLine: lineOf(c.old?.uri, c.old?.offset), newLine: lineOf(c.new?.uri, c.new?.offset) }));
}

const oas3 = (body: string, version = '3.0.3'): string => `openapi: ${version}\ninfo: { title: T, version: "1" }\n${body}`;
const codes = (list: { code: string }[]): string[] => list.map((c) => c.code).sort();

/** A request body schema and a 200 response schema of one operation. */
function io(request: string, response: string, version = '3.0.3'): string {
  return oas3(`paths:
  /things:
    post:
      operationId: makeThing
      requestBody:
        content:
          application/json:
            schema: ${request}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: ${response}
`, version);
}

describe('changes between two versions of an API', () => {
  it('finds nothing when a spec is compared with itself', async () => {
    const text = readFileSync('test/fixtures/changes/crm/old.openapi.yaml', 'utf8');
    assert.deepEqual(await changes({ 'old/api.yaml': text, 'new/api.yaml': text }), []);
  });

  it('reports the CRM pair with codes, levels and places in the new text', async () => {
    const files = { 'old/api.yaml': readFileSync('test/fixtures/changes/crm/old.openapi.yaml', 'utf8'), 'new/api.yaml': readFileSync('test/fixtures/changes/crm/new.openapi.yaml', 'utf8') };
    const found = await changes(files);
    const email = found.find((c) => c.code === 'change.response.propertyRemoved')!;
    assert.equal(email.level, 'error');
    assert.equal(email.message, '`email` was removed from the 200 response of `getCustomer`: clients that read it break');
    assert.equal(email.oldLine, 35);
    assert.equal(email.newLine, 33, 'a removal is shown at the properties that lost it');
    assert.deepEqual(codes(found), [
      'change.parameter.becameRequired', 'change.request.bodyBecameRequired', 'change.request.boundTightened', 'change.request.enumNarrowed',
      'change.request.propertyBecameRequired', 'change.response.becameNullable', 'change.response.boundLoosened', 'change.response.enumWidened',
      'change.response.errorStatusRemoved', 'change.response.propertyRemoved', 'change.server.added', 'change.server.removed',
    ]);
    assert.ok(!found.some((c) => c.code.startsWith('change.parameter.renamed')), 'renaming a path variable changes nothing for clients');
  });

  it('judges narrowing and widening by direction', async () => {
    const narrow = '{ type: string, enum: [a, b] }';
    const wide = '{ type: string, enum: [a, b, c] }';
    assert.deepEqual(codes(await changes({ 'old/api.yaml': io(wide, narrow), 'new/api.yaml': io(narrow, wide) })), ['change.request.enumNarrowed', 'change.response.enumWidened']);
    assert.deepEqual((await changes({ 'old/api.yaml': io(narrow, wide), 'new/api.yaml': io(wide, narrow) })).map((c) => c.level), ['info', 'info']);
    const int = '{ type: integer }';
    const num = '{ type: number }';
    const both = await changes({ 'old/api.yaml': io(int, int), 'new/api.yaml': io(num, num) });
    assert.deepEqual(both.map((c) => [c.code, c.level]), [['change.request.typeWidened', 'info'], ['change.response.typeChanged', 'error']]);
    const bounds = await changes({ 'old/api.yaml': io('{ type: string, maxLength: 10, pattern: "^a" }', '{ type: string, maxLength: 10 }'), 'new/api.yaml': io('{ type: string, maxLength: 20 }', '{ type: string, maxLength: 5 }') });
    assert.deepEqual(codes(bounds), ['change.request.boundLoosened', 'change.request.boundLoosened', 'change.response.boundTightened']);
  });

  it('compares properties: added required, removed, became optional, readOnly ignored in requests', async () => {
    const before = '{ type: object, required: [a], properties: { a: { type: string }, b: { type: string }, id: { type: string, readOnly: true } } }';
    const after = '{ type: object, required: [a, c], properties: { a: { type: string }, c: { type: string } } }';
    const response = (req: string) => `{ type: object, required: [${req}], properties: { x: { type: string }, y: { type: string } } }`;
    const found = await changes({ 'old/api.yaml': io(before, response('x, y')), 'new/api.yaml': io(after, response('x')) });
    assert.deepEqual(codes(found), ['change.request.propertyAddedRequired', 'change.request.propertyRemoved', 'change.response.propertyBecameOptional']);
  });

  it('compares allOf structurally: moving properties into allOf parts changes nothing', async () => {
    const flat = '{ type: object, required: [a], properties: { a: { type: string }, b: { type: integer } } }';
    const composed = '{ allOf: [ { type: object, required: [a], properties: { a: { type: string } } }, { properties: { b: { type: integer } } } ] }';
    assert.deepEqual(await changes({ 'old/api.yaml': io(flat, flat), 'new/api.yaml': io(composed, composed) }), []);
    const lost = '{ allOf: [ { type: object, required: [a], properties: { a: { type: string } } } ] }';
    assert.deepEqual(codes(await changes({ 'old/api.yaml': io(flat, flat), 'new/api.yaml': io(flat, lost) })), ['change.response.optionalPropertyRemoved']);
  });

  it('matches oneOf alternatives by the component they name, and discriminators', async () => {
    const spec = (alternatives: string, property = 'kind') => oas3(`paths:
  /pets:
    get:
      operationId: getPet
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                oneOf: [${alternatives}]
                discriminator: { propertyName: ${property} }
components:
  schemas:
    Cat: { type: object, properties: { kind: { type: string }, purrs: { type: boolean } } }
    Dog: { type: object, properties: { kind: { type: string }, barks: { type: boolean } } }
    Fox: { type: object, properties: { kind: { type: string } } }
`);
    const cat = '{ $ref: "#/components/schemas/Cat" }';
    const dog = '{ $ref: "#/components/schemas/Dog" }';
    const fox = '{ $ref: "#/components/schemas/Fox" }';
    assert.deepEqual(await changes({ 'old/api.yaml': spec(`${cat}, ${dog}`), 'new/api.yaml': spec(`${dog}, ${cat}`) }), [], 'order does not matter');
    const found = await changes({ 'old/api.yaml': spec(`${cat}, ${dog}`), 'new/api.yaml': spec(`${cat}, ${dog}, ${fox}`, 'type') });
    assert.deepEqual(found.map((c) => [c.code, c.level]), [['change.response.variantAdded', 'warning'], ['change.response.discriminatorChanged', 'error']]);
    assert.match(found[0].message, /^The alternative `Fox` was added to the 200 response of `getPet`/);
  });

  it('reports operations, parameters, statuses and security', async () => {
    const spec = (op: string, extra = '') => oas3(`${extra}paths:
  /a:
    get:
${op}
  /b:
    get:
      operationId: getB
      responses: { "200": { description: ok } }
components:
  securitySchemes:
    oauth: { type: oauth2, flows: { clientCredentials: { tokenUrl: "https://x/token", scopes: { read: r, write: w } } } }
`);
    const before = spec(`      operationId: getA
      parameters:
        - { name: q, in: query, schema: { type: string } }
        - { name: X-Trace, in: header, schema: { type: string } }
      security: [ { oauth: [read] } ]
      responses: { "200": { description: ok } }`);
    const after = spec(`      operationId: fetchA
      parameters:
        - { name: q, in: header, schema: { type: string } }
        - { name: limit, in: query, required: true, schema: { type: integer } }
      security: [ { oauth: [read, write] } ]
      responses: { "201": { description: ok } }`).replace(/  \/b:\n    get:\n      operationId: getB\n      responses: \{ "200": \{ description: ok \} \}\n/, '');
    const found = await changes({ 'old/api.yaml': before, 'new/api.yaml': after });
    assert.deepEqual(codes(found), [
      'change.operation.idChanged', 'change.operation.removed', 'change.parameter.addedRequired', 'change.parameter.locationChanged',
      'change.parameter.removed', 'change.response.successStatusChanged', 'change.security.scopeAdded',
    ]);
    assert.equal(found.find((c) => c.code === 'change.operation.removed')!.message, '`getB` was removed: clients that call it break');
  });

  it('reads Swagger 2.0, JSON and multi-file documents, resolving $refs in each version', async () => {
    const swagger = (schema: string) => JSON.stringify({ swagger: '2.0', info: { title: 'T', version: '1' }, paths: { '/x': { get: {
      operationId: 'getX', parameters: [{ name: 'n', in: 'query', type: 'integer', maximum: 10 }],
      responses: { 200: { description: 'ok', schema: { $ref: schema } } } } } } }, null, 2);
    const model = (props: object) => JSON.stringify({ type: 'object', properties: props });
    const found = await changes({
      'old/api.json': swagger('models.json'), 'old/models.json': model({ a: { type: 'string' }, b: { type: 'string' } }),
      'new/api.json': swagger('models.json').replace('"maximum": 10', '"maximum": 5'), 'new/models.json': model({ a: { type: 'integer' } }),
    }, 'api.json');
    assert.deepEqual(found.map((c) => [c.code, c.level]).sort(), [['change.request.boundTightened', 'error'], ['change.response.optionalPropertyRemoved', 'warning'], ['change.response.typeChanged', 'error']]);
  });

  it('reads 3.1 type arrays as nullable', async () => {
    const found = await changes({ 'old/api.yaml': io('{ type: [string, "null"] }', '{ type: string }', '3.1.0'), 'new/api.yaml': io('{ type: string }', '{ type: [string, "null"] }', '3.1.0') });
    assert.deepEqual(found.map((c) => [c.code, c.level]), [['change.request.typeChanged', 'error'], ['change.response.becameNullable', 'error']]);
  });

  it('levels follow the rule settings', async () => {
    const text = (e: string) => io(`{ type: string, enum: [${e}] }`, '{ type: string }');
    const found = await changes({ 'old/api.yaml': text('a, b'), 'new/api.yaml': text('a') }, 'api.yaml', { rules: { 'change.request.enumNarrowed': 'warning' } });
    assert.deepEqual(found.map((c) => c.level), ['warning']);
    assert.deepEqual(await changes({ 'old/api.yaml': text('a, b'), 'new/api.yaml': text('a') }, 'api.yaml', { rules: { 'change.*': 'off' } }), []);
  });

  it('refuses what cannot be compared, with the place of each problem', async () => {
    await assert.rejects(changes({ 'old/api.yaml': 'a: [1', 'new/api.yaml': io('{}', '{}') }), (e: CannotCompare) => e.problems.length > 0 && !!e.problems[0].place);
    await assert.rejects(changes({ 'old/api.yaml': 'just: yaml', 'new/api.yaml': io('{}', '{}') }), /not an OpenAPI document/);
    await assert.rejects(changes({ 'old/api.yaml': io('{ $ref: "missing.yaml" }', '{}'), 'new/api.yaml': io('{}', '{}') }), (e: CannotCompare) => /does not exist/.test(e.problems[0].message));
    await assert.rejects(changes({ 'new/api.yaml': io('{}', '{}') }), /does not exist/);
  });
});

describe('changes.base in .interface-studio.yaml', () => {
  it('is read, and a wrong shape is reported', async () => {
    const { service } = serviceFor({});
    assert.equal(parseConfigFile('changes: { base: origin/main }\n', service.rules).changesBase, 'origin/main');
    assert.deepEqual(parseConfigFile('changes: { base: origin/main }\n', service.rules).problems, []);
    assert.match(parseConfigFile('changes: { base: 3 }\n', service.rules).problems[0], /`changes` must be `\{ base: REVISION \}`/);
    assert.deepEqual(parseConfigFile('rules: { change.server.removed: error }\n', service.rules).problems, [], 'change codes are rules');
  });
});

describe('changes in the editor, compared again after each edit', () => {
  it('keeps places right when an edit moves them, and finds what the edit changed', async () => {
    const original = readFileSync('test/fixtures/changes/crm/old.openapi.yaml', 'utf8');
    const uri = `${WS}api.yaml`;
    const workspace = new InMemoryWorkspace({ [uri]: original });
    const service = createLanguageService({
      workspace,
      host: { revisions: { base: async () => ({ label: 'main', key: 'c1', read: async (u) => (u === uri ? original : undefined) }), at: async () => undefined, list: async () => [] } },
    });
    const changesOf = async (): Promise<string[]> => {
      const text = (await workspace.readFile(uri))!.text;
      const lines = new LineIndex(text);
      return (await service.diagnose(uri)).filter((d) => String(d.code).startsWith('change.')).map((d) => `${d.code} ${text.slice(lines.offsetAt(d.range.start), lines.offsetAt(d.range.end))}`);
    };
    assert.deepEqual(await changesOf(), []);
    // A required property removed from a shared component: reported for the operation that returns it.
    let text = original.replace('        email: { type: string, format: email }\n', '');
    workspace.set(uri, text);
    assert.deepEqual(await changesOf(), ['change.response.propertyRemoved properties']);
    // An edit above it moves the place; the operation itself is taken from what was found before.
    text = text.replace('info: { title: CRM, version: "1.0" }', 'info:\n  title: CRM\n  version: "1.1"');
    workspace.set(uri, text);
    assert.deepEqual(await changesOf(), ['change.response.propertyRemoved properties']);
    // A change in another operation adds to it; undoing the first leaves the second.
    text = text.replace('required: [name]', 'required: [name, country]');
    workspace.set(uri, text);
    assert.deepEqual((await changesOf()).sort(), ['change.request.propertyBecameRequired country', 'change.response.propertyRemoved properties']);
    text = text.replace('        id: { type: string }\n', '        id: { type: string }\n        email: { type: string, format: email }\n');
    workspace.set(uri, text);
    assert.deepEqual(await changesOf(), ['change.request.propertyBecameRequired country']);
  });
});
