import { AstNode, AstNodeType, ParseResult, SyntaxProblem, createNode, setMember } from './ast';
import { collectComments, parseYamlWithLibrary } from './yaml';
import { findExcessiveNesting, tooDeepResult } from './nesting';

/**
 * Parses YAML. Documents in the block-style subset that OpenAPI files use go through a single-pass
 * parser; everything else (and anything that looks wrong) goes through the `yaml` library, so
 * results and error messages stay those of the library.
 */
/** The library's parser recurses per nesting level and slows down sharply long before 1000 levels. */
export const LIBRARY_MAX_NESTING = 200;

export function parseYaml(text: string): ParseResult {
  const fast = parseYamlFast(text);
  if (fast) return fast;
  const tooDeep = findExcessiveNesting(text, 'yaml', LIBRARY_MAX_NESTING);
  if (tooDeep !== undefined) return tooDeepResult(tooDeep, LIBRARY_MAX_NESTING);
  try {
    return parseYamlWithLibrary(text);
  } catch (error) {
    // A stack overflow or similar inside the library: say so at the start instead of failing the check.
    return { root: undefined, value: undefined, comments: [], problems: [{ code: 'syntax.error', offset: 0, length: 1, message: `This YAML could not be parsed: ${(error as Error)?.message ?? error}.` }] };
  }
}

/** Thrown inside the fast parser when the document leaves the supported subset. */
const UNSUPPORTED = new Error('unsupported YAML construct');

/**
 * The fast path alone: the same result as `parseYamlWithLibrary` for the supported subset, or
 * undefined when the document uses anything outside it (or has an error).
 *
 * Ranges follow the library's rules: a block collection ends where its last item's node ends, and a
 * node's end takes in the rest of its line, comment lines indented deeper than its collection that
 * follow a flow value, and trailing comment lines a closing collection keeps for itself.
 */
export function parseYamlFast(text: string): ParseResult | undefined {
  try {
    return new FastParser(text).parse();
  } catch {
    return undefined;
  }
}

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const COMMA = 44;
const SQUOTE = 39;
const DQUOTE = 34;
const LBRACKET = 91;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;
const PIPE = 124;
const GT = 62;
const BACKSLASH = 92;

/** Whether the code stops a plain scalar in a flow collection. */
function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE;
}


const INT = /^[-+]?[0-9]+$/;
const OCT = /^0o[0-7]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const INF_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** The value of a plain scalar under the YAML 1.2 core schema, as the `yaml` library resolves it. */
export function resolvePlainScalar(s: string): string | number | boolean | null {
  const c = s.charCodeAt(0);
  switch (c) {
    case 126: // ~
      return s.length === 1 ? null : s;
    case 110: // n
    case 78: // N
      return s === 'null' || s === 'Null' || s === 'NULL' ? null : s;
    case 116: // t
    case 84: // T
      return s === 'true' || s === 'True' || s === 'TRUE' ? true : s;
    case 102: // f
    case 70: // F
      return s === 'false' || s === 'False' || s === 'FALSE' ? false : s;
  }
  if (!((c >= 48 && c <= 57) || c === 43 || c === DASH || c === 46)) return s;
  if (INT.test(s)) return parseInt(s, 10);
  if (c === 48) {
    if (OCT.test(s)) return parseInt(s.substring(2), 8);
    if (HEX.test(s)) return parseInt(s.substring(2), 16);
  }
  if (INF_NAN.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : s.charCodeAt(0) === DASH ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (FLOAT_EXP.test(s) || FLOAT.test(s)) return parseFloat(s);
  return s;
}

function scalarType(value: string | number | boolean | null): AstNodeType {
  return value === null ? 'null' : typeof value === 'string' ? 'string' : typeof value === 'number' ? 'number' : 'boolean';
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * An array grown by pushing keeps room for 17 items or more (and a third more than it holds past
 * that); a collection has three members on average, and its lists of child nodes (see `kids`) and
 * items live as long as the tree: lists of the right size keep an eighth less memory for GitHub's
 * spec, and the collector has that much less to copy and mark.
 */
function exactly<T>(items: T[]): T[] {
  return items.slice();
}

/** Size of the table of recent plain scalars (a power of two) and the longest one it takes. */
const RECENT_SIZE = 4096;
const RECENT_MAX_LENGTH = 40;

class FastParser {
  private readonly len: number;
  private readonly problems: SyntaxProblem[] = [];

  // Results of the last parse step.
  /** Plain value of the last parsed node. */
  private v: unknown = null;
  /** Where the last parsed node ends in the library's sense (its range[2]). */
  private end2 = 0;
  /** The next content token after the last value (or len at the end), its column and line start. */
  private np = 0;
  private ncol = -1;
  private nls = 0;
  /** Largest column of the comment lines before the next token not taken by the previous value; -1 when none. */
  private tMax = -1;
  /** Scratch results of the scalar scanners. */
  private scanEnd = 0;
  private scanValue = '';
  private scanStopKey = false;
  /** A hash of the characters of the last plain scalar scanned (its spaces left out). */
  private scanHash = 0;
  /**
   * Short plain scalars seen before, by that hash: keys and enum-like values repeat a lot, and
   * taking the earlier string saves the copy, the memory it would keep, and making it a property
   * name again.
   */
  private readonly recent: string[] = new Array<string>(RECENT_SIZE).fill('');
  /**
   * The child nodes of the collections being read, innermost last (up to kidsTop): each collection
   * takes its own, in a list of their number, when it closes.
   */
  private readonly kids: AstNode[] = [];
  private kidsTop = 0;

  /** Whether the text has any carriage return at all (most have none). */
  private readonly hasCR: boolean;

  constructor(private readonly text: string) {
    this.len = text.length;
    this.hasCR = text.indexOf('\r') !== -1;
  }

  parse(): ParseResult {
    const text = this.text;
    let p = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    this.skipTrivia(p, -2);
    if (this.np < this.len && this.ncol === 0 && text.startsWith('---', this.np)) {
      p = this.np + 3;
      const c = text.charCodeAt(p);
      if (p < this.len && c !== LF && c !== CR && c !== SPACE) throw UNSUPPORTED;
      p = this.lineEnd(this.skipSpacesAndComment(p));
      this.skipTrivia(p, -2);
      // An empty document after `---` holds a null node there; leave that to the library.
      if (this.np >= this.len) throw UNSUPPORTED;
    }
    if (this.np >= this.len) {
      return { root: undefined, value: null, problems: [], comments: collectComments(text) };
    }
    const first = text.charCodeAt(this.np);
    const root = this.parseBlockNode(this.np, this.ncol, this.nls, -1, undefined);
    if (this.np < this.len) throw UNSUPPORTED;
    if (root.type !== 'object' && root.type !== 'array') {
      if (text.indexOf('#', root.offset + root.length) !== -1) throw UNSUPPORTED;
    } else if (first === LBRACKET || first === LBRACE) {
      if (text.indexOf('#', root.offset + root.length) !== -1) throw UNSUPPORTED;
    }
    return { root, value: this.v, problems: this.problems, comments: collectComments(text), reusable: true };
  }

  // ---------------------------------------------------------------- lines and trivia

  /** Position after the line break at or after p (p must be at a line break or the end). */
  private lineEnd(p: number): number {
    const text = this.text;
    if (p >= this.len) return this.len;
    const c = text.charCodeAt(p);
    if (c === LF) return p + 1;
    if (c === CR && text.charCodeAt(p + 1) === LF) return p + 2;
    throw UNSUPPORTED;
  }

  /** Skips spaces and an optional comment (which must follow a space); returns the line break position. */
  private skipSpacesAndComment(p: number): number {
    const text = this.text;
    const start = p;
    while (text.charCodeAt(p) === SPACE) p++;
    if (p >= this.len) return p;
    const c = text.charCodeAt(p);
    if (c === HASH) {
      if (p === start) throw UNSUPPORTED;
      const nl = text.indexOf('\n', p);
      if (nl === -1) return this.len;
      return text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
    }
    if (c === LF || (c === CR && text.charCodeAt(p + 1) === LF)) return p;
    throw UNSUPPORTED;
  }

  /**
   * Skips blank and comment lines from the line start p, up to the next content token (np/ncol/nls).
   * Comment lines indented deeper than attachIndent that come before any other comment extend the
   * previous value's end (attachIndent -2: none do); the others are summarised in tMax.
   */
  private skipTrivia(p: number, attachIndent: number): void {
    const text = this.text;
    const len = this.len;
    let attaching = attachIndent > -2;
    let tMax = -1;
    for (;;) {
      if (p >= len) {
        this.np = len;
        this.ncol = -1;
        this.nls = len;
        break;
      }
      const s = p;
      let c = text.charCodeAt(p);
      while (c === SPACE) c = text.charCodeAt(++p);
      if (c === LF) {
        p++;
        continue;
      }
      if (c === CR) {
        if (text.charCodeAt(p + 1) !== LF) throw UNSUPPORTED;
        p += 2;
        continue;
      }
      if (p >= len) {
        this.np = len;
        this.ncol = -1;
        this.nls = len;
        break;
      }
      if (c === HASH) {
        const col = p - s;
        const nl = text.indexOf('\n', p);
        const next = nl === -1 ? len : nl + 1;
        if (attaching && col > attachIndent) this.end2 = next;
        else {
          attaching = false;
          if (col > tMax) tMax = col;
        }
        p = next;
        continue;
      }
      if (c === TAB) throw UNSUPPORTED;
      this.np = p;
      this.ncol = p - s;
      this.nls = s;
      break;
    }
    this.tMax = tMax;
  }

  /** Whether a `-` at p is a block sequence indicator. */
  private isSeqIndicator(p: number): boolean {
    const text = this.text;
    if (text.charCodeAt(p) !== DASH) return false;
    const n = text.charCodeAt(p + 1);
    return p + 1 >= this.len || n === SPACE || n === LF || n === CR || n === TAB;
  }

  /** After an inline scalar or flow value ending at p: the rest of the line, then trivia up to the next token. */
  private finishLine(p: number, attachIndent: number): void {
    const end = this.lineEnd(this.skipSpacesAndComment(p));
    this.end2 = end;
    this.skipTrivia(end, attachIndent);
  }

  // ---------------------------------------------------------------- block structure

  /** A node starting with the first token of a line (at column col), inside a collection indented by parentIndent. */
  private parseBlockNode(p: number, col: number, ls: number, parentIndent: number, parent: AstNode | undefined): AstNode {
    const text = this.text;
    const c = text.charCodeAt(p);
    if (c === DASH && this.isSeqIndicator(p)) return this.parseBlockSeq(p, col, parent);
    if (c === LBRACKET || c === LBRACE) {
      const node = this.parseFlow(p, parent);
      this.finishLine(this.scanEnd, parentIndent);
      return node;
    }
    if (c === PIPE || c === GT) return this.parseBlockScalar(p, parentIndent, parent);
    if (this.scanScalar(p)) {
      if (this.scanStopKey) return this.parseBlockMap(p, col, ls, parent);
      const node = this.scalarNode(p, parent);
      this.finishLine(this.scanEnd, parentIndent);
      return node;
    }
    throw UNSUPPORTED;
  }

  /**
   * Scans a quoted or plain scalar at p (block context): scanEnd is its end, scanStopKey whether a
   * `:` indicator follows (then the position after the `:` is scanEnd's key colon, found again by the caller).
   * Returns false for a token that does not start a scalar.
   */
  private scanScalar(p: number): boolean {
    const text = this.text;
    const c = text.charCodeAt(p);
    if (c === SQUOTE || c === DQUOTE) {
      const end = c === SQUOTE ? this.scanSingle(p) : this.scanDouble(p);
      this.scanEnd = end;
      let q = end;
      while (text.charCodeAt(q) === SPACE) q++;
      if (text.charCodeAt(q) === COLON) {
        const n = text.charCodeAt(q + 1);
        if (!(q + 1 >= this.len || n === SPACE || n === LF || n === CR)) throw UNSUPPORTED;
        this.scanStopKey = true;
      } else this.scanStopKey = false;
      return true;
    }
    switch (c) {
      case 38: // &
      case 42: // *
      case 33: // !
      case 37: // %
      case 64: // @
      case 96: // `
      case 63: // ?
      case COLON:
      case COMMA:
      case LBRACKET:
      case RBRACKET:
      case LBRACE:
      case RBRACE:
      case HASH:
      case PIPE:
      case GT:
      case TAB:
        return false;
      case DASH:
        if (this.isSeqIndicator(p)) return false;
    }
    this.scanPlain(p);
    return true;
  }

  /** Plain scalar in block context, on one line. */
  private scanPlain(p: number): void {
    const text = this.text;
    const len = this.len;
    let end = p + 1;
    let i = p + 1;
    let key = false;
    let hash = text.charCodeAt(p);
    for (;;) {
      if (i >= len) break;
      const c = text.charCodeAt(i);
      if (c === LF) break;
      if (c === SPACE) {
        if (text.charCodeAt(i + 1) === HASH) break;
        i++;
        continue;
      }
      if (c === COLON) {
        const n = text.charCodeAt(i + 1);
        if (i + 1 >= len || n === SPACE || n === LF || n === CR) {
          key = true;
          break;
        }
      } else if (c === CR) {
        if (text.charCodeAt(i + 1) === LF) break;
        throw UNSUPPORTED;
      } else if (c === TAB) throw UNSUPPORTED;
      hash = (hash * 31 + c) | 0;
      end = ++i;
    }
    this.scanEnd = end;
    this.scanStopKey = key;
    this.scanValue = '';
    this.scanHash = hash;
  }

  /** The text of the plain scalar just scanned at p, the earlier string when it was seen recently. */
  private plainText(p: number): string {
    const end = this.scanEnd;
    const length = end - p;
    if (length > RECENT_MAX_LENGTH) return this.text.slice(p, end);
    const slot = this.scanHash & (RECENT_SIZE - 1);
    const candidate = this.recent[slot];
    if (candidate.length === length && this.text.startsWith(candidate, p)) return candidate;
    return (this.recent[slot] = this.text.slice(p, end));
  }

  /** A single-quoted scalar on one line; returns the position after the closing quote and sets scanValue. */
  private scanSingle(p: number): number {
    const text = this.text;
    let i = p + 1;
    let value = '';
    let from = i;
    for (;;) {
      const q = text.indexOf("'", i);
      if (q === -1) throw UNSUPPORTED;
      if (text.charCodeAt(q + 1) === SQUOTE) {
        value += text.slice(from, q + 1);
        i = from = q + 2;
        continue;
      }
      value += text.slice(from, q);
      this.checkNoLineBreak(p, q);
      this.scanValue = value;
      return q + 1;
    }
  }

  private checkNoLineBreak(from: number, to: number): void {
    const nl = this.text.indexOf('\n', from);
    if (nl !== -1 && nl < to) throw UNSUPPORTED;
    if (this.hasCR) {
      const cr = this.text.indexOf('\r', from);
      if (cr !== -1 && cr < to) throw UNSUPPORTED;
    }
  }

  /** A double-quoted scalar on one line; returns the position after the closing quote and sets scanValue. */
  private scanDouble(p: number): number {
    const text = this.text;
    const len = this.len;
    let value = '';
    let from = p + 1;
    for (let i = p + 1; i < len; i++) {
      const c = text.charCodeAt(i);
      if (c === DQUOTE) {
        value += text.slice(from, i);
        this.scanValue = value;
        return i + 1;
      }
      if (c === LF || c === CR) throw UNSUPPORTED;
      if (c === BACKSLASH) {
        value += text.slice(from, i);
        const e = text.charCodeAt(++i);
        switch (e) {
          case 48: value += '\0'; break; // 0
          case 97: value += '\x07'; break; // a
          case 98: value += '\b'; break; // b
          case 101: value += '\x1b'; break; // e
          case 102: value += '\f'; break; // f
          case 110: value += '\n'; break; // n
          case 114: value += '\r'; break; // r
          case 116: value += '\t'; break; // t
          case TAB: value += '\t'; break;
          case 118: value += '\v'; break; // v
          case 78: value += '\u0085'; break; // N
          case 95: value += '\u00a0'; break; // _
          case 76: value += '\u2028'; break; // L
          case 80: value += '\u2029'; break; // P
          case SPACE: value += ' '; break;
          case DQUOTE: value += '"'; break;
          case 47: value += '/'; break; // /
          case BACKSLASH: value += '\\'; break;
          case 120: // x
          case 117: // u
          case 85: { // U
            const n = e === 120 ? 2 : e === 117 ? 4 : 8;
            const hex = text.substr(i + 1, n);
            if (hex.length !== n || !/^[0-9a-fA-F]+$/.test(hex)) throw UNSUPPORTED;
            const code = parseInt(hex, 16);
            if (code > 0x10ffff) throw UNSUPPORTED;
            value += String.fromCodePoint(code);
            i += n;
            break;
          }
          default:
            throw UNSUPPORTED;
        }
        from = i + 1;
      }
    }
    throw UNSUPPORTED;
  }

  /** The node of the scalar just scanned at p (scanEnd, scanValue). */
  private scalarNode(p: number, parent: AstNode | undefined): AstNode {
    const c = this.text.charCodeAt(p);
    const end = this.scanEnd;
    if (c === SQUOTE || c === DQUOTE) {
      this.v = this.scanValue;
      return createNode('string', p, end - p, parent, this.scanValue);
    }
    const value = resolvePlainScalar(this.plainText(p));
    this.v = value;
    return createNode(scalarType(value), p, end - p, parent, value);
  }

  /** The key string of the scalar just scanned at p. */
  private keyString(p: number): string {
    const c = this.text.charCodeAt(p);
    if (c === SQUOTE || c === DQUOTE) return this.scanValue;
    const value = resolvePlainScalar(this.plainText(p));
    return value === null ? '' : typeof value === 'string' ? value : String(value);
  }

  /** Reports a duplicate key; like the library, before anything found inside the member's value. */
  private checkDuplicate(obj: Record<string, unknown>, key: string, keyStart: number, keyEnd: number): void {
    if (hasOwn.call(obj, key)) {
      this.problems.push({ code: 'syntax.duplicateKey', message: `Duplicate key \`${key}\`.`, offset: keyStart, length: Math.max(1, keyEnd - keyStart) });
    }
  }

  private addMember(node: AstNode, obj: Record<string, unknown>, key: string, keyStart: number, keyEnd: number, child: AstNode): void {
    child.key = key;
    child.keyOffset = keyStart;
    child.keyLength = keyEnd - keyStart;
    this.kids[this.kidsTop++] = child;
    setMember(obj, key, this.v);
  }

  /** Closes a block collection: its length, and whether it keeps the trailing comment lines. */
  private closeBlock(node: AstNode, indent: number, lastEnd2: number, firstKid: number): void {
    node.length = lastEnd2 - node.offset;
    this.takeKids(node, firstKid);
    if (this.tMax >= 0 && indent !== 0 && this.tMax >= indent) {
      this.end2 = this.np;
      this.tMax = -1;
    } else this.end2 = lastEnd2;
  }

  /** Gives a collection its child nodes, those read since firstKid. */
  private takeKids(node: AstNode, firstKid: number): void {
    node.children = this.kids.slice(firstKid, this.kidsTop);
    this.kidsTop = firstKid;
  }

  /** A block mapping whose first key starts at p (column indent). */
  private parseBlockMap(p: number, indent: number, ls: number, parent: AstNode | undefined): AstNode {
    const text = this.text;
    const firstKid = this.kidsTop;
    const node = createNode('object', p, 0, parent, undefined);
    const obj: Record<string, unknown> = {};
    let lastEnd2: number;
    for (;;) {
      // scanScalar(p) has been run and found a key.
      const keyEnd = this.scanEnd;
      if (keyEnd - p > 1024) throw UNSUPPORTED;
      const key = this.keyString(p);
      let q = keyEnd;
      while (text.charCodeAt(q) !== COLON) q++;
      this.checkDuplicate(obj, key, p, keyEnd);
      const child = this.parseValue(q + 1, indent, ls, node, false);
      this.addMember(node, obj, key, p, keyEnd, child);
      lastEnd2 = this.end2;
      if (this.np >= this.len || this.ncol < indent) break;
      if (this.ncol > indent) throw UNSUPPORTED;
      p = this.np;
      ls = this.nls;
      this.tMax = -1;
      if (!this.scanScalar(p) || !this.scanStopKey) throw UNSUPPORTED;
    }
    this.closeBlock(node, indent, lastEnd2, firstKid);
    this.v = obj;
    return node;
  }

  /** A block sequence whose first `-` is at p (column indent). */
  private parseBlockSeq(p: number, indent: number, parent: AstNode | undefined): AstNode {
    const firstKid = this.kidsTop;
    const node = createNode('array', p, 0, parent, undefined);
    const arr: unknown[] = [];
    let lastEnd2: number;
    let ls = p - indent;
    for (;;) {
      const child = this.parseValue(p + 1, indent, ls, node, true);
      child.key = arr.length;
      this.kids[this.kidsTop++] = child;
      arr.push(this.v);
      lastEnd2 = this.end2;
      if (this.np >= this.len || this.ncol < indent) break;
      if (this.ncol > indent) throw UNSUPPORTED;
      if (!this.isSeqIndicator(this.np)) break;
      p = this.np;
      ls = this.nls;
      this.tMax = -1;
    }
    this.closeBlock(node, indent, lastEnd2, firstKid);
    this.v = exactly(arr);
    return node;
  }

  /** The value after a `key:` (q after the colon) or a `-` (q after the dash) of a collection indented by indent. */
  private parseValue(q: number, indent: number, ls: number, parent: AstNode, inSeq: boolean): AstNode {
    const text = this.text;
    let p = q;
    let c = text.charCodeAt(p);
    while (c === SPACE) c = text.charCodeAt(++p);
    if (p >= this.len || c === LF || c === CR || c === HASH) {
      const hadComment = c === HASH;
      if (hadComment && inSeq) throw UNSUPPORTED;
      this.skipTrivia(this.lineEnd(this.skipSpacesAndComment(q)), -2);
      if (this.np < this.len && (this.ncol > indent || (!inSeq && this.ncol === indent && this.isSeqIndicator(this.np)))) {
        this.tMax = -1;
        return this.parseBlockNode(this.np, this.ncol, this.nls, indent, parent);
      }
      if (hadComment || this.tMax >= 0) throw UNSUPPORTED;
      this.v = null;
      this.end2 = p;
      return createNode('null', p, 0, parent, null);
    }
    if (c === PIPE || c === GT) return this.parseBlockScalar(p, indent, parent);
    if (c === LBRACKET || c === LBRACE) {
      const node = this.parseFlow(p, parent);
      this.finishLine(this.scanEnd, indent);
      return node;
    }
    if (c === DASH && this.isSeqIndicator(p)) {
      if (!inSeq) throw UNSUPPORTED;
      return this.parseBlockSeq(p, p - ls, parent);
    }
    if (c === TAB || !this.scanScalar(p)) throw UNSUPPORTED;
    if (this.scanStopKey) {
      if (!inSeq) throw UNSUPPORTED;
      return this.parseBlockMap(p, p - ls, ls, parent);
    }
    const node = this.scalarNode(p, parent);
    this.finishLine(this.scanEnd, indent);
    return node;
  }

  /** A literal or folded block scalar whose header starts at p, in a collection indented by indent. */
  private parseBlockScalar(p: number, indent: number, parent: AstNode | undefined): AstNode {
    const text = this.text;
    const len = this.len;
    const folded = text.charCodeAt(p) === GT;
    let i = p + 1;
    let chomp = 0; // 0 clip, 1 strip, 2 keep
    let explicit = 0;
    for (let k = 0; k < 2; k++) {
      const c = text.charCodeAt(i);
      if (!chomp && (c === DASH || c === 43)) {
        chomp = c === DASH ? 1 : 2;
        i++;
      } else if (!explicit && c >= 49 && c <= 57) {
        explicit = c - 48;
        i++;
      } else break;
    }
    const c = text.charCodeAt(i);
    if (!(i >= len || c === SPACE || c === LF || c === CR)) throw UNSUPPORTED;
    const bodyStart = this.lineEnd(this.skipSpacesAndComment(i));
    if (bodyStart >= len) throw UNSUPPORTED;
    const base = indent < 0 ? 0 : indent;
    let trimIndent: number;
    if (explicit) trimIndent = base + explicit;
    else {
      // The first non-blank line sets the indentation.
      let j = bodyStart;
      let maxBlank = 0;
      for (;;) {
        const s = j;
        while (text.charCodeAt(j) === SPACE) j++;
        const ch = text.charCodeAt(j);
        if (j >= len) throw UNSUPPORTED;
        if (ch === LF || (ch === CR && text.charCodeAt(j + 1) === LF)) {
          if (j - s > maxBlank) maxBlank = j - s;
          j = this.lineEnd(j);
          continue;
        }
        trimIndent = j - s;
        break;
      }
      if (maxBlank > trimIndent) throw UNSUPPORTED;
    }
    if (trimIndent <= indent || trimIndent === 0) throw UNSUPPORTED;
    let value = '';
    let sep = '';
    let prevMore = false;
    let started = false;
    let pendingBlank = 0; // blank lines since the last content line
    let lastWhite = false; // whether the last content line holds only spaces
    let contentEnd = -1; // after the last content line's line break
    let j = bodyStart;
    let stop = len; // start of the first line after the scalar
    for (;;) {
      if (j >= len) break;
      const s = j;
      while (text.charCodeAt(j) === SPACE) j++;
      const ch = text.charCodeAt(j);
      const blank = j >= len || ch === LF || ch === CR;
      if (blank && j - s > trimIndent) {
        // A more-indented white-space line: content (its extra spaces), but not as the last line.
        if (!started) throw UNSUPPORTED;
        lastWhite = true;
      } else if (blank) {
        if (j < len && ch === CR && text.charCodeAt(j + 1) !== LF) throw UNSUPPORTED;
        if (j >= len) {
          if (j > s) throw UNSUPPORTED;
          break;
        }
        pendingBlank++;
        j = this.lineEnd(j);
        continue;
      } else {
        if (j - s < trimIndent) {
          stop = s;
          break;
        }
        if (ch === TAB) throw UNSUPPORTED;
        lastWhite = false;
      }
      const nl = text.indexOf('\n', j);
      let le = nl === -1 ? len : nl;
      if (le > j && text.charCodeAt(le - 1) === CR) le--;
      if (this.hasCR) {
        const cr = text.indexOf('\r', j);
        if (cr !== -1 && cr < le) throw UNSUPPORTED;
      }
      const content = text.slice(s + trimIndent, le);
      if (!started) {
        for (let k = 0; k < pendingBlank; k++) value += '\n';
        started = true;
      } else if (folded) {
        for (let k = 0; k < pendingBlank; k++) {
          if (sep === '\n') value += '\n';
          else sep = '\n';
        }
      } else {
        for (let k = 0; k < pendingBlank; k++) {
          value += sep;
          sep = '\n';
        }
      }
      pendingBlank = 0;
      if (!folded) {
        value += sep + content;
        sep = '\n';
      } else if (j - s > trimIndent) {
        if (sep === ' ') sep = '\n';
        else if (!prevMore && sep === '\n') sep = '\n\n';
        value += sep + content;
        sep = '\n';
        prevMore = true;
      } else {
        value += sep + content;
        sep = ' ';
        prevMore = false;
      }
      j = nl === -1 ? len : nl + 1;
      contentEnd = j;
    }
    if (!started || lastWhite) throw UNSUPPORTED;
    let end = contentEnd;
    if (chomp === 0) value += '\n';
    else if (chomp === 2) {
      value += '\n';
      for (let k = 0; k < pendingBlank; k++) value += '\n';
      end = stop;
    }
    this.v = value;
    this.end2 = end;
    const node = createNode('string', p, end - p, parent, value);
    this.skipTrivia(stop, -2);
    return node;
  }

  // ---------------------------------------------------------------- flow collections (one line)

  /** A flow collection at p, on one line; scanEnd is set after its closing bracket. */
  private parseFlow(p: number, parent: AstNode | undefined): AstNode {
    const text = this.text;
    const isMap = text.charCodeAt(p) === LBRACE;
    const close = isMap ? RBRACE : RBRACKET;
    const firstKid = this.kidsTop;
    const node = createNode(isMap ? 'object' : 'array', p, 0, parent, undefined);
    const obj: Record<string, unknown> = {};
    const arr: unknown[] = [];
    let i = p + 1;
    for (;;) {
      i = this.skipFlowSpaces(i);
      let c = text.charCodeAt(i);
      if (c === close) break;
      if (isMap) {
        const keyStart = i;
        let key: string;
        if (c === SQUOTE || c === DQUOTE) {
          i = c === SQUOTE ? this.scanSingle(i) : this.scanDouble(i);
          key = this.scanValue;
          const keyEnd = i;
          i = this.skipFlowSpaces(i);
          if (text.charCodeAt(i) !== COLON) throw UNSUPPORTED;
          i = this.skipFlowSpaces(i + 1);
          this.checkDuplicate(obj, key, keyStart, keyEnd);
          const child = this.parseFlowItem(i, node);
          i = this.scanEnd;
          this.addMember(node, obj, key, keyStart, keyEnd, child);
        } else {
          if (this.cannotStartFlowPlain(i)) throw UNSUPPORTED;
          this.scanFlowPlain(i);
          if (!this.scanStopKey) throw UNSUPPORTED;
          const keyEnd = this.scanEnd;
          const value = resolvePlainScalar(text.slice(keyStart, keyEnd));
          key = value === null ? '' : typeof value === 'string' ? value : String(value);
          i = keyEnd;
          while (text.charCodeAt(i) !== COLON) i++;
          i = this.skipFlowSpaces(i + 1);
          this.checkDuplicate(obj, key, keyStart, keyEnd);
          const child = this.parseFlowItem(i, node);
          i = this.scanEnd;
          this.addMember(node, obj, key, keyStart, keyEnd, child);
        }
      } else {
        const child = this.parseFlowItem(i, node);
        child.key = arr.length;
        this.kids[this.kidsTop++] = child;
        arr.push(this.v);
        i = this.scanEnd;
      }
      i = this.skipFlowSpaces(i);
      c = text.charCodeAt(i);
      if (c === COMMA) {
        i++;
        continue;
      }
      if (c === close) break;
      throw UNSUPPORTED;
    }
    node.length = i + 1 - p;
    this.takeKids(node, firstKid);
    this.scanEnd = i + 1;
    this.v = isMap ? obj : exactly(arr);
    return node;
  }

  private skipFlowSpaces(i: number): number {
    const text = this.text;
    while (text.charCodeAt(i) === SPACE) i++;
    if (i >= this.len) throw UNSUPPORTED;
    return i;
  }

  /** A value inside a flow collection at i; scanEnd is set after it. */
  private parseFlowItem(i: number, parent: AstNode): AstNode {
    const text = this.text;
    const c = text.charCodeAt(i);
    if (c === LBRACKET || c === LBRACE) return this.parseFlow(i, parent);
    if (c === SQUOTE || c === DQUOTE) {
      const end = c === SQUOTE ? this.scanSingle(i) : this.scanDouble(i);
      this.scanEnd = end;
      let k = end;
      while (text.charCodeAt(k) === SPACE) k++;
      if (text.charCodeAt(k) === COLON) throw UNSUPPORTED;
      this.v = this.scanValue;
      return createNode('string', i, end - i, parent, this.scanValue);
    }
    if (this.cannotStartFlowPlain(i)) throw UNSUPPORTED;
    this.scanFlowPlain(i);
    if (this.scanStopKey) throw UNSUPPORTED;
    const value = resolvePlainScalar(text.slice(i, this.scanEnd));
    this.v = value;
    return createNode(scalarType(value), i, this.scanEnd - i, parent, value);
  }

  /** Whether the character at i starts something other than a plain scalar in a flow collection (an anchor, a block scalar…). */
  private cannotStartFlowPlain(i: number): boolean {
    switch (this.text.charCodeAt(i)) {
      case 38: case 42: case 33: case 37: case 64: case 96: case 63: case COLON: case COMMA:
      case RBRACKET: case RBRACE: case HASH: case PIPE: case GT: case TAB: case LF: case CR:
        return true;
      case DASH:
        return this.isSeqIndicator(i);
    }
    return false;
  }

  /** Plain scalar inside a flow collection: scanEnd, and scanStopKey when a `:` indicator follows. */
  private scanFlowPlain(p: number): void {
    const text = this.text;
    const len = this.len;
    let end = p + 1;
    let i = p + 1;
    let key = false;
    for (;;) {
      if (i >= len) throw UNSUPPORTED;
      const c = text.charCodeAt(i);
      if (c === LF || c === CR || c === TAB) throw UNSUPPORTED;
      if (isFlowIndicator(c)) break;
      if (c === SPACE) {
        if (text.charCodeAt(i + 1) === HASH) throw UNSUPPORTED;
        i++;
        continue;
      }
      if (c === COLON) {
        const n = text.charCodeAt(i + 1);
        if (n === SPACE || isFlowIndicator(n)) {
          key = true;
          break;
        }
        if (i + 1 >= len || n === LF || n === CR) throw UNSUPPORTED;
      }
      end = ++i;
    }
    this.scanEnd = end;
    this.scanStopKey = key;
  }
}
