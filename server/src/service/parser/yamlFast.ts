import { ParseResult } from './ast';
import { parseYamlWithLibrary } from './yaml';

/**
 * Parses YAML. (A faster path for the common block-style subset goes here; until then every
 * document goes through the `yaml` library.)
 */
export function parseYaml(text: string): ParseResult {
  return parseYamlWithLibrary(text);
}
