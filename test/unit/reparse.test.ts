import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ParsedDocument, parseDocumentText, reparseDocumentText } from '../../server/src/service/documents';
import { AstNode, findNodeAtPath } from '../../server/src/service/parser/ast';
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
    // The root object left unclosed: an edit in a collection closed by its own bracket stays in it.
    const unclosed = shopJson.trimEnd().slice(0, -1);
    const at = unclosed.lastIndexOf('description') + 'description'.length + 5;
    const next = reparseDocumentText(parseDocumentText('file:///ws/s.json', unclosed, 1), edit(unclosed, at, 0, 'x'), 2);
    assert.ok(next, 'the root left unclosed: re-parsed in part');
    assertSameAsFullParse(next, edit(unclosed, at, 0, 'x'));
  });

  /** Types a text character by character at an offset; every keystroke must be re-parsed in part and equal a full parse. */
  function typeInPart(uri: string, original: string, at: number, typed: string): ParsedDocument {
    let doc = parseDocumentText(uri, original, 1);
    for (let i = 1; i <= typed.length; i++) {
      const text = original.slice(0, at) + typed.slice(0, i) + original.slice(at);
      const next = reparseDocumentText(doc, text, i + 1);
      assert.ok(next, `${uri}: re-parsed in part after typing ${JSON.stringify(typed.slice(0, i))}`);
      assertSameAsFullParse(next, text);
      doc = next;
    }
    return doc;
  }

  it('JSON: a bracket left open is closed by the bracket of the collection around it, and re-parsed in part', () => {
    const uri = 'file:///ws/shop.openapi.json';
    const after = '"operationId": "listOrders",';
    const at = shopJson.indexOf(after) + after.length;
    // Typed as a new member, and as a value replacing nothing: the text is broken until the list closes.
    const doc = typeInPart(uri, shopJson, at, '\n        "x-labels": ["a", "b", "c"],');
    assert.deepEqual(doc.parse.problems, []);
    assert.deepEqual((doc.parse.value as { paths: Record<string, { get: Record<string, unknown> }> }).paths['/orders'].get['x-labels'], ['a', 'b', 'c']);

    // While the bracket is open, the error is on the last character before the bracket that closes
    // the operation (the list runs to there), and what follows it reads as before.
    const open = edit(shopJson, at, 0, '\n        "x-labels": ["a",');
    const full = parseDocumentText(uri, open, 1);
    const closing = full.parse.problems.find((p) => p.message === 'A closing bracket `]` is expected.');
    assert.ok(closing, JSON.stringify(full.parse.problems));
    const operation = findNodeAtPath(full.parse.root, ['paths', '/orders', 'get'])!;
    const operationEnd = operation.offset + operation.length;
    assert.equal(open[operationEnd - 1], '}');
    assert.ok(closing.offset < operationEnd - 1 && open.slice(closing.offset + 1, operationEnd - 1).trim() === '', 'just before the closing brace');
    const value = full.parse.value as { paths: Record<string, Record<string, unknown>>; components: unknown };
    const before = parseDocumentText(uri, shopJson, 1).parse.value as typeof value;
    assert.deepEqual(value.components, before.components);
    assert.deepEqual(Object.keys(value.paths), Object.keys(before.paths));
  });

  it('JSON: a closing bracket that closes a collection around the part parses the whole text', () => {
    const uri = 'file:///ws/shop.openapi.json';
    const after = '"operationId": "listOrders",';
    const at = shopJson.indexOf(after) + after.length;
    const stray = edit(shopJson, at, 0, ']');
    assert.equal(reparseDocumentText(parseDocumentText(uri, shopJson, 1), stray, 2), undefined);
    assert.equal(reparseDocumentText(parseDocumentText(uri, shopJson, 1), edit(shopJson, at, 0, '}'), 2), undefined);
  });

  it('YAML: a string typed in quotes, single or double, is re-parsed in part while its quote is open', () => {
    const uri = 'file:///ws/shop.openapi.yaml';
    // A double-quoted string further down: real specs have them, and an open quote runs to the next one.
    const spec = shop + 'x-owner: "shop team"\n';
    for (const [after, typed] of [
      ['operationId: listOrders', '\n      x-note: "Orders, newest first"'],
      ['operationId: listOrders', "\n      x-note: 'it''s the list'"],
      ['      summary: List orders', ' "quoted"'],
      ['          description: Only orders changed after this instant', " and 'before' it"],
    ]) {
      const at = spec.indexOf(after) + after.length;
      assert.ok(at >= after.length, after);
      const doc = typeInPart(uri, spec, at, typed);
      assert.deepEqual(doc.parse.problems, [], typed);
    }
    // With the quote open, the string ends at the next key, as a full parse reads it.
    const at = spec.indexOf('operationId: listOrders') + 'operationId: listOrders'.length;
    const open = edit(spec, at, 0, '\n      x-note: "Orders, new');
    const full = parseDocumentText(uri, open, 1);
    assert.deepEqual(full.parse.problems.map((p) => p.message), ['Missing closing "quote.']);
    const get = (full.parse.value as { paths: Record<string, { get: Record<string, unknown> }> }).paths['/orders'].get;
    assert.equal(get.summary, 'List orders');
    // Without a double quote after it, an open one runs to the end of the text: parsed whole.
    const noQuoteAfter = edit(shop, at, 0, '\n      x-note: "Orders');
    assert.equal(reparseDocumentText(parseDocumentText(uri, shop, 1), noQuoteAfter, 2), undefined);
  });

  it('YAML: removing a quote while one is left open elsewhere parses the whole text', () => {
    const uri = 'file:///ws/a.yaml';
    const yaml = 'a:\n  b: "open\n  c: 1\nd:\n  e: "closed"\n';
    const before = parseDocumentText(uri, yaml, 1);
    assert.ok(before.parse.problems.length > 0);
    // Without the last quote of the text, the open one runs to the end of the text.
    const next = yaml.replace('"closed"', '"closed');
    assert.equal(reparseDocumentText(before, next, 2), undefined);
    const typedElsewhere = yaml.replace('closed', 'closedx');
    const partial = reparseDocumentText(parseDocumentText(uri, yaml, 1), typedElsewhere, 2);
    if (partial) assertSameAsFullParse(partial, typedElsewhere);
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
    'file:///ws/quoted.openapi.yaml': shop + 'x-owner: "shop team"\n',
    'file:///ws/shop.openapi.json': shopJson,
    'file:///ws/generated.openapi.yaml': generateSpec(200),
    'file:///ws/customer-to-erp.mapping.yaml': files['mappings/customer-to-erp.mapping.yaml'],
    'file:///ws/order-to-cash.flow.yaml': files['flows/order-to-cash.flow.yaml'],
  };
  const fragment = fc.constantFrom('x', ' ', '  ', '\n', '\n  ', '\n    ', ': ', '- ', '-', '#', ' # note', '"', "'", '{', '}', '[', ']', ',', '|', '>', '&a ', '*a', '\t', 'key: value', '\n  extra: 1', '\n    - item', '"q": 1,', '\r\n', '', ' "open', " 'open", '["a", ', '"k": [', "''", '\\"');
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

    // A member typed one character at a time on a new line after a random one, as a user adds one:
    // the text is broken (a quote or a bracket open) for most of the keystrokes.
    it(`${uri.slice(11)}: strings and lists typed character by character give what a full parse gives`, function () {
      this.timeout(300_000);
      const json = uri.endsWith('.json');
      const typed = fc.constantFrom(...(json ? ['"x-a": "one two",', '"x-b": ["a", "b"],', '"x-c": [1, [2, 3]],', '"x-d": {"e": ["f"]},'] : ['x-a: "one two"', "x-b: 'it''s'", 'x-c: [a, "b"]', "x-d: 'x' # note"]));
      const lines = original.split('\n');
      let partial = 0;
      let steps = 0;
      fc.assert(
        fc.property(fc.nat(), typed, (lineNumber, member) => {
          const line = lineNumber % lines.length;
          const at = lines.slice(0, line + 1).join('\n').length;
          const characters = '\n' + /^[ -]*/.exec(lines[line])![0].replace(/-/g, ' ') + member;
          let doc = parseDocumentText(uri, original, 0);
          for (let i = 1; i <= characters.length; i++) {
            const text = original.slice(0, at) + characters.slice(0, i) + original.slice(at);
            const next = reparseDocumentText(doc, text, i);
            steps++;
            if (next) partial++;
            doc = next ?? parseDocumentText(uri, text, i);
            assertSameAsFullParse(doc, text);
          }
        }),
        { numRuns: runs(30), seed: FUZZ_SEED + original.length + 1, endOnFailure: true },
      );
      // Some new lines are invalid where they are typed (a mapping among list items): those parse whole.
      assert.ok(partial > steps / 3, `keystrokes re-parsed in part: ${partial} of ${steps}`);
    });
  }
});
