import { isRemote, resolveUri } from '../uris';
import type { JsonPath } from './jsonPath';

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The values of the files a document's `$ref`s reach (by URI), for resolving across files. */
export type ReferencedFiles = ReadonlyMap<string, unknown>;
const NO_FILES: ReferencedFiles = new Map();

function pointerPath(fragment: string): JsonPath | undefined {
  if (fragment === '') return [];
  if (!fragment.startsWith('/')) return undefined;
  return fragment.slice(1).split('/').map((raw) => {
    let segment = raw;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      // A malformed escape is read as written.
    }
    return segment.replace(/~1/g, '/').replace(/~0/g, '~');
  });
}

/** The file and the path a `$ref` in a file points to; undefined for remote references and malformed pointers. */
export function refTarget(ref: string, baseUri: string): { uri: string; path: JsonPath } | undefined {
  const hash = ref.indexOf('#');
  const file = hash < 0 ? ref : ref.slice(0, hash);
  const path = pointerPath(hash < 0 ? '' : ref.slice(hash + 1));
  if (!path || isRemote(file)) return undefined;
  return { uri: file === '' ? baseUri : resolveUri(baseUri, file), path };
}

function valueAt(root: unknown, path: JsonPath): unknown {
  let value = root;
  for (const segment of path) {
    if (!isObject(value) && !Array.isArray(value)) return undefined;
    value = (value as Obj)[segment as string];
  }
  return value;
}

/** The other files a document's `$ref`s name (relative to the file each `$ref` is in). */
export function referencedFileUris(value: unknown, baseUri: string): string[] {
  const found = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (isObject(v)) {
      if (typeof v.$ref === 'string') {
        const target = refTarget(v.$ref, baseUri);
        if (target && target.uri !== baseUri) found.add(target.uri);
      }
      for (const child of Object.values(v)) visit(child);
    }
  };
  visit(value);
  return [...found];
}

/**
 * The document as Spectral's rules see it by default (`resolved: true`): every `$ref` replaced by
 * what it points to, in the document or in the other files given. A `$ref` back into its own
 * ancestors stays as it is, so the value has no cycles; targets reached twice are shared, not copied again.
 */
export function resolveRefs(document: unknown, baseUri = '', files: ReferencedFiles = NO_FILES): unknown {
  const done = new Map<string, unknown>();
  const resolving = new Set<string>();
  const fileValue = (uri: string): unknown => (uri === baseUri ? document : files.get(uri));
  const visit = (value: unknown, here: string, uri: string): unknown => {
    if (Array.isArray(value)) return value.map((item, i) => visit(item, `${here}/${i}`, uri));
    if (!isObject(value)) return value;
    if (typeof value.$ref === 'string') {
      const target = value.$ref.startsWith('#') ? refTarget(value.$ref, uri) : files.size ? refTarget(value.$ref, uri) : undefined;
      if (target) {
        const key = `${target.uri}#${JSON.stringify(target.path)}`;
        if (done.has(key)) return done.get(key);
        const found = valueAt(fileValue(target.uri), target.path);
        if (found !== undefined && !resolving.has(key)) {
          resolving.add(key);
          const resolved = visit(found, key, target.uri);
          resolving.delete(key);
          done.set(key, resolved);
          return resolved;
        }
        return value;
      }
    }
    const copy: Obj = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === '__proto__') Object.defineProperty(copy, k, { value: visit(v, `${here}/${k}`, uri), enumerable: true, writable: true, configurable: true });
      else copy[k] = visit(v, `${here}/${k}`, uri);
    }
    return copy;
  };
  return visit(document, '', baseUri);
}

/** Every local `$ref` resolved (the other files are not read). */
export function resolveLocalRefs(document: unknown): unknown {
  return resolveRefs(document);
}

/**
 * Where a path of the resolved document is written: each step through a `$ref` continues at the
 * place it points to, in the same file or another (Spectral reports findings there). `targets`
 * keeps the `$ref`s already read, for the many paths of one run.
 */
export function unresolvedLocation(document: unknown, path: JsonPath, baseUri = '', files: ReferencedFiles = NO_FILES, targets = new Map<string, ReturnType<typeof refTarget>>()): { uri: string; path: JsonPath } {
  let uri = baseUri;
  let value = document;
  let result: JsonPath = [];
  // A value that is a `$ref` (also the last one) is reported where it points.
  const follow = (): void => {
    for (let hops = 0; hops < 50 && isObject(value) && typeof value.$ref === 'string'; hops++) {
      const ref = value.$ref;
      const key = `${uri}\u0000${ref}`;
      let target = targets.get(key);
      if (!targets.has(key)) targets.set(key, (target = ref.startsWith('#') || files.size ? refTarget(ref, uri) : undefined));
      if (!target) break;
      const next = valueAt(target.uri === baseUri ? document : files.get(target.uri), target.path);
      if (next === undefined) break;
      uri = target.uri;
      result = [...target.path];
      value = next;
    }
  };
  for (const segment of path) {
    follow();
    value = isObject(value) || Array.isArray(value) ? (value as Obj)[segment as string] : undefined;
    result.push(segment);
  }
  follow();
  return { uri, path: result };
}

/** Where a path of the locally resolved document is in the document as written. */
export function unresolvedPath(document: unknown, path: JsonPath): JsonPath {
  return unresolvedLocation(document, path).path;
}
