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
 * The resolved copies made of source objects, kept from one resolution to the next (the service
 * keeps one per document): the parser keeps every object an edit did not touch, so the resolved
 * document of an edited text shares every copy the edit did not reach.
 */
export type ResolvedCopies = WeakMap<object, ResolvedCopy[]>;

/**
 * One copy of a source object, with the `$ref` objects inside it (in the order a walk meets them,
 * not looking inside them) and what each resolved to. The copy is valid wherever those `$ref`s
 * resolve to the same values again: that is all a copy depends on besides the object itself.
 */
interface ResolvedCopy {
  copy: unknown;
  refs: object[];
  outcomes: unknown[];
}

/** Adds a child's `$ref`s and their outcomes (a loop: a spread of a large array overflows the stack). */
function append(refs: object[], outcomes: unknown[], child: ResolvedCopy): void {
  for (let i = 0; i < child.refs.length; i++) {
    refs.push(child.refs[i]);
    outcomes.push(child.outcomes[i]);
  }
}

/** How many copies of one object are kept (in place and under each `$ref` that breaks a cycle differently). */
const MAX_COPIES = 4;
const NO_REFS: object[] = [];

/** Where a `$ref` leads, when it can be followed: within the document, or to one of the other files given. */
function followableTarget(ref: string, uri: string, files: ReferencedFiles): { uri: string; path: JsonPath } | undefined {
  return ref.startsWith('#') || files.size ? refTarget(ref, uri) : undefined;
}

/**
 * The document as Spectral's rules see it by default (`resolved: true`): every `$ref` replaced by
 * what it points to, in the document or in the other files given. A `$ref` back into its own
 * ancestors stays as it is, so the value has no cycles; targets reached twice are shared, not copied again.
 * With `copies`, an object resolved before is not copied again when its `$ref`s resolve as they did.
 */
export function resolveRefs(document: unknown, baseUri = '', files: ReferencedFiles = NO_FILES, copies: ResolvedCopies = new WeakMap()): unknown {
  const done = new Map<string, unknown>();
  const resolving = new Set<string>();
  const fileValue = (uri: string): unknown => (uri === baseUri ? document : files.get(uri));
  const targetOf = (value: Obj, uri: string) => (typeof value.$ref === 'string' ? followableTarget(value.$ref, uri, files) : undefined);
  /** A `$ref` object's value in the resolved document, or undefined when it is copied as an ordinary object (it cannot be followed). */
  const follow = (value: Obj, uri: string): unknown => {
    const target = targetOf(value, uri);
    if (!target) return undefined;
    const key = `${target.uri}#${JSON.stringify(target.path)}`;
    if (done.has(key)) return done.get(key);
    const found = valueAt(fileValue(target.uri), target.path);
    if (found === undefined || resolving.has(key)) return value;
    resolving.add(key);
    const resolved = visit(found, target.uri).copy;
    resolving.delete(key);
    done.set(key, resolved);
    return resolved;
  };
  /** Whether a kept copy's `$ref`s resolve as they did; resolving them now, in the order a walk of the object would. */
  const stillValid = (kept: ResolvedCopy, uri: string): boolean => {
    for (let i = 0; i < kept.refs.length; i++) if (follow(kept.refs[i] as Obj, uri) !== kept.outcomes[i]) return false;
    return true;
  };
  const visit = (value: unknown, uri: string): ResolvedCopy => {
    if (typeof value !== 'object' || value === null) return { copy: value, refs: NO_REFS, outcomes: NO_REFS };
    if (!Array.isArray(value)) {
      const followed = follow(value as Obj, uri);
      if (followed !== undefined) return { copy: followed, refs: [value], outcomes: [followed] };
    }
    const kept = copies.get(value);
    if (kept) {
      // The first kept copy is checked by resolving its `$ref`s; the others compare the outcomes now known.
      const first = kept[0];
      if (stillValid(first, uri)) return first;
      const outcomes = first.refs.map((ref) => follow(ref as Obj, uri));
      const other = kept.find((k) => k.refs === first.refs && k.outcomes.every((o, i) => o === outcomes[i]));
      if (other) return other;
    }
    const refs: object[] = [];
    const outcomes: unknown[] = [];
    let copy: unknown;
    if (Array.isArray(value)) {
      copy = value.map((item) => {
        if (typeof item !== 'object' || item === null) return item;
        const child = visit(item, uri);
        if (child.refs.length) append(refs, outcomes, child);
        return child.copy;
      });
    } else {
      const out: Obj = {};
      for (const [k, v] of Object.entries(value)) {
        let resolved = v;
        if (typeof v === 'object' && v !== null) {
          const child = visit(v, uri);
          if (child.refs.length) append(refs, outcomes, child);
          resolved = child.copy;
        }
        if (k === '__proto__') Object.defineProperty(out, k, { value: resolved, enumerable: true, writable: true, configurable: true });
        else out[k] = resolved;
      }
      copy = out;
    }
    // Copies made meanwhile (the object reached again through a `$ref` inside it) are kept too.
    const now = copies.get(value);
    const made: ResolvedCopy = { copy, refs: now?.[0].refs.length === refs.length && now[0].refs.every((r, i) => r === refs[i]) ? now[0].refs : refs.length ? refs : NO_REFS, outcomes: outcomes.length ? outcomes : NO_REFS };
    copies.set(value, now ? [made, ...now].slice(0, MAX_COPIES) : [made]);
    return made;
  };
  return visit(document, baseUri).copy;
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
  // As Spectral reads a place: a `$ref` is followed only for a key its object does not hold itself
  // (a key written beside the `$ref` is reported where it is written), and a `$ref` at the end of the
  // path only when nothing is written beside it.
  const follow = (next: string | number | undefined): void => {
    const refers = (v: unknown): v is Obj & { $ref: string } => isObject(v) && typeof v.$ref === 'string'
      && (next === undefined ? Object.keys(v).length === 1 : !Object.prototype.hasOwnProperty.call(v, next));
    for (let hops = 0; hops < 50 && refers(value); hops++) {
      const ref = value.$ref;
      const key = `${uri}\u0000${ref}`;
      let target = targets.get(key);
      if (!targets.has(key)) targets.set(key, (target = followableTarget(ref, uri, files)));
      if (!target) break;
      const reached = valueAt(target.uri === baseUri ? document : files.get(target.uri), target.path);
      if (reached === undefined) break;
      uri = target.uri;
      result = [...target.path];
      value = reached;
    }
  };
  for (const segment of path) {
    follow(segment);
    value = isObject(value) || Array.isArray(value) ? (value as Obj)[segment as string] : undefined;
    result.push(segment);
  }
  follow(undefined);
  return { uri, path: result };
}

/** Where a path of the locally resolved document is in the document as written. */
export function unresolvedPath(document: unknown, path: JsonPath): JsonPath {
  return unresolvedLocation(document, path).path;
}
