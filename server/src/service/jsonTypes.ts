// The types of JSON Schema's `type` keyword: which one a value has, and how messages name them.

/** In the order completion offers them. */
export const JSON_TYPES: readonly string[] = ['object', 'array', 'string', 'number', 'integer', 'boolean', 'null'];

/** The type of a value: `integer` for a whole number, `array` and `null` apart from `object`. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/**
 * Whether a value has a type named by a `type` keyword, as Ajv decides: an integer is a number,
 * infinities and NaN (YAML's `.inf`, `.nan`) are neither. A name that is no JSON type allows anything.
 */
export function hasJsonType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'null':
      return value === null;
    default:
      return true;
  }
}

const PHRASES: Record<string, string> = {
  object: 'an object',
  array: 'an array',
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean',
  null: 'null',
};

const PLURALS: Record<string, string> = { object: 'objects', array: 'arrays', string: 'strings', number: 'numbers', integer: 'integers', boolean: 'booleans' };

/** "a string", "an integer"; other names as they are. */
export function typePhrase(type: string): string {
  return PHRASES[type] ?? type;
}

/** "strings", "integers"; undefined for `null` and names that are no JSON type. */
export function typePlural(type: string): string | undefined {
  return PLURALS[type];
}

/** The types of a `type` keyword (one name or a list), in words: "a string, a number or null". */
export function typeList(type: unknown): string {
  const words = [...new Set(([] as unknown[]).concat(type).map((t) => typePhrase(String(t))))];
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** What a value is, in words: "a number" for any number, since "an integer" would confuse where a string was wanted. */
export function valuePhrase(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? 'a number' : String(value);
  return typePhrase(jsonType(value));
}

/** A value with what it holds, for messages that do not show it otherwise: `the integer 5`, `the string "x"`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? `the integer ${value}` : `the number ${value}`;
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
