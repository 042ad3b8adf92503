import assert from 'node:assert/strict';
import fc from 'fast-check';
import { oasDocumentSchema } from '../../server/src/service/rulesets/oasDocumentSchema';
import { FUZZ_SEED, runs } from '../fuzz/runs';
import { applyValueMutation, seedDocuments, valueMutation } from '../fuzz/oasMutations';
import type { JsonPath } from '../../server/src/service/rulesets/jsonPath';

/**
 * Differential test: the `oasDocumentSchema` function of Spectral itself (from the installed
 * `@stoplight/spectral-rulesets`) and ours, on the OpenAPI documents of the examples and the test
 * fixtures and on seeded mutations of them (keys dropped or misspelt, values of another type, required
 * keys removed, values swapped). Both must give the same messages at the same paths, in the same order.
 */
type SpectralFunction = (input: unknown, options: null, context: unknown) => { message: string; path: string[] }[] | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const spectralFunction = (require('@stoplight/spectral-rulesets/dist/oas/functions/oasDocumentSchema') as { default: SpectralFunction }).default;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const spectralFormats = require('@stoplight/spectral-formats') as Record<string, unknown>;

const FORMATS = {
  '2.0': { ours: ['oas2'], spectral: ['oas2'] },
  '3.0': { ours: ['oas3', 'oas3.0'], spectral: ['oas3', 'oas3_0'] },
  '3.1': { ours: ['oas3', 'oas3.1'], spectral: ['oas3', 'oas3_1'] },
} as const;

/** What Spectral reports: its paths are decoded (`~1` to `/`) before it places a finding. */
function spectral(version: keyof typeof FORMATS, document: unknown): [string, JsonPath][] {
  const formats = new Set(FORMATS[version].spectral.map((f) => spectralFormats[f]));
  const results = spectralFunction(document, null, { document: { formats }, path: [] }) ?? [];
  return results.map((r) => [r.message, r.path.map((s) => String(s).replace(/~1/g, '/').replace(/~0/g, '~'))]);
}

function ours(version: keyof typeof FORMATS, document: unknown): [string, JsonPath][] {
  const results = oasDocumentSchema.run(document, undefined, { path: [], document, formats: new Set(FORMATS[version].ours), cache: new Map() }) ?? [];
  return results.map((r) => [r.message, (r.path ?? []).map(String)]);
}

describe('oasDocumentSchema agrees with Spectral\'s own function', () => {
  const seeds = seedDocuments();

  it('on every OpenAPI document of the examples and the fixtures, broken ones included', () => {
    let findings = 0;
    for (const seed of seeds) {
      const expected = spectral(seed.version, seed.value);
      findings += expected.length;
      assert.deepEqual(ours(seed.version, seed.value), expected, seed.name);
    }
    assert.ok(findings > 100, `the seeds hold schema errors (${findings})`);
  });

  for (const version of ['2.0', '3.0', '3.1'] as const) {
    it(`${version}: on mutated documents`, () => {
      const ofVersion = seeds.filter((s) => s.version === version);
      fc.assert(
        fc.property(fc.nat({ max: ofVersion.length - 1 }), fc.array(valueMutation, { minLength: 1, maxLength: 3 }), (which, mutations) => {
          const value = structuredClone(ofVersion[which].value);
          for (const m of mutations) applyValueMutation(value, m);
          let expected: [string, JsonPath][];
          try {
            expected = spectral(version, value);
          } catch {
            // Spectral's function throws where a misspelt enum value sits below a `$ref` it cannot
            // resolve (its whole run then fails); ours gives the finding without a suggestion.
            fc.pre(false);
            return;
          }
          assert.deepEqual(ours(version, value), expected, `${ofVersion[which].name} ${JSON.stringify(mutations)}`);
        }),
        { numRuns: runs(150), seed: FUZZ_SEED + 7 },
      );
    });
  }
});
