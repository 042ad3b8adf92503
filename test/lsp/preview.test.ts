import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PreviewMappingResult } from '../../server/src/protocol';
import { MAPPING, SPEC } from '../support/previewFixtures';
import { LspTestClient, uriOf } from '../support/lspClient';
import { rangeOf } from '../support/service';

describe('language server over stdio: interfaceStudio/previewMapping', function () {
  this.timeout(60_000);
  let client: LspTestClient;
  let folder: string;

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'is-preview-'));
    mkdirSync(join(folder, 'specs'));
    mkdirSync(join(folder, 'samples/expected'), { recursive: true });
    writeFileSync(join(folder, 'specs/crm.openapi.yaml'), SPEC);
    writeFileSync(join(folder, 'm.mapping.yaml'), MAPPING);
    writeFileSync(join(folder, 'samples/acme.json'), JSON.stringify({ Id: '1', Name: 'Acme', Contacts: [{ Email: 'x' }] }));
    writeFileSync(join(folder, 'samples/globex.json'), JSON.stringify({ Id: '2', Name: 'Globex' }));
    writeFileSync(join(folder, 'samples/expected/globex.json'), JSON.stringify({ companyName: 'Globex', externalId: 'SF-2' }));
    client = new LspTestClient();
    await client.initialize(folder, { preview: { timeoutMs: 3000 } });
  });

  afterEach(async () => {
    await client.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  const request = (params: object): Promise<PreviewMappingResult> => client.connection.sendRequest('interfaceStudio/previewMapping', params);

  it('runs the mapping on its first sample: output, trace with ranges, target violations', async () => {
    const uri = uriOf(join(folder, 'm.mapping.yaml'));
    const result = await request({ uri });
    assert.deepEqual(result.output, { companyName: 'Acme', externalId: 'SF-1', status: 'UNKNOWN', contacts: [{ email: 'x' }] });
    assert.deepEqual(result.trace.find((t) => t.target === 'externalId'), { target: 'externalId', value: 'SF-1', range: rangeOf(MAPPING, 'externalId') });
    assert.deepEqual(result.targetViolations.map((v) => [v.path, v.target, v.range]), [['/contacts/0/email', 'contacts.email', rangeOf(MAPPING, 'email')]]);
    assert.deepEqual(result.sourceViolations, []);
    assert.equal(typeof result.ms, 'number');
  });

  it('uses the open buffer of the mapping, a picked sample and its golden file', async () => {
    const uri = uriOf(join(folder, 'm.mapping.yaml'));
    await client.open(uri, MAPPING.replace("expr: \"'SF-' & Id\"", "expr: \"'X-' & Id\""));
    const result = await request({ uri, sample: { uri: uriOf(join(folder, 'samples/globex.json')) } });
    assert.deepEqual(result.expected, {
      uri: uriOf(join(folder, 'samples/expected/globex.json')),
      diff: [
        { path: '/externalId', kind: 'changed', expected: 'SF-2', actual: 'X-2' },
        { path: '/status', kind: 'added', actual: 'UNKNOWN' },
      ],
    });
  });

  it('stops a runaway field after the time limit and answers other requests meanwhile', async () => {
    const uri = uriOf(join(folder, 'm.mapping.yaml'));
    await client.open(uri, MAPPING.replace('expr: Employees', 'expr: "($f := function($x){ $f($x) }; $f(1))"'));
    let previewDone = false;
    const slow = request({ uri }).finally(() => (previewDone = true));
    const kind = await client.connection.sendRequest('interfaceStudio/documentKind', { uri });
    assert.equal(previewDone, false, 'documentKind is answered while the preview still runs');
    assert.deepEqual(kind, { kind: 'mapping', label: 'Mapping' });
    const result = await slow;
    assert.match(result.trace.find((t) => t.target === 'headcount')?.error ?? '', /^stopped (after 3 s|: ran out of memory)$/);
    assert.equal(result.trace.find((t) => t.target === 'companyName')?.value, 'Acme');
  });

  it('evaluates nothing when the editor says the workspace is not trusted', async () => {
    const result = await request({ uri: uriOf(join(folder, 'm.mapping.yaml')), trusted: false });
    assert.equal(result.output, null);
    assert.match(result.problem ?? '', /not trusted/);
  });
});
