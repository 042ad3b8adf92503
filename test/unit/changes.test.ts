import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FUZZ_SEED, runs } from '../fuzz/entryPoints';
import { readFileSync } from 'node:fs';
import { diffApis, CannotCompare } from '../../server/src/service/changes/diff';
import { parseConfigFile } from '../../server/src/service/configuration';
import { changeMessage } from '../../server/src/service/changes/model';
import { createLanguageService } from '../../server/src/service/builtinKinds';
import { LineIndex } from '../../server/src/service/lineIndex';
import { InMemoryWorkspace } from '../../server/src/service/workspace';
import { unchangedAt, valueChanges } from '../../server/src/service/changes/valueChanges';
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

  it('follows edits in a file the spec references, and an edit elsewhere keeps what was found', async () => {
    const api = `${WS}api.yaml`;
    const models = `${WS}models.yaml`;
    const base: Record<string, string> = {
      [api]: 'openapi: 3.0.3\ninfo: { title: T, version: "1" }\npaths:\n  /a:\n    get:\n      operationId: getA\n      description: A\n      responses:\n        "200":\n          description: ok\n          content:\n            application/json:\n              schema: { $ref: "models.yaml#/A" }\n  /b:\n    get:\n      operationId: getB\n      responses:\n        "200":\n          description: ok\n          content:\n            application/json:\n              schema: { $ref: "models.yaml#/B" }\n',
      [models]: 'A: { type: object, properties: { x: { type: string } } }\nB: { type: object, properties: { y: { type: string } } }\n',
    };
    const workspace = new InMemoryWorkspace(base);
    const service = createLanguageService({
      workspace,
      host: { revisions: { base: async () => ({ label: 'main', key: 'c1', read: async (u) => base[u] }), at: async () => undefined, list: async () => [] } },
    });
    const changesIn = async (uri: string): Promise<string[]> => (await service.diagnose(uri)).filter((d) => String(d.code).startsWith('change.')).map((d) => `${d.code} ${d.range.start.line + 1}`);
    assert.deepEqual(await changesIn(models), []);
    workspace.set(models, base[models].replace('y: { type: string }', 'y: { type: integer }'));
    assert.deepEqual(await changesIn(models), ['change.response.typeChanged 2']);
    workspace.set(api, base[api].replace('description: A', 'description: A, typed on'));
    assert.deepEqual(await changesIn(models), ['change.response.typeChanged 2']);
    workspace.set(models, 'A: { type: object, properties: { x: { type: string } } }\n\nB: { type: object, properties: { y: { type: string } } }\n');
    assert.deepEqual(await changesIn(models), []);
    workspace.set(models, '\nA: { type: object, properties: { z: { type: string } } }\n\nB: { type: object, properties: { y: { type: string } } }\n');
    assert.deepEqual(await changesIn(models), ['change.response.optionalPropertyRemoved 2']);
  });
});

describe('changes compared again after random edits', () => {
  // Edits in operations, in the components their `$ref`s reach, and in places no operation rests on.
  const EDITS: [string, string][] = [
    ['        email: { type: string, format: email }\n', ''],
    ['required: [name]', 'required: [name, country]'],
    ['enum: [active, inactive]', 'enum: [active]'],
    ['maximum: 150', 'maximum: 120'],
    ['info: { title: CRM, version: "1.0" }', 'info: { title: CRM, version: "1.1" }'],
    ['        "404": { description: not found }\n', ''],
    ['enum: [orders, contacts]', 'enum: [orders]'],
    ['schema: { $ref: "#/components/schemas/NewCustomer" }', 'schema: { $ref: "#/components/schemas/Customer" }'],
    ['description: ok', 'description: the customer'],
    ['maxLength: 100', 'maxLength: 50'],
  ];
  it('gives what a comparison afresh gives', async function () {
    this.timeout(120_000);
    const original = readFileSync('test/fixtures/changes/crm/old.openapi.yaml', 'utf8');
    const uri = `${WS}api.yaml`;
    const revisions = { base: async () => ({ label: 'main', key: 'c1', read: async (u: string) => (u === uri ? original : undefined) }), at: async () => undefined, list: async () => [] };
    const changesOf = async (service: ReturnType<typeof createLanguageService>) => (await service.diagnose(uri)).filter((d) => String(d.code).startsWith('change.'));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: EDITS.length * 2 - 1 }), { minLength: 1, maxLength: 8 }), async (choices) => {
        const workspace = new InMemoryWorkspace({ [uri]: original });
        const service = createLanguageService({ workspace, host: { revisions } });
        await service.diagnose(uri);
        let text = original;
        for (const choice of choices) {
          // Even choices apply an edit, odd ones undo it.
          const [from, to] = EDITS[choice >> 1];
          text = choice % 2 === 0 ? text.replace(from, to) : text.replace(to, from);
          workspace.set(uri, text);
          const fresh = createLanguageService({ workspace: new InMemoryWorkspace({ [uri]: text }), host: { revisions } });
          assert.deepEqual(await changesOf(service), await changesOf(fresh));
        }
      }),
      { numRuns: runs(40), seed: FUZZ_SEED, endOnFailure: true },
    );
  });
});

describe('what an edit changed, by value identity', () => {
  it('names the changed chains only, and says when the two values were not parsed one from the other', () => {
    const shared = { deep: { a: 1 } };
    const before = { paths: { '/a': { get: { d: 'x' } }, '/b': shared }, info: { t: 1 } };
    const after = { paths: { '/a': { get: { d: 'y' } }, '/b': shared, '/c': {} }, info: before.info };
    const changes = valueChanges(before, after);
    assert.ok(changes && changes !== true && changes !== 'unknown');
    assert.equal(unchangedAt(changes, ['paths', '/b', 'deep']), true);
    assert.equal(unchangedAt(changes, ['info']), true);
    assert.equal(unchangedAt(changes, ['paths', '/a']), false);
    assert.equal(unchangedAt(changes, ['paths', '/a', 'get', 'd']), false);
    assert.equal(unchangedAt(changes, ['paths', '/c', 'x']), false);
    assert.equal(unchangedAt(changes, ['paths']), false);
    assert.equal(valueChanges(before, before), undefined);
    assert.equal(valueChanges(JSON.parse(JSON.stringify(before)), before, 3), 'unknown');
  });
});
