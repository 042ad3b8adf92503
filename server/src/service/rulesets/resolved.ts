import type { JsonPath } from './jsonPath';

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function pointerPath(ref: string): JsonPath | undefined {
  if (!ref.startsWith('#')) return undefined;
  const body = ref.slice(1);
  if (body === '') return [];
  if (!body.startsWith('/')) return undefined;
  return body.slice(1).split('/').map((raw) => {
    let segment = raw;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      // A malformed escape is read as written.
    }
    return segment.replace(/~1/g, '/').replace(/~0/g, '~');
  });
}

function valueAt(root: unknown, path: JsonPath): unknown {
  let value = root;
  for (const segment of path) {
    if (!isObject(value) && !Array.isArray(value)) return undefined;
    value = (value as Obj)[segment as string];
  }
  return value;
}

/**
 * The document as Spectral's rules see it by default (`resolved: true`): every local `$ref` replaced
 * by what it points to. A `$ref` back into its own ancestors stays as it is, so the value has no
 * cycles; targets reached twice are shared, not copied again.
 */
export function resolveLocalRefs(document: unknown): unknown {
  const done = new Map<string, unknown>();
  const resolving = new Set<string>();
  const visit = (value: unknown, here: string): unknown => {
    if (Array.isArray(value)) return value.map((item, i) => visit(item, `${here}/${i}`));
    if (!isObject(value)) return value;
    if (typeof value.$ref === 'string') {
      const path = pointerPath(value.$ref);
      if (path) {
        const key = JSON.stringify(path);
        if (done.has(key)) return done.get(key);
        const target = valueAt(document, path);
        if (target !== undefined && !resolving.has(key)) {
          resolving.add(key);
          const resolved = visit(target, key);
          resolving.delete(key);
          done.set(key, resolved);
          return resolved;
        }
        return value;
      }
    }
    const copy: Obj = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === '__proto__') Object.defineProperty(copy, k, { value: visit(v, `${here}/${k}`), enumerable: true, writable: true, configurable: true });
      else copy[k] = visit(v, `${here}/${k}`);
    }
    return copy;
  };
  return visit(document, '');
}

/**
 * Where a path of the resolved document is in the document as written: each step through a local
 * `$ref` continues at the place it points to (Spectral reports findings there).
 */
export function unresolvedPath(document: unknown, path: JsonPath): JsonPath {
  let value = document;
  let result: JsonPath = [];
  // A value that is a `$ref` (also the last one) is reported where it points.
  const follow = (): void => {
    for (let hops = 0; hops < 50 && isObject(value) && typeof value.$ref === 'string'; hops++) {
      const target = pointerPath(value.$ref);
      if (!target) break;
      const next = valueAt(document, target);
      if (next === undefined) break;
      result = [...target];
      value = next;
    }
  };
  for (const segment of path) {
    follow();
    value = isObject(value) || Array.isArray(value) ? (value as Obj)[segment as string] : undefined;
    result.push(segment);
  }
  follow();
  return result;
}
