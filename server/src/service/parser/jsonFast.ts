import { AstNode, AstNodeType, ParseResult, SyntaxProblem } from './ast';

/**
 * A single-pass parser for valid JSON: it builds the same tree and value as the jsonc-parser path in
 * `json.ts`, several times faster. It accepts strict JSON only (RFC 8259 grammar, white space limited
 * to space, tab, LF and CR) and returns undefined for anything else, including every syntax error and
 * a leading byte order mark (which the scanner reports), so that the slower path can report problems
 * with its messages and recovery.
 *
 * Containers are tracked on an explicit stack, so deep nesting cannot overflow the call stack.
 * Past `maxDepth` levels it gives up too (the caller then measures the nesting and reports it).
 */
export function parseJsonFast(text: string, maxDepth = Infinity): ParseResult | undefined {
  const len = text.length;
  const problems: SyntaxProblem[] = [];

  /** The open containers, innermost last. */
  const open: AstNode[] = [];
  /** Where each open container's children start in `pending`. */
  const firstChild: number[] = [];
  /** The keys of each open object once it has many members (few are compared one by one). */
  const keySets: (Set<string> | undefined)[] = [];
  let depth = 0;
  let parent: AstNode | undefined;
  let inObject = false;
  /** The children of all open containers, in order; each container takes its own when it closes. */
  const pending: AstNode[] = [];
  let top = 0;

  let root: AstNode | undefined;

  // The key of the member whose value is parsed next (when the innermost container is an object).
  let key = '';
  let keyOffset = -1;
  let keyLength = 0;

  // Result of scanString: the decoded string; the position after the closing quote is returned.
  let scanned = '';
  /**
   * Short strings seen before, by a hash of their characters: keys and enum-like values repeat a
   * lot, and taking the earlier string saves both the copy and the memory it would keep.
   */
  const recent: string[] = new Array<string>(RECENT_SIZE).fill('');

  /** Scans a string whose opening quote is at `start`; returns the position after it, or -1. */
  const scanString = (start: number): number => {
    let p = start + 1;
    let c = text.charCodeAt(p);
    let hash = 0;
    // The end of the text gives NaN, which stops the loop too.
    while (c !== QUOTE && c !== BACKSLASH && c >= 0x20) {
      hash = (hash * 31 + c) | 0;
      c = text.charCodeAt(++p);
    }
    if (c === QUOTE) {
      const length = p - start - 1;
      if (length <= RECENT_MAX_LENGTH) {
        const slot = hash & (RECENT_SIZE - 1);
        const candidate = recent[slot];
        if (candidate.length === length && text.startsWith(candidate, start + 1)) scanned = candidate;
        else recent[slot] = scanned = text.slice(start + 1, p);
      } else {
        scanned = text.slice(start + 1, p);
      }
      return p + 1;
    }
    if (c !== BACKSLASH) return -1;
    // Escapes: collect the pieces.
    let result = text.slice(start + 1, p);
    let from = p;
    for (;;) {
      if (p >= len) return -1;
      c = text.charCodeAt(p);
      if (c === QUOTE) {
        scanned = result + text.slice(from, p);
        return p + 1;
      }
      if (c < 0x20) return -1;
      if (c !== BACKSLASH) {
        p++;
        continue;
      }
      result += text.slice(from, p);
      const e = text.charCodeAt(p + 1);
      switch (e) {
        case QUOTE: result += '"'; break;
        case BACKSLASH: result += '\\'; break;
        case SLASH: result += '/'; break;
        case 98: result += '\b'; break;
        case 102: result += '\f'; break;
        case 110: result += '\n'; break;
        case 114: result += '\r'; break;
        case 116: result += '\t'; break;
        case 117: {
          let code = 0;
          for (let i = p + 2; i < p + 6; i++) {
            const h = text.charCodeAt(i);
            const d = h >= 48 && h <= 57 ? h - 48 : h >= 65 && h <= 70 ? h - 55 : h >= 97 && h <= 102 ? h - 87 : -1;
            if (d < 0) return -1;
            code = code * 16 + d;
          }
          result += String.fromCharCode(code);
          p += 4;
          break;
        }
        default:
          return -1;
      }
      p += 2;
      from = p;
    }
  };

  /** Parses `"key"` and `:` at p (after white space); returns the position of the value, or -1. */
  const scanKey = (start: number): number => {
    if (text.charCodeAt(start) !== QUOTE) return -1;
    let p = scanString(start);
    if (p < 0) return -1;
    key = scanned;
    keyOffset = start;
    keyLength = p - start;
    let c = text.charCodeAt(p);
    while (c === SPACE || c === LF || c === CR || c === TAB) c = text.charCodeAt(++p);
    if (c !== COLON) return -1;
    c = text.charCodeAt(++p);
    while (c === SPACE || c === LF || c === CR || c === TAB) c = text.charCodeAt(++p);
    return p;
  };

  /** Whether the innermost object already has a member with `key`. */
  const isDuplicate = (): boolean => {
    const from = firstChild[depth - 1];
    const count = top - from;
    if (count < 8) {
      for (let i = from; i < top; i++) if (pending[i].key === key) return true;
      return false;
    }
    let keys = keySets[depth - 1];
    if (keys === undefined) {
      keys = new Set();
      for (let i = from; i < top; i++) keys.add(pending[i].key as string);
      keySets[depth - 1] = keys;
    }
    if (keys.has(key)) return true;
    keys.add(key);
    return false;
  };

  /** Links a new node into the innermost container. */
  const attach = (node: AstNode): void => {
    if (parent === undefined) {
      root = node;
      return;
    }
    node.parent = parent;
    if (inObject) {
      if (top > firstChild[depth - 1] && isDuplicate()) {
        problems.push({ code: 'syntax.duplicateKey', message: `Duplicate key \`${key}\`.`, offset: keyOffset, length: keyLength });
      }
      node.key = key;
      node.keyOffset = keyOffset;
      node.keyLength = keyLength;
    } else {
      node.key = top - firstChild[depth - 1];
    }
    pending[top++] = node;
  };

  /** Makes a new container the innermost one. */
  const enter = (node: AstNode, isObject: boolean): void => {
    attach(node);
    open[depth] = node;
    firstChild[depth] = top;
    keySets[depth] = undefined;
    depth++;
    parent = node;
    inObject = isObject;
  };

  let p = 0;
  let c = text.charCodeAt(p);
  while (c === SPACE || c === LF || c === CR || c === TAB) c = text.charCodeAt(++p);

  for (;;) {
    // A value starts at p (white space skipped), c is its first character.
    const start = p;
    switch (c) {
      case LBRACE:
        enter(makeNode('object', start, 0, undefined), true);
        if (depth > maxDepth) return undefined;
        c = text.charCodeAt(++p);
        while (c === SPACE || c === LF || c === CR || c === TAB) c = text.charCodeAt(++p);
        if (c !== RBRACE) {
          p = scanKey(p);
          if (p < 0) return undefined;
          c = text.charCodeAt(p);
          continue;
        }
        break; // an empty object: closed below
      case LBRACKET:
        enter(makeNode('array', start, 0, undefined), false);
        if (depth > maxDepth) return undefined;
        c = text.charCodeAt(++p);
        while (c === SPACE || c === LF || c === CR || c === TAB) c = text.charCodeAt(++p);
        if (c !== RBRACKET) continue;
        break; // an empty array: closed below
      case QUOTE:
        p = scanString(start);
        if (p < 0) return undefined;
        attach(makeNode('string', start, p - start, scanned));
        c = text.charCodeAt(p);
        break;
      case 116: // t
        if (text.charCodeAt(p + 1) !== 114 || text.charCodeAt(p + 2) !== 117 || text.charCodeAt(p + 3) !== 101) return undefined;
        p += 4;
        attach(makeNode('boolean', start, 4, true));
        c = text.charCodeAt(p);
        break;
      case 102: // f
        if (text.charCodeAt(p + 1) !== 97 || text.charCodeAt(p + 2) !== 108 || text.charCodeAt(p + 3) !== 115 || text.charCodeAt(p + 4) !== 101) return undefined;
        p += 5;
        attach(makeNode('boolean', start, 5, false));
        c = text.charCodeAt(p);
        break;
      case 110: // n
        if (text.charCodeAt(p + 1) !== 117 || text.charCodeAt(p + 2) !== 108 || text.charCodeAt(p + 3) !== 108) return undefined;
        p += 4;
        attach(makeNode('null', start, 4, null));
        c = text.charCodeAt(p);
        break;
      default: {
        // A number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?
        const negative = c === MINUS;
        if (negative) c = text.charCodeAt(++p);
        let value: number;
        if (c === 48) {
          value = 0;
          c = text.charCodeAt(++p);
        } else if (c >= 49 && c <= 57) {
          value = c - 48;
          c = text.charCodeAt(++p);
          while (c >= 48 && c <= 57) {
            value = value * 10 + (c - 48);
            c = text.charCodeAt(++p);
          }
        } else return undefined;
        // Integers of up to 15 digits are exact as summed up above; anything else goes through Number().
        let exact = p - start - (negative ? 1 : 0) <= 15;
        if (c === DOT) {
          exact = false;
          c = text.charCodeAt(++p);
          if (!(c >= 48 && c <= 57)) return undefined;
          do c = text.charCodeAt(++p);
          while (c >= 48 && c <= 57);
        }
        if (c === 101 || c === 69) {
          exact = false;
          c = text.charCodeAt(++p);
          if (c === PLUS || c === MINUS) c = text.charCodeAt(++p);
          if (!(c >= 48 && c <= 57)) return undefined;
          do c = text.charCodeAt(++p);
          while (c >= 48 && c <= 57);
        }
        if (!exact) value = Number(text.slice(start, p));
        else if (negative) value = -value;
        attach(makeNode('number', start, p - start, value));
        break;
      }
    }

    // After a value (or an opened container that is empty and closes right away): close containers.
    for (;;) {
      while (c === SPACE || c === LF || c === CR || c === TAB) c = text.charCodeAt(++p);
      if (parent === undefined) {
        // The root value is complete: only white space may follow. The text is valid JSON, so
        // JSON.parse gives the plain value, faster than building it here.
        return p >= len ? { root, value: JSON.parse(text), problems, comments: [], reusable: true } : undefined;
      }
      if (c === COMMA) {
        c = text.charCodeAt(++p);
        while (c === SPACE || c === LF || c === CR || c === TAB) c = text.charCodeAt(++p);
        if (inObject) {
          p = scanKey(p);
          if (p < 0) return undefined;
          c = text.charCodeAt(p);
        }
        break;
      }
      if (c !== (inObject ? RBRACE : RBRACKET)) return undefined;
      p++;
      parent.length = p - parent.offset;
      depth--;
      const from = firstChild[depth];
      parent.children = pending.slice(from, top);
      top = from;
      c = text.charCodeAt(p);
      if (depth === 0) {
        parent = undefined;
      } else {
        parent = open[depth - 1];
        inObject = parent.type === 'object';
      }
    }
  }
}

/** Every node is created with the same shape (that of `createNode`), which keeps property access fast. */
function makeNode(type: AstNodeType, offset: number, length: number, value: AstNode['value']): AstNode {
  return { type, offset, length, parent: undefined, key: undefined, keyOffset: -1, keyLength: 0, children: undefined, value };
}

/** Size of the table of recent strings (a power of two) and the longest string it takes. */
const RECENT_SIZE = 4096;
const RECENT_MAX_LENGTH = 40;

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const SLASH = 47;
const COLON = 58;
const BACKSLASH = 92;
const LBRACKET = 91;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;
