import assert from 'node:assert/strict';
import { findExcessiveNesting } from '../../server/src/service/parser/nesting';
import { collectComments } from '../../server/src/service/parser/yaml';

// The whole-text scans run before and beside the YAML parser jump from one character that matters
// to the next; these compare them, on random texts made of exactly those characters, with plain
// definitions that look at every character.

/** Nesting as defined: indentation of spaces and dashes at line starts, brackets outside quotes and comments. */
function nestingByEveryCharacter(text: string, limit: number): number | undefined {
  let depth = 0;
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      lineStart = true;
      indent = 0;
      continue;
    }
    if (lineStart) {
      if (c === ' ' || c === '-') {
        if (++indent > limit * 2) return i;
        continue;
      }
      lineStart = false;
    }
    if ((c === '"' || c === "'") && /(^|[\n\r:\-?,[{])[ \t]*$/.test(text.slice(0, i))) {
      for (i++; i < text.length; i++) {
        if (c === '"' && text[i] === '\\') i++;
        else if (text[i] === c || text[i] === '\n') break;
      }
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      i--;
    } else if (c === '[' || c === '{') {
      if (++depth > limit) return i;
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return undefined;
}

/** Comments as defined: a `#` at a line's start or after a space or tab, to the line feed (without a carriage return). */
function commentsByRegex(text: string): { offset: number; text: string }[] {
  const found: { offset: number; text: string }[] = [];
  const re = /(^|[ \t])#([^\n]*)/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) found.push({ offset: m.index + m[1].length, text: '#' + m[2].replace(/\r$/, '') });
  return found;
}

/** Random texts over an alphabet, from a seeded generator (the same texts every run). */
function* randomTexts(alphabet: string[], count: number, maxLength: number): Generator<string> {
  let state = 7;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) >>> 0;
    return (state >>> 8) % n;
  };
  for (let k = 0; k < count; k++) {
    let text = '';
    for (let length = next(maxLength); length > 0; length--) text += alphabet[next(alphabet.length)];
    yield text;
  }
}

describe('YAML whole-text scans', () => {
  it('find excessive nesting where a scan of every character finds it', () => {
    const alphabet = [' ', ' ', '-', '\n', '"', "'", '#', '[', ']', '{', '}', 'a', ':', ',', '?', '\\', '\r', '\t'];
    let tooDeep = 0;
    for (const text of randomTexts(alphabet, 40_000, 48)) {
      for (const limit of [1, 2, 3]) {
        const expected = nestingByEveryCharacter(text, limit);
        assert.equal(findExcessiveNesting(text, 'yaml', limit), expected, `${JSON.stringify(text)} at limit ${limit}`);
        if (expected !== undefined) tooDeep++;
      }
    }
    assert.ok(tooDeep > 1_000, `many of the texts nest too deep (${tooDeep})`);
  });

  it('find the comments a line-wise regular expression finds', () => {
    const alphabet = [' ', '\t', '-', '\n', '\r', '#', '#', 'a', '\u2028', '\u2029', "'"];
    let comments = 0;
    for (const text of randomTexts(alphabet, 40_000, 32)) {
      const expected = commentsByRegex(text);
      assert.deepEqual(collectComments(text), expected, JSON.stringify(text));
      comments += expected.length;
    }
    assert.ok(comments > 10_000, 'the texts hold many comments');
  });

  it('measure a real document as before: nothing too deep, every comment', () => {
    const text = 'openapi: 3.0.3 # the version\ninfo:\n  title: "A # in quotes" # a comment\n  description: \'[{\'\n  tags: [a, {b: c}]\n#top\n';
    assert.equal(findExcessiveNesting(text, 'yaml', 1000), undefined);
    assert.equal(findExcessiveNesting(text, 'yaml', 1), text.indexOf('{b'), 'the flow map inside the flow list');
    assert.deepEqual(collectComments(text).map((c) => c.text), ['# the version', '# in quotes" # a comment', '#top']);
  });
});
