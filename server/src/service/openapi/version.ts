import type { DocumentKind, OasVersion, ParsedDocument } from '../documents';

/** The id of the OpenAPI kind in the registry. */
export const OPENAPI_KIND = 'openapi';

/** The OpenAPI version of a root document (`swagger: "2.0"`, `openapi: 3.0.x | 3.1.x`), or undefined for anything else. */
export function openApiVersion(doc: ParsedDocument | undefined): OasVersion | undefined {
  return doc?.kind.kind === OPENAPI_KIND ? (doc.kind.version as OasVersion) : undefined;
}

/** Recognises an OpenAPI root by its version key, whatever the file is called. */
export function recogniseOpenApi(value: unknown): DocumentKind | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const root = value as Record<string, unknown>;
  if (root.swagger === '2.0' || root.swagger === 2) return { kind: OPENAPI_KIND, version: '2.0', versionText: '2.0' };
  const openapi = root.openapi;
  if (typeof openapi === 'string') {
    if (/^3\.0(\.\d+)?(-.+)?$/.test(openapi)) return { kind: OPENAPI_KIND, version: '3.0', versionText: openapi };
    if (/^3\.1(\.\d+)?(-.+)?$/.test(openapi)) return { kind: OPENAPI_KIND, version: '3.1', versionText: openapi };
  }
  return undefined;
}

/** A cheap look at the first part of a text: could it be an OpenAPI root? Used to skip unrelated files. */
export function mightBeOpenApi(text: string): boolean {
  return /(^|["\s{,])(swagger|openapi)["']?\s*:/m.test(text.slice(0, 64 * 1024));
}
