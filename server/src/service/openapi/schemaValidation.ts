// Validates an OpenAPI document's plain value against the official OAS JSON Schema of its version.
//
// Ajv decides validity (fast: GitHub's 13 MB description takes a fraction of a second), through
// validators the build generated from the schemas, so no document waits for them to compile; when
// one says no, the explainer in ./schema/explain.ts turns the failure into one finding per defect.

import type { AnySchemaObject, ValidateFunction } from 'ajv/dist/core';
import validate20 from './schema/generated/oas-2.0';
import validate30 from './schema/generated/oas-3.0';
import validate31 from './schema/generated/oas-3.1';
import { createOasAjv, oasRootSchema, rootBase } from './schema/oasAjv';
import { Explainer, type ResolvedSchema, type SchemaNode, type SchemaSource } from './schema/explain';
import { label } from './schema/wording';
import { escapePointerSegment, pointerSegments, valueAtPath } from '../pointer';
import { ajvPredicate, sentence } from '../schemaFindings';

export type { OasVersion } from '../documents';
import type { OasVersion } from '../documents';
import { ajvVerdicts } from './schema/ajvVerdicts';

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
  /** Made on the first invalid document: it compiles the parts of the schema it needs with Ajv. */
  explainer: () => Explainer;
  rootName: string;
}

const precompiled: Record<OasVersion, ValidateFunction> = { '2.0': validate20, '3.0': validate30, '3.1': validate31 };

const DRAFT_04_META = 'http://json-schema.org/draft-04/schema';

const compiled = new Map<OasVersion, CompiledSchema>();

/** Findings for every way `value` breaks the official schema of `version`; empty when it is schema-valid. */
export function validateOasSchema(value: unknown, version: OasVersion): SchemaFinding[] {
  const schema = compiledSchema(version);
  if (schema.validate(value)) return [];
  const walked = schema.explainer().walk(schema.root, rootBase(version), value, [], schema.rootName, false).findings;
  const findings = walked.length > 0 ? walked : fromAjvErrors(schema.validate, value);
  return dedupe(findings);
}

function compiledSchema(version: OasVersion): CompiledSchema {
  let result = compiled.get(version);
  if (result) return result;
  const root = oasRootSchema(version);
  let explainer: Explainer | undefined;
  result = {
    validate: precompiled[version],
    root,
    explainer: () => (explainer ??= createExplainer(version)),
    rootName: version === '2.0' ? 'Swagger Object' : 'OpenAPI Object',
  };
  compiled.set(version, result);
  return result;
}

function createExplainer(version: OasVersion): Explainer {
  const { ajv, root, base } = createOasAjv(version);
  const documents = new Map<string, unknown>([[base, root]]);
  const meta = ajv.getSchema(DRAFT_04_META)?.schema;
  if (meta !== undefined && version !== '3.1') documents.set(DRAFT_04_META, meta);
  const dynamicAnchors = new Map<string, string>();
  collectDynamicAnchors(root, '', dynamicAnchors);

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
      const node = valueAtPath(document, pointerSegments(pointer));
      return node === undefined ? undefined : { node: node as SchemaNode, base: documentUri, pointer };
    },
    ...ajvVerdicts(ajv, (target) => ajv.getSchema(target.base + '#' + encodeURI(target.pointer))),
  };
  return new Explainer(source);
}

function collectDynamicAnchors(node: unknown, pointer: string, into: Map<string, string>): void {
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  if (typeof record.$dynamicAnchor === 'string' && !into.has(record.$dynamicAnchor)) into.set(record.$dynamicAnchor, pointer);
  for (const [key, child] of Object.entries(record)) {
    collectDynamicAnchors(child, `${pointer}/${escapePointerSegment(key)}`, into);
  }
}

/** Last resort when the explainer finds nothing to say: Ajv's leaf errors, worded as those of our own schemas. */
function fromAjvErrors(validate: ValidateFunction, document: unknown): SchemaFinding[] {
  const findings: SchemaFinding[] = [];
  for (const error of validate.errors ?? []) {
    if (['oneOf', 'anyOf', 'if', 'allOf'].includes(error.keyword)) continue;
    const path: (string | number)[] = [];
    let node = document;
    for (const key of pointerSegments(error.instancePath)) {
      const segment = Array.isArray(node) ? Number(key) : key;
      path.push(segment);
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
    }
    findings.push({ path, on: 'value', code: 'oas.schema.invalid', message: sentence(label(path), ajvPredicate(error, node)) });
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

