// The Ajv set-up for the official AsyncAPI schemas, shared by the build (which turns it into
// precompiled validators, see scripts/asyncapiValidators.ts) and the runtime (which compiles parts
// of the schema on demand to explain a failure).
import Ajv from 'ajv';
import type { AnySchemaObject, CodeOptions } from 'ajv';
import addFormats from 'ajv-formats';
import schema2 from '../../../../schemas/asyncapi/2.6.0.json';
import schema3 from '../../../../schemas/asyncapi/3.0.0.json';
import type { AsyncApiVersion } from './version';

/** The bundled official schema of a version. */
export function asyncApiSchema(version: AsyncApiVersion): AnySchemaObject {
  return (version === '2' ? schema2 : schema3) as AnySchemaObject;
}

/** An Ajv instance holding the schema of a version (not compiled until asked for), and the schema's id. */
export function createAsyncApiAjv(version: AsyncApiVersion, code?: CodeOptions): { ajv: Ajv; root: AnySchemaObject; base: string } {
  const root = asyncApiSchema(version);
  // The schemas embed the draft-07 meta-schema they use; Ajv's own copy would clash with it.
  const ajv = new Ajv({ allErrors: true, strict: false, logger: false, validateSchema: false, meta: false, ...(code ? { code } : {}) });
  addFormats(ajv);
  ajv.addSchema(root);
  return { ajv, root, base: String(root.$id) };
}
