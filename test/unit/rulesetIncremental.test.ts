import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import { resolveRefs } from '../../server/src/service/rulesets/resolved';
import { serviceFor, WS } from '../support/service';
import { seededRandom as random } from '../support/seededRandom';

/**
 * A run after an edit reuses what earlier runs found for the objects the edit kept (resolved
 * copies, matches below objects, functions' results): after each of many random edits, the
 * findings of the edited document must be exactly those of a fresh service reading the same text.
 */
const RULESET = 'extends:\n  - [spectral:oas, all]\n  - "@stoplight/spectral-owasp-ruleset"\n';
const SPECS = [
  ['compat', 'examples.openapi.yaml'],
  ['compat', 'orders.openapi.yaml'],
  ['compat', 'examples.swagger.yaml'],
  ['owasp', 'accounts.openapi.yaml'],
];
const EDITS = 40;

/**
 * An edit a person makes while typing: a character in a value, a line removed, copied or moved, a
 * `$ref` or a type changed, text that only moves what follows (the findings of untouched places
 * are taken over and moved with it).
 */
function edit(text: string, next: () => number): string {
  const lines = text.split('\n');
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)];
  const line = Math.floor(next() * lines.length);
  switch (Math.floor(next() * 9)) {
    case 7: {
      // Text that moves what follows without changing a value: a blank line, a comment, spaces at a line's end.
      const what = pick(['\n', '# note', '   ']);
      if (what === '   ') lines[line] += what;
      else lines.splice(line, 0, what === '\n' ? '' : `${/^\s*/.exec(lines[line])![0]}${what}`);
      break;
    }
    case 8: {
      // Several keystrokes in one value, as a person types a word.
      const colon = lines[line].indexOf(': ');
      if (colon >= 0) lines[line] = `${lines[line].slice(0, colon + 2)}${lines[line].slice(colon + 2)}${'word'.slice(0, 1 + Math.floor(next() * 4))}`;
      break;
    }
    case 0: {
      const colon = lines[line].indexOf(': ');
      const at = colon >= 0 ? colon + 2 + Math.floor(next() * (lines[line].length - colon - 1)) : lines[line].length;
      lines[line] = lines[line].slice(0, at) + pick(['x', 'A', '_', '-', '1', ' ', '{']) + lines[line].slice(at);
      break;
    }
    case 1:
      lines.splice(line, 1);
      break;
    case 2:
      lines.splice(line, 0, lines[line]);
      break;
    case 3:
      if (line + 1 < lines.length) [lines[line], lines[line + 1]] = [lines[line + 1], lines[line]];
      break;
    case 4: {
      const names = [...text.matchAll(/#\/components\/schemas\/(\w+)|#\/definitions\/(\w+)/g)].map((m) => m[1] ?? m[2]);
      const refs = lines.map((l, i) => (l.includes('$ref') ? i : -1)).filter((i) => i >= 0);
      if (refs.length && names.length) {
        const at = pick(refs);
        lines[at] = lines[at].replace(/(#\/(?:components\/schemas|definitions)\/)\w+/, `$1${pick([...names, 'Missing'])}`);
      }
      break;
    }
    case 5: {
      // A constraint added to or removed from a schema, often one that `$ref`s reach from elsewhere.
      const typed = lines.map((l, i) => (/^\s+type: (string|integer)/.test(l) ? i : -1)).filter((i) => i >= 0);
      if (!typed.length) break;
      const at = pick(typed);
      const indent = /^\s*/.exec(lines[at])![0];
      if (/^\s+(maxLength|maximum|format):/.test(lines[at + 1] ?? '')) lines.splice(at + 1, 1);
      else lines.splice(at + 1, 0, `${indent}${lines[at].includes('string') ? 'maxLength: 3' : 'maximum: 3'}`);
      break;
    }
    default: {
      const typed = lines.map((l, i) => (/type: \w+/.test(l) ? i : -1)).filter((i) => i >= 0);
      if (typed.length) {
        const at = pick(typed);
        lines[at] = lines[at].replace(/type: \w+/, `type: ${pick(['string', 'integer', 'object', 'array', 'number'])}`);
      }
    }
  }
  return lines.join('\n');
}

const rulesetFindings = (diagnostics: Diagnostic[]): string[] =>
  diagnostics.filter((d) => !/^(oas|syntax|document|ruleset)\./.test(String(d.code)))
    .map((d) => `${d.code} | ${d.severity} | ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} | ${d.message}`)
    .sort();

describe('team rulesets after edits', () => {
  it('resolves an edited document as afresh, sharing the copies of what the edit did not reach', () => {
    const pet = { type: 'object', properties: { name: { type: 'string' } } };
    const before = {
      paths: { '/a': { get: { schema: { $ref: '#/components/schemas/Pet' } } }, '/b': { get: { schema: { type: 'integer' } } } },
      components: { schemas: { Pet: pet, Loop: { items: { $ref: '#/components/schemas/Loop' } } } },
    };
    const copies = new WeakMap();
    const first = resolveRefs(before, '', new Map(), copies) as typeof before;
    // An edit inside Pet: new objects from the root to the edit, every other object kept, as the parser keeps them.
    const edited = { ...pet, properties: { name: { type: 'string', maxLength: 3 } } };
    const after = { ...before, components: { schemas: { ...before.components.schemas, Pet: edited } } };
    const second = resolveRefs(after, '', new Map(), copies) as typeof before;
    assert.deepEqual(second, resolveRefs(after));
    assert.deepEqual((second.paths['/a'].get.schema as unknown as typeof pet).properties.name, { type: 'string', maxLength: 3 });
    assert.equal(second.paths['/b'], first.paths['/b']);
    assert.equal(second.components.schemas.Loop, first.components.schemas.Loop);
    assert.notEqual(second.paths['/a'], first.paths['/a']);
  });

  it('checks a place again when what decides its matches lies above it (a filter on a parent, a script reading the parent or root, a parent selector)', async () => {
    const ruleset = [
      'rules:',
      '  under-deprecated:',
      '    given: "$..[?(@.deprecated)]..description"',
      '    then: { function: falsy }',
      '  sibling-of-b:',
      '    given: "$.paths[*][?(@parent[\'/b\'])]"',
      '    then: { field: description, function: falsy }',
      '  root-version:',
      '    given: "$.paths[*][?(@root.info.version == \'2\')]"',
      '    then: { field: summary, function: falsy }',
      '  climbing:',
      '    given: "$.paths[\'/b\'].get^^[*].get"',
      '    then: { field: summary, function: falsy }',
      '',
    ].join('\n');
    const base = [
      'openapi: 3.0.3',
      'info: { title: t, version: "1" }',
      'paths:',
      '  /a:',
      '    get: { summary: s, description: d, responses: { "200": { description: ok } } }',
      '  /c:',
      '    get: { summary: s, description: d, responses: { "200": { description: ok } } }',
      '',
    ].join('\n');
    const edits = [
      (t: string) => t.replace('paths:\n', 'paths:\n  deprecated: true\n'),
      (t: string) => t.replace('paths:\n  deprecated: true\n', 'paths:\n'),
      (t: string) => t.replace('  /c:', '  /b:\n    get: { summary: s, responses: {} }\n  /c:'),
      (t: string) => t.replace('version: "1"', 'version: "2"'),
      (t: string) => t.replace('version: "2"', 'version: "1"'),
      (t: string) => t.replace(/ {2}\/b:\n.*\n/, ''),
    ];
    let text = base;
    const uri = `${WS}spec.openapi.yaml`;
    const { service, workspace } = serviceFor({ 'spec.openapi.yaml': text, '.spectral.yaml': ruleset });
    await service.diagnose(uri);
    const codes = new Set<string>();
    for (const [i, change] of edits.entries()) {
      text = change(text);
      workspace.set(uri, text);
      const incremental = rulesetFindings(await service.diagnose(uri));
      const fresh = rulesetFindings(await serviceFor({ 'spec.openapi.yaml': text, '.spectral.yaml': ruleset }).service.diagnose(uri));
      assert.deepEqual(incremental, fresh, `after edit ${i + 1}:\n${text}`);
      for (const line of incremental) codes.add(line.split(' | ')[0]);
    }
    assert.deepEqual([...codes].sort(), ['climbing', 'root-version', 'sibling-of-b', 'under-deprecated']);
  });

  for (const [folder, name] of SPECS) {
    it(`gives exactly the findings of a fresh run after each of ${EDITS} random edits (${name})`, async () => {
      let text = readFileSync(resolve('test/fixtures/rulesets', folder, name), 'utf8');
      const uri = WS + name;
      const { service, workspace } = serviceFor({ [name]: text, '.spectral.yaml': RULESET });
      const first = rulesetFindings(await service.diagnose(uri));
      assert.ok(first.length > 0, 'the rulesets find something in the unedited spec');
      const next = random(name.length * 7919);
      let changed = 0;
      let previous = first;
      for (let i = 0; i < EDITS; i++) {
        text = edit(text, next);
        workspace.set(uri, text);
        const incremental = rulesetFindings(await service.diagnose(uri));
        const fresh = rulesetFindings(await serviceFor({ [name]: text, '.spectral.yaml': RULESET }).service.diagnose(uri));
        assert.deepEqual(incremental, fresh, `after edit ${i + 1}:\n${text}`);
        if (incremental.join('\n') !== previous.join('\n')) changed++;
        previous = incremental;
      }
      // The edits must matter: most change what the rules find.
      assert.ok(changed >= EDITS / 3, `only ${changed} of ${EDITS} edits changed the findings`);
    });
  }
});
