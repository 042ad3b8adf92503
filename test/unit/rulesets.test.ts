import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { rulesetEngine } from '../../server/src/service/rulesets/engine';
import { diagnose, serviceFor, WS } from '../support/service';

const fixture = (name: string) => readFileSync(resolve('test/fixtures/rulesets/compat', name), 'utf8');
const spec = `openapi: 3.0.3
info:
  title: T
  version: "1"
paths:
  /pets:
    get:
      operationId: list_pets
      responses:
        '200':
          description: ok
`;

describe('team rulesets (Spectral 6 format)', () => {
  it('gives exactly what Spectral 6.16 gives for spectral:oas (all rules) and team rules on a recorded spec', async () => {
    const diagnostics = await diagnose({ 'orders.openapi.yaml': fixture('orders.openapi.yaml'), '.spectral.yaml': fixture('.spectral.yaml') }, 'orders.openapi.yaml');
    const ours = diagnostics.filter((d) => !String(d.code).startsWith('oas.')).map((d) => [d.code, d.severity! - 1, `${d.range.start.line}:${d.range.start.character}`, `${d.range.end.line}:${d.range.end.character}`, d.message].join(' | '));
    // Recorded with `spectral lint -f json` (@stoplight/spectral-cli 6.16).
    const recorded = (JSON.parse(fixture('spectral-findings.json')) as { code: string; severity: number; start: number[]; end: number[]; message: string }[])
      .map((f) => [f.code, f.severity, f.start.join(':'), f.end.join(':'), f.message].join(' | '));
    assert.deepEqual([...ours].sort(), [...recorded].sort());
  });

  for (const spec of ['examples.openapi.yaml', 'examples.swagger.yaml', 'examples31.openapi.yaml']) {
    it(`gives exactly what Spectral 6.16 gives for examples, defaults and server variables (${spec})`, async () => {
      const diagnostics = await diagnose({ [spec]: fixture(spec), '.spectral.yaml': 'extends: [[spectral:oas, all]]\n' }, spec);
      const line = (d: { code: unknown; severity: number; start: string; end: string; message: unknown }) => [d.code, d.severity, d.start, d.end, d.message].join(' | ');
      const ours = diagnostics.filter((d) => !/^(oas|syntax)\./.test(String(d.code)))
        .map((d) => line({ code: d.code, severity: d.severity! - 1, start: `${d.range.start.line}:${d.range.start.character}`, end: `${d.range.end.line}:${d.range.end.character}`, message: d.message }));
      // Recorded with `spectral lint -f json` (@stoplight/spectral-cli 6.16).
      const recorded = (JSON.parse(fixture('spectral-example-findings.json')) as Record<string, { code: string; severity: number; start: number[]; end: number[]; message: string }[]>)[spec]
        .map((f) => line({ ...f, start: f.start.join(':'), end: f.end.join(':') }));
      assert.deepEqual([...ours].sort(), [...recorded].sort());
      // Our own example and default checks find the same defects at the same places: one diagnostic each, the ruleset's.
      if (spec === 'examples.openapi.yaml') assert.deepEqual(diagnostics.filter((d) => /^oas\.(example|default)\./.test(String(d.code))), []);
    });
  }

  it('gives exactly what Spectral 6.16 gives with the OWASP API Security Top 10 ruleset, extended by its package name', async () => {
    const owasp = (name: string) => readFileSync(resolve('test/fixtures/rulesets/owasp', name), 'utf8');
    const diagnostics = await diagnose({ 'accounts.openapi.yaml': owasp('accounts.openapi.yaml'), '.spectral.yaml': owasp('.spectral.yaml') }, 'accounts.openapi.yaml');
    const ours = diagnostics.filter((d) => String(d.code).startsWith('owasp:')).map((d) => [d.code, d.severity! - 1, `${d.range.start.line}:${d.range.start.character}`, `${d.range.end.line}:${d.range.end.character}`, d.message].join(' | '));
    // Recorded with `spectral lint -f json` (@stoplight/spectral-cli 6.16, @stoplight/spectral-owasp-ruleset 2.0.1).
    const recorded = (JSON.parse(owasp('spectral-findings.json')) as { code: string; severity: number; start: number[]; end: number[]; message: string }[])
      .map((f) => [f.code, f.severity, f.start.join(':'), f.end.join(':'), f.message].join(' | '));
    assert.deepEqual([...ours].sort(), [...recorded].sort());
  });

  it('follows $refs into other files and reports a finding where the value is written, in the referenced file', async () => {
    const root = `openapi: 3.0.3
info:
  title: T
  version: "1"
paths:
  /pets:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json: {}
        '404':
          $ref: './common/errors.yaml#/responses/NotFound'
`;
    const errors = `responses:
  NotFound:
    description: Not found
  Unused:
    description: Not referenced by the spec
`;
    const ruleset = `rules:
  responses-have-content:
    message: "{{property}} is missing"
    given: $.paths[*][*].responses[*]
    then:
      field: content
      function: truthy
`;
    const { service, workspace } = serviceFor({ 'api.yaml': root, 'common/errors.yaml': errors, '.spectral.yaml': ruleset });
    assert.deepEqual((await service.diagnose(WS + 'api.yaml')).filter((d) => d.code === 'responses-have-content'), []);
    const inFragment = (await service.diagnose(WS + 'common/errors.yaml')).filter((d) => d.code === 'responses-have-content');
    // As Spectral 6.16 reports it (its JSON output: path responses/NotFound, "NotFound is missing", 1:11–2:26, source errors.yaml).
    assert.deepEqual(inFragment.map((d) => [d.message, d.range]), [['NotFound is missing', { start: { line: 1, character: 11 }, end: { line: 2, character: 26 } }]]);
    // Fixing the fragment clears it; the root's run is not reused once a file it read changed.
    workspace.set(WS + 'common/errors.yaml', errors.replace('description: Not found', 'description: Not found\n    content:\n      application/json: {}'));
    service.fileChanged(WS + 'common/errors.yaml', 'changed');
    assert.deepEqual((await service.diagnose(WS + 'common/errors.yaml')).filter((d) => d.code === 'responses-have-content'), []);
  });

  it('reports a rule with its name as code, its severity, its filled-in message and its documentation link', async () => {
    const ruleset = `rules:
  operation-id-kebab:
    description: operationIds are kebab-case.
    message: "{{property}} {{value}}: {{error}}"
    severity: error
    documentationUrl: https://example.com/style#ids
    given: $.paths[*][*].operationId
    then:
      function: casing
      functionOptions: { type: kebab }
`;
    const [d] = (await diagnose({ 'api.yaml': spec, '.spectral.yaml': ruleset }, 'api.yaml')).filter((x) => x.code === 'operation-id-kebab');
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.equal(d.message, 'operationId list_pets: must be kebab case');
    assert.deepEqual(d.codeDescription, { href: 'https://example.com/style#ids' });
    assert.deepEqual(d.range, { start: { line: 7, character: 19 }, end: { line: 7, character: 28 } });
  });

  it('honours interfaceStudio.rules, suppression comments, and rules turned off or re-rated by an extending ruleset', async () => {
    const ruleset = 'extends: spectral:oas\nrules:\n  info-contact: error\n  operation-description: off\n';
    const files = { 'api.yaml': spec, '.spectral.yaml': ruleset };
    const codes = (await diagnose(files, 'api.yaml')).map((d) => `${d.code}:${d.severity}`);
    assert.ok(codes.includes('info-contact:1'), codes.join());
    assert.ok(!codes.some((c) => c.startsWith('operation-description')), codes.join());
    assert.ok(!codes.some((c) => c.startsWith('info-license')), 'not recommended, so not enabled by plain extends');
    const off = (await diagnose(files, 'api.yaml', { rules: { 'info-contact': 'off' } })).map((d) => d.code);
    assert.ok(!off.includes('info-contact'));
    const suppressed = spec.replace('    get:\n', '    # interface-studio-disable-next-line operation-tags\n    get:\n');
    const left = (await diagnose({ ...files, 'api.yaml': suppressed }, 'api.yaml')).map((d) => d.code);
    assert.ok(!left.includes('operation-tags') && left.includes('operation-operationId-valid-in-url') === false);
  });

  it('reads rulesets listed in the configuration and governs mappings and flows by their formats', async () => {
    const ruleset = `rules:
  mapping-field-note:
    formats: [interface-studio-mapping]
    description: Every field has a note.
    given: $.fields[*]
    then: { field: note, function: truthy }
  participant-kebab:
    formats: [interface-studio-flow]
    given: $.participants
    then: { field: "@key", function: casing, functionOptions: { type: kebab } }
`;
    const mapping = 'mapping: "1.0"\nsource: { spec: a.json }\ntarget: { spec: a.json }\nfields:\n  - target: a\n    expr: b\n    note: fine\n  - target: c\n    expr: d\n';
    const flow = 'flow: "1.0"\nparticipants:\n  webShop: { name: Shop }\n  erp-system: { name: ERP }\nsteps: []\n';
    const files = { 'governance/team.yaml': ruleset, 'x.mapping.yaml': mapping, 'x.flow.yaml': flow, 'a.json': '{"type":"object"}' };
    const configuration = { rulesets: ['governance/team.yaml'] };
    const mappingFindings = (await diagnose(files, 'x.mapping.yaml', configuration)).filter((d) => d.code === 'mapping-field-note');
    assert.equal(mappingFindings.length, 1);
    assert.equal(mappingFindings[0].range.start.line, 7);
    assert.equal(mappingFindings[0].message, 'Every field has a note.');
    const flowFindings = (await diagnose(files, 'x.flow.yaml', configuration)).filter((d) => d.code === 'participant-kebab');
    assert.deepEqual(flowFindings.map((d) => d.range.start.line), [2]);
    assert.equal(flowFindings[0].message, 'must be kebab case');
  });

  it('shows one diagnostic, the ruleset\'s, where a ruleset rule finds the same defect as one of ours', async () => {
    const dup = spec + '  /cats:\n    get:\n      operationId: list_pets\n      responses:\n        \'200\':\n          description: ok\n';
    const codes = (await diagnose({ 'api.yaml': dup, '.spectral.yaml': 'extends: spectral:oas\n' }, 'api.yaml')).map((d) => `${d.code}@${d.range.start.line}`);
    assert.ok(codes.includes('operation-operationId-unique@13'), codes.join());
    assert.ok(!codes.includes('oas.operationId.duplicate@13'), codes.join());
    assert.ok(codes.includes('oas.operationId.duplicate@7'), 'the first place is reported by our rule only');
  });

  it('reports bad rulesets at the exact place and runs the other rules', async () => {
    const ruleset = `extends: [./base.yaml]
rules:
  bad-function:
    given: $.info
    then: { function: truthyy }
  bad-path:
    given: "$[?("
    then: { function: truthy }
  bad-options:
    given: $.info
    then: { function: casing, functionOptions: { type: upper } }
  bad-alias:
    given: "#Nowhere"
    then: { function: truthy }
  good:
    given: $.info
    then: { field: contact, function: truthy }
`;
    const base = 'extends: [./.spectral.yaml]\nrules: {}\n';
    const files = { 'api.yaml': spec, '.spectral.yaml': ruleset, 'base.yaml': base };
    const problems = await diagnose(files, '.spectral.yaml');
    const at = (code: string) => problems.filter((d) => d.code === code).map((d) => `${d.range.start.line}:${d.message}`);
    assert.match(at('ruleset.function').join('\n'), /^4:`truthyy` is not a function/m);
    assert.match(at('ruleset.function').join('\n'), /^10:"casing" function and its "type" option accept the following values/m);
    assert.match(at('ruleset.jsonPath').join('\n'), /^6:`\$\[\?\(` is not a valid JSONPath expression/m);
    assert.match(at('ruleset.jsonPath').join('\n'), /^12:The alias `#Nowhere` is not defined/m);
    assert.equal(problems.filter((d) => d.code === 'syntax.error').length, 0);
    const loop = problems.filter((d) => d.code === 'ruleset.extends');
    assert.equal(loop[0]?.range.start.line, 0);
    assert.match(loop.map((d) => d.message).join(), /extends back to a ruleset already being extended/);
    const api = (await diagnose(files, 'api.yaml')).map((d) => d.code);
    assert.ok(api.includes('good'), api.join());
    const broken = await diagnose({ ...files, '.spectral.yaml': 'rules:\n  x: [\n' }, '.spectral.yaml');
    assert.ok(broken.some((d) => d.code === 'syntax.error'));
    assert.ok((await diagnose({ ...files, '.spectral.yaml': 'rules:\n  x: [\n' }, 'api.yaml')).every((d) => !String(d.code).startsWith('ruleset')));
  });

  it('evaluates filter scripts without running document text as code', async () => {
    const evil = spec.replace('title: T', 'title: "process.exit(1)"');
    const ruleset = `rules:
  titled:
    given: "$[?(@.title && @.title.constructor.constructor('return process')().exit(3))]"
    then: { function: falsy }
  arrays:
    given: "$..[?(@ && @.constructor.name === 'Array')]"
    then: { function: falsy }
`;
    const found = (await diagnose({ 'api.yaml': evil + 'x-list: [1]\n', '.spectral.yaml': ruleset }, 'api.yaml')).map((d) => d.code);
    assert.ok(!found.includes('titled'));
    assert.ok(found.includes('arrays'), 'the constructor.name idiom rulesets use still works');
  });

  it('loads a ruleset published as an npm package from node_modules above the ruleset', async () => {
    const files = {
      'api.yaml': spec,
      '.spectral.yaml': 'extends: ["@acme/style"]\n',
      'node_modules/@acme/style/package.json': '{"name":"@acme/style","main":"ruleset.yaml"}',
      'node_modules/@acme/style/ruleset.yaml': 'rules:\n  acme-title:\n    given: $.info.title\n    then: { function: pattern, functionOptions: { match: "^Acme" } }\n',
    };
    const [d] = (await diagnose(files, 'api.yaml')).filter((x) => x.code === 'acme-title');
    assert.equal(d.message, '"T" must match the pattern "^Acme"');
    const js = await diagnose({ ...files, 'node_modules/@acme/style/package.json': '{"main":"index.js"}' }, '.spectral.yaml');
    assert.match(js.map((x) => `${x.code} ${x.message}`).join(), /ruleset.unsupported The package `@acme\/style` publishes its ruleset as JavaScript/);
  });

  it('re-reads a ruleset when it changes', async () => {
    const { service, workspace } = serviceFor({ 'api.yaml': spec, '.spectral.yaml': 'rules: {}\n' });
    assert.ok(!(await service.diagnose(WS + 'api.yaml')).some((d) => d.code === 'title-check'));
    workspace.set(WS + '.spectral.yaml', 'rules:\n  title-check:\n    given: $.info\n    then: { field: description, function: truthy }\n');
    assert.ok((await service.diagnose(WS + 'api.yaml')).some((d) => d.code === 'title-check'));
    assert.deepEqual(service.dependentsOf(WS + '.spectral.yaml'), [WS + 'api.yaml']);
    assert.equal((await rulesetEngine(service).rulesetsFor(WS + 'api.yaml')).length, 1);
  });

  it('completes function names, options and spectral:oas rule names, and hovers rule descriptions', async () => {
    const { service } = serviceFor({ '.spectral.yaml': 'extends: spectral:oas\nrules:\n  info-contact: error\n  mine:\n    given: $\n    then:\n      function: casing\n      functionOptions:\n        ty\n' });
    const uri = WS + '.spectral.yaml';
    const labels = async (line: number, character: number) => (await service.kinds.get('ruleset')!.features!.completion!({ service, doc: (await service.getDocument(uri))!, token: { isCancellationRequested: false } as never, position: { line, character }, offset: (await service.getDocument(uri))!.lines.offsetAt({ line, character }) })).map((i) => i.label);
    assert.ok((await labels(6, 18)).includes('casing'));
    assert.ok((await labels(8, 10)).includes('disallowDigits'));
    const doc = (await service.getDocument(uri))!;
    const hover = await service.kinds.get('ruleset')!.features!.hover!({ service, doc, token: { isCancellationRequested: false } as never, position: { line: 2, character: 4 }, offset: doc.lines.offsetAt({ line: 2, character: 4 }) });
    assert.match(JSON.stringify(hover?.contents), /Info object must have \\"contact\\" object/);
  });

  it('does not run a pattern that could backtrack catastrophically where no worker can stop it, and checks are not stalled by it', async () => {
    const ruleset = 'rules:\n  slow:\n    given: $.info.title\n    then: { function: pattern, functionOptions: { match: "^(a+)+$" } }\n  kebab:\n    given: $.info.title\n    then: { function: pattern, functionOptions: { match: "^[a-z]+(-[a-z]+)*$" } }\n';
    const files = { 'api.yaml': spec.replace('title: T', `title: "${'a'.repeat(40)}!"`), '.spectral.yaml': ruleset };
    const problems = (await diagnose(files, '.spectral.yaml')).map((d) => `${d.code}@${d.range.start.line}`);
    assert.deepEqual(problems, ['ruleset.function@3']);
    const codes = (await diagnose(files, 'api.yaml')).map((d) => d.code);
    assert.ok(codes.includes('kebab') && !codes.includes('slow'), codes.join());
  });

  it('follows local $refs as Spectral does and reports where the value is written', async () => {
    const withRef = spec.replace("        '200':\n          description: ok\n", "        '200':\n          $ref: '#/components/responses/Ok'\ncomponents:\n  responses:\n    Ok:\n      description: ''\n");
    const ruleset = 'rules:\n  response-described:\n    given: $.paths[*][*].responses[*]\n    then: { field: description, function: truthy }\n';
    const [d] = (await diagnose({ 'api.yaml': withRef, '.spectral.yaml': ruleset }, 'api.yaml')).filter((x) => x.code === 'response-described');
    assert.equal(d.range.start.line, 14, 'at the response under components, not at the $ref');
  });
});

