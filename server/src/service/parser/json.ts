import { visit, printParseErrorCode, ParseErrorCode } from 'jsonc-parser';
import { AstNode, ParseResult, SyntaxProblem, createNode, nodeToValue } from './ast';
import { parseJsonFast } from './jsonFast';

/**
 * Parses JSON into the range-carrying model. Valid JSON goes through a single-pass parser; anything
 * else goes through jsonc-parser, which reports every syntax error with its recovery.
 */
export function parseJson(text: string): ParseResult {
  return parseJsonFast(text) ?? parseJsonWithScanner(text);
}

/**
 * Parses JSON with jsonc-parser. Every syntax error is reported (the scanner recovers), duplicate
 * keys are flagged, and when the text is valid the plain value comes from JSON.parse, which is an
 * order of magnitude faster than building it from the tree.
 */
export function parseJsonWithScanner(text: string): ParseResult {
  const { result, closed } = scan(text);
  // Edits to a tree whose every container is closed by its own bracket can be re-parsed in part
  // (see reparse.ts), errors elsewhere and all.
  return closed ? { ...result, reusable: true } : result;
}

/**
 * A collection of a document parsed on its own, errors and all: undefined unless every container
 * in it is closed by its own bracket, since otherwise the brackets after the part, in place, would
 * be read into it.
 */
export function parseJsonPart(text: string): ParseResult | undefined {
  const { result, closed } = scan(text);
  return closed ? result : undefined;
}

function scan(text: string): { result: ParseResult; closed: boolean } {
  const problems: SyntaxProblem[] = [];
  let root: AstNode | undefined;
  let current: AstNode | undefined;
  let pendingKey: { key: string; offset: number; length: number } | undefined;
  const seenKeys: Set<string>[] = [];
  let balanced = true;

  const attach = (node: AstNode) => {
    if (!current) {
      if (!root) root = node;
      return;
    }
    if (current.type === 'object') {
      if (!pendingKey) return; // a value without a key: already reported as a syntax error
      node.key = pendingKey.key;
      node.keyOffset = pendingKey.offset;
      node.keyLength = pendingKey.length;
      pendingKey = undefined;
    } else {
      node.key = current.children!.length;
    }
    current.children!.push(node);
  };

  visit(
    text,
    {
      onObjectBegin(offset) {
        const node = createNode('object', offset, 0, current);
        attach(node);
        current = node;
        seenKeys.push(new Set());
      },
      onObjectProperty(property, offset, length) {
        const keys = seenKeys[seenKeys.length - 1];
        if (keys.has(property)) {
          problems.push({ code: 'syntax.duplicateKey', message: `Duplicate key \`${property}\`.`, offset, length });
        }
        keys.add(property);
        pendingKey = { key: property, offset, length };
      },
      onObjectEnd(offset, length) {
        if (current) {
          current.length = offset + length - current.offset;
          current = current.parent;
        }
        seenKeys.pop();
        pendingKey = undefined;
      },
      onArrayBegin(offset) {
        const node = createNode('array', offset, 0, current);
        attach(node);
        current = node;
      },
      onArrayEnd(offset, length) {
        if (current) {
          current.length = offset + length - current.offset;
          current = current.parent;
        }
      },
      onLiteralValue(value, offset, length) {
        const type = value === null ? 'null' : typeof value === 'string' ? 'string' : typeof value === 'number' ? 'number' : 'boolean';
        attach(createNode(type, offset, length, current, value as AstNode['value']));
      },
      onError(error: ParseErrorCode, offset, length) {
        if (error === ParseErrorCode.CloseBraceExpected || error === ParseErrorCode.CloseBracketExpected || error === ParseErrorCode.EndOfFileExpected) balanced = false;
        problems.push({ code: 'syntax.error', message: describeJsonError(error), offset, length: Math.max(length, 1) });
      },
    },
    { allowTrailingComma: false, disallowComments: true },
  );

  // Unclosed containers: stretch them to the end of the text.
  const closed = balanced && current === undefined;
  for (let n = current; n; n = n.parent) n.length = text.length - n.offset;

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
  return { result: { root, value, problems, comments: [] }, closed };
}

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
