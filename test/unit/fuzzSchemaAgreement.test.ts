import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Diagnostic } from 'vscode-languageserver-types';
import { type OasVersion, validateOasSchema } from '../../server/src/service/openapi/schemaValidation';
import { type AstNode, pathOfNode } from '../../server/src/service/parser/ast';
import { FUZZ_SEED, runs } from '../fuzz/runs';
import { applyValueMutation, seedDocuments, valueMutation, type ValueMutation } from '../fuzz/oasMutations';
import { agrees, type Blame, createOracle, type Location, pointer, someReadings } from '../fuzz/schemaOracle';
import { serviceFor, WS } from '../support/service';

/**
 * Differential test: seeded mutations of real and generated OpenAPI documents, checked by us and
 * by Ajv with the official schema of their version. test/fuzz/schemaOracle.ts defines which
 * locations Ajv's errors put in error (one reading per failed `oneOf`/`anyOf`); the locations our
 * findings point at must be exactly one of those readings. A finding's location is the node it
 * underlines: a missing key at its object, an unknown key at the key, a wrong value at the value.
 *
 * Checked twice: the schema findings themselves, and the diagnostics a person sees for the
 * document's text, which also hold the semantic rules' findings. There, a path parameter's
 * `oas.path.parameterNotRequired` stands for the schema's own finding about the same parameter
 * (on the parameter, or on its `required`). A mutation that makes the text something else than a
 * document of the seed's version (`openapi` renamed) is checked at the first level only.
 *
 * `npm run fuzz` runs FUZZ_RUNS cases per version instead of the few here.
 */
describe('fuzzing: schema findings agree with Ajv and the official schemas', function () {
  this.timeout(600_000);
  const seeds = seedDocuments();
  const versions: OasVersion[] = ['2.0', '3.0', '3.1'];
  const oracles = new Map(versions.map((v) => [v, createOracle(v)]));

  it('has seeds of every version, from the examples, the fixtures and the generator', () => {
    for (const version of versions) {
      const names = seeds.filter((s) => s.version === version).map((s) => s.name);
      assert.ok(names.some((n) => n.startsWith('generated')), `a generated ${version} seed`);
      assert.ok(names.some((n) => !n.startsWith('generated')), `a written ${version} seed`);
    }
    assert.ok(seeds.some((s) => s.name.startsWith('examples/')));
    assert.ok(seeds.some((s) => s.name.startsWith('test/fixtures/')));
  });

  it('what the user sees includes the missing responses of an operation that has no description either', async () => {
    // Found by this test: the hint about the description, on the same key, used to hide the error.
    const value = { swagger: '2.0', info: { title: 'Pets', version: '1' }, paths: { '/pets': { get: { operationId: 'listPets' } } } };
    await new Checker('2.0', oracles.get('2.0')!).check(value, 'an operation without description and responses', []);
  });

  it('a parameter with a misspelt `in` is also told of the `type` no kind of parameter allows', async () => {
    // Found by this test: the misspelt `in` used to hide every other error of the parameter.
    const value = {
      swagger: '2.0',
      info: { title: 'Pets', version: '1' },
      paths: { '/pets': { get: { parameters: [{ name: 'limit', in: 'qeury', type: ['https', 'ftp'] }], responses: { 200: { description: 'ok' } } } } },
    };
    await new Checker('2.0', oracles.get('2.0')!).check(value, 'a parameter with a misspelt `in` and a list as its type', []);
  });

  it('a path key without its leading slash is reported, and nothing below it as the schema would', async () => {
    // Found by this test: a path parameter under such a key was also told to be required.
    const value = {
      openapi: '3.0.3',
      info: { title: 'Contacts', version: '1' },
      paths: { 'contacts/{id}': { get: { parameters: [{ name: 'id', in: 'path', schema: { type: 'string' } }], responses: { 200: { description: 'ok' } } } } },
    };
    await new Checker('3.0', oracles.get('3.0')!).check(value, 'a path without its leading slash', []);
  });

  for (const version of versions) {
    const ofVersion = seeds.filter((s) => s.version === version);
    const oracle = oracles.get(version)!;

    it(`${version}: every seed as written gets the findings Ajv's errors call for`, async () => {
      const checker = new Checker(version, oracle);
      for (const seed of ofVersion) await checker.check(seed.value, seed.name, []);
    });

    it(`${version}: mutated seeds get the findings Ajv's errors call for`, async () => {
      const checker = new Checker(version, oracle);
      await fc.assert(
        fc.asyncProperty(fc.nat({ max: ofVersion.length - 1 }), fc.array(valueMutation, { minLength: 1, maxLength: 3 }), async (which, mutations) => {
          const value = structuredClone(ofVersion[which].value);
          for (const m of mutations) applyValueMutation(value, m);
          await checker.check(value, ofVersion[which].name, mutations);
        }),
        { numRuns: runs(100), seed: FUZZ_SEED + versions.indexOf(version) },
      );
    });
  }
});

/** Checks documents of one version against the oracle, in one editing session. */
class Checker {
  private readonly uri = WS + 'spec.json';
  private readonly session = serviceFor({});

  constructor(
    private readonly version: OasVersion,
    private readonly oracle: ReturnType<typeof createOracle>,
  ) {}

  async check(value: unknown, name: string, mutations: ValueMutation[]): Promise<void> {
    const what = `${name} ${JSON.stringify(mutations)}`;
    const valid = this.oracle.valid(value);
    const blame = valid ? undefined : this.oracle.blame(value);

    const findings = validateOasSchema(value, this.version);
    const ours = new Set(findings.map((f) => pointer(f.path)));
    compare(`${what}: schema findings`, blame, ours, findings.map((f) => [pointer(f.path), f.message]));

    // JSON text, so that no object starts where its first key does and each diagnostic's start names one node.
    this.session.workspace.set(this.uri, JSON.stringify(value, null, 2));
    this.session.service.fileChanged(this.uri, 'changed');
    const diagnostics = await this.session.service.diagnose(this.uri);
    const doc = (await this.session.service.getDocument(this.uri))!;
    // A document no longer recognised as one of this version (its `openapi` renamed, say) is not checked as one.
    if (doc.kind.kind !== 'openapi' || doc.kind.version !== this.version) return;
    const seen = shownLocations(doc.parse.root!, diagnostics, (d) => doc.lines.offsetAt(d.range.start));
    compare(`${what}: diagnostics`, blame, new Set(seen.map(([l]) => l)), seen);
  }
}

function compare(what: string, blame: Blame | undefined, ours: Set<Location>, shown: unknown): void {
  if (!blame) {
    assert.equal(ours.size, 0, `${what}: Ajv accepts the document, we report ${JSON.stringify(shown)}`);
    return;
  }
  if (agrees(blame, ours)) return;
  assert.fail(
    [
      `${what} do not point where Ajv's errors do.`,
      `ours: ${JSON.stringify(shown, null, 1)}`,
      `closest of Ajv's readings: ${JSON.stringify(someReadings(blame, ours), null, 1)}`,
    ].join('\n'),
  );
}

/** The locations of the schema diagnostics (and of those that stand for one), with their messages. */
function shownLocations(root: AstNode, diagnostics: Diagnostic[], offsetOf: (d: Diagnostic) => number): [Location, string][] {
  const keys = new Map<number, AstNode>();
  const values = new Map<number, AstNode>();
  const index = (node: AstNode) => {
    if (node.keyOffset >= 0) keys.set(node.keyOffset, node);
    if (!values.has(node.offset)) values.set(node.offset, node);
    node.children?.forEach(index);
  };
  index(root);
  const result: [Location, string][] = [];
  for (const d of diagnostics) {
    const code = String(d.code);
    if (!code.startsWith('oas.schema.') && code !== 'oas.path.parameterNotRequired') continue;
    const offset = offsetOf(d);
    let node = keys.get(offset) ?? values.get(offset);
    assert.ok(node, `a diagnostic that starts at no node: ${JSON.stringify(d)}`);
    // Reported on the `in` key of a parameter without `required`: the parameter is what lacks it.
    if (code === 'oas.path.parameterNotRequired' && node.key === 'in') node = node.parent!;
    result.push([pointer(pathOfNode(node)), `${code} ${d.message}`]);
  }
  return result;
}

