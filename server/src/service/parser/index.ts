import { ParseResult } from './ast';
import { parseJson } from './json';
import { parseYaml } from './yamlFast';

export type SyntaxLanguage = 'json' | 'yaml';

/** JSON when the name says so, or when a nameless text starts like JSON; YAML otherwise. */
export function syntaxOf(uri: string, text: string): SyntaxLanguage {
  if (/\.json$/i.test(uri) || /\.code-snippets$/i.test(uri)) return 'json';
  if (/\.ya?ml$/i.test(uri)) return 'yaml';
  const first = text.replace(/^\uFEFF/, '').trimStart()[0];
  return first === '{' || first === '[' ? 'json' : 'yaml';
}

/** Deeper nesting than this is refused: no real document needs it, and parsers would run out of stack. */
export const MAX_NESTING = 1000;

export function parseText(text: string, language: SyntaxLanguage): ParseResult {
  const tooDeep = findExcessiveNesting(text, language, MAX_NESTING);
  if (tooDeep !== undefined) {
    return {
      root: undefined,
      value: undefined,
      problems: [{ code: 'document.tooDeep', message: `This document nests more than ${MAX_NESTING} levels deep here; it is not checked.`, offset: tooDeep, length: 1 }],
      comments: [],
    };
  }
  // A byte-order mark is not content; a space keeps every offset where the editor has it.
  const content = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  return language === 'json' ? parseJson(content) : parseYaml(content);
}

/**
 * The offset where bracket nesting (or, in YAML, indentation) first goes deeper than the limit,
 * skipping quoted strings and comments. A linear scan, run before any parser.
 */
export function findExcessiveNesting(text: string, language: SyntaxLanguage, limit: number): number | undefined {
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
    if (c === 34 /* " */ || (c === 39 /* ' */ && language === 'yaml')) {
      // Skip the quoted string (a backslash escapes in double quotes; '' escapes in single quotes).
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (c === 34 && d === 92) i++;
        else if (d === c) break;
        else if (d === 10 && language === 'json') break;
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
