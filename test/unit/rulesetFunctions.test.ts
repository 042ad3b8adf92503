import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { URI } from 'vscode-uri';
import { cliService } from '../../server/src/cli/session';
import { WorkerRulesetFunctions } from '../../server/src/node/rulesetFunctionHost';

const folder = resolve('test/fixtures/rulesets/custom');
const script = resolve('dist/rulesetFunctionWorker.js');
const uriOf = (name: string) => URI.file(resolve(folder, name)).toString();
const brief = (d: Diagnostic) => `${String(d.code)} ${d.range.start.line}:${d.range.start.character} ${String(d.message)}`;

describe('ruleset custom functions (functions:, functionsDir) in a bounded worker', function () {
  this.timeout(30000);
  const hosts: WorkerRulesetFunctions[] = [];
  after(() => hosts.forEach((h) => h.dispose()));
  const serviceWith = async (trusted: boolean) => {
    const host = new WorkerRulesetFunctions({ script, timeoutMs: 300, trusted: () => trusted });
    hosts.push(host);
    return cliService(folder, [folder], { rulesetFunctions: host });
  };

  it('runs CommonJS and ES module functions (with their helper modules and Spectral imports) and reports their results like core ones', async () => {
    const service = await serviceWith(true);
    const diagnostics = await service.diagnose(uriOf('api.openapi.yaml'));
    const lines = diagnostics.filter((d) => ['no-internal-in-description', 'summary-title-case', 'title-present'].includes(String(d.code))).map(brief);
    assert.deepEqual(lines.sort(), [
      'no-internal-in-description 4:15 mentions "internal"',
      'summary-title-case 8:15 Summary list all orders is not in title case (list, all, orders)',
    ]);
    const internal = diagnostics.find((d) => d.code === 'no-internal-in-description')!;
    assert.equal(internal.severity, DiagnosticSeverity.Error);
  });

  it('reports a function that throws, never returns or imports Node modules once in the document and in the ruleset; every other rule runs', async () => {
    const service = await serviceWith(true);
    const diagnostics = await service.diagnose(uriOf('api.openapi.yaml'));
    const failures = diagnostics.filter((d) => d.code === 'ruleset.customFunction').map((d) => String(d.message)).sort();
    assert.equal(failures.length, 3, failures.join('\n'));
    assert.match(failures[0], /`explode` of rule `always-throws` threw: cannot handle Orders/);
    assert.match(failures[1], /`readsFiles` of rule `reads-files` threw: cannot be loaded: Cannot load `fs`: a custom function may import only modules of its functions folder/);
    assert.match(failures[2], /`spinForever` of rule `never-returns` did not finish: did not return within 300 ms/);
    assert.ok(diagnostics.some((d) => d.code === 'no-internal-in-description'), 'the other custom functions still ran');

    const onRuleset = (await service.diagnose(uriOf('.spectral.yaml'))).filter((d) => d.code === 'ruleset.customFunction').map(brief).sort();
    assert.deepEqual(onRuleset, [
      'ruleset.customFunction 0:51 `explode` threw: cannot handle Orders.',
      'ruleset.customFunction 0:60 `readsFiles` threw: cannot be loaded: Cannot load `fs`: a custom function may import only modules of its functions folder and Spectral\'s packages.',
      'ruleset.customFunction 0:38 `spinForever` did not finish: did not return within 300 ms.',
    ].sort());

    // The worker that was stopped is replaced: the next check answers as before.
    const again = await service.diagnose(uriOf('api.openapi.yaml'));
    assert.ok(again.some((d) => d.code === 'summary-title-case'));
  });

  it('runs nothing in an untrusted workspace and says so on the ruleset', async () => {
    const service = await serviceWith(false);
    const codes = (await service.diagnose(uriOf('api.openapi.yaml'))).map((d) => String(d.code));
    assert.ok(!codes.some((c) => ['no-internal-in-description', 'summary-title-case', 'ruleset.customFunction'].includes(c)), codes.join());
    const onRuleset = (await service.diagnose(uriOf('.spectral.yaml'))).filter((d) => d.code === 'ruleset.customFunction');
    assert.equal(onRuleset.length, 1);
    assert.match(String(onRuleset[0].message), /not trusted/);
    assert.deepEqual(onRuleset[0].range.start, { line: 0, character: 0 });
  });

  it('stops an asynchronous function that never yields and one that exhausts its memory, and goes on with the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ruleset-functions-'));
    mkdirSync(join(dir, 'rules'));
    writeFileSync(join(dir, '.spectral.yaml'), 'functionsDir: rules\nfunctions: [hangs, hogs, fine]\nrules:\n  a: { given: $.info, then: { function: hangs } }\n  b: { given: $.info, then: { function: hogs } }\n  c: { given: $.info, then: { field: title, function: fine } }\n');
    writeFileSync(join(dir, 'rules/hangs.js'), 'module.exports = async () => { await null; for (;;) {} };\n');
    writeFileSync(join(dir, 'rules/hogs.js'), 'module.exports = () => { const all = []; for (;;) all.push(new Array(1e6).fill(all.length)); };\n');
    writeFileSync(join(dir, 'rules/fine.js'), 'module.exports = (title) => [{ message: `title is ${title}` }];\n');
    writeFileSync(join(dir, 'api.yaml'), 'openapi: 3.0.3\ninfo:\n  title: T\n  version: "1"\npaths: {}\n');
    const host = new WorkerRulesetFunctions({ script, timeoutMs: 300, memoryLimitMb: 32 });
    hosts.push(host);
    const service = await cliService(dir, [dir], { rulesetFunctions: host });
    const lines = (await service.diagnose(URI.file(join(dir, 'api.yaml')).toString())).filter((d) => d.code !== 'oas.operation.missingDescription').map(brief).sort();
    assert.equal(lines.length, 3, lines.join('\n'));
    assert.equal(lines[0], 'c 2:9 title is T');
    assert.match(lines[1], /ruleset.customFunction 1:5 The custom function `hangs` of rule `a` did not finish: did not return within 300 ms/);
    assert.match(lines[2], /ruleset.customFunction 1:5 The custom function `hogs` of rule `b` (was stopped: ran out of memory|did not finish)/);
  });

  it('runs a pattern that can backtrack catastrophically in the worker, also where the workspace is not trusted: it is stopped in time and every other rule still runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ruleset-pattern-'));
    writeFileSync(join(dir, '.spectral.yaml'), 'rules:\n  slow:\n    given: $.info[title,description]\n    then: { function: pattern, functionOptions: { match: "^(a+)+$" } }\n  kebab:\n    given: $.info.title\n    then: { function: pattern, functionOptions: { match: "^[a-z]+(-[a-z]+)*$" } }\n');
    writeFileSync(join(dir, 'api.yaml'), `openapi: 3.0.3\ninfo:\n  title: "${'a'.repeat(40)}!"\n  description: aaaa\n  version: "1"\npaths: {}\n`);
    const host = new WorkerRulesetFunctions({ script, timeoutMs: 200, trusted: () => false });
    hosts.push(host);
    const service = await cliService(dir, [dir], { rulesetFunctions: host });
    const lines = (await service.diagnose(URI.file(join(dir, 'api.yaml')).toString())).filter((d) => !String(d.code).startsWith('oas.')).map(brief).sort();
    assert.equal(lines.length, 2, lines.join('\n'));
    assert.match(lines[0], /^kebab 2:9 /);
    assert.match(lines[1], /^ruleset.customFunction 2:9 The pattern of rule `slow` \(it can backtrack catastrophically\) did not finish/);
    // Once stopped, the rule is not given its other values (the description); the ruleset itself has no problem.
    const ruleset = (await service.diagnose(URI.file(join(dir, '.spectral.yaml')).toString())).map((d) => d.code);
    assert.deepEqual(ruleset, []);
  });
});
