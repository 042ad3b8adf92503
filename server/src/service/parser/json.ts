import { createScanner, ParseErrorCode, printParseErrorCode, ScanError, SyntaxKind } from 'jsonc-parser';
import { AstNode, ParseResult, SyntaxProblem, createNode, nodeToValue } from './ast';
import { parseJsonFast } from './jsonFast';

/**
 * Parses JSON into the range-carrying model. Valid JSON goes through a single-pass parser; anything
 * else goes through the recovering parser below, which reports every syntax error.
 */
export function parseJson(text: string): ParseResult {
  return parseJsonFast(text) ?? parseJsonWithScanner(text);
}

/**
 * Parses JSON with jsonc-parser's scanner, recovering from every syntax error: duplicate keys are
 * flagged, and when the text is valid the plain value comes from JSON.parse, which is an order of
 * magnitude faster than building it from the tree.
 *
 * An unclosed bracket ends where the editor's bracket matching ends it: at the closing bracket of
 * a collection around it (a `[` typed in an object ends at the object's `}`), not at the next `]`
 * of the document. So what a broken collection means stays inside it, and an edit can be re-parsed
 * in part (see reparse.ts) while the text is broken.
 */
export function parseJsonWithScanner(text: string): ParseResult {
  return { ...scan(text).result, reusable: true };
}

/**
 * A collection of a document parsed on its own, errors and all: undefined unless it is closed by
 * its own bracket and every closing bracket in it closes something in it; otherwise, in place, it
 * would close a collection around the part, or the brackets after it would be read into it.
 */
export function parseJsonPart(text: string): ParseResult | undefined {
  const { result, closed } = scan(text);
  return closed ? result : undefined;
}

function scan(text: string): { result: ParseResult; closed: boolean } {
  const scanner = createScanner(text, false);
  const problems: SyntaxProblem[] = [];
  let token = SyntaxKind.Unknown;
  let lastEnd = 0;
  let openObjects = 0;
  let openArrays = 0;
  /** A closing bracket that no open collection takes, or a collection the text's end closed. */
  let dependsOnContext = false;
  let trailing = false;

  const error = (code: ParseErrorCode) => {
    problems.push({ code: 'syntax.error', message: describeJsonError(code), offset: scanner.getTokenOffset(), length: Math.max(scanner.getTokenLength(), 1) });
  };
  /** Whether a closing bracket ends a collection that is open (its own, or one around it). */
  const taken = (kind: SyntaxKind) => (kind === SyntaxKind.CloseBraceToken ? openObjects > 0 : kind === SyntaxKind.CloseBracketToken && openArrays > 0);
  const next = (): SyntaxKind => {
    lastEnd = scanner.getTokenOffset() + scanner.getTokenLength();
    for (;;) {
      const kind = scanner.scan();
      const scanError = SCAN_ERRORS.get(scanner.getTokenError());
      if (scanError !== undefined) error(scanError);
      if (kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia) error(ParseErrorCode.InvalidCommentToken);
      else if (kind === SyntaxKind.Unknown) error(ParseErrorCode.InvalidSymbol);
      else if (kind !== SyntaxKind.Trivia && kind !== SyntaxKind.LineBreakTrivia) {
        token = kind;
        if ((kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) && !taken(kind)) dependsOnContext = true;
        return kind;
      }
    }
  };
  /**
   * After an error: on to the next comma, or a closing bracket that an open collection takes.
   * Brackets skipped on the way pair up among themselves, so that a list or object after the error
   * (`"a": [1]` read where a list item was expected) is passed over whole, not closed early.
   */
  const skip = () => {
    const skipped: SyntaxKind[] = [];
    const count = (kind: SyntaxKind, by: number) => {
      if (kind === SyntaxKind.OpenBraceToken) openObjects += by;
      else openArrays += by;
    };
    for (; token !== SyntaxKind.EOF && !(token === SyntaxKind.CommaToken && skipped.length === 0); next()) {
      if (token === SyntaxKind.OpenBraceToken || token === SyntaxKind.OpenBracketToken) {
        skipped.push(token);
        count(token, 1);
      } else if (token === SyntaxKind.CloseBraceToken || token === SyntaxKind.CloseBracketToken) {
        const opened = skipped.lastIndexOf(token === SyntaxKind.CloseBraceToken ? SyntaxKind.OpenBraceToken : SyntaxKind.OpenBracketToken);
        if (opened === -1 && taken(token)) break;
        while (opened !== -1 && skipped.length > opened) count(skipped.pop()!, -1);
      }
    }
    for (const kind of skipped) count(kind, -1);
  };

  const attach = (node: AstNode, parent: AstNode | undefined, key: { name: string; offset: number; length: number } | undefined) => {
    if (!parent) return;
    if (key) {
      node.key = key.name;
      node.keyOffset = key.offset;
      node.keyLength = key.length;
    } else {
      node.key = parent.children!.length;
    }
    parent.children!.push(node);
  };
  /** Ends a collection at its own bracket, at one that closes a collection around it, or at the end of the text. */
  const close = (node: AstNode, own: SyntaxKind, expected: ParseErrorCode) => {
    if (token === own) {
      node.length = scanner.getTokenOffset() + scanner.getTokenLength() - node.offset;
      next();
      return;
    }
    if (token === SyntaxKind.EOF) {
      error(expected);
      node.length = text.length - node.offset;
      dependsOnContext = true;
    } else {
      // Reported on the collection's last character: the bracket that closes it belongs to the one around it.
      node.length = lastEnd - node.offset;
      problems.push({ code: 'syntax.error', message: describeJsonError(expected), offset: lastEnd - 1, length: 1 });
    }
  };

  /**
   * The members of an object or the items of a list, up to its own closing bracket, the end of the
   * text, or a closing bracket of the other kind that a collection around it takes.
   */
  const parseCollection = (node: AstNode) => {
    const object = node.type === 'object';
    const own = object ? SyntaxKind.CloseBraceToken : SyntaxKind.CloseBracketToken;
    const other = object ? SyntaxKind.CloseBracketToken : SyntaxKind.CloseBraceToken;
    const keys = new Set<string>();
    if (object) openObjects++;
    else openArrays++;
    next();
    let needsComma = false;
    while (token !== own && token !== SyntaxKind.EOF && !(token === other && taken(other))) {
      if (token === SyntaxKind.CommaToken) {
        if (!needsComma) error(ParseErrorCode.ValueExpected);
        next();
      } else if (needsComma) {
        error(ParseErrorCode.CommaExpected);
      }
      if (!(object ? parseProperty(node, keys) : parseValue(node, undefined))) {
        error(ParseErrorCode.ValueExpected);
        skip();
      }
      needsComma = true;
    }
    if (object) openObjects--;
    else openArrays--;
    close(node, own, object ? ParseErrorCode.CloseBraceExpected : ParseErrorCode.CloseBracketExpected);
  };

  const parseProperty = (parent: AstNode, keys: Set<string>): boolean => {
    if (token !== SyntaxKind.StringLiteral) {
      error(ParseErrorCode.PropertyNameExpected);
      skip();
      return false;
    }
    const key = { name: scanner.getTokenValue(), offset: scanner.getTokenOffset(), length: scanner.getTokenLength() };
    if (keys.has(key.name)) problems.push({ code: 'syntax.duplicateKey', message: `Duplicate key \`${key.name}\`.`, offset: key.offset, length: key.length });
    keys.add(key.name);
    if (next() === SyntaxKind.ColonToken) {
      next();
      if (!parseValue(parent, key)) {
        error(ParseErrorCode.ValueExpected);
        skip();
      }
    } else {
      error(ParseErrorCode.ColonExpected);
      skip();
    }
    return true;
  };

  /** The value at the current token, attached to its parent; false when there is none. */
  const parseValue = (parent: AstNode | undefined, key: { name: string; offset: number; length: number } | undefined): boolean => {
    const offset = scanner.getTokenOffset();
    const length = scanner.getTokenLength();
    let node: AstNode;
    switch (token) {
      case SyntaxKind.OpenBraceToken:
      case SyntaxKind.OpenBracketToken:
        node = createNode(token === SyntaxKind.OpenBraceToken ? 'object' : 'array', offset, 0, parent);
        attach(node, parent, key);
        if (!parent) root = node;
        parseCollection(node);
        return true;
      case SyntaxKind.StringLiteral:
        node = createNode('string', offset, length, parent, scanner.getTokenValue());
        break;
      case SyntaxKind.NumericLiteral: {
        let value = Number(scanner.getTokenValue());
        if (isNaN(value)) {
          error(ParseErrorCode.InvalidNumberFormat);
          value = 0;
        }
        node = createNode('number', offset, length, parent, value);
        break;
      }
      case SyntaxKind.NullKeyword:
        node = createNode('null', offset, length, parent, null);
        break;
      case SyntaxKind.TrueKeyword:
      case SyntaxKind.FalseKeyword:
        node = createNode('boolean', offset, length, parent, token === SyntaxKind.TrueKeyword);
        break;
      default:
        return false;
    }
    attach(node, parent, key);
    if (!parent) root = node;
    next();
    return true;
  };

  let root: AstNode | undefined;
  if (next() === SyntaxKind.EOF || !parseValue(undefined, undefined)) {
    error(ParseErrorCode.ValueExpected);
  } else if ((token as SyntaxKind) !== SyntaxKind.EOF) {
    error(ParseErrorCode.EndOfFileExpected);
    trailing = true;
  }

  let value: unknown;
  if (!problems.some((p) => p.code === 'syntax.error')) {
    try {
      value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch {
      value = nodeToValue(root);
    }
  } else {
    value = nodeToValue(root);
  }
  return { result: { root, value, problems, comments: [] }, closed: !dependsOnContext && !trailing };
}

const SCAN_ERRORS = new Map<ScanError, ParseErrorCode>([
  [ScanError.InvalidUnicode, ParseErrorCode.InvalidUnicode],
  [ScanError.InvalidEscapeCharacter, ParseErrorCode.InvalidEscapeCharacter],
  [ScanError.UnexpectedEndOfNumber, ParseErrorCode.UnexpectedEndOfNumber],
  [ScanError.UnexpectedEndOfString, ParseErrorCode.UnexpectedEndOfString],
  [ScanError.InvalidCharacter, ParseErrorCode.InvalidCharacter],
]);

function describeJsonError(error: ParseErrorCode): string {
  switch (error) {
    case ParseErrorCode.InvalidSymbol: return 'Invalid symbol: this is not JSON.';
    case ParseErrorCode.InvalidNumberFormat: return 'Invalid number.';
    case ParseErrorCode.PropertyNameExpected: return 'A property name in double quotes is expected.';
    case ParseErrorCode.ValueExpected: return 'A value is expected.';
    case ParseErrorCode.ColonExpected: return 'A colon is expected.';
    case ParseErrorCode.CommaExpected: return 'A comma is expected.';
    case ParseErrorCode.CloseBraceExpected: return 'A closing brace `}` is expected.';
    case ParseErrorCode.CloseBracketExpected: return 'A closing bracket `]` is expected.';
    case ParseErrorCode.EndOfFileExpected: return 'The document should end here.';
    case ParseErrorCode.InvalidCommentToken: return 'Comments are not allowed in JSON.';
    case ParseErrorCode.UnexpectedEndOfComment: return 'Unexpected end of comment.';
    case ParseErrorCode.UnexpectedEndOfString: return 'Unterminated string.';
    case ParseErrorCode.UnexpectedEndOfNumber: return 'Unexpected end of number.';
    case ParseErrorCode.InvalidUnicode: return 'Invalid unicode escape sequence.';
    case ParseErrorCode.InvalidEscapeCharacter: return 'Invalid escape character in string.';
    case ParseErrorCode.InvalidCharacter: return 'Invalid character in string (control characters must be escaped).';
    default: return `JSON syntax error: ${printParseErrorCode(error)}.`;
  }
}
