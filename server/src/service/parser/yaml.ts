import { Alias, Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Node, parseDocument, Scalar } from 'yaml';
import { AstNode, ParseResult, SyntaxProblem, createNode, setMember } from './ast';

/** How many nodes aliases may expand to before the document is treated as an alias bomb. */
const MAX_ALIAS_EXPANSION = 10_000;

/**
 * Parses YAML with the `yaml` library into the range-carrying model: every syntax error of the
 * document, duplicate keys, and aliases expanded with a budget (an alias bomb is reported, not run).
 */
export function parseYamlWithLibrary(text: string): ParseResult {
  const { result, readsAlone } = parseWithLibrary(text);
  // Edits to such a tree can be re-parsed in part (see reparse.ts), as those of the fast path.
  return readsAlone ? { ...result, reusable: true } : result;
}

/**
 * A collection of a document parsed on its own, errors and all. Undefined when it holds an anchor,
 * an alias or a tag, whose meaning may come from elsewhere in the document, or an error other than
 * those of a key typed without its colon yet or of an unclosed quote: an unclosed flow collection,
 * in place, would go on past the part.
 */
export function parseYamlPart(text: string): ParseResult | undefined {
  const { result, readsAlone } = parseWithLibrary(text);
  return readsAlone ? result : undefined;
}

/**
 * Errors of a plain scalar where a key is expected, which keep to the lines they are on; and an
 * unclosed quote, which ends at the first line indented no deeper than its key (see
 * isUnclosedQuote for the part's side of that).
 */
const LOCAL_ERRORS = new Map<string, RegExp>([
  ['MULTILINE_IMPLICIT_KEY', /^Implicit keys need to be on a single line/],
  ['MISSING_CHAR', /^(Implicit map keys need to be followed by map values|Missing closing ["']quote)/],
]);

/** The error of a quoted scalar that the text does not close. */
export function isUnclosedQuote(problem: SyntaxProblem): boolean {
  return /^Missing closing ["']quote/.test(problem.message);
}

/**
 * The tree, and whether each of its parts means on its own what it means in place: no anchors,
 * aliases or tags, and no error but those that keep to their lines (LOCAL_ERRORS).
 */
function parseWithLibrary(text: string): { result: ParseResult; readsAlone: boolean } {
  const problems: SyntaxProblem[] = [];
  const doc = parseDocument(text, {
    uniqueKeys: false,
    prettyErrors: false,
    keepSourceTokens: false,
    lineCounter: new LineCounter(),
    strict: false,
  });
  let localErrors = doc.warnings.length === 0;
  for (const error of [...doc.errors, ...doc.warnings]) {
    const [start, end] = error.pos;
    if (!LOCAL_ERRORS.get(error.code)?.test(error.message)) localErrors = false;
    if (error.code === 'MULTIPLE_DOCS') {
      problems.push({ code: 'syntax.error', message: 'Only one YAML document is expected in this file.', offset: start, length: Math.max(1, end - start) });
      continue;
    }
    problems.push({ code: 'syntax.error', message: cleanMessage(error.message), offset: start, length: Math.max(1, end - start) });
  }
  const comments = collectComments(text);
  const converter = new Converter(doc, problems, text);
  const root = doc.contents ? converter.convert(doc.contents as Node, undefined) : undefined;
  // In document order, as the other parsers give them (the library lists errors before warnings,
  // and duplicate keys are found while converting).
  problems.sort((a, b) => a.offset - b.offset);
  return { result: { root: root?.node, value: root?.value ?? null, problems, comments }, readsAlone: converter.plain && localErrors };
}

function cleanMessage(message: string): string {
  // The library appends "at line X, column Y" and a code frame; the diagnostic range says that already.
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return first.endsWith('.') ? first : first + '.';
}

/** `#` comments outside quoted scalars, found by a line scan (good enough for suppression comments). */
export function collectComments(text: string): { offset: number; text: string }[] {
  const comments: { offset: number; text: string }[] = [];
  // A `#` at a line's start (after any line terminator) or after a space or tab, to the line feed.
  // Found with indexOf: most `#`s of a spec are in `$ref`s and no other character matters.
  for (let i = text.indexOf('#'); i !== -1; ) {
    const before = i === 0 ? 10 : text.charCodeAt(i - 1);
    if (before === 10 || before === 13 || before === 32 || before === 9 || before === 0x2028 || before === 0x2029) {
      const lf = text.indexOf('\n', i);
      const end = lf === -1 ? text.length : lf;
      comments.push({ offset: i, text: text.charCodeAt(end - 1) === 13 ? text.slice(i, end - 1) : text.slice(i, end) });
      if (lf === -1) break;
      i = text.indexOf('#', lf);
    } else i = text.indexOf('#', i + 1);
  }
  return comments;
}

class Converter {
  private aliasBudget = MAX_ALIAS_EXPANSION;
  private reportedBomb = false;
  /** No anchor, alias or tag was met. */
  plain = true;

  constructor(
    private readonly doc: Document,
    private readonly problems: SyntaxProblem[],
    private readonly text: string,
  ) {}

  convert(node: Node | null | undefined, parent: AstNode | undefined, range?: [number, number]): { node: AstNode; value: unknown } | undefined {
    if (!node) return undefined;
    const own = node.range ?? [0, 0, 0];
    const at: [number, number] = range ?? [own[0], own[1]];
    if (isAlias(node) || node.anchor !== undefined || node.tag !== undefined) this.plain = false;
    if (isAlias(node)) return this.convertAlias(node, parent);
    if (isScalar(node)) {
      const value = scalarValue(node);
      const type = value === null ? 'null' : typeof value === 'string' ? 'string' : typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string';
      const normalised = type === 'string' && typeof value !== 'string' ? String(value) : value;
      return { node: createNode(type, at[0], at[1] - at[0], parent, normalised as AstNode['value']), value: normalised };
    }
    if (isMap(node)) {
      const ast = createNode('object', at[0], at[1] - at[0], parent);
      const value: Record<string, unknown> = {};
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        if (keyNode && (isAlias(keyNode) || keyNode.anchor !== undefined || keyNode.tag !== undefined)) this.plain = false;
        // A collection used as a key is named by its source text: converting it could explode.
        const key = keyNode && isScalar(keyNode) ? String(keyNode.value ?? '') : keyNode?.range ? this.text.slice(keyNode.range[0], keyNode.range[1]) : '';
        const keyRange: [number, number] = keyNode?.range ? [keyNode.range[0], keyNode.range[1]] : [at[0], at[0]];
        if (seen.has(key)) {
          this.problems.push({ code: 'syntax.duplicateKey', message: `Duplicate key \`${key}\`.`, offset: keyRange[0], length: Math.max(1, keyRange[1] - keyRange[0]) });
        }
        seen.add(key);
        const valueRange: [number, number] | undefined = range
          ? range
          : pair.value
            ? undefined
            : [keyRange[1], keyRange[1]];
        const child = pair.value
          ? this.convert(pair.value as Node, ast, range)
          : { node: createNode('null', valueRange![0], 0, ast, null), value: null };
        if (!child) continue;
        child.node.key = key;
        child.node.keyOffset = range ? range[0] : keyRange[0];
        child.node.keyLength = range ? range[1] - range[0] : keyRange[1] - keyRange[0];
        ast.children!.push(child.node);
        setMember(value, key, child.value);
      }
      return { node: ast, value };
    }
    if (isSeq(node)) {
      const ast = createNode('array', at[0], at[1] - at[0], parent);
      const value: unknown[] = [];
      for (const item of node.items) {
        const child = item == null
          ? { node: createNode('null', at[0], 0, ast, null), value: null }
          : this.convert(item as Node, ast, range);
        if (!child) continue;
        child.node.key = ast.children!.length;
        ast.children!.push(child.node);
        value.push(child.value);
      }
      return { node: ast, value };
    }
    return undefined;
  }

  /** Expands an alias into a copy whose ranges all point at the alias itself. */
  private convertAlias(alias: Alias, parent: AstNode | undefined): { node: AstNode; value: unknown } | undefined {
    const [start, end] = (alias.range ?? [0, 0]) as unknown as [number, number];
    const target = alias.resolve(this.doc);
    const size = target ? countNodes(target, this.aliasBudget + 1) : 1;
    this.aliasBudget -= size;
    if (!target || this.aliasBudget < 0) {
      if (target && !this.reportedBomb) {
        this.reportedBomb = true;
        this.problems.push({ code: 'syntax.error', message: 'Aliases expand to too many nodes (a YAML alias bomb?); expansion stopped.', offset: start, length: Math.max(1, end - start) });
      } else if (!target) {
        this.problems.push({ code: 'syntax.error', message: `Unknown anchor \`${alias.source}\`.`, offset: start, length: Math.max(1, end - start) });
      }
      return { node: createNode('null', start, end - start, parent, null), value: null };
    }
    return this.convert(target as Node, parent, [start, end]);
  }
}

function scalarValue(node: Scalar): unknown {
  const value = node.value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (value === undefined) return null;
  if (typeof value === 'object' && value !== null) return String(value);
  return value;
}

function countNodes(node: unknown, limit: number): number {
  let count = 0;
  const stack: unknown[] = [node];
  while (stack.length && count <= limit) {
    const n = stack.pop();
    count++;
    if (isMap(n) || isSeq(n)) for (const item of n.items) stack.push(isPair(item) ? item.value : item);
    else if (isAlias(n)) count += 10; // nested aliases multiply; count them generously
  }
  return count;
}
