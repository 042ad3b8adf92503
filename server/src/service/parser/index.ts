import { ParseResult } from './ast';
import { parseJsonWithScanner } from './json';
import { parseJsonFast } from './jsonFast';
import { parseYaml } from './yamlFast';
import { findExcessiveNesting, tooDeepResult } from './nesting';

export { findExcessiveNesting };

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
  // A byte-order mark is not content; a space keeps every offset where the editor has it.
  const content = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  // Valid JSON within the depth limit needs no separate measuring of its nesting first.
  const fast = language === 'json' ? parseJsonFast(content, MAX_NESTING) : undefined;
  if (fast) return fast;
  const tooDeep = findExcessiveNesting(text, language, MAX_NESTING);
  if (tooDeep !== undefined) return tooDeepResult(tooDeep, MAX_NESTING);
  return language === 'json' ? parseJsonWithScanner(content) : parseYaml(content);
}

