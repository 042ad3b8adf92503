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

/** The characters the YAML scan stops at; everything between them is skipped by the regex engine. */
const YAML_STOPS = /["'#[\]{}\n]/g;

/**
 * findExcessiveNesting for YAML, with the same result: only line starts, quotes, `#` and brackets
 * matter, so the scan jumps from one of them to the next instead of looking at every character.
 */
function findExcessiveYamlNesting(text: string, limit: number): number | undefined {
  const len = text.length;
  const maxIndent = limit * 2;
  const stops = YAML_STOPS;
  let depth = 0;
  let i = 0;
  let lineStart = true;
  for (;;) {
    if (lineStart) {
      // Indentation: spaces and sequence dashes.
      let indent = 0;
      let c = text.charCodeAt(i);
      while (c === 32 || c === 45) {
        if (++indent > maxIndent) return i;
        c = text.charCodeAt(++i);
      }
      lineStart = false;
    }
    if (i >= len) return undefined;
    let c = text.charCodeAt(i);
    if (c !== 10 && c !== 34 && c !== 39 && c !== 35 && c !== 91 && c !== 93 && c !== 123 && c !== 125) {
      stops.lastIndex = i + 1;
      if (!stops.test(text)) return undefined;
      i = stops.lastIndex - 1;
      c = text.charCodeAt(i);
    }
    if (c === 10) {
      lineStart = true;
      i++;
      continue;
    }
    if ((c === 34 || c === 39) && opensScalar(text, i)) {
      // A quote counts only where a scalar can start (not the apostrophe in `don't`). The quoted
      // part ends at its quote (a backslash escapes in double quotes) or at the line's end, whose
      // line break then does not start a line: at worst a bracket in a multi-line string is counted.
      for (i++; i < len; i++) {
        const d = text.charCodeAt(i);
        if (c === 34 && d === 92) i++;
        else if (d === c || d === 10) break;
      }
    } else if (c === 35) {
      const nl = text.indexOf('\n', i);
      if (nl === -1) return undefined;
      i = nl;
      continue;
    } else if (c === 91 || c === 123) {
      if (++depth > limit) return i;
    } else if (c === 93 || c === 125) {
      if (depth > 0) depth--;
    }
    i++;
  }
}

/** Whether a quote at `i` starts a YAML scalar: after indentation, `:`, `-`, `?`, `,`, `[` or `{`. */
function opensScalar(text: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j--;
  if (j < 0) return true;
  const p = text.charCodeAt(j);
  return p === 10 || p === 13 || p === 58 || p === 45 || p === 63 || p === 44 || p === 91 || p === 123;
}
