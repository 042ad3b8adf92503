import { AstNode, findProperty, ParseResult, setMember, SyntaxProblem } from './ast';
import { findExcessiveNesting, MAX_NESTING, SyntaxLanguage } from './index';
import { parseJsonFast } from './jsonFast';
import { parseJsonPart } from './json';
import { isUnclosedQuote, parseYamlPart } from './yaml';
import { LIBRARY_MAX_NESTING, parseYamlFast } from './yamlFast';

/** The part of a text an edit replaced: `[start, start + removed)` of the old text became `[start, start + inserted)`. */
export interface TextChange {
  start: number;
  removed: number;
  inserted: number;
}

/** Where two versions of a text differ: the common prefix and suffix left out. Undefined when they are equal. */
export function changeBetween(before: string, after: string): TextChange | undefined {
  if (before === after) return undefined;
  const limit = Math.min(before.length, after.length);
  const start = commonPrefix(before, after, limit);
  const end = commonSuffix(before, after, limit - start);
  return { start, removed: before.length - start - end, inserted: after.length - start - end };
}

/**
 * What `changeBetween` finds, from a change known to cover every difference (an editor's edits):
 * only the texts around the covered part are compared, not the whole of both.
 */
export function changeWithin(before: string, after: string, covering: TextChange): TextChange | undefined {
  if (covering.start + covering.removed > before.length || covering.start + covering.inserted > after.length || before.length - covering.removed !== after.length - covering.inserted) {
    return changeBetween(before, after);
  }
  const limit = Math.min(before.length, after.length);
  let start = covering.start;
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  const suffixLimit = limit - start;
  let end = Math.min(before.length - covering.start - covering.removed, suffixLimit);
  while (end < suffixLimit && before.charCodeAt(before.length - end - 1) === after.charCodeAt(after.length - end - 1)) end++;
  if (start === before.length && start === after.length) return undefined;
  return { start, removed: before.length - start - end, inserted: after.length - start - end };
}

/** Compares in blocks first (string equality of slices is much faster than a loop over characters). */
function commonPrefix(a: string, b: string, limit: number): number {
  let i = 0;
  for (let block = 1 << 16; block >= 1; block >>= 4) {
    while (i + block <= limit && a.slice(i, i + block) === b.slice(i, i + block)) i += block;
  }
  while (i < limit && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function commonSuffix(a: string, b: string, limit: number): number {
  let n = 0;
  for (let block = 1 << 16; block >= 1; block >>= 4) {
    while (n + block <= limit && a.slice(a.length - n - block, a.length - n) === b.slice(b.length - n - block, b.length - n)) n += block;
  }
  while (n < limit && a.charCodeAt(a.length - n - 1) === b.charCodeAt(b.length - n - 1)) n++;
  return n;
}

/**
 * Re-parses only the innermost collection an edit falls inside, and splices it into the previous
 * tree: nodes after the edit move by the change in length, the plain value is copied along the path
 * to the collection (so the previous value stays intact). Big documents are edited one keystroke at
 * a time, and parsing all of a 13 MB spec again for each would dominate the time to fresh
 * diagnostics.
 *
 * Only trees that the single-pass parsers built qualify (no anchors, aliases or tags), or that
 * earlier re-parses kept so. The re-parsed part must end where the collection ended and mean on
 * its own what it means in place: valid, or broken in ways that stay inside it (see
 * partWithErrors). Anything else returns undefined and the caller parses the whole text.
 *
 * The previous tree's nodes are reused and moved in place: the previous result must not be used
 * after this call.
 */
export function reparseChange(previous: ParseResult, text: string, language: SyntaxLanguage, change: TextChange, removedText?: string): ParseResult | undefined {
  if (!previous.reusable || !previous.root) return undefined;
  // A YAML quote left open ends at the next line indented no deeper than its key only when the same
  // quote follows somewhere after it: without one it runs to the end of the text. Removing the
  // last one changes what every quote left open before it means.
  if (language === 'yaml' && removedQuoteWasLast(text, change, removedText)) return undefined;
  const delta = change.inserted - change.removed;
  // The innermost collection first; when it cannot be read alone, the ones around it (up to half
  // the text, which costs about what parsing all of it does). In YAML, a key typed at the end of a
  // mapping is read with the mapping's parent, where the next key follows; in JSON, a bracket left
  // open is closed by the bracket of a collection around it.
  let target = innermostCollection(previous.root, change.start, change.start + change.removed);
  for (let tries = 0; target?.parent; tries++, target = target.parent) {
    if (tries > 0 && 2 * target.length > text.length) break;
    const part = readPart(target, text, language, delta);
    if (part === 'overflows') break;
    if (part) return splice(previous, target, part, text, language, delta);
  }
  return undefined;
}

function removedQuoteWasLast(text: string, change: TextChange, removedText: string | undefined): boolean {
  if (removedText === undefined) return change.removed > 0;
  for (const quote of ['"', "'"]) {
    if (removedText.includes(quote) && text.indexOf(quote, change.start) === -1) return true;
  }
  return false;
}

interface Part {
  result: ParseResult;
  root: AstNode;
  /** Where the part's text starts in the document (before the spaces standing for a YAML line's start). */
  base: number;
}

/**
 * A collection of the previous tree, as the new text reads it on its own; undefined when it cannot
 * be, 'overflows' when a JSON part closes a collection around it, which no larger part can change.
 */
function readPart(target: AstNode, text: string, language: SyntaxLanguage, delta: number): Part | 'overflows' | undefined {
  if (shadowed(target)) return undefined;
  const targetEnd = target.offset + target.length + delta;
  // YAML: keep the collection's column by putting spaces where its line started.
  let base = target.offset;
  // The part's text is copied: the strings of its nodes are cut out of it, and a cut keeps what it
  // was cut from alive, here a whole 13 MB version of the document for each part edited.
  let source = copyOf(text.slice(target.offset, targetEnd));
  if (language === 'yaml') {
    const lineStart = text.lastIndexOf('\n', target.offset - 1) + 1;
    const column = target.offset - lineStart;
    if (!fitsYamlContext(text, target.offset, targetEnd, column)) return undefined;
    base = lineStart;
    source = ' '.repeat(column) + source;
  }
  const depthLeft = MAX_NESTING - depthOf(target);
  if (language === 'yaml' && (endsInComment(source) || findExcessiveNesting(source, language, depthLeft) !== undefined)) return undefined;
  const result = (language === 'json' ? parseJsonFast(source, depthLeft) : parseYamlFast(source)) ?? partWithErrors(source, language, depthLeft, (quote) => text.indexOf(quote, targetEnd) !== -1);
  if (result === 'overflows') return result;
  const root = result?.root;
  if (!result || !root || root.type !== target.type) return undefined;
  if (root.offset + base !== target.offset || root.offset + root.length + base !== targetEnd) return undefined;
  if (result.problems.some((p) => p.offset + base < target.offset || p.offset + base >= targetEnd)) return undefined;
  return { result, root, base };
}

/** Puts a re-read part in the place of its collection: what follows it moves by the change in length. */
function splice(previous: ParseResult, target: AstNode, part: Part, text: string, language: SyntaxLanguage, delta: number): ParseResult {
  const { root, base, result } = part;
  shiftSubtree(root, base);
  root.parent = target.parent;
  root.key = target.key;
  root.keyOffset = target.keyOffset;
  root.keyLength = target.keyLength;
  const siblings = target.parent!.children!;
  siblings[siblings.indexOf(target)] = root;
  if (delta !== 0) shiftFollowing(root, delta);

  const oldEnd = target.offset + target.length;
  const comments = language === 'yaml' ? spliceComments(previous.comments, result.comments, base, target.offset, oldEnd, delta) : previous.comments;
  // A JSON part starts with its bracket, where only the text around it can be wrong (a missing comma).
  const ownStart = language === 'json' ? target.offset + 1 : target.offset;
  // A YAML quote left open is reported at the line break after its scalar, which may be just past the part.
  const ownEnd = language === 'yaml' ? (p: SyntaxProblem) => isUnclosedQuote(p) && !text.slice(oldEnd + delta, p.offset + delta).includes('\n') : () => false;
  const problems = spliceProblems(previous.problems, result.problems, base, ownStart, oldEnd, delta, ownEnd);
  return { root: previous.root, value: replaceAlongPath(previous.value, root, result.value), problems, comments, reusable: true };
}

/**
 * A part that a keystroke left broken (a key typed without its colon or value yet) is still read
 * on its own, by the parser that reports every error, and the rest of the tree is kept. Undefined
 * when the part might mean something else in place (see parseJsonPart and parseYamlPart). In YAML,
 * a broken last key stretches its mapping, in place, to the next key after the part: then the part
 * around it is tried instead.
 */
function partWithErrors(source: string, language: SyntaxLanguage, depthLeft: number, quoteFollows: (quote: string) => boolean): ParseResult | 'overflows' | undefined {
  if (language === 'json') return findExcessiveNesting(source, language, depthLeft) === undefined ? parseJsonPart(source) : undefined;
  if (findExcessiveNesting(source, language, Math.min(depthLeft, LIBRARY_MAX_NESTING)) !== undefined) return undefined;
  let part: ParseResult | undefined;
  try {
    part = parseYamlPart(source);
    // In place, a quote left open ends at the first line indented no deeper than its key when the
    // same quote follows somewhere after it; without one, it runs to the end of the text. Alone,
    // the part would run it to the part's end: a comment holding both quotes stands for the one
    // after the part.
    const open = part?.problems.filter(isUnclosedQuote) ?? [];
    if (open.length > 0) {
      if (!open.every((p) => quoteFollows(p.message.includes('"') ? '"' : "'"))) return undefined;
      part = parseYamlPart(source + QUOTES_AFTER_PART);
      if (part) part.comments = part.comments.filter((c) => c.offset < source.length);
    }
  } catch {
    return undefined;
  }
  const end = source.trimEnd().length;
  const lastLine = source.lastIndexOf('\n', end - 1) + 1;
  const errors = part?.problems.filter((p) => p.code === 'syntax.error') ?? [];
  // A quote closed by the next line in the part; a key's error before the last line (see above).
  const local = (p: SyntaxProblem) => (isUnclosedQuote(p) ? p.offset < end : p.offset + p.length < lastLine);
  return part && errors.every(local) ? part : undefined;
}

const QUOTES_AFTER_PART = '\n#"\'';

/**
 * The problems of the previous text outside `[start, oldEnd)`, moved, and those of the part. A
 * problem right after the part is about the text there (what follows a closing bracket).
 */
function spliceProblems(
  previous: SyntaxProblem[],
  inside: SyntaxProblem[],
  base: number,
  start: number,
  oldEnd: number,
  delta: number,
  belongsToPart: (problem: SyntaxProblem) => boolean,
): SyntaxProblem[] {
  const result = previous.filter((p) => p.offset < start);
  for (const p of inside) result.push({ ...p, offset: p.offset + base });
  for (const p of previous) if (p.offset >= oldEnd && !belongsToPart(p)) result.push({ ...p, offset: p.offset + delta });
  return result;
}

/**
 * Whether a node, or one around it, is a member that a later one with the same key hides: the
 * plain value holds the last of duplicate keys, and has no place for what the node reads.
 */
function shadowed(node: AstNode): boolean {
  for (let n = node; n.parent; n = n.parent) {
    if (n.parent.type === 'object' && findProperty(n.parent, n.key as string) !== n) return true;
  }
  return false;
}

/** The deepest object or array whose range holds the whole change strictly inside (its delimiters untouched). */
function innermostCollection(root: AstNode, start: number, end: number): AstNode | undefined {
  let found: AstNode | undefined;
  let node: AstNode | undefined = root;
  while (node && node.children && node.offset < start && end < node.offset + node.length) {
    found = node;
    node = childAround(node.children, start, end);
  }
  return found;
}

/** The child whose range holds [start, end], by binary search (children are in source order). */
function childAround(children: AstNode[], start: number, end: number): AstNode | undefined {
  let low = 0;
  let high = children.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const child = children[mid];
    if (child.offset + child.length <= start) low = mid + 1;
    else if (child.offset > start) high = mid - 1;
    else return end <= child.offset + child.length ? child : undefined;
  }
  return undefined;
}

/**
 * A YAML collection parsed on its own means the same as in place when every line it spans is
 * indented at least to its column, and the next content line is not: then neither a dedented line
 * inside nor a comment after it can belong elsewhere.
 */
function fitsYamlContext(text: string, start: number, end: number, column: number): boolean {
  for (let line = text.indexOf('\n', start); line !== -1 && line + 1 < end; line = text.indexOf('\n', line + 1)) {
    const indent = indentationAt(text, line + 1);
    const next = text.charCodeAt(line + 1 + indent);
    if (next === 10 || next === 13 || line + 1 + indent >= text.length) continue; // a blank line
    if (indent < column) return false;
  }
  // After the collection: only white space to the end of its line, then a line indented less.
  let lineStart = end;
  if (text.charCodeAt(end - 1) !== 10) {
    let p = end;
    while (p < text.length && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 13)) p++;
    if (p >= text.length) return true;
    if (text.charCodeAt(p) !== 10) return false;
    lineStart = p + 1;
  }
  for (let line = lineStart; line < text.length; ) {
    const indent = indentationAt(text, line);
    const next = text.charCodeAt(line + indent);
    if (line + indent >= text.length) return true;
    if (next !== 10 && next !== 13) return next !== 35 /* # */ && indent < column;
    line = text.indexOf('\n', line) + 1;
    if (line === 0) return true;
  }
  return true;
}

/** A string with the same characters that does not share the memory of the one it is given. */
function copyOf(text: string): string {
  // Joining makes a new string that the first read flattens into one of its own (in V8).
  return (' ' + text).slice(1);
}

/** Whether the last line of a YAML part with anything on it is a comment: in place, the collection may end after what follows. */
function endsInComment(source: string): boolean {
  const end = source.trimEnd().length;
  const lineStart = source.lastIndexOf('\n', end - 1) + 1;
  return source.charCodeAt(lineStart + indentationAt(source, lineStart)) === 35; // #
}

function indentationAt(text: string, lineStart: number): number {
  let p = lineStart;
  while (text.charCodeAt(p) === 32) p++;
  return p - lineStart;
}

function depthOf(node: AstNode): number {
  let depth = 0;
  for (let n = node.parent; n; n = n.parent) depth++;
  return depth;
}

/** Moves every node of a subtree by `delta`. An explicit stack: trees can be 1000 levels deep. */
function shiftSubtree(node: AstNode, delta: number): void {
  node.offset += delta;
  if (node.keyOffset >= 0) node.keyOffset += delta;
  if (!node.children) return;
  // Most nodes are scalars: moved where they are met, only collections go on the stack.
  const stack: AstNode[] = [node];
  while (stack.length) {
    const children = stack.pop()!.children!;
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      child.offset += delta;
      if (child.keyOffset >= 0) child.keyOffset += delta;
      if (child.children) stack.push(child);
    }
  }
}

/** Grows the ancestors of a node by `delta` and moves everything after it. */
function shiftFollowing(node: AstNode, delta: number): void {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    parent.length += delta;
    const siblings = parent.children!;
    for (let i = siblings.indexOf(child) + 1; i < siblings.length; i++) shiftSubtree(siblings[i], delta);
  }
}

/** A copy of the document's value with the value at the node's path replaced; untouched parts are shared. */
function replaceAlongPath(value: unknown, node: AstNode, replacement: unknown): unknown {
  const path: (string | number)[] = [];
  for (let n: AstNode = node; n.parent; n = n.parent) path.push(n.key as string | number);
  path.reverse();
  const copyWith = (current: unknown, depth: number): unknown => {
    if (depth === path.length) return replacement;
    const key = path[depth];
    if (Array.isArray(current)) {
      const copy = current.slice();
      copy[key as number] = copyWith(current[key as number], depth + 1);
      return copy;
    }
    const copy = { ...(current as Record<string, unknown>) };
    setMember(copy, key as string, copyWith((current as Record<string, unknown>)[key as string], depth + 1));
    return copy;
  };
  return copyWith(value, 0);
}

function spliceComments(
  previous: ParseResult['comments'],
  inside: ParseResult['comments'],
  base: number,
  start: number,
  end: number,
  delta: number,
): ParseResult['comments'] {
  const result = previous.filter((c) => c.offset < start);
  for (const c of inside) result.push({ offset: c.offset + base, text: c.text });
  for (const c of previous) if (c.offset >= end) result.push({ offset: c.offset + delta, text: c.text });
  return result;
}
