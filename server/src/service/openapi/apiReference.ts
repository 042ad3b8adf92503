/**
 * The API reference of an OpenAPI document: what a reader of Swagger UI or Redoc sees (info,
 * servers, operations by tag with their parameters, bodies, responses and security, the
 * components), built from our own document set so that it is right for 2.0, 3.0 and 3.1 and across
 * files. `$ref`s to schemas stay references into one table, so the model is no bigger than the
 * documents however often a schema is used, and cycles are finite; the panel expands them on demand.
 */
import type {
  ApiContent,
  ApiReferenceDetails,
  ApiReferenceDetailsParams,
  ApiExample,
  ApiOperation,
  ApiParameter,
  ApiReferenceModel,
  ApiResponse,
  ApiSchema,
  ApiSecurityScheme,
  ApiSourceAt,
} from '../../protocol';
import { CancellationToken, neverCancelled, throwIfCancelled } from '../cancellation';
import type { OasVersion } from '../documents';
import type { LanguageService } from '../languageService';
import { AstNode, findProperty } from '../parser/ast';
import { formatPointer } from '../pointer';
import { basename } from '../uris';
import type { DocumentSet } from './documentSet';
import { whereRefLeads } from './references';
import { HTTP_METHODS, members, stringValue } from './walk';
import { openApiIndex } from './workspaceIndex';

/** The API reference of a root OpenAPI document; undefined when the document is not one. */
export async function apiReference(service: LanguageService, uri: string, token: CancellationToken = neverCancelled): Promise<ApiReferenceModel | undefined> {
  const reference = await lazyReference(service, uri, token);
  if (!reference) return undefined;
  // The model of an unchanged analysis is the same: the panel asks again whenever it is shown.
  reference.full ??= reference.builder.build(reference.problems);
  return reference.full;
}

/**
 * The outline of the API reference: everything but the operations' details and the schemas'
 * trees, which `apiReferenceDetails` gives for the parts the reader opens. A spec the size of
 * GitHub's (1 200 operations) then opens with a model of a few hundred kilobytes instead of ten
 * megabytes. `lazy.revision` names the analysis the outline was made from.
 */
export async function apiReferenceSummary(service: LanguageService, uri: string, token: CancellationToken = neverCancelled): Promise<ApiReferenceModel | undefined> {
  const reference = await lazyReference(service, uri, token);
  if (!reference) return undefined;
  reference.summary ??= reference.builder.summary(reference.problems, reference.revision);
  return reference.summary;
}

/** The details of operations (by index in the outline) and schema trees (by key), with every schema they name. */
export async function apiReferenceDetails(service: LanguageService, params: ApiReferenceDetailsParams, token: CancellationToken = neverCancelled): Promise<ApiReferenceDetails | undefined> {
  const reference = await lazyReference(service, params.uri, token);
  if (!reference) return undefined;
  const { builder, revision } = reference;
  if (params.revision !== revision) return { revision, stale: true, files: builder.files, operations: [], schemas: {} };
  const operations: ApiReferenceDetails['operations'] = [];
  const keys = new Set<string>();
  for (const index of new Set(params.operations ?? [])) {
    throwIfCancelled(token);
    const operation = builder.operationAt(index);
    if (!operation) continue;
    operations.push({ index, operation });
    collectRefs(operation, keys);
  }
  for (const key of params.schemas ?? []) if (builder.hasSchema(key)) keys.add(key);
  const schemas: ApiReferenceModel['schemas'] = {};
  // The closure: a tree opened in the page never waits for a schema it names.
  const queue = [...keys];
  for (let i = 0; i < queue.length; i++) {
    if (i % 64 === 0) throwIfCancelled(token);
    const entry = builder.schemaEntry(queue[i]);
    if (!entry) continue;
    schemas[queue[i]] = entry;
    const named = new Set<string>();
    collectRefs(entry.schema, named);
    for (const key of named) {
      if (keys.has(key)) continue;
      keys.add(key);
      queue.push(key);
    }
  }
  return { revision, files: builder.files, operations, schemas };
}

/** Every schema key a part of the model names through `ref`. */
function collectRefs(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectRefs(item, into);
    return;
  }
  if (!value || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    if (key === 'ref' && typeof child === 'string') into.add(child);
    // Example values are data, not schemas: a `ref` key inside them names nothing.
    else if (key !== 'examples' && key !== 'enum' && key !== 'const' && key !== 'default' && key !== 'value' && key !== 'at') collectRefs(child, into);
  }
}

interface LazyReference {
  builder: ReferenceBuilder;
  revision: string;
  problems: ApiReferenceModel['problems'];
  full?: ApiReferenceModel;
  summary?: ApiReferenceModel;
}

/**
 * One builder per document set: the outline, the details and the full model all come from it. It
 * needs only the analysis's early stage (the set and its broken `$ref`s), so a spec opened and
 * shown at once is outlined while its rules and schema check still wait to run.
 */
async function lazyReference(service: LanguageService, uri: string, token: CancellationToken): Promise<LazyReference | undefined> {
  const stage = await openApiIndex(service).stage(uri, token);
  throwIfCancelled(token);
  if (!stage) return undefined;
  const cache = service.part(ApiReferenceCache, () => ({ built: new WeakMap<object, LazyReference>() }));
  const cached = cache.built.get(stage.set);
  if (cached) return cached;
  const builder = new ReferenceBuilder(stage.set, stage.version);
  const problems: ApiReferenceModel['problems'] = [];
  for (const [fileUri, doc] of stage.set.documents) {
    for (const problem of doc.parse.problems) problems.push({ code: problem.code, message: problem.message, at: builder.at(fileUri, problem.offset) });
  }
  for (const finding of stage.references) {
    if (!REPORTED_PROBLEMS.test(finding.code)) continue;
    problems.push({ code: finding.code, message: finding.message, at: builder.at(finding.uri, finding.offset) });
  }
  const reference: LazyReference = { builder, revision: contentRevision(stage.set), problems };
  cache.built.set(stage.set, reference);
  return reference;
}

/**
 * Names the content of a document set: the same files at the same versions give the same revision,
 * so an outline stays good when the analysis is made again for unchanged files (and an outline's
 * operation indexes stay right), and any edit gives a new one.
 */
function contentRevision(set: DocumentSet): string {
  let hash = 0x811c9dc5;
  const text = [...set.documents].map(([uri, doc]) => `${uri}@${doc.version}`).join('\n');
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return `${set.documents.size}-${(hash >>> 0).toString(36)}`;
}

/** The key of the references built for a service's analyses. */
class ApiReferenceCache {}

/** The findings the reference shows as broken places: what keeps a part from being read (all made by the references check). */
const REPORTED_PROBLEMS = /^(syntax\.|oas\.ref\.(unresolved|fileNotFound|remoteFailed))/;

/** Deeper inline nesting than this is cut (a document can nest 1000 levels). */
const MAX_INLINE_DEPTH = 48;

interface Place {
  uri: string;
  node: AstNode;
}

/** An operation as found: where it is written, and the path item it belongs to. */
interface OperationSite {
  place: Place;
  path: string;
  webhook: boolean;
  pathItem: Place;
}

/** Keywords whose value is a schema, maps of schemas by name, and lists of schemas. */
const SCHEMA_KEYWORDS = new Set(['schema', 'items', 'additionalItems', 'not', 'additionalProperties', 'contains', 'propertyNames', 'if', 'then', 'else', 'unevaluatedItems', 'unevaluatedProperties']);
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'schemas']);
const SCHEMA_LISTS = new Set(['allOf', 'oneOf', 'anyOf', 'prefixItems', 'items']);

/** Whether an object holding a `$ref` stands where a schema stands. */
function inSchemaPlace(holder: AstNode): boolean {
  const parentKey = holder.parent?.key;
  if (typeof holder.key === 'string') return SCHEMA_KEYWORDS.has(holder.key) || (typeof parentKey === 'string' && SCHEMA_MAPS.has(parentKey));
  return typeof holder.key === 'number' && typeof parentKey === 'string' && SCHEMA_LISTS.has(parentKey);
}

class ReferenceBuilder {
  readonly files: string[] = [];
  private readonly fileIndex = new Map<string, number>();
  /** The schema table: every `$ref` target met so far, by key; its tree is described on first use. */
  private readonly schemaPlaces = new Map<string, { place: Place; name: string }>();
  private readonly schemaTrees = new Map<string, ApiSchema>();
  private readonly root: AstNode | undefined;
  private sitesFound: OperationSite[] | undefined;
  private readonly operations = new Map<number, ApiOperation>();
  private rootSecurityFound: { value: ApiOperation['security'] } | undefined;

  constructor(private readonly set: DocumentSet, private readonly version: OasVersion) {
    this.fileOf(set.root.uri);
    for (const uri of set.documents.keys()) this.fileOf(uri);
    this.root = set.root.parse.root;
  }

  private fileOf(uri: string): number {
    let index = this.fileIndex.get(uri);
    if (index === undefined) {
      index = this.files.length;
      this.files.push(uri);
      this.fileIndex.set(uri, index);
    }
    return index;
  }

  at(uri: string, offset: number): ApiSourceAt {
    const doc = this.set.documents.get(uri);
    const position = doc ? doc.lines.positionAt(offset) : { line: 0, character: 0 };
    return [this.fileOf(uri), position.line, position.character];
  }

  private atNode(place: Place): ApiSourceAt {
    return this.at(place.uri, place.node.keyOffset >= 0 ? place.node.keyOffset : place.node.offset);
  }

  /** What every form of the model shares: info, servers, tags, components and the broken places. */
  private outline(operations: ApiOperation[], problems: ApiReferenceModel['problems']): ApiReferenceModel {
    const rootPlace: Place | undefined = this.root ? { uri: this.set.root.uri, node: this.root } : undefined;
    const kind = this.set.root.kind;
    const model: ApiReferenceModel = {
      version: this.version,
      versionText: kind.versionText ?? this.version,
      files: this.files,
      info: this.info(rootPlace),
      servers: this.servers(rootPlace),
      tags: this.tags(operations),
      operations,
      schemas: {},
      components: { schemas: [], securitySchemes: [], other: [] },
      problems,
    };
    this.components(model);
    return model;
  }

  /** The whole model: every operation in detail and every schema reached, breadth first. */
  build(problems: ApiReferenceModel['problems']): ApiReferenceModel {
    const operations = this.sites().map((_, index) => this.operationAt(index)!);
    const model = this.outline(operations, problems);
    // Describing a schema may meet new `$ref` targets: the table grows while it is walked.
    for (const key of this.schemaPlaces.keys()) model.schemas[key] = this.schemaEntry(key)!;
    return model;
  }

  /** The outline: operations by their heads only, schemas by name and place. */
  summary(problems: ApiReferenceModel['problems'], revision: string): ApiReferenceModel {
    const model = this.outline(this.sites().map((site) => this.head(site)), problems);
    this.otherFilesSchemas();
    for (const [key, { place, name }] of this.schemaPlaces) model.schemas[key] = { name, schema: { at: this.atNode(place) } };
    model.files = [...this.files];
    model.lazy = { revision };
    return model;
  }

  /**
   * The schemas other files hold, by the `$ref`s that name them in a schema's place: the outline
   * lists them by name (the search and the components find them) before any tree is built.
   */
  private otherFilesSchemas(): void {
    const rootUri = this.set.root.uri;
    for (const use of this.set.refs) {
      if (use.targetUri === rootUri || !use.targetPath || !inSchemaPlace(use.holder)) continue;
      const target = this.set.targets.resolve(use.uri, use.ref).target;
      if (target) this.schemaKey(use.targetUri, use.targetPath, target);
    }
  }

  hasSchema(key: string): boolean {
    return this.schemaPlaces.has(key);
  }

  schemaEntry(key: string): { name: string; schema: ApiSchema } | undefined {
    const known = this.schemaPlaces.get(key);
    if (!known) return undefined;
    let tree = this.schemaTrees.get(key);
    if (!tree) {
      // A placeholder first, so a schema that contains itself stops here.
      this.schemaTrees.set(key, { at: this.atNode(known.place) });
      tree = this.schema(known.place, 0);
      this.schemaTrees.set(key, tree);
    }
    return { name: known.name, schema: tree };
  }

  /** The operations of `paths` and `webhooks`, in document order. */
  private sites(): OperationSite[] {
    if (this.sitesFound) return this.sitesFound;
    const sites: OperationSite[] = [];
    for (const section of ['paths', 'webhooks'] as const) {
      for (const entry of members(findProperty(this.root, section))) {
        const item = this.follow({ uri: this.set.root.uri, node: entry });
        if ('broken' in item) continue;
        for (const member of members(item.node)) {
          if (!(HTTP_METHODS as readonly string[]).includes(String(member.key)) || member.type !== 'object') continue;
          sites.push({ place: { uri: item.uri, node: member }, path: String(entry.key), webhook: section === 'webhooks', pathItem: item });
        }
      }
    }
    return (this.sitesFound = sites);
  }

  /** An operation in detail, by its index among the sites; built once. */
  operationAt(index: number): ApiOperation | undefined {
    const site = Number.isInteger(index) ? this.sites()[index] : undefined;
    if (!site) return undefined;
    let operation = this.operations.get(index);
    if (!operation) {
      this.rootSecurityFound ??= { value: this.security(findProperty(this.root, 'security')) };
      const shared = this.parameterList(findProperty(site.pathItem.node, 'parameters'), site.pathItem.uri);
      operation = this.operation(site, shared, this.rootSecurityFound.value);
      this.operations.set(index, operation);
    }
    return operation;
  }

  /** What the outline shows of an operation: its line in the list, and what the search looks at. */
  private head(site: OperationSite): ApiOperation {
    const node = site.place.node;
    const tags = (findProperty(node, 'tags')?.children ?? []).filter((t) => t.type === 'string').map((t) => String(t.value));
    return {
      method: String(node.key),
      path: site.path,
      webhook: site.webhook || undefined,
      operationId: text(findProperty(node, 'operationId')),
      summary: text(findProperty(node, 'summary')),
      tags: tags.length ? tags : [''],
      deprecated: findProperty(node, 'deprecated')?.value === true || undefined,
      parameters: [],
      responses: [],
      at: this.atNode(site.place),
    };
  }

  /** Follows `$ref`s (several hops) to the object they name. */
  private follow(place: Place): Place | { broken: string; at: Place } {
    let current = place;
    for (let hops = 0; hops < 32; hops++) {
      const ref = stringValue(findProperty(current.node, '$ref'));
      if (ref === undefined || current.node.type !== 'object') return current;
      const target = this.set.targets.resolve(current.uri, ref).target;
      if (!target) return { broken: this.brokenMessage(current.uri, ref), at: current };
      current = target;
    }
    return { broken: 'The `$ref`s here lead round in a circle.', at: place };
  }

  private brokenMessage(uri: string, ref: string): string {
    const leads = whereRefLeads(uri, ref);
    if (leads.remote && !this.set.remote.has(leads.targetUri)) return `\`${ref}\` is a remote reference that was not fetched.`;
    if (this.set.missing.has(leads.targetUri)) return `\`${ref}\`: the file ${basename(leads.targetUri)} does not exist.`;
    return `\`${ref}\` points at nothing.`;
  }

  private info(root: Place | undefined): ApiReferenceModel['info'] {
    const info = findProperty(root?.node, 'info');
    const contact = findProperty(info, 'contact');
    const license = findProperty(info, 'license');
    return {
      title: text(findProperty(info, 'title')) ?? basename(this.set.root.uri),
      version: text(findProperty(info, 'version')),
      summary: text(findProperty(info, 'summary')),
      description: text(findProperty(info, 'description')),
      termsOfService: text(findProperty(info, 'termsOfService')),
      contact: contact ? { name: text(findProperty(contact, 'name')), url: text(findProperty(contact, 'url')), email: text(findProperty(contact, 'email')) } : undefined,
      license: license ? { name: text(findProperty(license, 'name')), url: text(findProperty(license, 'url')), identifier: text(findProperty(license, 'identifier')) } : undefined,
      at: info ? this.atNode({ uri: this.set.root.uri, node: info }) : undefined,
    };
  }

  private servers(root: Place | undefined): ApiReferenceModel['servers'] {
    if (this.version === '2.0') {
      const host = text(findProperty(root?.node, 'host'));
      const basePath = text(findProperty(root?.node, 'basePath')) ?? '';
      const schemesNode = findProperty(root?.node, 'schemes');
      const schemes = schemesNode?.type === 'array' ? schemesNode.children!.map((s) => String(s.value)) : [];
      if (!host && !basePath) return [];
      const hostNode = findProperty(root?.node, 'host') ?? findProperty(root?.node, 'basePath');
      const at = hostNode ? this.atNode({ uri: this.set.root.uri, node: hostNode }) : undefined;
      const list = schemes.length ? schemes : [''];
      return list.map((scheme) => ({ url: `${scheme ? `${scheme}://` : ''}${host ?? ''}${basePath}`, variables: [], at }));
    }
    const servers = findProperty(root?.node, 'servers');
    return (servers?.type === 'array' ? servers.children! : []).filter((s) => s.type === 'object').map((server) => ({
      url: text(findProperty(server, 'url')) ?? '',
      description: text(findProperty(server, 'description')),
      variables: members(findProperty(server, 'variables')).map((v) => ({
        name: String(v.key),
        default: scalarText(findProperty(v, 'default')),
        enum: findProperty(v, 'enum')?.children?.map((e) => String(e.value)),
        description: text(findProperty(v, 'description')),
      })),
      at: this.atNode({ uri: this.set.root.uri, node: server }),
    }));
  }

  private tags(operations: ApiOperation[]): ApiReferenceModel['tags'] {
    const tags: ApiReferenceModel['tags'] = [];
    const seen = new Set<string>();
    const declared = findProperty(this.root, 'tags');
    for (const tag of declared?.type === 'array' ? declared.children! : []) {
      const name = text(findProperty(tag, 'name'));
      if (name === undefined || seen.has(name)) continue;
      seen.add(name);
      tags.push({ name, description: text(findProperty(tag, 'description')), at: this.atNode({ uri: this.set.root.uri, node: tag }) });
    }
    for (const operation of operations) {
      for (const name of operation.tags) {
        if (seen.has(name)) continue;
        seen.add(name);
        tags.push({ name });
      }
    }
    // Untagged operations come last.
    const untagged = tags.findIndex((t) => t.name === '');
    if (untagged >= 0) tags.push(...tags.splice(untagged, 1));
    return tags;
  }

  private operation(site: OperationSite, shared: ApiParameter[], rootSecurity: ApiOperation['security'], depth = 0): ApiOperation {
    const { place, path, webhook } = site;
    const node = place.node;
    const own = this.parameterList(findProperty(node, 'parameters'), place.uri);
    const parameters = [...shared.filter((p) => !own.some((o) => o.name === p.name && o.in === p.in)), ...own];
    const operation: ApiOperation = {
      method: String(node.key),
      path,
      webhook: webhook || undefined,
      operationId: text(findProperty(node, 'operationId')),
      summary: text(findProperty(node, 'summary')),
      description: text(findProperty(node, 'description')),
      tags: this.head(site).tags,
      deprecated: findProperty(node, 'deprecated')?.value === true || undefined,
      parameters: [],
      responses: [],
      at: this.atNode(place),
    };
    if (this.version === '2.0') {
      const consumes = this.mediaTypes(node, 'consumes', 'application/json');
      const body = parameters.find((p) => p.in === 'body');
      const form = parameters.filter((p) => p.in === 'formData');
      if (body) {
        operation.requestBody = { description: body.description, required: body.required, content: consumes.map((mediaType) => ({ mediaType, schema: body.schema, examples: body.examples })), at: body.at };
      } else if (form.length) {
        const schema: ApiSchema = { type: ['object'], properties: form.map((p) => ({ name: p.name, required: p.required, schema: { ...p.schema, description: p.description } })) };
        const types = consumes.filter((t) => /form/.test(t));
        operation.requestBody = { required: form.some((p) => p.required), content: (types.length ? types : ['application/x-www-form-urlencoded']).map((mediaType) => ({ mediaType, schema, examples: [] })) };
      }
      operation.parameters = parameters.filter((p) => p.in !== 'body' && p.in !== 'formData');
    } else {
      operation.parameters = parameters;
      const requestBody = findProperty(node, 'requestBody');
      if (requestBody) {
        const body = this.follow({ uri: place.uri, node: requestBody });
        if ('broken' in body) operation.requestBody = { required: false, content: [], broken: body.broken, at: this.atNode(body.at) };
        else {
          operation.requestBody = {
            description: text(findProperty(body.node, 'description')),
            required: findProperty(body.node, 'required')?.value === true,
            content: this.content(body),
            at: this.atNode(body),
          };
        }
      }
    }
    for (const response of members(findProperty(node, 'responses'))) {
      if (String(response.key).startsWith('x-')) continue;
      operation.responses.push(this.response({ uri: place.uri, node: response }, node));
    }
    const security = findProperty(node, 'security');
    operation.security = security ? this.security(security) : rootSecurity;
    if (this.version !== '2.0' && depth < 4) {
      const callbacks = this.callbacks({ uri: place.uri, node }, operation.security, depth);
      if (callbacks.length) operation.callbacks = callbacks;
    }
    return operation;
  }

  /** The requests the API makes back (3.x `callbacks`): each an expression and the operations of its path item. */
  private callbacks(operation: Place, security: ApiOperation['security'], depth: number): NonNullable<ApiOperation['callbacks']> {
    const result: NonNullable<ApiOperation['callbacks']> = [];
    for (const entry of members(findProperty(operation.node, 'callbacks'))) {
      if (String(entry.key).startsWith('x-')) continue;
      const callback = this.follow({ uri: operation.uri, node: entry });
      if ('broken' in callback) {
        result.push({ name: String(entry.key), expression: '', operations: [], broken: callback.broken, at: this.atNode(callback.at) });
        continue;
      }
      for (const expression of members(callback.node)) {
        if (String(expression.key).startsWith('x-')) continue;
        const item = this.follow({ uri: callback.uri, node: expression });
        if ('broken' in item) {
          result.push({ name: String(entry.key), expression: String(expression.key), operations: [], broken: item.broken, at: this.atNode(item.at) });
          continue;
        }
        const shared = this.parameterList(findProperty(item.node, 'parameters'), item.uri);
        const operations = members(item.node)
          .filter((member) => (HTTP_METHODS as readonly string[]).includes(String(member.key)) && member.type === 'object')
          .map((member) => this.operation({ place: { uri: item.uri, node: member }, path: String(expression.key), webhook: false, pathItem: item }, shared, security, depth + 1));
        result.push({ name: String(entry.key), expression: String(expression.key), operations, at: this.atNode({ uri: operation.uri, node: entry }) });
      }
    }
    return result;
  }

  private mediaTypes(operation: AstNode, key: 'consumes' | 'produces', fallback: string): string[] {
    const list = findProperty(operation, key) ?? findProperty(this.root, key);
    const types = (list?.type === 'array' ? list.children! : []).filter((t) => t.type === 'string').map((t) => String(t.value));
    return types.length ? types : [fallback];
  }

  private response(place: Place, operation: AstNode): ApiResponse {
    const status = String(place.node.key);
    const followed = this.follow(place);
    if ('broken' in followed) return { status, headers: [], content: [], broken: followed.broken, at: this.atNode(followed.at) };
    const node = followed.node;
    const headers = members(findProperty(node, 'headers')).map((h) => this.parameter({ uri: followed.uri, node: h }, String(h.key), 'header'));
    let content: ApiContent[];
    if (this.version === '2.0') {
      const schemaNode = findProperty(node, 'schema');
      const schema = schemaNode ? this.schema({ uri: followed.uri, node: schemaNode }, 0) : undefined;
      const examples = members(findProperty(node, 'examples'));
      content = schema || examples.length
        ? this.mediaTypes(operation, 'produces', 'application/json').map((mediaType) => ({
            mediaType,
            schema,
            examples: examples.filter((e) => e.key === mediaType).map((e) => ({ name: 'example', value: plain(e), at: this.atNode({ uri: followed.uri, node: e }) })),
          }))
        : [];
    } else content = this.content(followed);
    return { status, description: text(findProperty(node, 'description')), headers, content, at: this.atNode(place) };
  }

  private content(place: Place): ApiContent[] {
    return members(findProperty(place.node, 'content')).map((media) => {
      const schemaNode = findProperty(media, 'schema');
      return {
        mediaType: String(media.key),
        schema: schemaNode ? this.schema({ uri: place.uri, node: schemaNode }, 0) : undefined,
        examples: this.examples({ uri: place.uri, node: media }),
      };
    });
  }

  /** `example` and the `examples` map of a media type, parameter or header (each example may be a `$ref`). */
  private examples(place: Place): ApiExample[] {
    const result: ApiExample[] = [];
    const single = findProperty(place.node, 'example') ?? findProperty(place.node, 'x-example');
    if (single) result.push({ name: 'example', value: plain(single), at: this.atNode({ uri: place.uri, node: single }) });
    for (const entry of members(findProperty(place.node, 'examples'))) {
      const example = this.follow({ uri: place.uri, node: entry });
      if ('broken' in example) {
        result.push({ name: String(entry.key), summary: example.broken, at: this.atNode(example.at) });
        continue;
      }
      const value = findProperty(example.node, 'value');
      result.push({
        name: String(entry.key),
        summary: text(findProperty(example.node, 'summary')),
        value: value ? plain(value) : undefined,
        externalValue: text(findProperty(example.node, 'externalValue')),
        at: this.atNode({ uri: place.uri, node: entry }),
      });
    }
    return result;
  }

  private parameterList(list: AstNode | undefined, uri: string): ApiParameter[] {
    if (list?.type !== 'array') return [];
    return list.children!.map((item) => {
      const followed = this.follow({ uri, node: item });
      if ('broken' in followed) return { name: '?', in: '?', required: false, examples: [], broken: followed.broken, at: this.atNode(followed.at) };
      return this.parameter(followed, text(findProperty(followed.node, 'name')) ?? '', text(findProperty(followed.node, 'in')) ?? '');
    });
  }

  /** A parameter or a header (its name is its key, and it is `in: header`). */
  private parameter(place: Place, name: string, location: string): ApiParameter {
    const followed = this.follow(place);
    if ('broken' in followed) return { name, in: location, required: false, examples: [], broken: followed.broken, at: this.atNode(followed.at) };
    const node = followed.node;
    let schema: ApiSchema | undefined;
    const schemaNode = findProperty(node, 'schema');
    if (schemaNode) schema = this.schema({ uri: followed.uri, node: schemaNode }, 0);
    else if (findProperty(node, 'content')) schema = this.content(followed)[0]?.schema;
    else if (findProperty(node, 'type')) {
      // 2.0: a non-body parameter or a header carries its schema's keywords itself.
      schema = this.schema(followed, 0);
      delete schema.description;
    }
    return {
      name,
      in: location,
      required: findProperty(node, 'required')?.value === true,
      deprecated: findProperty(node, 'deprecated')?.value === true || undefined,
      description: text(findProperty(node, 'description')),
      schema,
      examples: this.examples(followed),
      at: this.atNode(followed),
    };
  }

  private security(list: AstNode | undefined): ApiOperation['security'] {
    if (list?.type !== 'array') return undefined;
    return list.children!.map((requirement) => members(requirement).map((scheme) => ({
      scheme: String(scheme.key),
      scopes: (scheme.children ?? []).map((s) => String(s.value)),
    })));
  }

  private components(model: ApiReferenceModel): void {
    const rootUri = this.set.root.uri;
    const schemaSection = this.version === '2.0' ? findProperty(this.root, 'definitions') : findProperty(findProperty(this.root, 'components'), 'schemas');
    for (const entry of members(schemaSection)) {
      const pointer = this.version === '2.0' ? ['definitions', String(entry.key)] : ['components', 'schemas', String(entry.key)];
      model.components.schemas.push(this.schemaKey(rootUri, pointer, { uri: rootUri, node: entry }));
    }
    const schemes = this.version === '2.0' ? findProperty(this.root, 'securityDefinitions') : findProperty(findProperty(this.root, 'components'), 'securitySchemes');
    for (const entry of members(schemes)) {
      const followed = this.follow({ uri: rootUri, node: entry });
      if ('broken' in followed) continue;
      model.components.securitySchemes.push(this.securityScheme(String(entry.key), followed));
    }
    if (this.version !== '2.0') {
      for (const section of members(findProperty(this.root, 'components'))) {
        const kind = String(section.key);
        if (kind === 'schemas' || kind === 'securitySchemes' || kind.startsWith('x-')) continue;
        for (const entry of members(section)) model.components.other.push({ kind, name: String(entry.key), at: this.atNode({ uri: rootUri, node: entry }) });
      }
    } else {
      for (const kind of ['parameters', 'responses']) {
        for (const entry of members(findProperty(this.root, kind))) model.components.other.push({ kind, name: String(entry.key), at: this.atNode({ uri: rootUri, node: entry }) });
      }
    }
  }

  private securityScheme(name: string, place: Place): ApiSecurityScheme {
    const node = place.node;
    const type = text(findProperty(node, 'type')) ?? '';
    const details: string[] = [];
    const scopes: ApiSecurityScheme['scopes'] = [];
    const addScopes = (holder: AstNode | undefined): void => {
      for (const scope of members(findProperty(holder, 'scopes'))) {
        if (!scopes.some((s) => s.name === scope.key)) scopes.push({ name: String(scope.key), description: scalarText(scope) ?? '' });
      }
    };
    if (type === 'http') {
      const scheme = text(findProperty(node, 'scheme')) ?? '';
      const format = text(findProperty(node, 'bearerFormat'));
      details.push(format ? `${scheme} (${format})` : scheme);
    } else if (type === 'apiKey') {
      details.push(`${text(findProperty(node, 'in')) ?? ''} ${text(findProperty(node, 'name')) ?? ''}`.trim());
    } else if (type === 'openIdConnect') {
      details.push(text(findProperty(node, 'openIdConnectUrl')) ?? '');
    } else if (type === 'oauth2') {
      if (this.version === '2.0') {
        const flow = text(findProperty(node, 'flow')) ?? '';
        const urls = [text(findProperty(node, 'authorizationUrl')), text(findProperty(node, 'tokenUrl'))].filter(Boolean);
        details.push([flow, ...urls].join(': '));
        addScopes(node);
      } else {
        for (const flow of members(findProperty(node, 'flows'))) {
          const urls = ['authorizationUrl', 'tokenUrl', 'refreshUrl'].map((k) => text(findProperty(flow, k))).filter(Boolean);
          details.push(`${String(flow.key)}: ${urls.join(', ')}`);
          addScopes(flow);
        }
      }
    } else if (type === 'basic') details.push('basic');
    return { name, type, description: text(findProperty(node, 'description')), details, scopes, at: this.atNode(place) };
  }

  /** The key of a `$ref` target in the schema table, queued to be described once. */
  private schemaKey(targetUri: string, path: readonly string[], place: Place): string {
    const key = `${this.fileOf(targetUri)}#${formatPointer(path)}`;
    if (!this.schemaPlaces.has(key)) this.schemaPlaces.set(key, { place, name: path.length ? path[path.length - 1] : basename(targetUri) });
    return key;
  }

  private schema(place: Place, depth: number): ApiSchema {
    const node = place.node;
    const result: ApiSchema = { at: this.atNode(place) };
    if (node.type === 'boolean') {
      result.description = node.value ? 'Any value.' : 'No value is allowed.';
      return result;
    }
    if (node.type !== 'object') return result;
    if (depth > MAX_INLINE_DEPTH) {
      result.description = 'Nested too deeply to show.';
      return result;
    }
    const ref = stringValue(findProperty(node, '$ref'));
    if (ref !== undefined) {
      const leads = whereRefLeads(place.uri, ref);
      const target = this.set.targets.resolve(place.uri, ref).target;
      if (!target || !leads.targetPath) result.broken = this.brokenMessage(place.uri, ref);
      else result.ref = this.schemaKey(leads.targetUri, leads.targetPath, target);
      // 2.0 and 3.0 ignore siblings of `$ref`; 3.1 keeps them (a description is the common case).
      if (this.version !== '3.1') return result;
    }
    const p = (key: string): AstNode | undefined => findProperty(node, key);
    const sub = (child: AstNode): ApiSchema => this.schema({ uri: place.uri, node: child }, depth + 1);
    const title = text(p('title'));
    if (title !== undefined) result.title = title;
    const description = text(p('description'));
    if (description !== undefined) result.description = description;
    const typeNode = p('type');
    const types = typeNode?.type === 'array' ? typeNode.children!.map((t) => String(t.value)) : typeNode?.type === 'string' ? [String(typeNode.value)] : [];
    if (p('nullable')?.value === true || p('x-nullable')?.value === true) types.push('null');
    if (types.length) result.type = [...new Set(types)];
    const format = text(p('format'));
    if (format !== undefined) result.format = format;
    const enumNode = p('enum');
    if (enumNode?.type === 'array') result.enum = enumNode.children!.map(plain);
    if (p('const')) result.const = plain(p('const')!);
    if (p('default')) result.default = plain(p('default')!);
    const examples: unknown[] = [];
    if (p('example')) examples.push(plain(p('example')!));
    const examplesNode = p('examples');
    if (examplesNode?.type === 'array') examples.push(...examplesNode.children!.map(plain));
    if (examples.length) result.examples = examples;
    const bounds = this.bounds(node);
    if (bounds.length) result.bounds = bounds;
    for (const flag of ['readOnly', 'writeOnly', 'deprecated'] as const) if (p(flag)?.value === true) result[flag] = true;
    const required = new Set((p('required')?.type === 'array' ? p('required')!.children! : []).map((r) => String(r.value)));
    const properties = p('properties');
    if (properties?.type === 'object') {
      result.properties = properties.children!.map((prop) => ({ name: String(prop.key), required: required.has(String(prop.key)), schema: sub(prop) }));
    }
    const additional = p('additionalProperties');
    if (additional) result.additionalProperties = additional.type === 'boolean' ? additional.value === true : sub(additional);
    const items = p('items');
    if (items?.type === 'object' || items?.type === 'boolean') result.items = sub(items);
    else if (items?.type === 'array') result.prefixItems = items.children!.map(sub);
    const prefixItems = p('prefixItems');
    if (prefixItems?.type === 'array') result.prefixItems = prefixItems.children!.map(sub);
    for (const combiner of ['allOf', 'oneOf', 'anyOf'] as const) {
      const list = p(combiner);
      if (list?.type === 'array') result[combiner] = list.children!.map(sub);
    }
    if (p('not')) result.not = sub(p('not')!);
    const discriminator = p('discriminator');
    const propertyName = discriminator?.type === 'object' ? text(findProperty(discriminator, 'propertyName')) : text(discriminator);
    if (propertyName) result.discriminator = propertyName;
    return result;
  }

  private bounds(node: AstNode): string[] {
    const n = (key: string): number | undefined => {
      const value = findProperty(node, key)?.value;
      return typeof value === 'number' ? value : undefined;
    };
    const bounds: string[] = [];
    const exclusiveMin = findProperty(node, 'exclusiveMinimum')?.value;
    const exclusiveMax = findProperty(node, 'exclusiveMaximum')?.value;
    if (typeof exclusiveMin === 'number') bounds.push(`> ${exclusiveMin}`);
    else if (n('minimum') !== undefined) bounds.push(`${exclusiveMin === true ? '>' : '>='} ${n('minimum')}`);
    if (typeof exclusiveMax === 'number') bounds.push(`< ${exclusiveMax}`);
    else if (n('maximum') !== undefined) bounds.push(`${exclusiveMax === true ? '<' : '<='} ${n('maximum')}`);
    if (n('multipleOf') !== undefined) bounds.push(`multiple of ${n('multipleOf')}`);
    const range = (what: string, min: number | undefined, max: number | undefined): void => {
      if (min !== undefined && max !== undefined) bounds.push(min === max ? `${what} ${min}` : `${what} ${min}–${max}`);
      else if (min !== undefined) bounds.push(`${what} ≥ ${min}`);
      else if (max !== undefined) bounds.push(`${what} ≤ ${max}`);
    };
    range('length', n('minLength'), n('maxLength'));
    range('items', n('minItems'), n('maxItems'));
    range('properties', n('minProperties'), n('maxProperties'));
    const pattern = text(findProperty(node, 'pattern'));
    if (pattern !== undefined) bounds.push(`pattern ${pattern}`);
    if (findProperty(node, 'uniqueItems')?.value === true) bounds.push('unique items');
    return bounds;
  }
}

function text(node: AstNode | undefined): string | undefined {
  return node && node.type === 'string' ? String(node.value) : undefined;
}

function scalarText(node: AstNode | undefined): string | undefined {
  return node && !node.children && node.value !== undefined && node.value !== null ? String(node.value) : undefined;
}

/** The plain value of a node (examples, enums, defaults). */
export function plain(node: AstNode): unknown {
  if (node.type === 'object') {
    const out: Record<string, unknown> = {};
    for (const child of node.children!) out[String(child.key)] = plain(child);
    return out;
  }
  if (node.type === 'array') return node.children!.map(plain);
  return node.value;
}

/** The details request's params, checked: a malformed request is refused with what is wrong. */
export function detailsParams(uri: string, params: unknown): ApiReferenceDetailsParams {
  const p = (params ?? {}) as Record<string, unknown>;
  if (typeof p.revision !== 'string') throw new Error('`interfaceStudio/apiReferenceDetails` needs the `revision` of the outline (its `lazy.revision`).');
  const list = <T>(name: string, value: unknown, ok: (item: unknown) => item is T): T[] | undefined => {
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || !value.every(ok)) throw new Error(`\`interfaceStudio/apiReferenceDetails\`: \`${name}\` must be a list of ${name === 'operations' ? 'operation indexes' : 'schema keys'}.`);
    return value;
  };
  return {
    uri,
    revision: p.revision,
    operations: list('operations', p.operations, (n): n is number => Number.isInteger(n)),
    schemas: list('schemas', p.schemas, (k): k is string => typeof k === 'string'),
  };
}
