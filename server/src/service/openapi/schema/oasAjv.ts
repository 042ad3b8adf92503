// The Ajv set-up for the official OpenAPI schemas, shared by the build (which turns it into
// precompiled validators, see scripts/oasValidators.ts) and the runtime (which compiles parts of
// the schema on demand to explain a failure).

import type AjvCore from 'ajv/dist/core';
import type { AnySchemaObject, CodeOptions } from 'ajv/dist/core';
import Ajv2020 from 'ajv/dist/2020';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import schema20 from '../../../../../schemas/oas/2.0.json';
import schema30 from '../../../../../schemas/oas/3.0.json';
import schema31 from '../../../../../schemas/oas/3.1.json';
import type { OasVersion } from '../../documents';

export interface OasAjv {
  ajv: AjvCore;
  /** The schema as validated (3.1 corrected, see below). */
  root: AnySchemaObject;
  /** Its id, without a trailing `#`. */
  base: string;
}

/** An Ajv instance holding the schema of a version (not compiled until asked for). */
export function createOasAjv(version: OasVersion, code?: CodeOptions): OasAjv {
  // The bundled schemas are fixed and tested: checking them against their meta-schema only costs time.
  const options = { allErrors: true, strict: false, logger: false as const, validateSchema: false, ...(code ? { code } : {}) };
  const ajv: AjvCore = version === '3.1' ? new Ajv2020(options) : new AjvDraft04(options);
  addFormats(ajv);
  const root = oasRootSchema(version);
  // Formats Ajv does not know (3.1's `media-range`) are accepted rather than reported.
  for (const format of formatsUsed(root)) if (!ajv.formats[format]) ajv.addFormat(format, true);
  ajv.addSchema(root);
  return { ajv, root, base: rootBase(version) };
}

const roots = new Map<OasVersion, AnySchemaObject>();

/** The schema of a version as validated (one object per version: Ajv and the explainer walk the same). */
export function oasRootSchema(version: OasVersion): AnySchemaObject {
  let root = roots.get(version);
  if (!root) roots.set(version, (root = version === '3.1' ? correctedSchema31(rootSchema(version)) : rootSchema(version)));
  return root;
}

function rootSchema(version: OasVersion): AnySchemaObject {
  return (version === '2.0' ? schema20 : version === '3.0' ? schema30 : schema31) as AnySchemaObject;
}

/**
 * The bundled 3.1 schema (iteration 2021-04-15) disagrees with the 3.1 specification in two
 * places that would flag correct documents; later iterations of the official schema fixed both.
 * The file stays as published; the in-memory copy used for validation is corrected:
 * - every `uri` is a URI *reference* (the spec allows relative references, e.g. `$ref: '#/...'`),
 *   and a Server Object's `url` is a plain string (relative, and templated with `{variables}`);
 * - a Server Variable's property is `description`, not `descriptions`.
 * Ajv also supports `$dynamicAnchor` only at a schema resource's root, and resolves the schema's
 * `$dynamicRef: '#meta'` to the wrong place (every Schema Object then fails). Without an extending
 * dialect the dynamic reference means `#/$defs/schema`, so it is replaced by that plain `$ref`.
 */
function correctedSchema31(published: AnySchemaObject): AnySchemaObject {
  const schema = replaceDynamicRefs(structuredClone(published)) as AnySchemaObject;
  const defs = schema.$defs as Record<string, AnySchemaObject>;
  defs.uri = { ...defs.uri, format: 'uri-reference' };
  defs.server.properties.url = { type: 'string' };
  const variable = defs['server-variable'].properties;
  if (variable.descriptions && !variable.description) {
    variable.description = variable.descriptions;
    delete variable.descriptions;
  }
  return schema;
}

export function rootBase(version: OasVersion): string {
  const schema = rootSchema(version);
  return String(schema.$id ?? schema.id).replace(/#$/, '');
}


/** The `format`s a schema uses. */
export function formatsUsed(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => formatsUsed(n, into));
  else if (typeof node === 'object' && node !== null) {
    for (const [key, child] of Object.entries(node)) {
      if (key === 'format' && typeof child === 'string') into.add(child);
      else formatsUsed(child, into);
    }
  }
  return into;
}


function replaceDynamicRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(replaceDynamicRefs);
  if (!node || typeof node !== 'object') return node;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key === '$dynamicRef' && value === '#meta') result.$ref = '#/$defs/schema';
    else if (key === '$dynamicAnchor' && value === 'meta') continue;
    else result[key] = replaceDynamicRefs(value);
  }
  return result;
}
