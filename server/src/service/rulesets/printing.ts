import type { JsonPath } from './jsonPath';

/** How Spectral prints a value inside a message: JSON for scalars, `Array[]` and `Object{}` for collections. */
export function printValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'Array[]';
  if (value !== null && typeof value === 'object') return 'Object{}';
  return JSON.stringify(value);
}

/** A path as an escaped JSON pointer with `#` (`#/paths/~1pets/get`), as Spectral's `{{path}}` prints it. */
export function printPointer(path: JsonPath): string {
  return '#' + path.map((s) => '/' + encodeURI(String(s).replace(/~/g, '~0').replace(/\//g, '~1'))).join('');
}

export interface MessageValues {
  property: string | number;
  error: string;
  path: string;
  description: string | null;
  value: unknown;
}

/**
 * Fills a Spectral message template: `{{name}}` takes a value, `#{{print("property")}}` and
 * `#{{print("value")}}` print them as Spectral's functions do. Only these forms are read; the
 * template is never evaluated as code.
 */
export function fillMessage(template: string, values: MessageValues): string {
  return template.replace(/#?\{\{([^}\n]+)\}\}/g, (whole, inner: string) => {
    const name = inner.trim();
    if (whole.startsWith('#')) return printExpression(name, values);
    if (!(name in values)) return '';
    return String((values as unknown as Record<string, unknown>)[name]);
  });
}

function printExpression(expression: string, values: MessageValues): string {
  const call = /^print\((["'])(\w+)\1\)$/.exec(expression);
  if (call) {
    if (call[2] === 'property') return values.property !== '' && values.property !== undefined ? `"${values.property}" property ` : 'The document ';
    if (call[2] === 'value') return printValue(values.value);
    const other = (values as unknown as Record<string, unknown>)[call[2]];
    return other === undefined || other === null ? '' : String(other);
  }
  // `#{{a + b}}` joins values; `x.toUpperCase()` upper-cases one.
  return expression.split(/\s*\+\s*/).map((part) => {
    const upper = /^(.+)\.toUpperCase\(\)$/.exec(part);
    const name = upper ? upper[1] : part;
    const literal = /^(["'])(.*)\1$/.exec(name);
    const value = literal ? literal[2] : (values as unknown as Record<string, unknown>)[name];
    const text = value === undefined || value === null ? '' : String(value);
    return upper ? text.toUpperCase() : text;
  }).join('');
}
