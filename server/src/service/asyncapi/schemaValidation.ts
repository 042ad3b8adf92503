// Validates an AsyncAPI document's plain value against the official AsyncAPI JSON Schema of its
// version (schemas/asyncapi/, copied from @asyncapi/specs), and words every failure as the OpenAPI
// check does: Ajv decides validity, the shared explainer (../openapi/schema/explain.ts) turns a
// failure into one finding per defect, at the key or value, with did-you-mean.

import type Ajv from 'ajv';
import type { AnySchemaObject, ValidateFunction } from 'ajv';
import { Explainer, type ResolvedSchema, type SchemaNode, type SchemaSource } from '../openapi/schema/explain';
import type { SchemaFinding } from '../openapi/schemaValidation';
import { asyncApiSchema, createAsyncApiAjv } from './asyncApiAjv';
import validate2 from './generated/asyncapi-2';
import validate3 from './generated/asyncapi-3';
import type { AsyncApiVersion } from './version';
import { ajvVerdicts } from '../openapi/schema/ajvVerdicts';


export interface AsyncApiSchemaFinding extends Omit<SchemaFinding, 'code'> {
  code: 'asyncapi.schema.unknownKey' | 'asyncapi.schema.missingKey' | 'asyncapi.schema.type' | 'asyncapi.schema.value' | 'asyncapi.schema.invalid';
}

interface Compiled {
  /** Generated at build time (scripts/asyncapiValidators.ts): no document waits for the schema to compile. */
  validate: ValidateFunction;
  root: AnySchemaObject;
  base: string;
  /** Made on the first invalid document: it compiles the parts of the schema it needs with Ajv. */
  explainer: () => Explainer;
}

const precompiled: Record<AsyncApiVersion, ValidateFunction> = { '2': validate2, '3': validate3 };

const compiled = new Map<AsyncApiVersion, Compiled>();

/** The version the bundled schema of a major version demands in the `asyncapi` field. */
export const SCHEMA_VERSION: Record<AsyncApiVersion, string> = { '2': '2.6.0', '3': '3.0.0' };

/** Findings for every way `value` breaks the official schema of its version; empty when it is valid. */
export function validateAsyncApiSchema(value: unknown, version: AsyncApiVersion): AsyncApiSchemaFinding[] {
  const schema = compiledSchema(version);
  // Earlier minor versions of 2.x are checked against 2.6, which only accepts its own number.
  const checked = earlierMinor(value, version) ? { ...(value as object), asyncapi: SCHEMA_VERSION[version] } : value;
  if (schema.validate(checked)) return [];
  const walked = schema.explainer().walk(schema.root, schema.base, checked, [], 'AsyncAPI Object', false).findings;
  const findings = walked.length > 0 ? walked : fromAjvErrors(schema.validate);
  // A misspelt key (`acton:`) also leaves its right spelling missing: the misspelling is the one defect.
  const misspelt = new Set(findings.filter((f) => f.code === 'oas.schema.unknownKey' && typeof f.data?.suggestion === 'string').map((f) => JSON.stringify([f.path.slice(0, -1), f.data!.suggestion])));
  const seen = new Set<string>();
  const result: AsyncApiSchemaFinding[] = [];
  for (const f of findings) {
    if (f.code === 'oas.schema.missingKey' && misspelt.has(JSON.stringify([f.path, f.data?.missing]))) continue;
    if (aboutReference(f, checked)) continue;
    const code = f.code.replace(/^oas\./, 'asyncapi.') as AsyncApiSchemaFinding['code'];
    // One finding per place: a value the properties and a `oneOf` both restrict (AMQP's `is`) is one defect.
    const key = JSON.stringify([f.path, f.on, code, code === 'asyncapi.schema.missingKey' || code === 'asyncapi.schema.invalid' ? f.message : '']);
    if (seen.has(key)) continue;
    seen.add(key);
    result.push({ path: f.path, on: f.on, code, message: f.message, ...(f.data !== undefined ? { data: f.data } : {}) });
  }
  return result;
}

/**
 * The official schema is written for a document whose `$ref`s are resolved (as @asyncapi/parser
 * checks it). Where it does not take a Reference Object — an Avro payload, which `$ref`s an `.avsc`
 * file — or takes two forms that both accept one (a Kafka binding's `key`: an AsyncAPI or an Avro
 * schema), a `$ref` breaks or blurs it only until resolved: what it points at decides, and an
 * unresolved `$ref` is reported on its own.
 */
function aboutReference(finding: SchemaFinding, value: unknown): boolean {
  if (finding.code !== 'oas.schema.invalid' && finding.code !== 'oas.schema.missingKey') return false;
  const node = atPath(value, finding.path);
  return typeof node === 'object' && node !== null && typeof (node as { $ref?: unknown }).$ref === 'string';
}

function atPath(value: unknown, path: readonly (string | number)[]): unknown {
  let node = value;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[String(key)];
  }
  return node;
}

function earlierMinor(value: unknown, version: AsyncApiVersion): boolean {
  const text = (value as { asyncapi?: unknown } | undefined)?.asyncapi;
  return version === '2' && typeof text === 'string' && /^2\.[0-5]\.\d+$/.test(text);
}

function compiledSchema(version: AsyncApiVersion): Compiled {
  let result = compiled.get(version);
  if (result) return result;
  const root = asyncApiSchema(version);
  let explainer: Explainer | undefined;
  const explain = (): Explainer => {
    if (explainer) return explainer;
    const { ajv } = createAsyncApiAjv(version);
    return (explainer = new Explainer(schemaSource(ajv, root, precompiled[version])));
  };
  result = { validate: precompiled[version], root, base: String(root.$id), explainer: explain };
  compiled.set(version, result);
  return result;
}

/** What the explainer needs: every embedded schema by its `$id`, Ajv's verdict per definition, formats. */
function schemaSource(ajv: Ajv, root: AnySchemaObject, rootValidator: ValidateFunction): SchemaSource {
  const documents = new Map<string, unknown>();
  collectIds(root, documents);
  return {
    dialect: '04', // draft-07 as draft-04 here: `$ref` replaces its siblings
    versionExample: String((root.properties as Record<string, { enum?: string[]; const?: string }>).asyncapi.const ?? (root.properties as Record<string, { enum?: string[] }>).asyncapi.enum?.[0]),
    resolve(ref, from): ResolvedSchema | undefined {
      const hash = ref.indexOf('#');
      const documentUri = hash === 0 ? from : (hash < 0 ? ref : ref.slice(0, hash));
      const document = documents.get(documentUri);
      if (document === undefined) return undefined;
      const pointer = decodeURIComponent(hash < 0 ? '' : ref.slice(hash + 1));
      const node = atPointer(document, pointer);
      return node === undefined ? undefined : { node: node as SchemaNode, base: documentUri, pointer };
    },
    ...ajvVerdicts(ajv, (target) =>
      // The whole schema is the generated validator; Ajv compiles only the parts the explainer asks about.
      target.pointer === '' && target.base === String(root.$id) ? rootValidator : ajv.getSchema(target.pointer === '' ? target.base : `${target.base}#${encodeURI(target.pointer)}`)),
    definitionName: (target) => (target.pointer === '' ? objectName(target.base) : undefined),
  };
}

function collectIds(node: unknown, into: Map<string, unknown>): void {
  if (Array.isArray(node)) for (const item of node) collectIds(item, into);
  else if (typeof node === 'object' && node !== null) {
    const id = (node as { $id?: unknown }).$id;
    if (typeof id === 'string') into.set(id.replace(/#$/, ''), node);
    for (const child of Object.values(node)) collectIds(child, into);
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

/** Names of the specification's objects, by the file name of their definition. */
const OBJECT_NAMES: Record<string, string> = {
  'asyncapi.json': 'AsyncAPI Object',
  'info.json': 'Info Object',
  'contact.json': 'Contact Object',
  'license.json': 'License Object',
  'servers.json': 'Servers Object',
  'server.json': 'Server Object',
  'serverVariable.json': 'Server Variable Object',
  'serverVariables.json': 'Server Variables Object',
  'Reference.json': 'Reference Object',
  'ReferenceObject.json': 'Reference Object',
  'channels.json': 'Channels Object',
  'channel.json': 'Channel Object',
  'channelItem.json': 'Channel Item Object',
  'channelMessages.json': 'Messages Object',
  'operations.json': 'Operations Object',
  'operation.json': 'Operation Object',
  'operationTrait.json': 'Operation Trait Object',
  'operationReply.json': 'Operation Reply Object',
  'operationReplyAddress.json': 'Operation Reply Address Object',
  'message.json': 'Message Object',
  'messageObject.json': 'Message Object',
  'messageTrait.json': 'Message Trait Object',
  'messageExampleObject.json': 'Message Example Object',
  'messages.json': 'Messages Object',
  'parameters.json': 'Parameters Object',
  'parameter.json': 'Parameter Object',
  'components.json': 'Components Object',
  'tag.json': 'Tag Object',
  'externalDocs.json': 'External Documentation Object',
  'correlationId.json': 'Correlation ID Object',
  'SecurityScheme.json': 'Security Scheme Object',
  'SecurityRequirement.json': 'Security Requirement Object',
  'oauth2Flows.json': 'OAuth Flows Object',
  'oauth2Flow.json': 'OAuth Flow Object',
  'multiFormatSchema.json': 'Multi Format Schema Object',
  'schema.json': 'Schema Object',
  'serverBindingsObject.json': 'Server Bindings Object',
  'channelBindingsObject.json': 'Channel Bindings Object',
  'operationBindingsObject.json': 'Operation Bindings Object',
  'messageBindingsObject.json': 'Message Bindings Object',
  'bindingsObject.json': 'Bindings Object',
};

const BINDING_NAMES: Record<string, string> = {
  amqp: 'AMQP', amqp1: 'AMQP 1.0', http: 'HTTP', kafka: 'Kafka', mqtt: 'MQTT', mqtt5: 'MQTT 5', ws: 'WebSocket', websockets: 'WebSocket',
  jms: 'JMS', sns: 'SNS', sqs: 'SQS', solace: 'Solace', ibmmq: 'IBM MQ', googlepubsub: 'Google Pub/Sub', anypointmq: 'Anypoint MQ',
  pulsar: 'Pulsar', nats: 'NATS', redis: 'Redis', stomp: 'STOMP', mercure: 'Mercure',
};

/** "Operation Object" for …/3.0.0/operation.json, "Kafka Message Binding Object" for …/bindings/kafka/0.5.0/message.json. */
function objectName(id: string): string | undefined {
  const binding = /\/bindings\/([^/]+)\/[^/]+\/(\w+)\.json$/.exec(id);
  if (binding) {
    const protocol = BINDING_NAMES[binding[1]] ?? binding[1];
    return `${protocol} ${binding[2].charAt(0).toUpperCase()}${binding[2].slice(1)} Binding Object`;
  }
  if (!/asyncapi\.com\/definitions\//.test(id)) return undefined;
  return OBJECT_NAMES[id.slice(id.lastIndexOf('/') + 1)];
}

/** Last resort when the explainer finds nothing to say: Ajv's own leaf errors, plainly worded. */
function fromAjvErrors(validate: ValidateFunction): SchemaFinding[] {
  const findings: SchemaFinding[] = [];
  for (const error of validate.errors ?? []) {
    if (['oneOf', 'anyOf', 'if', 'allOf'].includes(error.keyword)) continue;
    const path = error.instancePath === '' ? [] : error.instancePath.slice(1).split('/').map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = path[path.length - 1];
    findings.push({ path, on: 'value', code: 'oas.schema.invalid', message: `${last === undefined ? 'The document' : '`' + last + '`'} ${error.message ?? 'is not valid'}.` });
  }
  return findings;
}
