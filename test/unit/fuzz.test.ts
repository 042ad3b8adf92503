import assert from 'node:assert/strict';
import fc from 'fast-check';
import { defaultConfiguration } from '../../server/src/service/configuration';
import { createLanguageService } from '../../server/src/service/builtinKinds';
import { InMemoryWorkspace } from '../../server/src/service/workspace';
import { applyMutation, bounded, exampleFiles, exerciseEverything, FUZZ_SEED, mutation, runs } from '../fuzz/entryPoints';

const WS = 'file:///ws/';

/**
 * Mutated example documents (OpenAPI, fragments, flow, snippet library, and mappings once they
 * exist) go through every service entry point: nothing throws and no call hangs (CALL_LIMIT_MS;
 * how fast they answer is `npm run bench`'s business).
 * `npm run fuzz` runs the same properties with FUZZ_RUNS cases each.
 */
describe('fuzzing: mutated documents through every entry point', function () {
  this.timeout(600_000);
  // The example workspace, and AsyncAPI documents of both major versions beside it.
  const files: Record<string, string> = { ...exampleFiles(), ...exampleFiles('test/fixtures/asyncapi', 'specs/asyncapi/') };
  const targets = Object.keys(files).filter((p) => /\.(ya?ml|json|code-snippets)$/.test(p) && !p.startsWith('.interface-studio/snippets/builtin-'));

  it('the example workspace has the kinds we mean to fuzz', () => {
    assert.ok(targets.some((p) => p.endsWith('.openapi.yaml')));
    assert.ok(targets.some((p) => p.endsWith('.flow.yaml')));
    assert.ok(targets.some((p) => p.endsWith('.mapping.yaml')));
    assert.ok(targets.some((p) => p.endsWith('.code-snippets')));
    assert.ok(targets.some((p) => p.startsWith('specs/erp/schemas/')), 'a fragment reached by $ref');
    for (const version of ['2.6.0', '3.0.0']) assert.ok(targets.some((p) => files[p].startsWith(`asyncapi: ${version}`)), `an AsyncAPI ${version} document`);
  });

  // One editing session per document: the service and its caches live across cases, as in the editor.
  for (const target of targets) {
    it(`${target}: mutations never break a feature`, async () => {
      const workspace = new InMemoryWorkspace(Object.fromEntries(Object.entries(files).map(([p, t]) => [WS + p, t])));
      const service = createLanguageService({ workspace, configuration: () => ({ ...defaultConfiguration, snippetLibraries: ['.interface-studio/snippets'] }) });
      const uri = WS + target;
      await exerciseEverything(service, uri, [0]);
      await fc.assert(
        fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), async (mutations, offsets) => {
          const text = mutations.reduce(applyMutation, files[target]);
          workspace.set(uri, text);
          service.fileChanged(uri, 'changed');
          await exerciseEverything(service, uri, offsets);
        }),
        { numRuns: runs(15), seed: FUZZ_SEED + target.length, endOnFailure: true },
      );
    });
  }

  it('circular $refs across files, with every file mutated, stay answerable', async () => {
    const root = "openapi: 3.1.0\ninfo: { title: C, version: '1' }\npaths: {}\ncomponents:\n  schemas:\n    A: { $ref: './b.yaml#/B' }\n    Self: { $ref: '#/components/schemas/Self' }\n";
    const b = "B:\n  $ref: './c.yaml#/C'\nB2:\n  properties:\n    next: { $ref: '#/B2' }\n";
    const c = "C:\n  $ref: './api.openapi.yaml#/components/schemas/A'\n";
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('api.openapi.yaml', 'b.yaml', 'c.yaml'), fc.array(mutation, { maxLength: 3 }), fc.array(fc.nat(), { maxLength: 2 }), async (which, mutations, offsets) => {
        const texts: Record<string, string> = { 'api.openapi.yaml': root, 'b.yaml': b, 'c.yaml': c };
        texts[which] = mutations.reduce(applyMutation, texts[which]);
        const workspace = new InMemoryWorkspace(Object.fromEntries(Object.entries(texts).map(([p, t]) => [WS + p, t])));
        const service = createLanguageService({ workspace });
        for (const path of Object.keys(texts)) await exerciseEverything(service, WS + path, offsets);
      }),
      { numRuns: runs(10), seed: FUZZ_SEED, endOnFailure: true },
    );
  });

  it('any text at all, under any document name, is answered', async () => {
    const names = ['any.yaml', 'any.json', 'x.openapi.yaml', 'x.asyncapi.yaml', 'x.flow.yaml', 'x.flow.json', 'x.mapping.yaml', 'x.mapping.json', '.interface-studio/snippets/x.code-snippets', 'x.mmd'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.json(), fc.constantFrom('openapi: 3.1.0\n', 'swagger: "2.0"\n', 'asyncapi: 3.0.0\n', 'asyncapi: 2.6.0\n', 'flow: "1.0"\n', 'mapping: "1.0"\n', '{"openapi": "3.0.0"}', '{"asyncapi": "3.0.0"}')
        .chain((head) => fc.string({ maxLength: 200 }).map((tail) => head + tail))), fc.array(fc.nat(), { maxLength: 3 }), async (name, text, offsets) => {
        const workspace = new InMemoryWorkspace({ [WS + name]: text });
        const service = createLanguageService({ workspace, configuration: () => ({ ...defaultConfiguration, snippetLibraries: ['.interface-studio/snippets'] }) });
        await exerciseEverything(service, WS + name, offsets);
      }),
      { numRuns: runs(80), seed: FUZZ_SEED, endOnFailure: true },
    );
  });

  it('the bounded-call check itself fails on a throw and on a hang', async () => {
    await assert.rejects(bounded('thrower', () => { throw new TypeError('boom'); }), /thrower failed: TypeError: boom/);
    await assert.rejects(bounded('sleeper', () => new Promise(() => undefined), 50), /sleeper failed: Error: sleeper did not answer within 50 ms/);
  });
});
