import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AstNode, ParseResult } from '../../server/src/service/parser/ast';
import { parseJson, parseJsonWithScanner } from '../../server/src/service/parser/json';
import { parseJsonFast } from '../../server/src/service/parser/jsonFast';

interface FlatNode {
  type: string;
  offset: number;
  length: number;
  key: string | number | undefined;
  keyOffset: number;
  keyLength: number;
  value: unknown;
  children: number | undefined;
}

/**
 * The tree in preorder, each node with its number of children, checking parent links on the way.
 * Iterative, so that deeply nested documents can be compared too.
 */
function flatten(root: AstNode | undefined): FlatNode[] {
  const result: FlatNode[] = [];
  const stack: AstNode[] = root ? [root] : [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    result.push({
      type: node.type,
      offset: node.offset,
      length: node.length,
      key: node.key,
      keyOffset: node.keyOffset,
      keyLength: node.keyLength,
      value: node.value,
      children: node.children?.length,
    });
    if (node.children) {
      for (let i = node.children.length - 1; i >= 0; i--) {
        assert.equal(node.children[i].parent, node, 'parent link');
        stack.push(node.children[i]);
      }
    }
  }
  if (root) assert.equal(root.parent, undefined, 'the root has no parent');
  return result;
}

function label(text: string): string {
  return JSON.stringify(text.length > 200 ? text.slice(0, 200) + '…' : text);
}

function assertSameResult(actual: ParseResult, expected: ParseResult, text: string, deep = false): void {
  if (deep) assert.equal(JSON.stringify(actual.value), JSON.stringify(expected.value), `value of ${label(text)}`);
  else assert.deepEqual(actual.value, expected.value, `value of ${label(text)}`);
  assert.deepEqual(actual.problems, expected.problems, `problems of ${label(text)}`);
  assert.deepEqual(actual.comments, expected.comments, `comments of ${label(text)}`);
  assert.deepEqual(flatten(actual.root), flatten(expected.root), `AST of ${label(text)}`);
}

/** Asserts that the fast path handles the text and gives exactly the scanner's result. */
function assertFast(text: string, deep = false): void {
  const fast = parseJsonFast(text);
  assert.ok(fast, `fast path should handle ${label(text)}`);
  const expected = parseJsonWithScanner(text);
  assertSameResult(fast, expected, text, deep);
  assertSameResult(parseJson(text), expected, text, deep);
}

const valid: Record<string, string[]> = {
  scalars: ['0', '1', '"x"', '""', 'true', 'false', 'null', '  42  ', '\n"root"\n'],
  numbers: [
    '[0, -0, 1, -1, 0.5, -0.5, 1e5, 1E5, 1e+5, 1e-5, 1E-7, -1.5e-3, 1.0, 10.25, 123456789, 0e0, -0.0]',
    '[123456789012345, 1234567890123456, 12345678901234567890, -9007199254740993, 9007199254740993]',
    '[1e400, -1e400, 1e-400, 2.2250738585072014e-308, 5e-324, 0.1, 0.30000000000000004, 1.7976931348623157e308]',
    '[999999999999999, 9999999999999999, 0.000001, 123.456e2, 1.5E+10]',
  ],
  strings: [
    '["", "a", "with spaces", "12 chars long", "thirteen char", "a much longer string than thirteen characters"]',
    '["\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "a\\nb\\tc", "\\"quoted\\" in \\\\ the middle"]',
    '["\\u0041", "\\u00e9", "\\u00E9", "\\u20ac", "\\uD83D\\uDE00", "\\ud83d\\ude00", "x\\u0000y", "\\uFFFF", "\\uD800", "\\uDC00 lone"]',
    '["é", "日本語", "😀", "\u2028\u2029", "\u007f", "tab\\tand é and \\u00e9"]',
    '{"\\u0061": 1, "a\\nb": 2, "\\"": 3, "": 4, "é": 5}',
  ],
  'objects and arrays': [
    '{}',
    '[]',
    '{"a": {}}',
    '{"a": []}',
    '[[]]',
    '[{}]',
    '[[], {}, [[]], {"a": {}}]',
    '{"a": 1, "b": "two", "c": [1, 2, 3], "d": {"e": null, "f": true, "g": false}}',
    '[1, "two", {"three": 3}, [4, [5, [6]]], null, true, false]',
    '{"a": {"b": {"c": {"d": {"e": [1, {"f": [[[]]]}]}}}}}',
    '{"0": "zero", "1": "one", "10": "ten", "-1": "minus one", "1.5": "x"}',
    '{"constructor": 1, "toString": "x", "hasOwnProperty": null, "valueOf": [], "length": 3}',
  ],
  'duplicate keys': [
    '{"a": 1, "a": 2}',
    '{"a": 1, "b": 2, "a": 3, "a": {"x": 1}}',
    '{"a": {"x": 1, "x": 2}, "b": {"x": 3}, "a": [1]}',
    '{"k0": 0, "k1": 1, "k2": 2, "k3": 3, "k4": 4, "k5": 5, "k6": 6, "k7": 7, "k8": 8, "k9": 9, "k3": 33, "k10": 10, "k0": 0, "k10": 1}',
    '{"outer": {"a": 1, "a": 2}, "outer": {"b": 1, "b": 2}}',
    '{"a\\u0062": 1, "ab": 2}',
    '[{"a": 1, "a": 2}, {"a": 3}]',
  ],
  __proto__: [
    '{"__proto__": 1}',
    '{"__proto__": {"polluted": true}, "a": 1}',
    '{"__proto__": 1, "__proto__": 2}',
    '{"a": {"__proto__": []}}',
    '[{"__proto__": null}]',
  ],
  'white space and line endings': [
    '{"a":1,"b":[1,2,{"c":3}]}',
    ' { "a" : 1 , "b" : [ 1 , 2 ] } ',
    '{\n  "a": 1,\n  "b": [\n    1,\n    2\n  ]\n}\n',
    '{\r\n  "a": 1,\r\n  "b": [\r\n    1\r\n  ]\r\n}\r\n',
    '{\r  "a": 1\r}',
    '\t{\t"a"\t:\t1\t}\t',
    '\n\n\n[\n\n1\n\n]\n\n\n',
  ],
};

const invalid: Record<string, string[]> = {
  'empty texts': ['', ' ', '\n\n', '\t'],
  'byte order mark, which the scanner reports': ['\uFEFF{"a": 1}', '\uFEFF[]', '\uFEFF'],
  'unfinished documents': ['{', '[', '{"a"', '{"a":', '{"a": 1', '{"a": 1,', '[1,', '[1, 2', '"abc', '"abc\\', '"\\u12', 'tru', 'nul', 'fals', '-'],
  'misplaced tokens': ['{"a" 1}', '{"a": 1 "b": 2}', '[1 2]', '{,}', '[,]', '[1,,2]', '{"a": 1,}', '[1, 2,]', '{1: 2}', "{'a': 1}", '{a: 1}', '}', ']', '{]', '[}', ':', ','],
  'trailing content': ['{} {}', '1 2', '[] x', '{}}', '[]]', '"a" "b"', 'nullx', 'true1', '0x1F'],
  'bad numbers': ['01', '-01', '1.', '.5', '1e', '1e+', '1.e5', '+1', '- 1', '--1', '0.5.5', 'NaN', 'Infinity', '-Infinity', '1_000', '[1.]', '{"a": 1e}'],
  'bad strings': ['"\\x41"', '"\\u00g1"', '"\\a"', '"\\\'"', '"a\nb"', '"a\tb"', '"a\u0001b"', "'single'", '["a" "b"]', '"\\uD83D\\u"'],
  'bad literals': ['True', 'NULL', 'undefined', 'nil', '[tru]', '{"a": flase}'],
  comments: ['// c\n{}', '{} // c', '/* c */ []', '{"a": /* c */ 1}', '[1, # c\n 2]'],
  'other white space': ['{\u00a0}', '[\u2028]', '\u000b[]', '[1,\f2]', '\u3000{}'],
};

describe('fast JSON parser', () => {
  for (const [group, texts] of Object.entries(valid)) {
    it(`matches the scanner and takes the fast path: ${group}`, () => {
      for (const text of texts) assertFast(text);
    });
  }

  it('reports duplicate keys at the key, in source order', () => {
    const result = parseJsonFast('{"a": {"x": 1, "x": 2}, "a": 1}')!;
    assert.deepEqual(
      result.problems.map((p) => [p.code, p.offset, p.length]),
      [
        ['syntax.duplicateKey', 15, 3],
        ['syntax.duplicateKey', 24, 3],
      ],
    );
    assert.deepEqual(result.value, { a: 1 });
  });

  it('keeps `__proto__` as an own member', () => {
    const value = parseJson('{"__proto__": {"polluted": true}}').value as Record<string, unknown>;
    assert.ok(Object.prototype.hasOwnProperty.call(value, '__proto__'));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
  });

  it('keeps the sign of -0 and the exact value of every number', () => {
    const value = parseJson('[-0, 0, 12345678901234567890, 0.1, 1E-7]').value as number[];
    assert.ok(Object.is(value[0], -0));
    assert.ok(Object.is((parseJsonFast('-0')!.root!.value as number), -0));
    assert.deepEqual(value, JSON.parse('[-0, 0, 12345678901234567890, 0.1, 1E-7]'));
  });

  it('matches the scanner on deeply nested documents', () => {
    // The scanner recurses, so this is as deep as it goes; the fast path has no such limit.
    const depth = 1000;
    for (const text of ['['.repeat(depth) + ']'.repeat(depth), '{"a":'.repeat(depth) + '1' + '}'.repeat(depth), '[{"a":'.repeat(depth / 2) + '[]' + '}]'.repeat(depth / 2)]) {
      assertFast(text, true);
    }
  });

  it('handles 10 000 levels of nesting without recursion', () => {
    const n = 10_000;
    const arrays = '['.repeat(n) + ']'.repeat(n);
    const result = parseJson(arrays);
    assert.deepEqual(result.problems, []);
    let items = result.value as unknown[];
    for (let i = 1; i < n; i++) {
      assert.equal(items.length, 1);
      items = items[0] as unknown[];
    }
    assert.deepEqual(items, []);
    assert.deepEqual(
      flatten(result.root),
      Array.from({ length: n }, (_, i) => ({
        type: 'array', offset: i, length: 2 * (n - i), key: i === 0 ? undefined : 0, keyOffset: -1, keyLength: 0, value: undefined, children: i === n - 1 ? 0 : 1,
      })),
    );

    const objects = '{"a":'.repeat(n) + '1' + '}'.repeat(n);
    const nested = parseJson(objects);
    assert.deepEqual(nested.problems, []);
    let member = nested.value as { a: unknown };
    for (let i = 1; i < n; i++) {
      assert.deepEqual(Object.keys(member), ['a']);
      member = member.a as { a: unknown };
    }
    assert.deepEqual(member, { a: 1 });
    assert.deepEqual(flatten(nested.root), [
      ...Array.from({ length: n }, (_, i) => ({
        type: 'object', offset: 5 * i, length: 6 * (n - i) + 1, key: i === 0 ? undefined : 'a', keyOffset: i === 0 ? -1 : 5 * i - 4, keyLength: i === 0 ? 0 : 3, value: undefined, children: 1,
      })),
      { type: 'number', offset: 5 * n, length: 1, key: 'a', keyOffset: 5 * n - 4, keyLength: 3, value: 1, children: undefined },
    ]);
  });

  it('matches the scanner on generated documents', () => {
    let state = 7;
    const rnd = (n: number): number => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state % n;
    };
    const scalars = ['0', '-0', '1.5e3', '-2E-2', '12345678901234567890', '"s"', '"é\\n\\u00e9"', '""', 'true', 'false', 'null'];
    const keys = ['"a"', '"b"', '"__proto__"', '"k\\"q"', '""', '"a"'];
    const space = (): string => ['', ' ', '\n  ', '\r\n', '\t'][rnd(5)];
    const value = (depth: number): string => {
      const kind = depth > 4 ? 0 : rnd(4);
      if (kind === 0 || kind === 1) return scalars[rnd(scalars.length)];
      const n = rnd(5);
      const items: string[] = [];
      for (let i = 0; i < n; i++) items.push(space() + (kind === 2 ? keys[rnd(keys.length)] + space() + ':' + space() : '') + value(depth + 1) + space());
      return kind === 2 ? '{' + items.join(',') + '}' : '[' + items.join(',') + ']';
    };
    for (let i = 0; i < 500; i++) assertFast(space() + value(0) + space());
  });

  it('gives each string its own characters when earlier strings are reused', () => {
    // Many short strings of equal length, so that reused strings are often checked and replaced.
    const words: string[] = [];
    for (let i = 0; i < 20_000; i++) words.push((i * 7919 % 5000).toString(36) + (i % 3 === 0 ? 'é' : ''));
    const text = JSON.stringify({ words, map: Object.fromEntries(words.slice(0, 3000).map((w, i) => [w, words[words.length - 1 - i]])) });
    assertFast(text);
    assert.deepEqual(parseJsonFast(text)!.root!.children![0].children!.map((node) => node.value), words);
  });

  for (const [group, texts] of Object.entries(invalid)) {
    it(`falls back to the scanner: ${group}`, () => {
      for (const text of texts) {
        assert.equal(parseJsonFast(text), undefined, `fast path should decline ${label(text)}`);
        const result = parseJson(text);
        assert.ok(result.problems.some((p) => p.code === 'syntax.error'), `syntax error in ${label(text)}`);
        assertSameResult(result, parseJsonWithScanner(text), text);
      }
    });
  }

  it("gives the scanner's result on GitHub's description", function () {
    this.timeout(120_000);
    const text = readFileSync(join(process.cwd(), 'node_modules', '@octokit', 'openapi', 'generated', 'api.github.com.json'), 'utf8');
    const fast = parseJsonFast(text);
    assert.ok(fast, 'fast path should handle the document');
    const expected = parseJsonWithScanner(text);
    assert.deepEqual(fast.problems, expected.problems);
    assert.deepEqual(flatten(fast.root), flatten(expected.root));
    assert.deepEqual(fast.value, expected.value);
  });
});
