import { URI, Utils } from 'vscode-uri';

/** Resolves a relative reference (a `$ref` file part, a `spec:` path) against the URI of the file it is in. */
export function resolveUri(base: string, reference: string): string {
  reference = wellFormed(reference);
  if (/^[a-z][a-z0-9+.-]*:/i.test(reference) && !/^[a-z]:[\\/]/i.test(reference)) return URI.parse(reference).toString();
  const baseUri = URI.parse(wellFormed(base));
  const decoded = wellFormed(safeDecode(reference.replace(/\\/g, '/')));
  if (decoded.startsWith('/')) return baseUri.with({ path: decoded }).toString();
  return Utils.resolvePath(Utils.dirname(baseUri), decoded).toString();
}

/** A path from one file's folder to another file, as a user would write it in `$ref` or `spec:`. */
export function relativePath(fromUri: string, toUri: string): string {
  const from = URI.parse(fromUri).path.split('/').slice(0, -1);
  const to = URI.parse(toUri).path.split('/');
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  const up = from.length - common;
  const rest = to.slice(common).join('/');
  return up === 0 ? './' + rest : '../'.repeat(up) + rest;
}

export function isRemote(reference: string): boolean {
  return /^https?:\/\//i.test(reference);
}

export function basename(uri: string): string {
  return Utils.basename(URI.parse(uri));
}

/** Normalises a URI string so that the same file always gets the same key. */
export function normalizeUri(uri: string): string {
  return URI.parse(wellFormed(uri)).toString();
}

/**
 * The text with each unpaired surrogate (half of an emoji cut by an edit) replaced by U+FFFD:
 * a URI cannot encode one, and no file name holds one.
 */
function wellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
