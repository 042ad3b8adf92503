import type { DocumentKind, ParsedDocument } from '../documents';

/** The id of the AsyncAPI kind in the registry. */
export const ASYNCAPI_KIND = 'asyncapi';

/** The AsyncAPI major versions checked: 2.x documents against the 2.6 schema, 3.x against the 3.0 one. */
export type AsyncApiVersion = '2' | '3';

/** The AsyncAPI version of a root document, or undefined for anything else. */
export function asyncApiVersion(doc: ParsedDocument | undefined): AsyncApiVersion | undefined {
  return doc?.kind.kind === ASYNCAPI_KIND ? (doc.kind.version as AsyncApiVersion) : undefined;
}

/** Recognises an AsyncAPI root by its `asyncapi: 2.x | 3.x` key, whatever the file is called. */
export function recogniseAsyncApi(value: unknown): DocumentKind | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const asyncapi = (value as Record<string, unknown>).asyncapi;
  if (typeof asyncapi !== 'string') return undefined;
  const major = /^([23])\.\d+(\.\d+)?(-.+)?$/.exec(asyncapi)?.[1];
  return major ? { kind: ASYNCAPI_KIND, version: major, versionText: asyncapi } : undefined;
}

/** A cheap look at the first part of a text: could it be an AsyncAPI root? */
export function mightBeAsyncApi(text: string): boolean {
  return /(^|["\s{,])asyncapi["']?\s*:/m.test(text.slice(0, 64 * 1024));
}

/** The ruleset format a document answers to (Spectral's `asyncapi2`, `asyncapi3`). */
export function asyncApiFormat(version: AsyncApiVersion): 'asyncapi2' | 'asyncapi3' {
  return version === '2' ? 'asyncapi2' : 'asyncapi3';
}
