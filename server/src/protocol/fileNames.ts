/**
 * File-name patterns of document kinds (`*.mapping.yaml`, `.spectral.yaml`): the server's kinds
 * declare them, the client receives them at initialisation, and both match them with this function.
 */

/** Whether a file's base name matches one of the patterns (`*` is any run of characters; case-insensitive). */
export function matchesFileName(patterns: readonly string[], uriOrPath: string): boolean {
  const name = baseName(uriOrPath).toLowerCase();
  return patterns.some((pattern) => matchesPattern(pattern.toLowerCase(), name));
}

function baseName(uriOrPath: string): string {
  const path = uriOrPath.replace(/[?#].*$/, '').replace(/\\/g, '/');
  const name = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

function matchesPattern(pattern: string, name: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === name;
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (!name.startsWith(first) || !name.endsWith(last) || name.length < first.length + last.length) return false;
  let at = first.length;
  const end = name.length - last.length;
  for (const middle of parts.slice(1, -1)) {
    const found = name.indexOf(middle, at);
    if (found < 0 || found + middle.length > end) return false;
    at = found + middle.length;
  }
  return true;
}

/** What the server tells the client about each kind it handles (initialize result, `experimental.documentKinds`). */
export interface DocumentKindInfo {
  id: string;
  /** File-name patterns that decide the kind by name alone; none for kinds recognised by their content. */
  fileNames: string[];
}

/** The kind a file's name decides, among those the server announced. */
export function kindOfFileName(kinds: readonly DocumentKindInfo[], uriOrPath: string): string | undefined {
  return kinds.find((k) => matchesFileName(k.fileNames, uriOrPath))?.id;
}
