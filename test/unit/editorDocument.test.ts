import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { EditorDocument } from '../../server/src/lsp/editorDocument';
import { EditorWorkspace } from '../../server/src/lsp/editorWorkspace';
import { DocumentCache, parseDocumentText } from '../../server/src/service/documents';
import { LineIndex } from '../../server/src/service/lineIndex';
import { changeBetween, changeWithin } from '../../server/src/service/parser/reparse';
import { InMemoryWorkspace } from '../../server/src/service/workspace';
import { exampleFiles, FUZZ_SEED, runs } from '../fuzz/entryPoints';
import { TextDocuments } from 'vscode-languageserver';

const shop = exampleFiles()['specs/shop.openapi.yaml'];

/** An edit as an editor sends it: a range of the current text (possibly past a line's end) and new text; several make one change. */
const editArb = fc.record({
  startLine: fc.nat({ max: 400 }),
  startCharacter: fc.nat({ max: 60 }),
  lines: fc.nat({ max: 3 }),
  endCharacter: fc.nat({ max: 60 }),
  text: fc.constantFrom('', 'x', 'é', '\n', '\r\n', '\n  key: value\n', '"', '  ', '🙂', 'a\nb\nc'),
});

function lineStartsOf(index: LineIndex): number[] {
  return Array.from({ length: index.lineCount }, (_, line) => index.lineStart(line));
}

describe('open documents as the editor edits them', () => {
  it('read and move like the library text document through random edits, and tell the change since any recent version', function () {
    this.timeout(120_000);
    const original = shop.replace(/\n(?=info)/, '\r\n');
    fc.assert(
      fc.property(fc.array(fc.array(editArb, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 8 }), (batches) => {
        const ours = new EditorDocument('file:///s.yaml', 'yaml', 1, original);
        let theirs = TextDocument.create('file:///s.yaml', 'yaml', 1, original);
        const texts = new Map<number, string>([[1, original]]);
        batches.forEach((batch, i) => {
          const version = i + 2;
          // Lines within the text: the library miscounts lines after an edit at a line past the end.
          const changes = [];
          for (const e of batch) {
            const startLine = e.startLine % theirs.lineCount;
            const change = {
              range: { start: { line: startLine, character: e.startCharacter }, end: { line: Math.min(startLine + e.lines, theirs.lineCount - 1), character: e.endCharacter } },
              text: e.text,
            };
            changes.push(change);
            theirs = TextDocument.update(theirs, [change], version);
          }
          ours.apply(changes, version);
          texts.set(version, theirs.getText());
          assert.equal(ours.getText(), theirs.getText());
          assert.equal(ours.version, version);
          assert.equal(ours.lineCount, theirs.lineCount);
          assert.deepEqual(lineStartsOf(ours.lines), lineStartsOf(new LineIndex(ours.getText())));
          for (const line of [0, 1, 7, 40, ours.lineCount - 1, ours.lineCount + 3]) {
            for (const character of [0, 3, 500]) {
              assert.equal(ours.offsetAt({ line, character }), theirs.offsetAt({ line, character }), `offset of ${line}:${character}`);
            }
            assert.deepEqual(ours.getLineRange(line), theirs.getLineRange(line));
            assert.equal(ours.getEOLCharacters(line), theirs.getEOLCharacters(line));
          }
          for (const offset of [0, 17, 999, ours.getText().length]) assert.deepEqual(ours.positionAt(offset), theirs.positionAt(offset));
          // Every earlier version: the change covers every difference, and narrows to the smallest one.
          for (const [earlier, before] of texts) {
            const change = ours.changeSince(earlier)!;
            const after = ours.getText();
            assert.ok(change, `a change since version ${earlier}`);
            assert.equal(before.slice(0, change.start) + after.slice(change.start, change.start + change.inserted) + before.slice(change.start + change.removed), after);
            assert.deepEqual(changeWithin(before, after, change), changeBetween(before, after));
          }
        });
      }),
      { numRuns: runs(200), seed: FUZZ_SEED, endOnFailure: true },
    );
  });

  it('forgets the changes before a full replacement of the text, and versions older than it keeps', () => {
    const document = new EditorDocument('file:///s.yaml', 'yaml', 1, 'a: 1\n');
    document.apply([{ range: { start: { line: 0, character: 3 }, end: { line: 0, character: 4 } }, text: '2' }], 2);
    assert.deepEqual(document.changeSince(1), { start: 3, removed: 1, inserted: 1 });
    document.apply([{ text: 'b: 3\n' }], 3);
    assert.equal(document.changeSince(1), undefined);
    assert.equal(document.changeSince(2), undefined);
    for (let version = 4; version < 60; version++) document.apply([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }], version);
    assert.equal(document.changeSince(3), undefined, 'too far back');
    assert.deepEqual(document.changeSince(50), { start: 0, removed: 0, inserted: 9 });
  });

  it('hands the parse its line starts and edits, which give what a full parse of the text gives', async () => {
    const uri = 'file:///ws/shop.openapi.yaml';
    const opened = new EditorDocument(uri, 'yaml', 1, shop);
    const documents = { get: (u: string) => (u === uri ? opened : undefined), all: () => [opened] } as unknown as TextDocuments<TextDocument>;
    const cache = new DocumentCache(new EditorWorkspace(documents, new InMemoryWorkspace()), () => Infinity);
    const first = (await cache.get(uri))!;
    assert.equal(first.lines, opened.lines, 'the editor document\'s line starts');
    const at = opened.positionAt(shop.indexOf('description:') + 'description: '.length);
    opened.apply([{ range: { start: at, end: at }, text: 'New ' }], 2);
    opened.apply([{ range: { start: { line: at.line, character: at.character + 4 }, end: { line: at.line + 1, character: 0 } }, text: 'text\n' }], 3);
    const next = (await cache.get(uri))!;
    const full = parseDocumentText(uri, opened.getText(), 3);
    assert.equal(next.lines, opened.lines);
    assert.equal(next.parse.root, first.parse.root, 'the edit was re-parsed in part, the tree kept');
    assert.deepEqual(next.parse.value, full.parse.value);
    assert.deepEqual(next.parse.problems, full.parse.problems);
  });
});
