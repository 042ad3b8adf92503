import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CompletionItem } from 'vscode-languageserver-types';
import { LineIndex } from '../../server/src/service/lineIndex';
import { addSnippetToLibrary, expandBody, selectionToSnippetBody, snippetCompletions, snippetRegistry } from '../../server/src/service/snippets';
import { LanguageService } from '../../server/src/service/languageService';
import { rangeOf, serviceFor, WS } from '../support/service';

const builtins = readdirSync(resolve('snippets')).filter((f) => f.endsWith('.code-snippets'))
  .map((f) => ({ uri: 'file:///ext/snippets/' + f, text: readFileSync(join(resolve('snippets'), f), 'utf8') }));

function setup(files: Record<string, string>, configuration = {}) {
  const result = serviceFor(files, configuration);
  snippetRegistry(result.service).setBuiltins(builtins);
  return result;
}

/** Completion at the `|` in a file's text. */
async function complete(service: LanguageService, workspace: { set(uri: string, text: string): void }, path: string, textWithCursor: string): Promise<CompletionItem[]> {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1);
  workspace.set(WS + path, text);
  return snippetCompletions(service, WS + path, new LineIndex(text).positionAt(offset));
}
const labels = (items: CompletionItem[]) => items.map((i) => i.label).sort();

const oas31 = 'openapi: 3.1.0\ninfo:\n  title: T\n  version: 1.0.0\n';
const oas30 = 'openapi: 3.0.3\ninfo:\n  title: T\n  version: 1.0.0\npaths: {}\n';

describe('snippet completion: offered where it fits', () => {
  it('offers security schemes under components/securitySchemes, webhooks only in 3.1', async () => {
    const { service, workspace } = setup({});
    const in31 = await complete(service, workspace, 'a.yaml', oas31 + 'components:\n  securitySchemes:\n    |\n');
    assert.deepEqual(labels(in31), ['api-key', 'jwt-bearer', 'oauth2-client-credentials']);
    assert.equal(in31[0].insertTextFormat, 2);
    assert.equal((in31[0].labelDetails as { description: string }).description, 'Interface Studio');
    assert.deepEqual(labels(await complete(service, workspace, 'a.yaml', oas31 + 'webhooks:\n  |\n')), ['webhook']);
    assert.deepEqual(labels(await complete(service, workspace, 'b.yaml', oas30 + 'webhooks:\n  |\n')), []);
    const schemas30 = await complete(service, workspace, 'b.yaml', oas30 + 'components:\n  schemas:\n    sch|');
    assert.deepEqual(labels(schemas30), ['schema-entity']);
    assert.match(String(schemas30[0].textEdit?.newText), /nullable: true/);
    assert.deepEqual(schemas30[0].textEdit && 'range' in schemas30[0].textEdit ? schemas30[0].textEdit.range : undefined, { start: { line: 7, character: 4 }, end: { line: 7, character: 7 } });
  });

  it('offers mapping snippets in mappings and flow snippets in flows, nothing in other YAML or in JSON', async () => {
    const { service, workspace } = setup({});
    const mapping = await complete(service, workspace, 'm.mapping.yaml', 'mapping: "1.0"\nfields:\n  - target: a\n    expr: b\n  |\n');
    assert.deepEqual(labels(mapping), ['convert-currency', 'convert-date', 'convert-datetime-utc', 'convert-number', 'each', 'lookup']);
    const flow = await complete(service, workspace, 'f.flow.yaml', 'flow: "1.0"\nsteps:\n  - |');
    assert.deepEqual(labels(flow), ['async-queue', 'request-reply', 'retry-dead-letter', 'sftp-batch', 'webhook-ingest']);
    // A sequence-item body replaces the `- ` already typed.
    assert.deepEqual(flow[0].textEdit && 'range' in flow[0].textEdit ? flow[0].textEdit.range.start : undefined, { line: 2, character: 2 });
    assert.deepEqual(await complete(service, workspace, 'other.yaml', 'name: x\nitems:\n  |\n'), []);
    assert.deepEqual(await complete(service, workspace, 'api.json', '{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, |}'), []);
    assert.deepEqual(await complete(service, workspace, 'm.mapping.yaml', 'mapping: "1.0"\nname: |'), []);
  });

  it('reads the keys above the cursor on lines with 150 000 blanks in a value', async () => {
    const { service, workspace } = setup({});
    const blanks = ' '.repeat(150_000);
    const mapping = await complete(service, workspace, 'm.mapping.yaml', `mapping: "1.0"\ndescription: a${blanks}b\nfields:\n  - target: a${blanks}b\n    expr: b\n  |\n`);
    assert.deepEqual(labels(mapping), ['convert-currency', 'convert-date', 'convert-datetime-utc', 'convert-number', 'each', 'lookup']);
    const far = await complete(service, workspace, 'm.mapping.yaml', `mapping: "1.0"\nfields:${blanks}[]\n  |\n`);
    assert.deepEqual(labels(far), labels(await complete(service, workspace, 'm.mapping.yaml', 'mapping: "1.0"\nfields: []\n  |\n')), 'a value after the blanks closes the block as a near one does');
  });

  it('offers document skeletons in empty files only', async () => {
    const { service, workspace } = setup({});
    assert.deepEqual(labels(await complete(service, workspace, 'new.yaml', 'open|')), ['openapi-3.0', 'openapi-3.1']);
    assert.deepEqual(labels(await complete(service, workspace, 'new.mapping.yaml', '|')), ['mapping']);
    assert.deepEqual(labels(await complete(service, workspace, 'new.flow.yaml', '|')), ['flow']);
    assert.ok(!labels(await complete(service, workspace, 'a.yaml', oas31 + '|')).includes('openapi-3.1'));
  });
});

const team = `{
  "$library": { "kind": "openapi", "description": "ACME house style", "version": "3.1" },
  "ACME error": {
    "prefix": "acme-error",
    "at": "/components/responses",
    "body": ["AcmeError:", "  description: \${1:Failed}"]
  }
}
`;

describe('team snippet libraries', () => {
  it('appear in completion for their kind, labelled with the library name, and follow changes', async () => {
    const { service, workspace } = setup({ '.interface-studio/snippets/acme.code-snippets': team });
    const text = oas31 + 'components:\n  responses:\n    |\n';
    const items = await complete(service, workspace, 'a.yaml', text);
    assert.deepEqual(labels(items), ['acme-error', 'paginated-response', 'problem-response']);
    const acme = items.find((i) => i.label === 'acme-error')!;
    assert.equal((acme.labelDetails as { description: string }).description, 'acme (team library)');
    assert.ok(String(acme.sortText) < String(items.find((i) => i.label === 'problem-response')!.sortText), 'team snippets sort first');
    // 3.0 documents do not get a 3.1 library.
    assert.ok(!labels(await complete(service, workspace, 'b.yaml', oas30 + 'components:\n  responses:\n    |\n')).includes('acme-error'));

    workspace.set(WS + '.interface-studio/snippets/acme.code-snippets', team.replace('acme-error', 'acme-problem'));
    service.fileChanged(WS + '.interface-studio/snippets/acme.code-snippets', 'changed');
    assert.ok(labels(await complete(service, workspace, 'a.yaml', text)).includes('acme-problem'));

    workspace.set(WS + '.interface-studio/snippets/more.code-snippets', '{ "X": { "prefix": "acme-x", "kind": "openapi", "body": "x: 1" } }');
    snippetRegistry(service).fileChanged(WS + '.interface-studio/snippets/more.code-snippets');
    const more = await complete(service, workspace, 'a.yaml', oas31 + 'components:\n  |\n');
    assert.ok(labels(more).includes('acme-x'));
  });

  it('belong under a key with a slash when `at` escapes it as a JSON pointer does', async () => {
    const library = '{ "Get": { "prefix": "acme-get", "kind": "openapi", "at": "/paths/~1orders", "body": "get: {}" } }';
    const { service, workspace } = setup({ '.interface-studio/snippets/acme.code-snippets': library });
    assert.ok(labels(await complete(service, workspace, 'a.yaml', oas31 + 'paths:\n  /orders:\n    |\n')).includes('acme-get'));
    assert.ok(!labels(await complete(service, workspace, 'a.yaml', oas31 + 'paths:\n  /items:\n    |\n')).includes('acme-get'));
  });

  it('come from the configured folders only', async () => {
    const files = { 'team/snips/acme.code-snippets': team, '.interface-studio/snippets/other.code-snippets': team.replace('acme-error', 'other-error') };
    const { service, workspace } = setup(files, { snippetLibraries: ['./team/snips/'] });
    const items = labels(await complete(service, workspace, 'a.yaml', oas31 + 'components:\n  responses:\n    |\n'));
    assert.ok(items.includes('acme-error'));
    assert.ok(!items.includes('other-error'));
  });
});

describe('team snippet library validation', () => {
  const path = '.interface-studio/snippets/broken.code-snippets';
  const check = async (text: string) => setup({ [path]: text }).service.diagnose(WS + path);

  it('reports schema problems at the offending key or value', async () => {
    const text = `{
  "$library": { "kind": "openapi", "colour": "red" },
  "No body": { "prefix": "nb" },
  "Wrong kind": { "prefix": "wk", "kind": "wsdl", "body": "x" },
  "Bad body": { "prefix": "bb", "body": 42 },
  "Typo": { "prefix": "t", "bodi": "x", "body": "y" }
}`;
    const diagnostics = await check(text);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range, d.message]).sort((a, b) => JSON.stringify(a[1]).localeCompare(JSON.stringify(b[1]))), [
      ['snippet.library.schema', rangeOf(text, '"colour"'), 'Unknown key `colour`. Allowed: `description`, `kind`, `version`, `syntax`.'],
      ['snippet.library.schema', rangeOf(text, '"No body"'), 'This snippet `No body` needs `body`.'],
      ['snippet.library.schema', rangeOf(text, '"wsdl"'), '`kind` must be one of `openapi`, `asyncapi`, `mapping`, `flow`.'],
      ['snippet.library.schema', rangeOf(text, '42'), '`body` must be a string or an array of strings.'],
      ['snippet.library.schema', rangeOf(text, '"bodi"'), 'Unknown key `bodi`; did you mean `body`?'],
    ].sort((a, b) => JSON.stringify(a[1]).localeCompare(JSON.stringify(b[1]))));
  });

  it('reports placeholder syntax at the exact characters, through JSON escapes and body lines', async () => {
    const text = `{
  "Unclosed": { "prefix": "u", "kind": "openapi", "body": ["a: \\"q\\"", "b: \${1:open"] },
  "Empty": { "prefix": "e", "kind": "openapi", "body": "c: \${}" },
  "Choice": { "prefix": "c", "kind": "openapi", "body": "d: \${1|x,y}" },
  "Fine": { "prefix": "f", "kind": "openapi", "body": "e: \${1:ok} \\\\$ \${2|a,b|} $TM_FILENAME \${3:\${TM_SELECTED_TEXT:x}}" }
}`;
    const diagnostics = await check(text);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range]), [
      ['snippet.body.syntax', rangeOf(text, '${1:')],
      ['snippet.body.syntax', rangeOf(text, '${')].map((x, i) => (i === 1 ? rangeOf(text, '${}').start && { start: rangeOf(text, '${}').start, end: { line: rangeOf(text, '${}').start.line, character: rangeOf(text, '${}').start.character + 2 } } : x)),
      ['snippet.body.syntax', rangeOf(text, '${1|')],
    ]);
    assert.match(String(diagnostics[0].message), /never closed/);
  });

  it('checks the JSONata of mapping snippets with their defaults, and warns about unescaped $functions', async () => {
    const text = `{
  "$library": { "kind": "mapping" },
  "Bad": { "prefix": "b", "body": ["- target: x", "  expr: \\\\$round(\${1:price} * , 2)"] },
  "Unescaped": { "prefix": "u", "body": ["- target: y", "  expr: $uppercase(name)"] }
}`;
    const diagnostics = await check(text);
    const jsonataError = diagnostics.find((d) => d.code === 'snippet.body.jsonata');
    assert.ok(jsonataError, JSON.stringify(diagnostics));
    const comma = rangeOf(text, '* , 2');
    assert.deepEqual(jsonataError.range, { start: { line: comma.start.line, character: comma.start.character + 2 }, end: { line: comma.start.line, character: comma.start.character + 3 } });
    const unescaped = diagnostics.find((d) => d.code === 'snippet.body.variable');
    assert.deepEqual(unescaped?.range, rangeOf(text, '$uppercase'));
    assert.equal(unescaped?.severity, 2);
  });

  it('leaves .code-snippets files outside library folders alone', async () => {
    const text = '{ "x": { "bodi": 1 } }';
    const { service } = setup({ '.vscode/mine.code-snippets': text });
    assert.deepEqual(await service.diagnose(WS + '.vscode/mine.code-snippets'), []);
  });
});

describe('selection to snippet body', () => {
  it('keeps indentation relative and escapes what the snippet syntax would read', () => {
    const selection = '    price: ${PRICE}\n      expr: $round(total, 2)\n    path: C:\\dir\\$x \\\\ \\}\n';
    const body = selectionToSnippetBody(selection);
    assert.deepEqual(body, ['price: \\${PRICE}', '  expr: \\$round(total, 2)', 'path: C:\\dir\\\\\\$x \\\\\\ \\\\}']);
    assert.equal(expandBody(body.join('\n')).text, 'price: ${PRICE}\n  expr: $round(total, 2)\npath: C:\\dir\\$x \\\\ \\}');
  });

  it('counts the indentation before a selection that starts after it', () => {
    assert.deepEqual(selectionToSnippetBody('a:\n    b: 1\n  c: 2', 2), ['a:', '  b: 1', 'c: 2']);
    assert.deepEqual(selectionToSnippetBody('a:\n    b: 1\n  c: 2', 0), ['a:', '    b: 1', '  c: 2']);
    assert.deepEqual(selectionToSnippetBody('x}', 0), ['x}']);
  });

  it('adds the snippet to a library file, keeping what is there', () => {
    const text = '{\n  // ours\n  "A": { "prefix": "a", "body": "a" }\n}\n';
    const result = addSnippetToLibrary(text, { name: 'B', prefix: 'b', description: 'bee', kind: 'openapi', body: ['b: 1', '  c: \\$x'] });
    assert.match(result, /\/\/ ours/);
    const parsed = JSON.parse(result.replace('// ours', '')) as Record<string, { body: string[] }>;
    assert.deepEqual(Object.keys(parsed), ['A', 'B']);
    assert.deepEqual(parsed.B, { prefix: 'b', description: 'bee', kind: 'openapi', body: ['b: 1', '  c: \\$x'] });
    assert.deepEqual(JSON.parse(addSnippetToLibrary(undefined, { name: 'C', prefix: 'c', body: ['c'] })), { C: { prefix: 'c', body: ['c'] } });
  });
});
