import $RefParser from '@apidevtools/json-schema-ref-parser';
import { CancellationToken, throwIfCancelled } from '../cancellation';
import { DocumentCache, ParsedDocument } from '../documents';
import { collectRefs, RefTargets, RefUse } from './references';

/** A root OpenAPI document and every file its `$ref`s reach, transitively. */
export interface DocumentSet {
  root: ParsedDocument;
  documents: Map<string, ParsedDocument>;
  /** Every `$ref` in every document of the set. */
  refs: RefUse[];
  /** What names components of the root without being a `$ref` of it: discriminator mappings, `$ref`s inside literal data and extensions. */
  indirectTargets: string[];
  /** Where those `$ref`s lead, resolved on demand and once. */
  targets: RefTargets;
  /** Files named by `$ref`s that could not be read. */
  missing: Set<string>;
  /** Remote documents that were fetched (only when allowed). */
  remote: Set<string>;
  /** Why a remote document could not be fetched (a time-out, a size limit, an HTTP status…). */
  remoteFailures: Map<string, string>;
}

export interface DocumentSetOptions {
  allowRemoteRefs: boolean;
  fetchRemote?: (url: string) => Promise<string>;
}

/**
 * Loads the files a root reaches through `$ref`s. json-schema-ref-parser crawls the graph (cycles
 * across files are fine) and decides what to load; it reads through our document cache, so every
 * file is parsed once per version and open editor buffers win over disk.
 */
export async function loadDocumentSet(
  root: ParsedDocument,
  cache: DocumentCache,
  options: DocumentSetOptions,
  token: CancellationToken,
): Promise<DocumentSet> {
  const documents = new Map<string, ParsedDocument>([[root.uri, root]]);
  const missing = new Set<string>();
  const remote = new Set<string>();
  const remoteFailures = new Map<string, string>();
  const indirectTargets: string[] = [];
  const refsByUri = new Map<string, RefUse[]>([[root.uri, collectRefs(root, indirectTargets)]]);
  const hasExternal = refsByUri.get(root.uri)!.some((r) => r.targetUri !== root.uri);

  if (hasExternal) {
    const parser = new $RefParser();
    try {
      await parser.resolve(root.uri, root.parse.value ?? {}, {
        continueOnError: true,
        resolve: {
          external: true,
          file: false,
          http: options.allowRemoteRefs && options.fetchRemote
            ? {
                order: 1,
                canRead: (file: { url: string }) => /^https?:/i.test(file.url),
                read: async (file: { url: string }) => {
                  throwIfCancelled(token);
                  let text: string;
                  try {
                    text = await options.fetchRemote!(stripHash(file.url));
                  } catch (error) {
                    remoteFailures.set(stripHash(file.url), error instanceof Error ? error.message : String(error));
                    throw error;
                  }
                  remote.add(stripHash(file.url));
                  return text;
                },
              }
            : false,
          workspace: {
            order: 2,
            canRead: (file: { url: string }) => !/^https?:/i.test(file.url),
            read: async (file: { url: string }) => {
              throwIfCancelled(token);
              const uri = stripHash(file.url);
              const doc = await cache.get(uri);
              if (!doc) {
                missing.add(uri);
                throw new Error(`File not found: ${uri}`);
              }
              documents.set(uri, doc);
              if (!refsByUri.has(uri)) refsByUri.set(uri, collectRefs(doc));
              return doc.text;
            },
          },
        },
        parse: {
          json: false,
          yaml: false,
          text: false,
          binary: false,
          workspace: {
            order: 1,
            allowEmpty: true,
            canParse: true,
            parse: (file: { url: string; data: unknown }) => {
              const uri = stripHash(file.url);
              const doc = documents.get(uri) ?? cache.peek(uri);
              if (doc) return (doc.parse.value as object) ?? {};
              // A remote document: parse its text with our parser, keyed by URL.
              return parseRemote(uri, String(file.data), documents, refsByUri);
            },
          },
        },
      } as never);
    } catch (error) {
      throwIfCancelled(token);
      // With continueOnError the parser gathers what it could not load; what it did load is in `documents`.
      void error;
    }
  }
  throwIfCancelled(token);
  const refs = [...refsByUri.values()].flat();
  for (const ref of refs) {
    if (!ref.remote && !documents.has(ref.targetUri)) missing.add(ref.targetUri);
  }
  return { root, documents, refs, indirectTargets, targets: new RefTargets(documents), missing, remote, remoteFailures };
}

function stripHash(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}

import { parseDocumentText } from '../documents';
function parseRemote(uri: string, text: string, documents: Map<string, ParsedDocument>, refsByUri: Map<string, RefUse[]>): object {
  const doc = parseDocumentText(uri, text, 'remote');
  documents.set(uri, doc);
  refsByUri.set(uri, collectRefs(doc));
  return (doc.parse.value as object) ?? {};
}
