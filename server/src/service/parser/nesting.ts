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
  let depth = 0;
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      lineStart = true;
      indent = 0;
      continue;
    }
    if (lineStart) {
      if (c === 32 || c === 45 /* - */) {
        indent++;
        if (language === 'yaml' && indent > limit * 2) return i;
        continue;
      }
      lineStart = false;
    }
    if ((c === 34 /* " */ || (c === 39 /* ' */ && language === 'yaml')) && (language === 'json' || opensScalar(text, i))) {
      // Skip the quoted string (a backslash escapes in double quotes; '' escapes in single quotes).
      // A YAML quote counts only where a scalar can start (not the apostrophe in `don't`), and the
      // skip stops at the line's end: at worst a bracket inside a multi-line string is counted.
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (c === 34 && d === 92) i++;
        else if (d === c) break;
        else if (d === 10) break;
      }
    } else if (c === 35 /* # */ && language === 'yaml') {
      while (i < text.length && text.charCodeAt(i) !== 10) i++;
      i--;
    } else if (c === 91 || c === 123) {
      if (++depth > limit) return i;
    } else if (c === 93 || c === 125) {
      if (depth > 0) depth--;
    }
  }
  return undefined;
}

/** Whether a quote at `i` starts a YAML scalar: after indentation, `:`, `-`, `?`, `,`, `[` or `{`. */
function opensScalar(text: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j--;
  if (j < 0) return true;
  const p = text.charCodeAt(j);
  return p === 10 || p === 13 || p === 58 || p === 45 || p === 63 || p === 44 || p === 91 || p === 123;
}
