/**
 * The accuracy corpus of the change comparison: each folder of test/fixtures/changes/ holds two
 * versions of an API — `old.*` and `new.*` files, or `old/` and `new/` folders whose root is `api.*`
 * — and `expected.json`, every change the comparison must report with its code, level, sentence and
 * places (`file:line:column` in each version, 1-based). A case without changes expects `[]`.
 * `UPDATE_CORPUS=1` writes what is found into expected.json, to be read and corrected by hand.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { diffApis } from '../../server/src/service/changes/diff';
import { changeMessage, Place } from '../../server/src/service/changes/model';
import { CHANGE_RULES } from '../../server/src/service/changes/ruleInfo';
import { LineIndex } from '../../server/src/service/lineIndex';
import { serviceFor, WS } from '../support/service';

const CORPUS = 'test/fixtures/changes';

/** Every file below a folder, as paths relative to the case. */
function filesOf(dir: string, caseDir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) Object.assign(files, filesOf(path, caseDir));
    else if (name !== 'expected.json' && name !== 'README.md') files[relative(caseDir, path)] = readFileSync(path, 'utf8');
  }
  return files;
}

/** The root of one side: `old.yaml` (or .json…), else `old/api.yaml`. */
function rootOf(files: Record<string, string>, side: 'old' | 'new'): string {
  const root = Object.keys(files).find((f) => f.startsWith(`${side}.`)) ?? Object.keys(files).find((f) => new RegExp(`^${side}/api\\.[a-z]+$`).test(f));
  if (!root) throw new Error(`no ${side}.* file nor ${side}/api.* in the case`);
  return root;
}

async function found(caseDir: string): Promise<object[]> {
  const files = filesOf(caseDir, caseDir);
  const { service } = serviceFor(files);
  const rated = await diffApis(service, { uri: WS + rootOf(files, 'old'), label: 'old' }, { uri: WS + rootOf(files, 'new'), label: 'new' });
  const where = (place: Place | undefined): string | undefined => {
    if (!place) return undefined;
    const path = place.uri.slice(WS.length);
    const position = new LineIndex(files[path]).positionAt(place.offset);
    return `${path}:${position.line + 1}:${position.character + 1}`;
  };
  return rated.map((c) => JSON.parse(JSON.stringify({ code: c.code, level: c.level, message: changeMessage(c), old: where(c.old), new: where(c.new) })));
}

describe('the change comparison on the corpus of version pairs', () => {
  const cases = readdirSync(CORPUS).filter((name) => statSync(join(CORPUS, name)).isDirectory()).sort();
  it('has a case for every kind of version pair', () => assert.ok(cases.length >= 10, cases.join(', ')));
  for (const name of cases) {
    it(name, async () => {
      const caseDir = join(CORPUS, name);
      const expectedPath = join(caseDir, 'expected.json');
      const actual = await found(caseDir);
      if (process.env.UPDATE_CORPUS) writeFileSync(expectedPath, JSON.stringify(actual, null, 2) + '\n');
      assert.ok(existsSync(expectedPath), `${expectedPath} is missing`);
      assert.deepEqual(actual, JSON.parse(readFileSync(expectedPath, 'utf8')));
    });
  }
  it('expects every change code somewhere, and nothing of a spec compared with itself or rewritten as JSON', () => {
    const expected = cases.flatMap((name) => JSON.parse(readFileSync(join(CORPUS, name, 'expected.json'), 'utf8')) as { code: string }[]);
    const seen = new Set(expected.map((c) => c.code));
    assert.deepEqual(CHANGE_RULES.map((r) => r.code).filter((code) => !seen.has(code)), []);
    assert.ok(cases.some((name) => readFileSync(join(CORPUS, name, 'expected.json'), 'utf8').trim() === '[]'), 'a case without changes');
  });
});
