import { CancellationToken, neverCancelled } from '../cancellation';
import { DocumentCache, OasVersion } from '../documents';
import type { KindRegistry } from '../kinds';
import { loadDocumentSet } from '../openapi/documentSet';
import { openApiVersion } from '../openapi/version';
import type { Place } from './model';
import type { ApiVersion } from './side';

/** Reads the files of one version of an API (a git revision, the disk, the editor's buffers). */
export type VersionReader = (uri: string) => Promise<string | undefined>;

/** Why a version cannot be compared, with the place when there is one. */
export interface VersionProblem {
  message: string;
  place?: Place;
}

/**
 * Loads one version of an API from a reader: the root, then every file its `$ref`s reach, each read
 * from the same version. Syntax errors, a root that is not an OpenAPI document and `$ref`s that lead
 * nowhere are problems: such a version is not compared.
 */
export async function loadApiVersion(rootUri: string, read: VersionReader, kinds: KindRegistry, token: CancellationToken = neverCancelled, shared?: DocumentCache): Promise<{ api?: ApiVersion; problems: VersionProblem[] }> {
  let counter = 0;
  const cache = shared ?? new DocumentCache(
    {
      readFile: async (uri) => {
        const text = await read(uri);
        return text === undefined ? undefined : { uri, text, version: `version:${++counter}` };
      },
      listFiles: async () => [],
    },
    () => Infinity,
    kinds,
  );
  const root = await cache.get(rootUri);
  if (!root) return { problems: [{ message: 'the file does not exist' }] };
  const problems: VersionProblem[] = root.parse.problems
    .filter((p) => p.code !== 'syntax.duplicateKey')
    .map((p) => ({ message: p.message, place: { uri: rootUri, offset: p.offset, length: p.length } }));
  if (problems.length) return { problems };
  const version = openApiVersion(root) as OasVersion | undefined;
  if (!version) return { problems: [{ message: 'it is not an OpenAPI document (no `openapi: 3.x` or `swagger: "2.0"` at its root)' }] };
  const set = await loadDocumentSet(root, cache, { allowRemoteRefs: false }, token);
  for (const [uri, doc] of set.documents) {
    if (uri === rootUri) continue;
    for (const p of doc.parse.problems) if (p.code !== 'syntax.duplicateKey') problems.push({ message: p.message, place: { uri, offset: p.offset, length: p.length } });
  }
  for (const ref of set.refs) {
    if (ref.remote) continue;
    if (set.missing.has(ref.targetUri)) problems.push({ message: `\`${ref.ref}\` names a file that does not exist`, place: { uri: ref.uri, offset: ref.node.offset, length: ref.node.length } });
    else if (!set.targets.resolve(ref.uri, ref.ref).target) problems.push({ message: `\`${ref.ref}\` points at nothing`, place: { uri: ref.uri, offset: ref.node.offset, length: ref.node.length } });
  }
  return problems.length ? { problems } : { api: { set, version }, problems };
}
