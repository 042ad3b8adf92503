import { Type as AvroType } from 'avsc';
import { CancellationToken, throwIfCancelled } from '../cancellation';
import { ParsedDocument } from '../documents';
import { Finding } from '../findings';
import { LanguageService } from '../languageService';
import { AstNode, findNodeAtPath, findProperty, pathOfNode } from '../parser/ast';
import { formatPointer, parsePointer } from '../pointer';
import { closestMatch, didYouMean } from '../suggest';
import { collectRefs, makeRefUse } from '../openapi/references';
import { operations } from '../openapi/walk';
import { MappingModel, MappingSide } from './model';
import { openApiIndex } from '../openapi/workspaceIndex';
import { openApiVersion } from '../openapi/version';
import { asyncApiIndex } from '../asyncapi/workspaceIndex';
import { asyncApiVersion } from '../asyncapi/version';
import { asyncApiMessage } from './asyncApiSide';

export interface SideSchema {
  uri: string;
  path: string[];
  /** self-contained JSON Schema (draft 2020-12): $refs (also across files) inlined, cycles cut to {}, OAS 3.0 nullable turned into type arrays */
  schema: Record<string, unknown>;
}

/** Where an inlined schema object came from (for hover and go to definition). */
export interface SchemaOrigin {
  uri: string;
  node: AstNode;
}

const origins = new WeakMap<object, SchemaOrigin>();

/** The spec node an inlined schema object was made from. */
export function schemaOrigin(schema: unknown): SchemaOrigin | undefined {
  return schema && typeof schema === 'object' ? origins.get(schema) : undefined;
}

const propertyOrigins = new WeakMap<object, Map<string, SchemaOrigin>>();

/** The spec node (its key is the name) that declares a property of an inlined schema, through allOf/oneOf/anyOf. */
export function propertyOrigin(schema: unknown, name: string, depth = 0): SchemaOrigin | undefined {
  if (!schema || typeof schema !== 'object' || depth > 16) return undefined;
  const own = propertyOrigins.get(schema)?.get(name);
  if (own) return own;
  const s = schema as Record<string, unknown>;
  for (const key of ['allOf', 'oneOf', 'anyOf']) {
    if (!Array.isArray(s[key])) continue;
    for (const branch of s[key] as unknown[]) {
      const found = propertyOrigin(branch, name, depth + 1);
      if (found) return found;
    }
  }
  for (const key of ['items', 'additionalProperties']) if (s[key] && typeof s[key] === 'object' && key === 'items') {
    const found = propertyOrigin(s[key], name, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Every file a side's schema was read from (for re-checking the mapping when one changes). */
const sideFiles = new WeakMap<SideSchema, string[]>();
export function filesOfSideSchema(schema: SideSchema): string[] {
  return sideFiles.get(schema) ?? [schema.uri];
}

const cache = new WeakMap<MappingSide, { key: string; result: Promise<{ schema?: SideSchema; problem?: Finding; files: string[] }> }>();

/**
 * The schema of one side of a mapping: a JSON pointer into an OpenAPI document or JSON Schema
 * file, an operation's request or response body, or an Avro schema, made self-contained.
 */
export async function resolveSideSchema(
  service: LanguageService,
  model: MappingModel,
  side: 'source' | 'target',
  token: CancellationToken,
): Promise<{ schema?: SideSchema; problem?: Finding }> {
  const result = await resolveSideSchemaWithFiles(service, model, side, token);
  return { schema: result.schema, problem: result.problem };
}

/** Like resolveSideSchema, also naming the files it read (and the ones it looked for). */
export async function resolveSideSchemaWithFiles(
  service: LanguageService,
  model: MappingModel,
  side: 'source' | 'target',
  token: CancellationToken,
): Promise<{ schema?: SideSchema; problem?: Finding; files: string[] }> {
  const s = model[side];
  if (!s || !s.specUri) return { files: [] };
  // Reuse while every file read is at the same version.
  const cached = cache.get(s);
  if (cached) {
    const prev = await cached.result;
    if ((await versionsKey(service, prev.files)) === cached.key) return prev;
  }
  const promise = resolve(service, model, s, side, token);
  const result = await promise;
  cache.set(s, { key: await versionsKey(service, result.files), result: Promise.resolve(result) });
  return result;
}

async function versionsKey(service: LanguageService, files: string[]): Promise<string> {
  const parts: string[] = [];
  for (const f of files) {
    const doc = await service.documents.get(f);
    parts.push(`${f}@${doc ? doc.version : '-'}`);
  }
  return parts.join('|');
}

async function resolve(
  service: LanguageService,
  model: MappingModel,
  s: MappingSide,
  side: 'source' | 'target',
  token: CancellationToken,
): Promise<{ schema?: SideSchema; problem?: Finding; files: string[] }> {
  const specUri = s.specUri!;
  const specNode = s.specNode!;
  const at = (node: AstNode | undefined, code: string, message: string, data?: Record<string, unknown>): Finding => {
    const n = node ?? specNode;
    return { uri: model.uri, code, message, offset: n.offset, length: n.length, data };
  };
  if (specUri === model.uri) {
    return { problem: at(specNode, 'mapping.spec.invalid', `The ${side} spec is this mapping itself; name an OpenAPI document, a JSON Schema or an Avro schema.`), files: [] };
  }
  const doc = await service.documents.get(specUri);
  if (!doc) return { problem: at(specNode, 'mapping.spec.notFound', `File not found: ${s.spec}.`), files: [specUri] };
  if (!doc.parse.root) {
    const what = doc.tooLarge ? 'is too large to read' : doc.text.trim() === '' ? 'is empty' : 'is not a JSON or YAML document';
    return { problem: at(specNode, 'mapping.spec.invalid', `${s.spec} ${what}.`), files: [specUri] };
  }
  const named = service.kinds.byFileName(doc.uri);
  if (named) {
    return { problem: at(specNode, 'mapping.spec.invalid', `${s.spec} is a ${named.label(doc.kind).toLowerCase()} file; name an OpenAPI document, a JSON Schema or an Avro schema.`), files: [specUri] };
  }
  const sideNode = s.node;
  const schemaNode = findProperty(sideNode, 'schema');
  const operationNode = findProperty(sideNode, 'operation');

  // Avro
  if (/\.avsc$/i.test(specUri)) {
    try {
      AvroType.forSchema(doc.parse.value as never);
    } catch (e) {
      return { problem: at(specNode, 'mapping.spec.invalid', `${s.spec} is not a valid Avro schema: ${(e as Error).message}`), files: [specUri] };
    }
    const schema = avroToJsonSchema(doc.uri, doc.parse.root!);
    return { schema: { uri: specUri, path: [], schema }, files: [specUri] };
  }

  const docs = await loadReachable(service, doc, token);
  const files = [...docs.keys()];
  if (!!openApiVersion(doc)) {
    const analysis = await openApiIndex(service).analyze(specUri, token);
    if (analysis) for (const f of analysis.set.documents.keys()) if (!files.includes(f)) files.push(f);
  }
  let oas30 = openApiVersion(doc) !== undefined && openApiVersion(doc) !== '3.1';
  const messageNode = findProperty(sideNode, 'message');

  let start: { uri: string; node: AstNode } | undefined;
  if (s.schema !== undefined) {
    const path = parsePointer(s.schema.includes('#') ? s.schema.slice(s.schema.indexOf('#')) : s.schema);
    if (!path) return { problem: at(schemaNode, 'mapping.schema.unknownPointer', `\`${s.schema}\` is not a JSON pointer (it starts with \`#/\`).`), files };
    const node = findNodeAtPath(doc.parse.root, path);
    if (!node) {
      const candidates = schemaPointers(doc);
      const suggestion = closestMatch(s.schema, candidates);
      return {
        problem: at(schemaNode, 'mapping.schema.unknownPointer', `${s.spec} has nothing at \`${s.schema}\`${suggestion ? `; did you mean \`${suggestion}\`?` : '.'}`, suggestion ? { suggestion } : undefined),
        files,
      };
    }
    start = { uri: specUri, node };
  } else if (asyncApiVersion(doc) && (s.message !== undefined || s.operation !== undefined)) {
    const analysis = await asyncApiIndex(service).analyze(specUri, token);
    if (!analysis) return { files };
    for (const f of analysis.set.documents.keys()) if (!files.includes(f)) files.push(f);
    const found = asyncApiMessage(analysis, s);
    if ('problem' in found) return { problem: at(found.on === 'operation' ? operationNode : messageNode, found.code, found.problem, found.suggestion ? { suggestion: found.suggestion } : undefined), files };
    if (found.format === 'avro') {
      const avroAt = deref(docs, found.at);
      if (!avroAt) return { files };
      return { schema: { uri: avroAt.uri, path: pathOfNode(avroAt.node).map(String), schema: avroToJsonSchema(avroAt.uri, avroAt.node) }, files };
    }
    oas30 = found.format === 'openapi';
    start = found.at;
  } else if (s.message !== undefined) {
    return { problem: at(messageNode, 'mapping.message.unknown', `${s.spec} is not an AsyncAPI document; \`message\` needs one.`), files };
  } else if (s.operation !== undefined) {
    if (!openApiVersion(doc)) return { problem: at(operationNode, 'mapping.operation.unknown', `${s.spec} is not an OpenAPI or AsyncAPI document; \`operation\` needs one.`), files };
    const ops = [...operations(doc.parse.root)];
    const op = ops.find((o) => findProperty(o.operation, 'operationId')?.value === s.operation);
    if (!op) {
      const ids = ops.map((o) => findProperty(o.operation, 'operationId')?.value).filter((v): v is string => typeof v === 'string');
      return { problem: at(operationNode, 'mapping.operation.unknown', `${s.spec} has no operation \`${s.operation}\`${didYouMean(s.operation, ids)}`), files };
    }
    const found = bodySchema(docs, specUri, op.operation, s, openApiVersion(doc) === '2.0');
    if ('problem' in found) {
      const node = s.response !== undefined ? findProperty(sideNode, found.on === 'mediaType' ? 'mediaType' : 'response') ?? operationNode : found.on === 'mediaType' ? findProperty(sideNode, 'mediaType') ?? operationNode : operationNode;
      return { problem: at(node, found.on === 'mediaType' ? 'mapping.operation.noMediaType' : 'mapping.operation.noBody', found.problem), files };
    }
    start = found;
  } else if (!!openApiVersion(doc)) {
    return { problem: at(specNode, 'mapping.schema.missing', `Name the ${side} schema in ${s.spec}: add \`schema: "#/components/schemas/…"\` or \`operation: <operationId>\`.`), files };
  } else if (asyncApiVersion(doc)) {
    return { problem: at(specNode, 'mapping.schema.missing', `Name the ${side} message in ${s.spec}: add \`message: <message id or name>\`, \`operation: <operation id>\` or \`schema: "#/components/schemas/…"\`.`), files };
  } else {
    start = { uri: specUri, node: doc.parse.root };
  }
  throwIfCancelled(token);
  const inliner = new Inliner(docs, oas30);
  const schema = inliner.convert(start.uri, start.node);
  return { schema: { uri: start.uri, path: pathOfNode(start.node).map(String), schema }, files };
}

/** Every JSON pointer to something schema-like in a document (for did-you-mean and completion). */
export function schemaPointers(doc: ParsedDocument): string[] {
  const out: string[] = [];
  const root = doc.parse.root;
  for (const section of [['components', 'schemas'], ['definitions'], ['$defs']]) {
    const node = findNodeAtPath(root, section);
    if (node?.type === 'object') for (const c of node.children!) out.push(formatPointer([...section, String(c.key)]));
  }
  // An AsyncAPI message's payload is a schema too.
  if (asyncApiVersion(doc)) for (const m of findNodeAtPath(root, ['components', 'messages'])?.children ?? []) if (findProperty(m, 'payload')) out.push(formatPointer(['components', 'messages', String(m.key), 'payload']));
  if (!out.length && root?.type === 'object') for (const c of root.children!) if (c.type === 'object') out.push(formatPointer([String(c.key)]));
  return out;
}

/** operationIds of an OpenAPI document. */
export function operationIds(doc: ParsedDocument): { id: string; method: string; path: string; node: AstNode }[] {
  const out: { id: string; method: string; path: string; node: AstNode }[] = [];
  for (const op of operations(doc.parse.root)) {
    const id = findProperty(op.operation, 'operationId');
    if (id?.type === 'string') out.push({ id: String(id.value), method: op.method, path: op.path, node: id });
  }
  return out;
}

/** A document and every file its `$ref`s reach (at most 500). */
export async function loadReachable(service: LanguageService, doc: ParsedDocument, token: CancellationToken): Promise<Map<string, ParsedDocument>> {
  const docs = new Map<string, ParsedDocument>([[doc.uri, doc]]);
  const queue = [doc];
  while (queue.length && docs.size < 500) {
    throwIfCancelled(token);
    const current = queue.shift()!;
    for (const use of collectRefs(current)) {
      if (use.remote || docs.has(use.targetUri)) continue;
      const target = await service.documents.get(use.targetUri);
      if (!target || !target.parse.root) continue;
      docs.set(use.targetUri, target);
      queue.push(target);
    }
  }
  return docs;
}

export type Located = { uri: string; node: AstNode };

/** Follows `$ref`s (at most 32 hops) to the node they lead to. */
export function deref(docs: Map<string, ParsedDocument>, at: Located | undefined): Located | undefined {
  let current = at;
  for (let hops = 0; current && hops < 32; hops++) {
    const ref = findProperty(current.node, '$ref');
    if (!ref || ref.type !== 'string') return current;
    const use = makeRefUse(current.uri, current.node, ref);
    const doc = docs.get(use.targetUri);
    const node = doc && use.targetPath ? findNodeAtPath(doc.parse.root, use.targetPath) : undefined;
    current = node ? { uri: use.targetUri, node } : undefined;
  }
  return undefined;
}

function bodySchema(
  docs: Map<string, ParsedDocument>,
  uri: string,
  operation: AstNode,
  s: MappingSide,
  swagger2: boolean,
): Located | { problem: string; on: 'operation' | 'response' | 'mediaType' } {
  const op = { uri, node: operation };
  let holder: Located | undefined;
  if (s.response !== undefined) {
    const responses = deref(docs, member(op, 'responses'));
    const response = deref(docs, member(responses, s.response) ?? (s.response === 'default' ? undefined : member(responses, 'default')));
    if (!response) {
      const codes = responses?.node.children?.map((c) => String(c.key)) ?? [];
      return { problem: `\`${s.operation}\` has no response \`${s.response}\`${codes.length ? ` (it has ${codes.map((c) => `\`${c}\``).join(', ')})` : ''}.`, on: 'response' };
    }
    if (swagger2) {
      const schema = member(response, 'schema');
      return schema ?? { problem: `Response \`${s.response}\` of \`${s.operation}\` has no body schema.`, on: 'response' };
    }
    holder = response;
  } else {
    if (swagger2) {
      for (const p of member(op, 'parameters')?.node.children ?? []) {
        const param = deref(docs, { uri, node: p });
        if (param && findProperty(param.node, 'in')?.value === 'body') {
          const schema = member(param, 'schema');
          if (schema) return schema;
        }
      }
      return { problem: `\`${s.operation}\` has no body parameter; name a response with \`response: "200"\`.`, on: 'operation' };
    }
    holder = deref(docs, member(op, 'requestBody'));
    if (!holder) return { problem: `\`${s.operation}\` has no request body; name a response with \`response: "200"\`.`, on: 'operation' };
  }
  const content = member(holder, 'content');
  const types = content?.node.children?.map((c) => String(c.key)) ?? [];
  if (!types.length) return { problem: `The ${s.response !== undefined ? `response \`${s.response}\`` : 'request body'} of \`${s.operation}\` has no content.`, on: s.response !== undefined ? 'response' : 'operation' };
  let chosen: string | undefined;
  if (s.mediaType !== undefined) {
    chosen = types.find((t) => t === s.mediaType);
    if (!chosen) return { problem: `\`${s.operation}\` has no media type \`${s.mediaType}\`${didYouMean(s.mediaType, types)}`, on: 'mediaType' };
  } else {
    chosen = types.find((t) => /^application\/json/i.test(t)) ?? types.find((t) => /[+/]json/i.test(t)) ?? types[0];
  }
  const schema = member(member(content, chosen), 'schema');
  return schema ?? { problem: `\`${chosen}\` of \`${s.operation}\` has no schema.`, on: 'operation' };
}

function member(at: Located | undefined, key: string): Located | undefined {
  if (!at) return undefined;
  const node = findProperty(at.node, key);
  return node ? { uri: at.uri, node } : undefined;
}

const DROP = new Set(['nullable', 'discriminator', 'xml', 'externalDocs', 'example', '$schema', '$id', '$defs', 'definitions', 'id']);

/**
 * A schema subtree (and everything it references) as one self-contained JSON Schema; with
 * `keepExamples`, `example` stays (mock responses are made from it).
 */
export function inlineSchema(docs: Map<string, ParsedDocument>, at: Located, oas30: boolean, keepExamples = false): Record<string, unknown> {
  return new Inliner(docs, oas30, keepExamples).convert(at.uri, at.node);
}

/** Turns a schema subtree (and everything it references) into one self-contained JSON Schema. */
class Inliner {
  private readonly done = new Map<AstNode, Record<string, unknown>>();
  private readonly active = new Set<AstNode>();
  private count = 0;

  constructor(
    private readonly docs: Map<string, ParsedDocument>,
    private readonly oas30: boolean,
    private readonly keepExamples = false,
  ) {}

  convert(uri: string, node: AstNode): Record<string, unknown> {
    if (node.type === 'boolean') return node.value ? {} : { not: {} };
    if (node.type !== 'object') return {};
    const ref = findProperty(node, '$ref');
    if (ref?.type === 'string') {
      const target = deref(this.docs, { uri, node });
      if (!target || this.active.has(target.node)) return {};
      const siblings = node.children!.filter((c) => c.key !== '$ref' && c.key !== 'description' && c.key !== 'summary');
      const converted = this.convert(target.uri, target.node);
      if (!siblings.length) {
        const description = findProperty(node, 'description');
        if (description?.type !== 'string' || converted.description === description.value) return converted;
        const copy = this.note({ ...converted, description: description.value }, { uri, node: target.node });
        const props = propertyOrigins.get(converted);
        if (props) propertyOrigins.set(copy, props);
        return copy;
      }
      return this.note({ allOf: [converted, this.convertObject(uri, node, true)] }, { uri: target.uri, node: target.node });
    }
    return this.convertObject(uri, node, false);
  }

  private note(schema: Record<string, unknown>, origin: SchemaOrigin): Record<string, unknown> {
    origins.set(schema, origin);
    return schema;
  }

  private convertObject(uri: string, node: AstNode, skipRef: boolean): Record<string, unknown> {
    const existing = this.done.get(node);
    if (existing && !skipRef) return existing;
    if (this.active.has(node) || ++this.count > 200_000) return {};
    this.active.add(node);
    const out: Record<string, unknown> = {};
    try {
      for (const child of node.children!) {
        const key = String(child.key);
        if ((skipRef && key === '$ref') || (DROP.has(key) && !(this.keepExamples && key === 'example')) || key.startsWith('x-')) continue;
        switch (key) {
          case 'properties':
          case 'patternProperties':
          case 'dependentSchemas':
            if (child.type === 'object') {
              const props: Record<string, unknown> = {};
              const where = new Map<string, SchemaOrigin>();
              for (const p of child.children!) {
                props[String(p.key)] = this.convert(uri, p);
                where.set(String(p.key), { uri, node: p });
              }
              out[key] = props;
              if (key === 'properties') propertyOrigins.set(out, where);
            }
            break;
          case 'items':
            out.items = child.type === 'array' ? {} : this.convert(uri, child);
            if (child.type === 'array') out.prefixItems = child.children!.map((c) => this.convert(uri, c));
            break;
          case 'additionalProperties':
          case 'not':
          case 'contains':
          case 'propertyNames':
          case 'if':
          case 'then':
          case 'else':
          case 'unevaluatedProperties':
          case 'unevaluatedItems':
            out[key] = this.convert(uri, child);
            break;
          case 'allOf':
          case 'anyOf':
          case 'oneOf':
          case 'prefixItems':
            if (child.type === 'array') out[key] = child.children!.map((c) => this.convert(uri, c));
            break;
          case 'exclusiveMinimum':
          case 'exclusiveMaximum':
            if (typeof child.value === 'boolean') break;
            out[key] = child.value;
            break;
          default:
            out[key] = plain(child);
        }
      }
      if (this.oas30) {
        for (const [bound, flag] of [['minimum', 'exclusiveMinimum'], ['maximum', 'exclusiveMaximum']] as const) {
          if (findProperty(node, flag)?.value === true && typeof out[bound] === 'number') {
            out[flag] = out[bound];
            delete out[bound];
          }
        }
        if (findProperty(node, 'nullable')?.value === true) {
          if (typeof out.type === 'string') out.type = [out.type, 'null'];
          if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
        }
      }
    } finally {
      this.active.delete(node);
    }
    if (!skipRef) this.done.set(node, out);
    return this.note(out, { uri, node });
  }
}

function plain(node: AstNode): unknown {
  if (node.type === 'object') return Object.fromEntries(node.children!.map((c) => [String(c.key), plain(c)]));
  if (node.type === 'array') return node.children!.map(plain);
  return node.value;
}

/** An Avro schema (records, enums, arrays, maps, unions, named types, logical types) as JSON Schema. */
function avroToJsonSchema(uri: string, root: AstNode): Record<string, unknown> {
  const named = new Map<string, AstNode>();
  const collect = (node: AstNode, namespace: string | undefined): void => {
    if (node.type === 'array') return node.children!.forEach((c) => collect(c, namespace));
    if (node.type !== 'object') return;
    const name = findProperty(node, 'name')?.value;
    const ns = (findProperty(node, 'namespace')?.value as string | undefined) ?? namespace;
    const type = findProperty(node, 'type');
    if (typeof name === 'string' && ['record', 'enum', 'fixed', 'error'].includes(String(type?.value))) {
      named.set(name, node);
      if (ns) named.set(`${ns}.${name}`, node);
    }
    for (const c of node.children!) if (c.key === 'fields' || c.key === 'type' || c.key === 'items' || c.key === 'values') collect(c, ns);
    const fields = findProperty(node, 'fields');
    fields?.children?.forEach((f) => collect(f, ns));
  };
  collect(root, undefined);
  const active = new Set<AstNode>();
  const primitive: Record<string, Record<string, unknown>> = {
    null: { type: 'null' },
    boolean: { type: 'boolean' },
    int: { type: 'integer' },
    long: { type: 'integer' },
    float: { type: 'number' },
    double: { type: 'number' },
    bytes: { type: 'string' },
    string: { type: 'string' },
  };
  const convert = (node: AstNode): Record<string, unknown> => {
    const origin = { uri, node };
    if (node.type === 'string') {
      const name = String(node.value);
      if (primitive[name]) return { ...primitive[name] };
      const target = named.get(name);
      if (!target || active.has(target)) return {};
      return convert(target);
    }
    if (node.type === 'array') {
      const branches = node.children!.map(convert);
      const nonNull = branches.filter((b) => b.type !== 'null');
      if (nonNull.length === 1 && branches.length === 2) {
        const b = { ...nonNull[0] };
        if (typeof b.type === 'string') b.type = [b.type, 'null'];
        else return { anyOf: branches };
        origins.set(b, origins.get(nonNull[0]) ?? origin);
        return b;
      }
      return { anyOf: branches };
    }
    if (node.type !== 'object') return {};
    const typeNode = findProperty(node, 'type');
    const type = typeNode?.value;
    const doc_ = findProperty(node, 'doc')?.value;
    const logical = findProperty(node, 'logicalType')?.value;
    let out: Record<string, unknown>;
    active.add(node);
    try {
      if (type === 'record' || type === 'error') {
        const properties: Record<string, unknown> = {};
        const required: string[] = [];
        for (const field of findProperty(node, 'fields')?.children ?? []) {
          const name = findProperty(field, 'name')?.value;
          const ft = findProperty(field, 'type');
          if (typeof name !== 'string' || !ft) continue;
          const converted = { ...convert(ft) };
          const fdoc = findProperty(field, 'doc')?.value;
          if (typeof fdoc === 'string') converted.description = fdoc;
          origins.set(converted, { uri, node: field });
          properties[name] = converted;
          const nullable = Array.isArray(converted.type) && converted.type.includes('null');
          if (!findProperty(field, 'default') && !nullable) required.push(name);
        }
        out = { type: 'object', properties, required };
        propertyOrigins.set(out, new Map((findProperty(node, 'fields')?.children ?? []).map((f) => [String(findProperty(f, 'name')?.value), { uri, node: f }])));
      } else if (type === 'enum') {
        out = { type: 'string', enum: (findProperty(node, 'symbols')?.children ?? []).map((c) => c.value) };
      } else if (type === 'array') {
        const items = findProperty(node, 'items');
        out = { type: 'array', items: items ? convert(items) : {} };
      } else if (type === 'map') {
        const values = findProperty(node, 'values');
        out = { type: 'object', additionalProperties: values ? convert(values) : {} };
      } else if (type === 'fixed') {
        out = { type: 'string' };
      } else if (typeNode) {
        out = { ...convert(typeNode) };
      } else out = {};
    } finally {
      active.delete(node);
    }
    if (logical === 'date') out.format = 'date';
    if (logical === 'uuid') out.format = 'uuid';
    if (logical === 'timestamp-millis' || logical === 'timestamp-micros') out.description ??= `${logical} (a number since the epoch)`;
    if (logical === 'decimal') out.description ??= 'decimal (bytes)';
    if (typeof doc_ === 'string') out.description = doc_;
    origins.set(out, origin);
    return out;
  };
  return convert(root);
}
