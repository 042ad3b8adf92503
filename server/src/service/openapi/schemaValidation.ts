// Validates an OpenAPI document's plain value against the official OAS JSON Schema of its version.
//
// Ajv decides validity (fast: GitHub's 13 MB description takes a fraction of a second); when it
// says no, the explainer in ./schema/explain.ts turns the failure into one finding per defect.

import type AjvCore from 'ajv/dist/core';
import type { AnySchemaObject, ValidateFunction } from 'ajv/dist/core';
import Ajv2020 from 'ajv/dist/2020';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import schema20 from '../../../../schemas/oas/2.0.json';
import schema30 from '../../../../schemas/oas/3.0.json';
import schema31 from '../../../../schemas/oas/3.1.json';
import { Explainer, type ResolvedSchema, type SchemaNode, type SchemaSource } from './schema/explain';
import { label } from './schema/wording';

export type OasVersion = '2.0' | '3.0' | '3.1';

export interface SchemaFinding {
  /** Path into the document value (keys and array indices) of the node the finding is about. */
  path: (string | number)[];
  /** 'key': highlight that node's key (unknown property, or an object missing a required property → the object's own key); 'value': highlight the value. */
  on: 'key' | 'value';
  code: 'oas.schema.unknownKey' | 'oas.schema.missingKey' | 'oas.schema.type' | 'oas.schema.value' | 'oas.schema.invalid';
  message: string;
  /** For quick fixes later: e.g. { suggestion: 'summary' } for a misspelt key, { missing: 'responses' }. */
  data?: Record<string, unknown>;
}

interface CompiledSchema {
  validate: ValidateFunction;
  root: AnySchemaObject;
  explainer: Explainer;
  rootName: string;
}

const DRAFT_04_META = 'http://json-schema.org/draft-04/schema';

const compiled = new Map<OasVersion, CompiledSchema>();

/** Findings for every way `value` breaks the official schema of `version`; empty when it is schema-valid. */
export function validateOasSchema(value: unknown, version: OasVersion): SchemaFinding[] {
  const schema = compiledSchema(version);
  if (schema.validate(value)) return [];
  const walked = schema.explainer.walk(schema.root, rootBase(version), value, [], schema.rootName, false).findings;
  const findings = walked.length > 0 ? walked : fromAjvErrors(schema.validate, value);
  return dedupe(findings);
}

/** Compiles the schema of a version ahead of its first use (compiling takes longer than validating). */
export function prepareOasSchema(version: OasVersion): void {
  compiledSchema(version);
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

function rootBase(version: OasVersion): string {
  const schema = rootSchema(version);
  return String(schema.$id ?? schema.id).replace(/#$/, '');
}

function compiledSchema(version: OasVersion): CompiledSchema {
  let result = compiled.get(version);
  if (result) return result;
  const options = { allErrors: true, strict: false, logger: false as const };
  const ajv: AjvCore = version === '3.1' ? new Ajv2020(options) : new AjvDraft04(options);
  addFormats(ajv);
  const root = version === '3.1' ? correctedSchema31(rootSchema(version)) : rootSchema(version);
  // Formats Ajv does not know (3.1's `media-range`) are accepted rather than reported.
  for (const format of formatsUsed(root)) if (!ajv.formats[format]) ajv.addFormat(format, true);
  const base = rootBase(version);
  ajv.addSchema(root);
  const validate = ajv.getSchema(base);
  if (!validate) throw new Error(`OpenAPI ${version} schema did not compile`);

  const documents = new Map<string, unknown>([[base, root]]);
  const meta = ajv.getSchema(DRAFT_04_META)?.schema;
  if (meta !== undefined && version !== '3.1') documents.set(DRAFT_04_META, meta);
  const dynamicAnchors = new Map<string, string>();
  collectDynamicAnchors(root, '', dynamicAnchors);
  const validators = new Map<string, ValidateFunction | null>();

  const source: SchemaSource = {
    dialect: version === '3.1' ? '2020' : '04',
    versionExample: version === '2.0' ? '2.0' : version === '3.0' ? '3.0.3' : '3.1.0',
    resolve(ref, from, dynamic): ResolvedSchema | undefined {
      const hash = ref.indexOf('#');
      const documentUri = hash === 0 ? from : (hash < 0 ? ref : ref.slice(0, hash)).replace(/#$/, '');
      const document = documents.get(documentUri);
      if (document === undefined) return undefined;
      let pointer = decodeURIComponent(hash < 0 ? '' : ref.slice(hash + 1));
      if (dynamic && pointer !== '' && !pointer.startsWith('/')) {
        const anchored = dynamicAnchors.get(pointer);
        if (anchored === undefined) return undefined;
        pointer = anchored;
      }
      const node = atPointer(document, pointer);
      return node === undefined ? undefined : { node: node as SchemaNode, base: documentUri, pointer };
    },
    isValid(target, value) {
      const key = `${target.base}#${target.pointer}`;
      let validator = validators.get(key);
      if (validator === undefined) {
        try {
          validator = ajv.getSchema(target.base + '#' + encodeURI(target.pointer)) ?? null;
        } catch {
          validator = null;
        }
        validators.set(key, validator);
      }
      return validator ? (validator(value) as boolean) : undefined;
    },
    checkFormat(format, value) {
      const known = ajv.formats[format];
      if (known === undefined || known === true) return true;
      if (known instanceof RegExp) return known.test(value);
      if (typeof known === 'function') return known(value) as boolean;
      const check = (known as { validate?: unknown }).validate;
      if (check instanceof RegExp) return check.test(value);
      if (typeof check === 'function') return Boolean(check(value));
      return true;
    },
  };
  result = { validate, root, explainer: new Explainer(source), rootName: version === '2.0' ? 'Swagger Object' : 'OpenAPI Object' };
  compiled.set(version, result);
  return result;
}

function formatsUsed(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => formatsUsed(n, into));
  else if (typeof node === 'object' && node !== null) {
    for (const [key, child] of Object.entries(node)) {
      if (key === 'format' && typeof child === 'string') into.add(child);
      else formatsUsed(child, into);
    }
  }
  return into;
}

function collectDynamicAnchors(node: unknown, pointer: string, into: Map<string, string>): void {
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  if (typeof record.$dynamicAnchor === 'string' && !into.has(record.$dynamicAnchor)) into.set(record.$dynamicAnchor, pointer);
  for (const [key, child] of Object.entries(record)) {
    collectDynamicAnchors(child, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, into);
  }
}

function atPointer(document: unknown, pointer: string): unknown {
  if (pointer === '') return document;
  let node = document;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null || !Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Last resort when the explainer finds nothing to say: Ajv's own leaf errors, plainly worded. */
function fromAjvErrors(validate: ValidateFunction, document: unknown): SchemaFinding[] {
  const findings: SchemaFinding[] = [];
  for (const error of validate.errors ?? []) {
    if (['oneOf', 'anyOf', 'if', 'allOf'].includes(error.keyword)) continue;
    const path: (string | number)[] = [];
    let node = document;
    for (const raw of error.instancePath === '' ? [] : error.instancePath.slice(1).split('/')) {
      const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      const segment = Array.isArray(node) ? Number(key) : key;
      path.push(segment);
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
    }
    findings.push({ path, on: 'value', code: 'oas.schema.invalid', message: `${label(path)} ${error.message ?? 'is not valid'}.` });
  }
  return findings;
}

function dedupe(findings: SchemaFinding[]): SchemaFinding[] {
  const seen = new Set<string>();
  const result: SchemaFinding[] = [];
  for (const f of findings) {
    const key = JSON.stringify([f.path, f.on, f.code, f.message]);
    if (seen.has(key)) continue;
    seen.add(key);
    const finding: SchemaFinding = { path: f.path, on: f.on, code: f.code, message: f.message };
    if (f.data !== undefined) finding.data = f.data;
    result.push(finding);
  }
  return result;
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
