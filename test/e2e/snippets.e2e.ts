// A team's snippet library in the workspace is offered by completion where its snippets belong.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { activeExtension, closeAll, completionLabels, exampleFiles, exampleUri, open } from './helpers';

interface Snippet {
  prefix?: string | string[];
  kind?: string;
  at?: string;
}

/** The first OpenAPI snippet of the examples' team libraries that belongs under /components/responses. */
function teamResponseSnippet(): { library: string; prefix: string } | undefined {
  for (const library of exampleFiles(/^\.interface-studio\/snippets\/.*\.code-snippets$/)) {
    const snippets = JSON.parse(fs.readFileSync(exampleUri(library).fsPath, 'utf8')) as Record<string, Snippet>;
    for (const [name, snippet] of Object.entries(snippets)) {
      if (name.startsWith('$') || snippet.kind !== 'openapi' || snippet.at !== '/components/responses') continue;
      const prefix = Array.isArray(snippet.prefix) ? snippet.prefix[0] : snippet.prefix;
      if (prefix) return { library, prefix };
    }
  }
  return undefined;
}

describe('team snippets', () => {
  before(() => activeExtension());
  after(closeAll);

  it('offers the team library snippet under components/responses of an OpenAPI document', async () => {
    const team = teamResponseSnippet();
    assert.ok(team, 'examples/.interface-studio/snippets has a team library with an OpenAPI snippet for /components/responses');
    const editor = await open('specs/shop.openapi.yaml');
    const lines = editor.document.getText().split('\n');
    const components = lines.indexOf('components:');
    const responses = lines.findIndex((l, i) => i > components && l === '  responses:');
    assert.ok(responses > 0, 'shop.openapi.yaml has components/responses');
    await editor.edit((edit) => edit.insert(new vscode.Position(responses + 1, 0), '    \n'));
    const labels = await completionLabels(editor.document.uri, new vscode.Position(responses + 1, 4));
    assert.ok(labels.includes(team.prefix), `${team.prefix} from ${team.library} in ${labels.join(' | ')}`);

    // Only where it belongs: not at the top of the document.
    await editor.edit((edit) => edit.insert(new vscode.Position(lines.length, 0), '\n'));
    const top = await completionLabels(editor.document.uri, new vscode.Position(editor.document.lineCount - 1, 0));
    assert.ok(!top.includes(team.prefix), `${team.prefix} is not offered at the root: ${top.join(' | ')}`);
  });
});
