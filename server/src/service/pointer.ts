/** JSON Pointer (RFC 6901) helpers, also accepting the URI-fragment form (`#/a/b%20c`). */

/** `~` and `/` inside a key, written as `~0` and `~1`. */
export function escapePointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapePointerSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function parsePointer(pointer: string): string[] | undefined {
  let p = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  try {
    p = decodeURIComponent(p);
  } catch {
    // keep the raw text: a `%` that is not an escape is just a character
  }
  if (p === '') return [];
  if (!p.startsWith('/')) return undefined;
  return pointerSegments(p);
}

/** The segments of a plain JSON pointer (`/fields/0/target`, as Ajv writes them): no `#`, no URI escapes. */
export function pointerSegments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map(unescapePointerSegment);
}

export function formatPointer(path: readonly (string | number)[]): string {
  return '#/' + path.map((s) => escapePointerSegment(String(s))).join('/');
}

/** The value at a path, or undefined. */
export function valueAtPath(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment as string];
  }
  return current;
}
