import { ParseResult } from './ast';

export function tooDeepResult(offset: number, limit: number): ParseResult {
  return {
    root: undefined,
    value: undefined,
    problems: [{ code: 'document.tooDeep', message: `This document nests more than ${limit} levels deep here; it is not checked.`, offset, length: 1 }],
    comments: [],
  };
}

/**
 * The offset where bracket nesting (or, in YAML, indentation) first goes deeper than the limit,
 * skipping quoted strings and comments. A linear scan, run before any parser.
 */
export function findExcessiveNesting(text: string, language: 'json' | 'yaml', limit: number): number | undefined {
  if (language === 'yaml') return findExcessiveYamlNesting(text, limit);
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      // Skip the string (a backslash escapes); the skip stops at the line's end.
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34 || d === 10) break;
      }
    } else if (c === 91 || c === 123) {
      if (++depth > limit) return i;
    } else if (c === 93 || c === 125) {
      if (depth > 0) depth--;
    }
  }
  return undefined;
}

/** The characters that change the bracket count of YAML; the regex engine skips everything between them. */
const YAML_STOPS = /["'#[\]{}]/g;

/**
 * findExcessiveNesting for YAML, with the same result, in two passes that each look only at what
 * matters to them: the brackets outside quotes and comments, found by jumping from one such
 * character to the next; then the indentation of the lines long enough to be too deep.
 */
function findExcessiveYamlNesting(text: string, limit: number): number | undefined {
  const len = text.length;
  // Line breaks inside a quoted part (after a backslash, or ending a quote left open) start no line.
  const inQuotes: number[] = [];
  let tooDeep: number | undefined;
  const stops = YAML_STOPS;
  let depth = 0;
  stops.lastIndex = 0;
  while (stops.test(text)) {
    let i = stops.lastIndex - 1;
    const c = text.charCodeAt(i);
    if ((c === 34 || c === 39) && opensScalar(text, i)) {
      // A quote counts only where a scalar can start (not the apostrophe in `don't`). The quoted
      // part ends at its quote (a backslash escapes in double quotes) or at the line's end: at
      // worst a bracket in a multi-line string is counted.
      for (i++; i < len; i++) {
        const d = text.charCodeAt(i);
        if (c === 34 && d === 92) {
          if (text.charCodeAt(++i) === 10) inQuotes.push(i);
        } else if (d === c) break;
        else if (d === 10) {
          inQuotes.push(i);
          break;
        }
      }
      stops.lastIndex = i + 1;
    } else if (c === 35) {
      const nl = text.indexOf('\n', i);
      if (nl === -1) break;
      stops.lastIndex = nl + 1;
    } else if (c === 91 || c === 123) {
      if (++depth > limit) {
        tooDeep = i;
        break;
      }
    } else if (c === 93 || c === 125) {
      if (depth > 0) depth--;
    }
  }
  // Indentation of spaces and sequence dashes, on the lines before that point.
  const maxIndent = limit * 2;
  const end = tooDeep ?? len;
  let quoted = 0;
  for (let start = 0; start < end; ) {
    const nl = text.indexOf('\n', start);
    const lineEnd = nl === -1 ? len : nl;
    if (lineEnd - start > maxIndent) {
      while (quoted < inQuotes.length && inQuotes[quoted] < start - 1) quoted++;
      if (start === 0 || inQuotes[quoted] !== start - 1) {
        let j = start;
        for (let c = text.charCodeAt(j); (c === 32 || c === 45) && j - start < maxIndent; c = text.charCodeAt(++j));
        if (j - start === maxIndent && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 45)) return j < end ? j : tooDeep;
      }
    }
    if (nl === -1) break;
    start = nl + 1;
  }
  return tooDeep;
}

/** Whether a quote at `i` starts a YAML scalar: after indentation, `:`, `-`, `?`, `,`, `[` or `{`. */
function opensScalar(text: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j--;
  if (j < 0) return true;
  const p = text.charCodeAt(j);
  return p === 10 || p === 13 || p === 58 || p === 45 || p === 63 || p === 44 || p === 91 || p === 123;
}
