import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ParsedDocument, parseDocumentText, reparseDocumentText } from '../../server/src/service/documents';
import { AstNode } from '../../server/src/service/parser/ast';
import { changeBetween } from '../../server/src/service/parser/reparse';
import { exampleFiles, FUZZ_SEED, runs } from '../fuzz/entryPoints';
import { generateSpec } from '../bench/generateSpec';

/** Every node in document order with what a feature reads from it; parents checked on the way. */
function flatten(root: AstNode | undefined): unknown[] {
  const rows: unknown[] = [];
  const stack: [AstNode, number][] = root ? [[root, 0]] : [];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    rows.push([depth, node.type, node.offset, node.length, node.key, node.keyOffset, node.keyLength, node.value]);
    const children = node.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) {
      assert.equal(children[i].parent, node, 'a child points at its parent');
      stack.push([children[i], depth + 1]);
    }
  }
  return rows;
}

function lineStarts(doc: ParsedDocument): number[] {
  return Array.from({ length: doc.lines.lineCount }, (_, line) => doc.lines.lineStart(line));
}

/** What the editor would get after the edit, compared with parsing the new text from scratch. */
function assertSameAsFullParse(next: ParsedDocument, text: string): void {
  const full = parseDocumentText(next.uri, text, next.version);
  assert.equal(next.text, text);
  assert.deepEqual(flatten(next.parse.root), flatten(full.parse.root));
  assert.deepEqual(next.parse.value, full.parse.value);
  assert.deepEqual(next.parse.problems, full.parse.problems);
  assert.deepEqual(next.parse.comments, full.parse.comments);
  assert.deepEqual(lineStarts(next), lineStarts(full));
  assert.deepEqual(next.kind, full.kind);
}

function edit(text: string, at: number, removed: number, inserted: string): string {
  return text.slice(0, at) + inserted + text.slice(at + removed);
}

const files = exampleFiles();
const shop = files['specs/shop.openapi.yaml'];
const shopJson = JSON.stringify(parseDocumentText('file:///s.yaml', shop, 1).parse.value, null, 2);

describe('re-parsing only the edited part of a document', () => {
  it('finds the changed part of two texts', () => {
    assert.deepEqual(changeBetween('abcdef', 'abXdef'), { start: 2, removed: 1, inserted: 1 });
    assert.deepEqual(changeBetween('aaaa', 'aaaaa'), { start: 4, removed: 0, inserted: 1 });
    assert.deepEqual(changeBetween('a'.repeat(70_000) + 'b', 'a'.repeat(70_000)), { start: 70_000, removed: 1, inserted: 0 });
    assert.equal(changeBetween('same', 'same'), undefined);
  });

  it('a keystroke in a description re-parses one object, with the result of a full parse', () => {
    for (const [uri, text] of [['file:///ws/shop.openapi.yaml', shop], ['file:///ws/shop.openapi.json', shopJson]]) {
      const before = parseDocumentText(uri, text, 1);
      const at = text.indexOf('description') + 'description'.length + 5;
      const next = reparseDocumentText(before, edit(text, at, 0, 'x'), 2);
      assert.ok(next, `${uri}: re-parsed in part`);
      assertSameAsFullParse(next, edit(text, at, 0, 'x'));
    }
  });

  it('the previous value is left as it was', () => {
    const before = parseDocumentText('file:///ws/shop.openapi.json', shopJson, 1);
    const copy = structuredClone(before.parse.value);
    const at = shopJson.indexOf('"description"') + 20;
    assert.ok(reparseDocumentText(before, edit(shopJson, at, 0, 'x'), 2));
    assert.deepEqual(before.parse.value, copy);
  });

  it('falls back to a full parse where a part cannot be read alone', () => {
    const yaml = 'openapi: 3.1.0\ninfo:\n  title: T\n  version: "1"\npaths: {}\n';
    const before = parseDocumentText('file:///ws/a.yaml', yaml, 1);
    // An anchor, a dedented line and a syntax error all need the whole text.
    for (const next of [yaml.replace('title: T', 'title: &t T'), yaml.replace('  version', 'version'), yaml.replace('title: T', 'title: [T')]) {
      assert.equal(reparseDocumentText(parseDocumentText('file:///ws/a.yaml', yaml, 1), next, 2), undefined, next);
    }
    assert.ok(reparseDocumentText(before, yaml.replace('title: T', 'title: Tx'), 2));
  });

  it('an edit inside a member that a duplicate key hides parses the whole text; one inside the last of them does not', () => {
    const json = '{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "x-a": {"n": {"v": 1}}, "x-a": {"n": {"v": 2}}}';
    const uri = 'file:///ws/a.json';
    const hidden = json.replace('"v": 1', '"v": 10');
    assert.equal(reparseDocumentText(parseDocumentText(uri, json, 1), hidden, 2), undefined);
    const last = json.replace('"v": 2', '"v": 20');
    const next = reparseDocumentText(parseDocumentText(uri, json, 1), last, 2);
    assert.ok(next);
    assertSameAsFullParse(next, last);
    assert.deepEqual((next.parse.value as Record<string, unknown>)['x-a'], { n: { v: 20 } });
  });

  it('a document opened with an error on one of its lines is re-parsed in part elsewhere, the error kept', () => {
    const yaml = shop.replace('operationId: listOrders', 'operationId: listOrders\n      deprecat');
    const jsonText = shopJson.replace('"operationId": "listOrders",', '"operationId": "listOrders" "deprecated": true,');
    for (const [uri, text] of [['file:///ws/shop.openapi.yaml', yaml], ['file:///ws/shop.openapi.json', jsonText]]) {
      const before = parseDocumentText(uri, text, 1);
      assert.ok(before.parse.problems.length > 0, `${uri}: opened broken`);
      const at = text.lastIndexOf('description') + 'description'.length + 5;
      const next = reparseDocumentText(before, edit(text, at, 0, 'x'), 2);
      assert.ok(next, `${uri}: re-parsed in part`);
      assertSameAsFullParse(next, edit(text, at, 0, 'x'));
    }
    // Not where brackets after the edit could be read otherwise: the root object left unclosed.
    const unclosed = shopJson.trimEnd().slice(0, -1);
    const at = unclosed.lastIndexOf('description') + 'description'.length + 5;
    assert.equal(reparseDocumentText(parseDocumentText('file:///ws/s.json', unclosed, 1), edit(unclosed, at, 0, 'x'), 2), undefined);
  });

  it('JSON stays re-parsed in part while a key is typed, through the broken texts in between', () => {
    const uri = 'file:///ws/shop.openapi.json';
    const at = shopJson.indexOf('"operationId": "listOrders",') + '"operationId": "listOrders",'.length;
    let doc = parseDocumentText(uri, shopJson, 1);
    let text = shopJson;
    let version = 1;
    const typed = '\n        "deprecated": false,';
    for (let i = 1; i <= typed.length; i++) {
      text = shopJson.slice(0, at) + typed.slice(0, i) + shopJson.slice(at);
      const next = reparseDocumentText(doc, text, ++version);
      assert.ok(next, `re-parsed in part after typing ${JSON.stringify(typed.slice(0, i))}`);
      assertSameAsFullParse(next, text);
      doc = next;
    }
    assert.ok(doc.parse.problems.length === 0 && (doc.parse.value as { paths: Record<string, { get: { deprecated?: boolean } }> }).paths['/orders'].get.deprecated === false);
  });

  it('YAML stays re-parsed in part while a key is typed in a mapping or at its end', () => {
    const uri = 'file:///ws/shop.openapi.yaml';
    // In the middle of an operation, and after the last key of a parameter (the next line is dedented).
    for (const [after, indent] of [['operationId: listOrders\n', '      '], ['          format: int64\n', '          ']]) {
      const at = shop.indexOf(after) + after.length;
      assert.ok(at >= after.length, after);
      let doc = parseDocumentText(uri, shop, 1);
      let version = 1;
      const typed = `${indent}deprecated: true\n`;
      for (let i = indent.length + 1; i <= typed.length; i++) {
        const text = shop.slice(0, at) + typed.slice(0, i) + (i < typed.length ? '\n' : '') + shop.slice(at);
        const next = reparseDocumentText(doc, text, ++version);
        assert.ok(next, `re-parsed in part after typing ${JSON.stringify(typed.slice(0, i))}`);
        assertSameAsFullParse(next, text);
        doc = next;
      }
      assert.deepEqual(doc.parse.problems, []);
    }
  });

  // Random edit sequences on real documents: whatever the path, the result equals a fresh parse.
  const documents: Record<string, string> = {
    'file:///ws/shop.openapi.yaml': shop,
    'file:///ws/shop.openapi.json': shopJson,
    'file:///ws/generated.openapi.yaml': generateSpec(200),
    'file:///ws/customer-to-erp.mapping.yaml': files['mappings/customer-to-erp.mapping.yaml'],
    'file:///ws/order-to-cash.flow.yaml': files['flows/order-to-cash.flow.yaml'],
  };
  const fragment = fc.constantFrom('x', ' ', '  ', '\n', '\n  ', '\n    ', ': ', '- ', '-', '#', ' # note', '"', "'", '{', '}', '[', ']', ',', '|', '>', '&a ', '*a', '\t', 'key: value', '\n  extra: 1', '\n    - item', '"q": 1,', '\r\n', '');
  const editArb = fc.record({ at: fc.nat(), removed: fc.nat({ max: 12 }), inserted: fc.array(fragment, { maxLength: 3 }).map((parts) => parts.join('')) });

  for (const [uri, original] of Object.entries(documents)) {
    it(`${uri.slice(11)}: random edit sequences give what a full parse gives`, function () {
      this.timeout(300_000);
      let partial = 0;
      fc.assert(
        fc.property(fc.array(editArb, { minLength: 1, maxLength: 6 }), (edits) => {
          let doc = parseDocumentText(uri, original, 0);
          let text = original;
          edits.forEach((e, version) => {
            const at = e.at % (text.length + 1);
            text = edit(text, at, e.removed, e.inserted);
            const next = reparseDocumentText(doc, text, version + 1);
            if (next) partial++;
            doc = next ?? parseDocumentText(uri, text, version + 1);
            assertSameAsFullParse(doc, text);
          });
        }),
        { numRuns: runs(50), seed: FUZZ_SEED + original.length, endOnFailure: true },
      );
      assert.ok(partial > 0, 'some edits were re-parsed in part');
    });
  }
});
