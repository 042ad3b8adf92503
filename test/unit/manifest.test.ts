import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createLanguageService } from '../../server/src/service/builtinKinds';
import { InMemoryWorkspace } from '../../server/src/service/workspace';

/**
 * The extension manifest cannot import the kinds, so its copies of their file names (menus'
 * `when` clauses, the schemas it lends YAML and JSON editors) are held equal to the kinds here.
 */
const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const kinds = createLanguageService({ workspace: new InMemoryWorkspace() }).kinds;

function whenClauseFor(patterns: readonly string[]): string {
  const alternatives = patterns.map((p) => p.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*'));
  return `resourceFilename =~ /^(?:${alternatives.join('|')})$/i`;
}

/** The file names of the kinds that answer a custom request for their documents. */
function fileNamesAnswering(method: string): string[] {
  return (kinds.requests().get(method) ?? []).flatMap(({ kind }) => kind.fileNames ?? []);
}

describe('the extension manifest agrees with the kind registry', () => {
  const commands: Record<string, string> = {
    'interfaceStudio.showSequenceDiagram': 'interfaceStudio/sequenceDiagram',
    'interfaceStudio.previewMapping': 'interfaceStudio/previewMapping',
  };

  for (const [command, method] of Object.entries(commands)) {
    it(`offers ${command} exactly on the files of the kinds that answer ${method}`, () => {
      const expected = whenClauseFor(fileNamesAnswering(method));
      assert.ok(fileNamesAnswering(method).length > 0);
      const places = Object.entries(manifest.contributes.menus as Record<string, { command: string; when?: string }[]>).flatMap(([menu, items]) => items.filter((i) => i.command === command).map((i) => [menu, i.when]));
      assert.deepEqual(places.map(([menu]) => menu).sort(), ['commandPalette', 'editor/title', 'explorer/context']);
      for (const [menu, when] of places) assert.equal(when, expected, `package.json menus.${menu}: ${command}`);
    });
  }

  for (const [schema, kind] of [['./schemas/mapping.schema.json', 'mapping'], ['./schemas/flow.schema.json', 'flow']]) {
    it(`lends ${schema} to exactly the files of the ${kind} kind`, () => {
      const entries = [...manifest.contributes.yamlValidation, ...manifest.contributes.jsonValidation].filter((v: { url: string }) => v.url === schema);
      const fileMatch = entries.flatMap((v: { fileMatch: string | string[] }) => (Array.isArray(v.fileMatch) ? v.fileMatch : [v.fileMatch]));
      assert.deepEqual(fileMatch.sort(), [...kinds.get(kind)!.fileNames!].sort());
    });
  }
});
