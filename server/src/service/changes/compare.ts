import { CancellationToken, neverCancelled, throwIfCancelled } from '../cancellation';
import { HTTP_METHODS } from '../openapi/walk';
import type { ApiChange, ChangeSubject, Place } from './model';
import { Direction, SchemaChange, SchemaComparer } from './schemaCompare';
import { formatPointer } from '../pointer';
import { ApiVersion, At, Dependency, placeOf, Side } from './side';
import { unchangedAt, valueChanges, ValueChanges } from './valueChanges';
import { whereRefLeads } from '../openapi/references';

/** A change as found, with the node it is shown at in the new version (nodes move with edits; places are read from them). */
interface FoundChange extends ApiChange {
  newAt?: At;
}

/**
 * What the comparison of each operation found, kept between comparisons of the same two documents
 * (the editor compares again on each keystroke): an operation whose own text and every `$ref` it
 * followed lead to the same values as before is not compared again.
 */
export class OperationCache {
  readonly operations = new Map<string, { old: unknown; dependencies: TracedDependency[]; regions: DependencyRegion[] | undefined; changes: FoundChange[] }>();
  /** The plain value of each file of the new version when the last comparison ended (absent after one was cut short). */
  values = new Map<string, unknown>();
}

/** A followed `$ref` with the file and path it leads to, to tell from an edit's changes whether it still leads to the same value. */
interface TracedDependency extends Dependency {
  targetUri: string;
  targetPath: string[] | undefined;
}

/**
 * Where a group of an operation's dependencies lie: a file and the first two keys of their paths
 * (`components`, `schemas`); `second` is undefined for a path of one key. An edit that changed
 * nothing in a region changed none of the dependencies in it.
 */
interface DependencyRegion {
  uri: string;
  first: string | undefined;
  second: string | undefined;
}

/** The regions of a list of dependencies; undefined when one of them has no path (only resolving it again tells). */
function regionsOf(dependencies: TracedDependency[]): DependencyRegion[] | undefined {
  const regions = new Map<string, DependencyRegion>();
  for (const d of dependencies) {
    if (!d.targetPath) return undefined;
    const [first, second] = d.targetPath;
    const region = { uri: d.targetUri, first, second: d.targetPath.length > 1 ? second : undefined };
    const id = `${region.uri}\n${Math.min(d.targetPath.length, 2)}\n${first ?? ''}\n${region.second ?? ''}`;
    if (!regions.has(id)) regions.set(id, region);
  }
  return [...regions.values()];
}

/** What each kind of change means for clients: the second half of its sentence. */
const EFFECTS: Record<string, string> = {
  'change.operation.removed': 'clients that call it break',
  'change.operation.removedAfterDeprecation': 'clients that still call it break',
  'change.operation.added': 'nothing breaks',
  'change.operation.deprecated': 'clients should move away from it',
  'change.operation.idChanged': 'generated clients, mappings and flows that name it break',
  'change.parameter.addedRequired': 'existing calls do not send it',
  'change.parameter.added': 'nothing breaks',
  'change.parameter.removed': 'clients still send it',
  'change.parameter.becameRequired': 'calls without it are rejected',
  'change.parameter.becameOptional': 'nothing breaks',
  'change.parameter.renamed': 'clients send the old name',
  'change.parameter.locationChanged': 'clients send it in the old place',
  'change.parameter.serializationChanged': 'clients serialise it the old way',
  'change.request.bodyBecameRequired': 'calls without a body are rejected',
  'change.request.mediaTypeRemoved': 'clients that send it break',
  'change.request.propertyAddedRequired': 'existing calls do not send it',
  'change.request.propertyRemoved': 'clients still send it',
  'change.request.propertyBecameRequired': 'calls without it are rejected',
  'change.request.typeChanged': 'values clients send today are rejected',
  'change.request.formatChanged': 'values clients send today may be rejected',
  'change.request.enumNarrowed': 'clients that send those values are rejected',
  'change.request.boundTightened': 'values clients send today may be rejected',
  'change.request.patternChanged': 'values clients send today may not match',
  'change.request.defaultChanged': 'clients that leave it out get another behaviour',
  'change.request.variantRemoved': 'clients that send it are rejected',
  'change.request.discriminatorChanged': 'clients name the variant in the old property',
  'change.response.statusRemoved': 'clients that expect it break',
  'change.response.successStatusChanged': 'clients that check for the old status break',
  'change.response.errorStatusRemoved': 'clients that handle it no longer see it',
  'change.response.mediaTypeRemoved': 'clients that ask for it break',
  'change.response.propertyRemoved': 'clients that read it break',
  'change.response.optionalPropertyRemoved': 'clients that read it get nothing',
  'change.response.propertyBecameOptional': 'clients that rely on it break',
  'change.response.typeChanged': 'clients that parse it break',
  'change.response.becameNullable': 'clients that do not expect null break',
  'change.response.formatChanged': 'clients that parse the old format may break',
  'change.response.enumWidened': 'clients meet values they do not know',
  'change.response.boundLoosened': 'clients that rely on the old bound may break',
  'change.response.variantAdded': 'clients meet a variant they do not know',
  'change.response.discriminatorChanged': 'clients tell the variants apart by the old property',
  'change.security.requirementAdded': 'calls without those credentials are rejected',
  'change.security.scopeAdded': 'tokens without it are rejected',
  'change.security.schemeRemoved': 'clients that authenticate with it break',
  'change.server.removed': 'clients configured with it may point at nothing',
};

function effectOf(code: string): string {
  return EFFECTS[code] ?? 'nothing breaks';
}

const quote = (text: string): string => `\`${text}\``;

/** Path templates that differ only in variable names are the same path to a client. */
function pathKey(path: string): string {
  return path.replace(/\{[^}]*\}/g, '{}');
}

interface OperationAt {
  key: string;
  label: string;
  path: string;
  method: string;
  pathItem: At;
  operation: At;
}

/**
 * Compares two versions of an API (each a root and the files its `$ref`s reach) and lists what
 * changed for its clients: operations, parameters, request bodies, responses, security, servers.
 */
export function compareApis(oldApi: ApiVersion, newApi: ApiVersion, token: CancellationToken = neverCancelled, cache?: OperationCache): ApiChange[] {
  return new ApiComparison(new Side(oldApi), new Side(newApi), token, cache).run();
}

/** The operations of a version compared again and again (the git base in the editor), listed once. */
const oldOperations = new WeakMap<ApiVersion, Map<string, OperationAt>>();

class ApiComparison {
  private readonly changes: FoundChange[] = [];
  private readonly requests: SchemaComparer;
  private readonly responses: SchemaComparer;

  constructor(private readonly o: Side, private readonly n: Side, private readonly token: CancellationToken, private readonly cache?: OperationCache) {
    this.requests = new SchemaComparer(o, n, 'request');
    this.responses = new SchemaComparer(o, n, 'response');
  }

  run(): ApiChange[] {
    if (this.cache) {
      // What the edits since the last comparison changed, file by file; a comparison cut short leaves nothing to go by.
      const before = this.cache.values;
      this.cache.values = new Map();
      for (const [uri, doc] of this.n.api.set.documents) {
        const changes = before.has(uri) ? valueChanges(before.get(uri), doc.parse.value) : 'unknown';
        if (changes !== 'unknown') this.edits.set(uri, changes);
      }
    }
    this.compareServers();
    this.compareSchemes();
    const oldOps = oldOperations.get(this.o.api) ?? oldOperations.set(this.o.api, this.operations(this.o)).get(this.o.api)!;
    const newOps = this.operations(this.n);
    let count = 0;
    for (const [key, op] of oldOps) {
      if ((++count & 31) === 0) throwIfCancelled(this.token);
      const other = newOps.get(key);
      if (!other) {
        const deprecated = this.o.value(this.o.get(op.operation, 'deprecated')) === true;
        this.report(deprecated ? 'change.operation.removedAfterDeprecation' : 'change.operation.removed', `${op.label} was removed`, op, op.operation, this.lostAt(this.n, op), { operationId: this.operationId(this.o, op) });
        continue;
      }
      this.compareCached(key, op, other);
    }
    if (this.cache) {
      for (const key of this.cache.operations.keys()) if (!newOps.has(key) || !oldOps.has(key)) this.cache.operations.delete(key);
      for (const [uri, doc] of this.n.api.set.documents) this.cache.values.set(uri, doc.parse.value);
    }
    for (const [key, op] of newOps) {
      if (!oldOps.has(key)) this.report('change.operation.added', `${op.label} was added`, op, undefined, op.operation);
    }
    return this.changes;
  }

  /** Compares one operation, or takes what the last comparison found when nothing it rests on changed. */
  private compareCached(key: string, o: OperationAt, n: OperationAt): void {
    const cached = this.cache?.operations.get(key);
    const rootUri = this.n.api.set.root.uri;
    if (cached && cached.old === o.operation.node && (this.untouched(cached.regions) || cached.dependencies.every((d) => this.stillLeadsToTheSame(d)))) {
      for (const change of cached.changes) this.changes.push({ ...change, new: change.newAt ? placeOf(change.newAt) : change.new });
      return;
    }
    if (!this.cache) return this.compareOperation(o, n);
    const start = this.changes.length;
    const dependencies: Dependency[] = [];
    // The operation's own text (its path item's, with the parameters shared by its methods) and what it inherits from the root.
    const own = [formatPointer([key.startsWith('webhook ') ? 'webhooks' : 'paths', n.path]), '#/security', '#/consumes', '#/produces'];
    for (const ref of own) dependencies.push({ uri: rootUri, ref, value: this.currentValue({ uri: rootUri, ref, value: undefined }) });
    this.n.recording = dependencies;
    try {
      this.compareOperation(o, n);
    } finally {
      this.n.recording = undefined;
    }
    // Schemas shared by many parts of an operation lead through the same `$ref`s: each is checked once.
    const distinct = new Map<string, TracedDependency>();
    for (const d of dependencies) {
      const id = `${d.uri}\n${d.ref}`;
      if (distinct.has(id)) continue;
      const { targetUri, targetPath } = whereRefLeads(d.uri, d.ref);
      distinct.set(id, { ...d, targetUri, targetPath });
    }
    const traced = [...distinct.values()];
    this.cache.operations.set(key, { old: o.operation.node, dependencies: traced, regions: regionsOf(traced), changes: this.changes.slice(start) });
  }

  /**
   * Whether the edits since the last comparison are known and changed nothing in these regions, so
   * that none of the dependencies in them can lead elsewhere (as stillLeadsToTheSame would find for
   * each, with a look at a few regions instead of every `$ref` of the operation).
   */
  private untouched(regions: DependencyRegion[] | undefined): boolean {
    if (!regions) return false;
    for (const { uri, first, second } of regions) {
      if (!this.edits.has(uri)) return false;
      const changes = this.edits.get(uri);
      if (changes === undefined) continue;
      if (changes === true || first === undefined) return false;
      const inFirst = changes.get(first);
      if (inFirst === undefined) continue;
      if (inFirst === true || second === undefined || inFirst.get(second) !== undefined) return false;
    }
    return true;
  }

  /** What each file's edits since the last comparison changed (files not listed: unknown). */
  private readonly edits = new Map<string, ValueChanges | true | undefined>();

  /** Whether a `$ref` followed before leads to the same value: read from the edits when they are known, else resolved again. */
  private stillLeadsToTheSame(d: TracedDependency): boolean {
    if (d.targetPath && this.edits.has(d.targetUri)) return unchangedAt(this.edits.get(d.targetUri), d.targetPath);
    return this.currentValue(d) === d.value;
  }

  /** Where each `$ref` leads in the new version now: components are shared by hundreds of operations, so each is resolved once a comparison. */
  private readonly current = new Map<string, unknown>();

  private currentValue(dependency: Dependency): unknown {
    const key = `${dependency.uri}\n${dependency.ref}`;
    if (this.current.has(key)) return this.current.get(key);
    const value = this.n.api.set.targets.resolve(dependency.uri, dependency.ref).value;
    this.current.set(key, value);
    return value;
  }

  private report(code: string, summary: string, op: OperationAt | undefined, oldAt: At | Place | undefined, newAt: At | Place | undefined, subject?: ChangeSubject): void {
    const place = (at: At | Place | undefined): Place | undefined => (at && 'node' in at ? placeOf(at) : at);
    this.changes.push({
      ...(newAt && 'node' in newAt ? { newAt } : {}),
      code,
      summary: summary[0].toUpperCase() === summary[0] || summary.startsWith('`') ? summary : summary[0].toUpperCase() + summary.slice(1),
      effect: effectOf(code),
      ...(op ? { operation: `${op.method.toUpperCase()} ${op.path}` } : {}),
      ...(op && this.operationId(this.n, op) ? { operationId: this.operationId(this.n, op) } : op && this.operationId(this.o, op) ? { operationId: this.operationId(this.o, op) } : {}),
      old: place(oldAt),
      new: place(newAt),
      ...(subject ? { subject } : {}),
    });
  }

  private operationId(side: Side, op: OperationAt): string | undefined {
    return side.string(side.get(op.operation, 'operationId'));
  }

  /** Where a removal is shown in the new version: the path item that lost the method, else `paths`. */
  private lostAt(side: Side, op: OperationAt): At | undefined {
    const root = side.root;
    const section = op.key.startsWith('webhook ') ? 'webhooks' : 'paths';
    const paths = side.get(root, section);
    const key = section === 'paths' ? pathKey(op.path) : op.path;
    return this.pathItems(side, section).get(key) ?? paths ?? root;
  }

  private readonly pathItemsBySide = new Map<string, Map<string, At>>();

  /** The path items of a version by path template (variables unnamed), computed once. */
  private pathItems(side: Side, section: string): Map<string, At> {
    const id = `${side === this.o ? 'old' : 'new'} ${section}`;
    let items = this.pathItemsBySide.get(id);
    if (!items) {
      items = new Map(side.members(side.get(side.root, section)).map(([path, at]) => [section === 'paths' ? pathKey(path) : path, at]));
      this.pathItemsBySide.set(id, items);
    }
    return items;
  }

  private operations(side: Side): Map<string, OperationAt> {
    const result = new Map<string, OperationAt>();
    for (const section of ['paths', 'webhooks']) {
      for (const [path, pathItem] of side.members(side.get(side.root, section))) {
        for (const [method, operation] of side.members(pathItem)) {
          if (!(HTTP_METHODS as readonly string[]).includes(method) || side.deref(operation)?.node.type !== 'object') continue;
          const key = section === 'paths' ? `${method} ${pathKey(path)}` : `webhook ${path} ${method}`;
          const id = side.string(side.get(operation, 'operationId'));
          result.set(key, { key, path, method, pathItem, operation, label: id ? quote(id) : quote(`${method.toUpperCase()} ${path}`) });
        }
      }
    }
    return result;
  }

  private compareOperation(o: OperationAt, n: OperationAt): void {
    const oldDeprecated = this.o.value(this.o.get(o.operation, 'deprecated')) === true;
    const newDeprecated = this.n.value(this.n.get(n.operation, 'deprecated')) === true;
    if (!oldDeprecated && newDeprecated) this.report('change.operation.deprecated', `${n.label} was deprecated`, n, o.operation, this.n.get(n.operation, 'deprecated'));
    const oldId = this.operationId(this.o, o);
    const newId = this.operationId(this.n, n);
    if (oldId && newId && oldId !== newId) {
      this.report('change.operation.idChanged', `The operationId of \`${o.method.toUpperCase()} ${o.path}\` changed from \`${oldId}\` to \`${newId}\``, n, this.o.get(o.operation, 'operationId'), this.n.get(n.operation, 'operationId'), { operationId: oldId });
    }
    this.compareParameters(o, n);
    this.compareRequestBody(o, n);
    this.compareResponses(o, n);
    this.compareSecurity(o, n);
  }

  // ------------------------------------------------------------------ parameters

  /** The parameters of an operation, its path item's included (the operation's win), by location and name. */
  private parameters(side: Side, op: OperationAt): Map<string, { name: string; in: string; at: At }> {
    const result = new Map<string, { name: string; in: string; at: At }>();
    const template = [...op.path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]);
    for (const list of [side.get(op.pathItem, 'parameters'), side.get(op.operation, 'parameters')]) {
      for (const item of side.items(list)) {
        const at = side.deref(item);
        const name = side.string(side.get(at, 'name'));
        const location = side.string(side.get(at, 'in'));
        if (!at || name === undefined || !location || location === 'body') continue;
        // A path variable is known by its position: renaming `{id}` to `{customerId}` changes nothing for clients.
        const position = template.indexOf(name);
        const key = location === 'path' && position >= 0 ? `path#${position}` : `${location}:${location === 'header' ? name.toLowerCase() : name}`;
        result.set(key, { name, in: location, at });
      }
    }
    return result;
  }

  private compareParameters(o: OperationAt, n: OperationAt): void {
    const oldParams = this.parameters(this.o, o);
    const newParams = this.parameters(this.n, n);
    const removed = [...oldParams].filter(([key]) => !newParams.has(key));
    const added = [...newParams].filter(([key]) => !oldParams.has(key));
    const paired = new Set<string>();
    for (const [oldKey, p] of removed) {
      const loose = (name: string): string => name.toLowerCase().replace(/[-_]/g, '');
      const moved = added.find(([key, q]) => !paired.has(key) && q.name === p.name && q.in !== p.in);
      const renamed = added.find(([key, q]) => !paired.has(key) && q.in === p.in && loose(q.name) === loose(p.name));
      const where = `parameter ${quote(p.name)} (${p.in}) of ${o.label}`;
      if (moved) {
        paired.add(moved[0]);
        this.report('change.parameter.locationChanged', `The ${where} moved to the ${moved[1].in}`, n, this.o.get(p.at, 'in'), this.n.get(moved[1].at, 'in'));
        this.compareParameter(p.at, moved[1].at, where, n);
      } else if (renamed) {
        paired.add(renamed[0]);
        this.report('change.parameter.renamed', `The ${where} was renamed to ${quote(renamed[1].name)}`, n, this.o.get(p.at, 'name'), this.n.get(renamed[1].at, 'name'));
        this.compareParameter(p.at, renamed[1].at, where, n);
      } else {
        void oldKey;
        this.report('change.parameter.removed', `The ${where} was removed`, n, p.at, this.n.get(n.operation, 'parameters') ?? n.operation);
      }
    }
    for (const [key, q] of added) {
      if (paired.has(key)) continue;
      const required = this.n.value(this.n.get(q.at, 'required')) === true;
      this.report(required ? 'change.parameter.addedRequired' : 'change.parameter.added', `${required ? 'Required' : 'Optional'} parameter ${quote(q.name)} (${q.in}) was added to ${n.label}`, n, this.o.get(o.operation, 'parameters') ?? o.operation, q.at);
    }
    for (const [key, p] of oldParams) {
      const q = newParams.get(key);
      if (q) this.compareParameter(p.at, q.at, `parameter ${quote(q.name)} (${q.in}) of ${n.label}`, n);
    }
  }

  private compareParameter(p: At, q: At, where: string, op: OperationAt): void {
    const oldRequired = this.o.value(this.o.get(p, 'required')) === true;
    const newRequired = this.n.value(this.n.get(q, 'required')) === true;
    if (!oldRequired && newRequired) this.report('change.parameter.becameRequired', `The ${where} became required`, op, this.o.get(p, 'required') ?? p, this.n.get(q, 'required'));
    if (oldRequired && !newRequired) this.report('change.parameter.becameOptional', `The ${where} is no longer required`, op, this.o.get(p, 'required'), this.n.get(q, 'required') ?? q);
    const location = this.n.string(this.n.get(q, 'in')) ?? 'query';
    const defaultStyle = location === 'path' || location === 'header' ? 'simple' : 'form';
    // 2.0 serialises arrays by `collectionFormat` (csv when absent); 3.x by `style` and `explode`, with defaults by location.
    const serialisation = (side: Side, at: At): string => {
      if (side.api.version === '2.0') return `collectionFormat: ${side.string(side.get(at, 'collectionFormat')) ?? 'csv'}`;
      const style = side.string(side.get(at, 'style')) ?? defaultStyle;
      const explode = side.value(side.get(at, 'explode'));
      return `${style}, explode: ${typeof explode === 'boolean' ? explode : style === 'form'}`;
    };
    const before = serialisation(this.o, p);
    const after = serialisation(this.n, q);
    if (before !== after) {
      this.report('change.parameter.serializationChanged', `The serialisation of the ${where} changed from ${quote(before)} to ${quote(after)}`, op,
        this.o.get(p, 'style') ?? this.o.get(p, 'explode') ?? this.o.get(p, 'collectionFormat') ?? p, this.n.get(q, 'style') ?? this.n.get(q, 'explode') ?? this.n.get(q, 'collectionFormat') ?? q);
    }
    const schemaOf = (side: Side, at: At): At | undefined => {
      if (side.api.version === '2.0') return side.deref(at); // a 2.0 parameter carries its type itself
      return side.get(at, 'schema') ?? side.get(side.members(side.get(at, 'content'))[0]?.[1], 'schema');
    };
    this.emitSchema('request', this.requests.compare(schemaOf(this.o, p), schemaOf(this.n, q)), the(where), op);
  }

  // ------------------------------------------------------------------ request bodies

  /** The request body: its node, whether it is required, and its schema per media type. */
  private requestBody(side: Side, op: OperationAt): { at: At; required: boolean; media: Map<string, At | undefined>; mediaAt?: At } | undefined {
    if (side.api.version === '2.0') {
      const params = [...side.items(side.get(op.pathItem, 'parameters')), ...side.items(side.get(op.operation, 'parameters'))].map((p) => side.deref(p)!);
      const body = params.filter((p) => p && side.string(side.get(p, 'in')) === 'body').pop();
      if (!body) return undefined;
      const consumes = side.value(side.get(op.operation, 'consumes') ?? side.get(side.root, 'consumes'));
      const types = Array.isArray(consumes) && consumes.length ? consumes.map(String) : ['application/json'];
      return { at: body, required: side.value(side.get(body, 'required')) === true, media: new Map(types.map((t) => [t, side.get(body, 'schema')])), mediaAt: side.get(op.operation, 'consumes') };
    }
    const at = side.deref(side.get(op.operation, 'requestBody'));
    if (!at) return undefined;
    const content = side.get(at, 'content');
    return { at, required: side.value(side.get(at, 'required')) === true, media: new Map(side.members(content).map(([type, media]) => [type, side.get(media, 'schema')])), mediaAt: content };
  }

  private compareRequestBody(o: OperationAt, n: OperationAt): void {
    const before = this.requestBody(this.o, o);
    const after = this.requestBody(this.n, n);
    const where = `the request body of ${n.label}`;
    if (after?.required && !before?.required) {
      this.report('change.request.bodyBecameRequired', before ? `${capital(where)} became required` : `A required request body was added to ${n.label}`, n, before?.at ?? o.operation, this.n.get(after.at, 'required') ?? after.at);
    }
    if (!before) return;
    for (const [type, oldSchema] of before.media) {
      if (!after) {
        this.report('change.request.mediaTypeRemoved', `${capital(where)} was removed`, n, before.at, n.operation);
        return;
      }
      if (!after.media.has(type)) {
        this.report('change.request.mediaTypeRemoved', `${quote(type)} was removed from ${where}`, n, this.mediaAt(this.o, before, type), after.mediaAt ?? after.at);
        continue;
      }
      const direction = this.bodyDirection(n, 'request');
      this.emitSchema(direction, this.comparer(direction).compare(oldSchema, after.media.get(type)), before.media.size > 1 ? `${where} (${type})` : where, n);
    }
    for (const type of after?.media.keys() ?? []) {
      if (!before.media.has(type)) this.report('change.request.mediaTypeAdded', `${quote(type)} was added to ${where}`, n, before.mediaAt ?? before.at, this.mediaAt(this.n, after!, type));
    }
  }

  /**
   * Which way a body travels as the API's clients see it: a webhook's request is sent by the API to
   * the clients (who must read what it carries), and its response is what they send back.
   */
  private bodyDirection(op: OperationAt, written: Direction): Direction {
    if (!op.key.startsWith('webhook ')) return written;
    return written === 'request' ? 'response' : 'request';
  }

  private comparer(direction: Direction): SchemaComparer {
    return direction === 'request' ? this.requests : this.responses;
  }

  private mediaAt(side: Side, body: { at: At; mediaAt?: At }, type: string): At | undefined {
    return side.get(body.mediaAt, type) ?? side.items(body.mediaAt).find((item) => side.value(item) === type) ?? body.mediaAt ?? body.at;
  }

  // ------------------------------------------------------------------ responses

  private responseMedia(side: Side, op: OperationAt, response: At): { media: Map<string, At | undefined>; mediaAt?: At } {
    if (side.api.version === '2.0') {
      const schema = side.get(response, 'schema');
      if (!schema) return { media: new Map() };
      const produces = side.value(side.get(op.operation, 'produces') ?? side.get(side.root, 'produces'));
      const types = Array.isArray(produces) && produces.length ? produces.map(String) : ['application/json'];
      return { media: new Map(types.map((t) => [t, schema])), mediaAt: side.get(op.operation, 'produces') };
    }
    const content = side.get(response, 'content');
    return { media: new Map(side.members(content).map(([type, media]) => [type, side.get(media, 'schema')])), mediaAt: content };
  }

  private compareResponses(o: OperationAt, n: OperationAt): void {
    const oldResponses = new Map(this.o.members(this.o.get(o.operation, 'responses')));
    const newResponsesAt = this.n.get(n.operation, 'responses');
    const newResponses = new Map(this.n.members(newResponsesAt));
    const success = (status: string): boolean => /^2/.test(status);
    const removedSuccess = [...oldResponses.keys()].filter((s) => success(s) && !newResponses.has(s));
    const addedSuccess = [...newResponses.keys()].filter((s) => success(s) && !oldResponses.has(s));
    const pairs: [string, string][] = [...oldResponses.keys()].filter((s) => newResponses.has(s)).map((s) => [s, s]);
    if (removedSuccess.length && addedSuccess.length && !([...oldResponses.keys()].some((s) => success(s) && newResponses.has(s)))) {
      const [from, to] = [removedSuccess[0], addedSuccess[0]];
      this.report('change.response.successStatusChanged', `The success status of ${n.label} changed from ${from} to ${to}`, n, oldResponses.get(from), newResponses.get(to));
      pairs.push([from, to]);
    }
    for (const status of oldResponses.keys()) {
      if (newResponses.has(status) || pairs.some(([from]) => from === status)) continue;
      const code = success(status) ? 'change.response.statusRemoved' : 'change.response.errorStatusRemoved';
      this.report(code, `The ${status} response of ${n.label} was removed`, n, oldResponses.get(status), newResponsesAt ?? n.operation);
    }
    for (const status of newResponses.keys()) {
      if (oldResponses.has(status) || pairs.some(([, to]) => to === status)) continue;
      this.report('change.response.statusAdded', `A ${status} response was added to ${n.label}`, n, this.o.get(o.operation, 'responses'), newResponses.get(status));
    }
    for (const [from, to] of pairs) {
      const before = this.responseMedia(this.o, o, oldResponses.get(from)!);
      const after = this.responseMedia(this.n, n, newResponses.get(to)!);
      const where = `the ${to} response of ${n.label}`;
      for (const [type, oldSchema] of before.media) {
        if (!after.media.has(type)) {
          this.report('change.response.mediaTypeRemoved', `${quote(type)} was removed from ${where}`, n, this.mediaAt(this.o, { at: oldResponses.get(from)!, mediaAt: before.mediaAt }, type), after.mediaAt ?? newResponses.get(to));
          continue;
        }
        const direction = this.bodyDirection(n, 'response');
        this.emitSchema(direction, this.comparer(direction).compare(oldSchema, after.media.get(type)), before.media.size > 1 ? `${where} (${type})` : where, n);
      }
      for (const type of after.media.keys()) {
        if (!before.media.has(type) && before.media.size) this.report('change.response.mediaTypeAdded', `${quote(type)} was added to ${where}`, n, before.mediaAt ?? oldResponses.get(from), this.mediaAt(this.n, { at: newResponses.get(to)!, mediaAt: after.mediaAt }, type));
      }
    }
  }

  /** Words the changes found in one schema for the place it is in (a parameter, a body, a response). */
  private emitSchema(direction: Direction, changes: SchemaChange[], where: string, op: OperationAt): void {
    for (const change of changes) {
      const field = change.path.join('.').replace(/\.\[\]/g, '[]');
      const subject = field ? `${quote(field)} in ${where}` : where;
      let summary = change.text(subject);
      if (change.kind === 'propertyRemoved' || change.kind === 'optionalPropertyRemoved') summary = `${quote(field)} was removed from ${where}`;
      if (change.kind === 'propertyAdded' || change.kind === 'propertyAddedRequired') {
        summary = `${change.kind === 'propertyAddedRequired' ? 'Required property' : 'Property'} ${quote(field)} was added to ${where}`;
      }
      const id = this.operationId(this.n, op) ?? this.operationId(this.o, op);
      this.report(`change.${direction}.${change.kind}`, summary, op, change.old, change.new, { ...(id ? { operationId: id } : {}), ...(change.property ? { property: change.property } : {}) });
    }
  }

  // ------------------------------------------------------------------ security

  /** The security alternatives of an operation (its own, else the root's): scheme names with their scopes. */
  private security(side: Side, op: OperationAt): { at?: At; alternatives: Map<string, Map<string, string[]>> } {
    const at = side.get(op.operation, 'security') ?? side.get(side.root, 'security');
    const alternatives = new Map<string, Map<string, string[]>>();
    for (const requirement of side.items(at)) {
      const schemes = new Map(side.members(requirement).map(([name, scopes]) => [name, (side.value(scopes) as unknown[] | undefined ?? []).map(String)]));
      alternatives.set([...schemes.keys()].sort().join(' + '), schemes);
    }
    return { at, alternatives };
  }

  private compareSecurity(o: OperationAt, n: OperationAt): void {
    const before = this.security(this.o, o);
    const after = this.security(this.n, n);
    const anonymousBefore = before.alternatives.size === 0 || before.alternatives.has('');
    const anonymousAfter = after.alternatives.size === 0 || after.alternatives.has('');
    if (anonymousBefore && !anonymousAfter) {
      this.report('change.security.requirementAdded', `${n.label} now requires ${[...after.alternatives.keys()].map(quote).join(' or ')}`, n, before.at ?? o.operation, after.at);
      return;
    }
    if (!anonymousBefore && anonymousAfter) {
      this.report('change.security.requirementRemoved', `${n.label} no longer requires authentication`, n, before.at, after.at ?? n.operation);
      return;
    }
    for (const [key, schemes] of before.alternatives) {
      const now = after.alternatives.get(key);
      if (!now) {
        if (!anonymousAfter) this.report('change.security.requirementAdded', `${n.label} no longer accepts ${quote(key)}; it requires ${[...after.alternatives.keys()].map(quote).join(' or ')}`, n, before.at, after.at);
        continue;
      }
      for (const [scheme, scopes] of schemes) {
        const newScopes = now.get(scheme) ?? [];
        const gained = newScopes.filter((s) => !scopes.includes(s));
        const lost = scopes.filter((s) => !newScopes.includes(s));
        if (gained.length) this.report('change.security.scopeAdded', `${n.label} now needs the scope${gained.length > 1 ? 's' : ''} ${gained.map(quote).join(', ')} of ${quote(scheme)}`, n, before.at, after.at);
        if (lost.length) this.report('change.security.scopeRemoved', `${n.label} no longer needs the scope${lost.length > 1 ? 's' : ''} ${lost.map(quote).join(', ')} of ${quote(scheme)}`, n, before.at, after.at);
      }
    }
  }

  private compareSchemes(): void {
    const section = (side: Side): At | undefined =>
      side.api.version === '2.0' ? side.get(side.root, 'securityDefinitions') : side.get(side.get(side.root, 'components'), 'securitySchemes');
    const before = section(this.o);
    const after = section(this.n);
    const names = new Set(this.n.members(after).map(([name]) => name));
    for (const [name, at] of this.o.members(before)) {
      if (!names.has(name)) this.report('change.security.schemeRemoved', `The security scheme ${quote(name)} was removed`, undefined, at, after ?? this.n.root);
    }
  }

  // ------------------------------------------------------------------ servers

  private servers(side: Side): Map<string, At> {
    if (side.api.version === '2.0') {
      const host = side.string(side.get(side.root, 'host'));
      if (!host) return new Map();
      const basePath = side.string(side.get(side.root, 'basePath')) ?? '';
      const schemes = (side.value(side.get(side.root, 'schemes')) as unknown[] | undefined) ?? ['https'];
      return new Map(schemes.map((scheme) => [`${String(scheme)}://${host}${basePath}`, side.get(side.root, 'host')!]));
    }
    return new Map(side.items(side.get(side.root, 'servers')).flatMap((server) => {
      const url = side.string(side.get(server, 'url'));
      return url ? [[url.replace(/\/+$/, ''), side.get(server, 'url')!] as [string, At]] : [];
    }));
  }

  private compareServers(): void {
    const before = this.servers(this.o);
    const after = this.servers(this.n);
    const parent = (side: Side): At | undefined => side.get(side.root, side.api.version === '2.0' ? 'host' : 'servers') ?? side.root;
    for (const [url, at] of before) if (!after.has(url)) this.report('change.server.removed', `The server ${quote(url)} was removed`, undefined, at, parent(this.n));
    for (const [url, at] of after) if (!before.has(url)) this.report('change.server.added', `The server ${quote(url)} was added`, undefined, parent(this.o), at);
  }
}

function capital(text: string): string {
  return text[0].toUpperCase() + text.slice(1);
}

/** "the parameter …" from "parameter …". */
function the(where: string): string {
  return `the ${where}`;
}
