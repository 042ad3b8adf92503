import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { diagnose, rangeOf } from '../support/service';

// Documents that break the OpenAPI schema of their version (2.0, 3.0, 3.1): a missing `info`, wrong
// types, unknown keys in operations, `$ref` siblings, parameters and security schemes that fit no
// branch of their `oneOf`, responses without description, misspelt enum values…
const folder = 'test/fixtures/rulesets/schema';
const fixture = (name: string) => readFileSync(resolve(folder, name), 'utf8');
type Recorded = { code: string; severity: number; start: number[]; end: number[]; message: string };
// Recorded with scripts/record-spectral-schema.mjs (`spectral lint -f json`, @stoplight/spectral-cli 6.16).
const recording = JSON.parse(fixture('spectral-findings.json')) as Record<string, Recorded[]>;
const ALL = 'extends: [[spectral:oas, all]]\n';
const SCHEMA_RULES = /^oas[23]-schema$/;

const line = (f: { code: unknown; severity: number; start: string; end: string; message: unknown }) => [f.code, f.severity, f.start, f.end, f.message].join(' | ');

describe('spectral:oas document schema rules (oas2-schema, oas3-schema)', () => {
  for (const name of Object.keys(recording)) {
    it(`gives exactly what Spectral 6.16 gives on ${name}`, async () => {
      const diagnostics = await diagnose({ [name]: fixture(name), '.spectral.yaml': ALL }, name);
      const ours = diagnostics.filter((d) => SCHEMA_RULES.test(String(d.code)))
        .map((d) => line({ code: d.code, severity: d.severity! - 1, start: `${d.range.start.line}:${d.range.start.character}`, end: `${d.range.end.line}:${d.range.end.character}`, message: d.message }));
      const recorded = recording[name].filter((f) => SCHEMA_RULES.test(f.code)).map((f) => line({ ...f, start: f.start.join(':'), end: f.end.join(':') }));
      assert.ok(recorded.length > 0, 'the recording has schema findings');
      assert.deepEqual([...ours].sort(), [...recorded].sort());
    });
  }

  // In JSON every rule's places are compared, not only the schema rules': Spectral places a value as in
  // YAML (an object under a key starts right after its colon and ends where its last value ends).
  for (const name of Object.keys(recording).filter((n) => n.endsWith('.json'))) {
    it(`places every finding where Spectral 6.16 does on ${name}`, async () => {
      const diagnostics = await diagnose({ [name]: fixture(name), '.spectral.yaml': ALL }, name);
      const ours = diagnostics.filter((d) => !/^(oas|ruleset)\./.test(String(d.code)))
        .map((d) => line({ code: d.code, severity: d.severity! - 1, start: `${d.range.start.line}:${d.range.start.character}`, end: `${d.range.end.line}:${d.range.end.character}`, message: d.message }));
      const recorded = recording[name].map((f) => line({ ...f, start: f.start.join(':'), end: f.end.join(':') }));
      assert.ok(recorded.some((f) => !SCHEMA_RULES.test(f.split(' | ')[0])), 'the recording has findings of other rules');
      assert.deepEqual([...ours].sort(), [...recorded].sort());
    });
  }

  it('reports an unknown key of an operation once, with the ruleset rule\'s name, where our own check finds it too', async () => {
    const text = fixture('broken.openapi.yaml');
    const diagnostics = await diagnose({ 'broken.openapi.yaml': text, '.spectral.yaml': ALL }, 'broken.openapi.yaml');
    const atKey = diagnostics.filter((d) => d.range.start.line === rangeOf(text, 'summery').start.line);
    assert.deepEqual(atKey.map((d) => [d.code, d.message]), [['oas3-schema', 'Property "summery" is not expected to be here.']]);
    // Spectral underlines the unknown key's value.
    assert.deepEqual(atKey[0].range, rangeOf(text, 'Get a pet'));
  });

  it('leaves our own schema findings alone without a ruleset, and where the ruleset turns the rule off', async () => {
    const text = fixture('broken.openapi.yaml');
    const cases: Record<string, string>[] = [{ 'broken.openapi.yaml': text }, { 'broken.openapi.yaml': text, '.spectral.yaml': `${ALL}rules:\n  oas3-schema: off\n` }];
    for (const files of cases) {
      const diagnostics = await diagnose(files, 'broken.openapi.yaml');
      assert.equal(diagnostics.filter((d) => d.code === 'oas3-schema').length, 0);
      assert.ok(diagnostics.some((d) => d.code === 'oas.schema.unknownKey' && d.range.start.line === rangeOf(text, 'summery').start.line));
    }
  });

  it('suggests the closest allowed value of an enum, and none when no value is close', async () => {
    const text = 'openapi: 3.0.3\ninfo: { title: T, version: "1" }\npaths:\n  /a:\n    get:\n      parameters:\n        - { name: a, in: heder, schema: { type: string } }\n        - { name: b, in: zzzzzzz, schema: { type: string } }\n      responses: { default: { description: ok } }\n';
    const diagnostics = await diagnose({ 'a.openapi.yaml': text, '.spectral.yaml': ALL }, 'a.openapi.yaml');
    const messages = diagnostics.filter((d) => d.code === 'oas3-schema').map((d) => d.message);
    assert.deepEqual(messages, [
      '"in" property must be equal to one of the allowed values: "path", "query", "header", "cookie". Did you mean "header"?.',
      '"in" property must be equal to one of the allowed values: "path", "query", "header", "cookie".',
    ]);
  });
});
