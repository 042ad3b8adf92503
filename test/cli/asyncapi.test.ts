import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const cli = resolve('dist/cli.js');

function run(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A team ruleset with a rule for every AsyncAPI version, one per version (`formats`), and one for OpenAPI only. */
const RULESET = `rules:
  asyncapi-info-contact:
    formats: [asyncapi2, asyncapi3]
    given: $.info
    severity: warn
    message: Name a contact.
    then: { field: contact, function: truthy }
  asyncapi2-operation-id:
    formats: [asyncapi2]
    given: $.channels[*][publish,subscribe]
    severity: error
    message: Give every operation an operationId.
    then: { field: operationId, function: truthy }
  asyncapi3-operation-summary:
    formats: [asyncapi3]
    given: $.operations[*]
    severity: error
    message: Summarise every operation.
    then: { field: summary, function: truthy }
  openapi-only:
    formats: [oas3]
    given: $.info
    severity: error
    message: Never on AsyncAPI.
    then: { field: title, function: falsy }
`;

describe('interface-studio check on AsyncAPI documents', function () {
  this.timeout(60_000);
  let folder: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'is-asyncapi-'));
    cpSync(resolve('test/fixtures/asyncapi'), folder, { recursive: true });
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('checks 2.6 and 3.0 documents, exit 0 when clean and 1 on an error, at the exact place', () => {
    const clean = run(['check', 'streetlights-2.yaml', 'streetlights-3.yaml', 'accepted'], folder);
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
    writeFileSync(join(folder, 'broken.yaml'), 'asyncapi: 3.0.0\ninfo: { title: T, version: "1" }\noperations:\n  ping:\n    acton: send\n    channel: { $ref: "#/channels/pings" }\n');
    const broken = run(['check', 'broken.yaml'], folder);
    assert.equal(broken.code, 1);
    assert.deepEqual(broken.stdout.trim().split('\n'), [
      'broken.yaml:5:5 error asyncapi.schema.unknownKey `acton` is not allowed in an Operation Object; did you mean `action`?',
      "broken.yaml:6:22 error asyncapi.operation.unknownChannel The operation `ping` names the channel `pings`, which `channels` does not define.",
    ]);
    const json = JSON.parse(run(['check', 'broken.yaml', '--format', 'json'], folder).stdout) as { code: string; line: number; column: number }[];
    assert.deepEqual(json.map((f) => [f.code, f.line, f.column]), [['asyncapi.schema.unknownKey', 5, 5], ['asyncapi.operation.unknownChannel', 6, 22]]);
  });

  it('runs ruleset rules by their formats: asyncapi2 on 2.x documents, asyncapi3 on 3.0 ones, oas3 on neither', () => {
    writeFileSync(join(folder, '.spectral.yaml'), RULESET);
    writeFileSync(join(folder, 'v2.yaml'), "asyncapi: '2.6.0'\ninfo: { title: T, version: '1' }\nchannels:\n  pings:\n    publish:\n      message: { payload: { type: string } }\n");
    writeFileSync(join(folder, 'v3.yaml'), "asyncapi: 3.0.0\ninfo: { title: T, version: '1', contact: { name: Ops } }\nchannels:\n  pings: { address: pings }\noperations:\n  ping:\n    action: send\n    channel: { $ref: '#/channels/pings' }\n");
    const result = run(['check', 'v2.yaml', 'v3.yaml', '--format', 'json'], folder);
    assert.equal(result.code, 1);
    const found = (JSON.parse(result.stdout) as { file: string; code: string; line: number; severity: string }[]).map((f) => [f.file, f.code, f.line, f.severity]);
    assert.deepEqual(found, [
      ['v2.yaml', 'asyncapi-info-contact', 2, 'warning'],
      ['v2.yaml', 'asyncapi2-operation-id', 5, 'error'],
      ['v3.yaml', 'asyncapi3-operation-summary', 6, 'error'],
    ]);
    const warnOnly = run(['check', 'v2.yaml', '--ruleset', '.spectral.yaml', '--fail-severity', 'error'], folder);
    assert.equal(warnOnly.code, 1);
    writeFileSync(join(folder, 'contact-only.yaml'), 'rules:\n  c:\n    formats: [asyncapi3]\n    given: $.info\n    severity: warn\n    then: { field: contact, function: truthy }\n');
    assert.equal(run(['check', 'v2.yaml', '--ruleset', 'contact-only.yaml'], folder).code, 0);
  });

  it('rule settings of .interface-studio.yaml apply to AsyncAPI codes', () => {
    writeFileSync(join(folder, 'unused.yaml'), "asyncapi: 3.0.0\ninfo: { title: T, version: '1' }\ncomponents:\n  schemas:\n    Spare: { type: string }\n");
    assert.equal(run(['check', 'unused.yaml', '--fail-severity', 'hint'], folder).code, 1);
    writeFileSync(join(folder, '.interface-studio.yaml'), 'rules:\n  asyncapi.component.*: off\n');
    const off = run(['check', 'unused.yaml', '--fail-severity', 'hint'], folder);
    assert.equal(off.code, 0, off.stdout);
  });
});
