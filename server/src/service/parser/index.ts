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

export function parseText(text: string, language: SyntaxLanguage): ParseResult {
  return language === 'json' ? parseJson(text) : parseYaml(text);
}
