import { AstNode, findProperty } from '../../parser/ast';
import { valueAtPath } from '../../pointer';
import { Located, RuleContext } from '../ruleContext';
import { RefTargets } from '../references';
import { Followed, Mismatch, Path, plain, stillLeadsToTheSame, SchemaChecker, SchemaConverter, showList, SUBSCHEMA_KEYWORDS, Subschemas, TooComplex } from '../schemaToJsonSchema';
import { HTTP_METHODS, members } from '../walk';
import { code } from '../schema/wording';

/** At most this many findings for one example or default. */
const MAX_PER_VALUE = 10;

/** What a Schema Object keyword holds, for the walk over nested schemas: one lookup per member. */
const enum Holds { Ref, Default, Example, Examples, Subschemas, SubschemaMap }
const KEYWORD_HOLDS = new Map<string, Holds>([
  ['$ref', Holds.Ref],
  ['default', Holds.Default],
  ['example', Holds.Example],
  ['examples', Holds.Examples],
  // The keywords whose subschemas the converter follows (one schema or a list, alike here: `items`
  // may be written as a list), then those it drops but whose subschemas may still hold examples.
  ...[...SUBSCHEMA_KEYWORDS].map(([k, held]) => [k, held === Subschemas.Map ? Holds.SubschemaMap : Holds.Subschemas] as const),
  ...['unevaluatedProperties', 'unevaluatedItems'].map((k) => [k, Holds.Subschemas] as const),
  ...['$defs', 'definitions'].map((k) => [k, Holds.SubschemaMap] as const),
]);

/**
 * Examples and defaults must match their schemas: a `default` that does not is an error (the
 * specification says it MUST conform), an example a warning (SHOULD). Checked: Schema Object
 * `default`, `example` and (3.1) `examples`; Parameter, Header and Media Type `example` and
 * `examples` (Example Objects, also through `$ref`); in 2.0 parameter, header and items `default`
 * and Response `examples`. Findings point at the offending node inside the value.
 */
export function checkExamples(context: RuleContext): void {
  new ExampleCheck(context).run();
}

type Kind = 'default' | 'example';

/** A schema nested in a gathered one (or that one itself) with a `$ref`, or values to check against it. */
interface SchemaStep {
  node: AstNode;
  /** Its plain value, and those of the values: read once with the steps. */
  schema: unknown;
  ref: boolean;
  values: { node: AstNode; kind: Kind; data: unknown }[] | undefined;
}

/**
 * The steps of each gathered schema, by its plain value: an edit gives new value objects only
 * along the path to what it changed (see parser/reparse.ts), and an unchanged value means an
 * unchanged subtree of nodes, so a re-check walks only the schemas an edit touched. Where their
 * `$ref`s lead is looked up again each time.
 */
const stepsByValue = new WeakMap<object, { uri: string; node: AstNode; oas31: boolean; steps: SchemaStep[] }>();

class ExampleCheck {
  private readonly converter: SchemaConverter;
  private readonly checker: SchemaChecker;
  /** Objects already walked, by kind (a shared component is walked once). */
  private readonly visited = new Map<string, Set<AstNode>>();
  private readonly checked = new Map<AstNode, AstNode[]>();
  private readonly schemas: Located[] = [];

  /** What earlier checks of this root found, while still valid. */
  private readonly memory: CheckMemory;

  constructor(private readonly context: RuleContext) {
    this.memory = CheckMemory.for(context);
    this.converter = new SchemaConverter(context.set, context.version);
    this.checker = new SchemaChecker((id) => this.converter.unit(id), (schema) => this.converter.hiddenRequired(schema));
  }

  run(): void {
    const c = this.context;
    const root: Located | undefined = c.root ? { uri: c.rootUri, node: c.root } : undefined;
    if (!root) return;
    const each = (at: Located | undefined, visit: (member: Located) => void): void => {
      if (at) for (const node of members(at.node)) visit({ uri: at.uri, node });
    };
    for (const section of ['paths', 'webhooks']) each(c.member(root, section), (item) => this.pathItem(item));
    if (c.version === '2.0') {
      each(c.member(root, 'definitions'), (schema) => this.schema(schema));
      each(c.member(root, 'parameters'), (parameter) => this.parameter(parameter));
      each(c.member(root, 'responses'), (response) => this.response(response));
    } else {
      const components = c.member(root, 'components');
      each(c.member(components, 'schemas'), (schema) => this.schema(schema));
      each(c.member(components, 'parameters'), (parameter) => this.parameter(parameter));
      each(c.member(components, 'headers'), (header) => this.parameter(header));
      each(c.member(components, 'requestBodies'), (body) => this.content(body));
      each(c.member(components, 'responses'), (response) => this.response(response));
      each(c.member(components, 'callbacks'), (callback) => each(this.enter(callback, 'callback'), (item) => this.pathItem(item)));
      each(c.member(components, 'pathItems'), (item) => this.pathItem(item));
    }
    this.drainSchemas();
  }

  /** Follows `$ref`s and marks the target as visited; undefined when already done (or unresolved). */
  private enter(at: Located, kind: string): Located | undefined {
    const target = this.converter.deref(at);
    if (!target || target.node.type !== 'object') return undefined;
    return this.firstVisit(kind, target) ? target : undefined;
  }

  private firstVisit(kind: string, at: Located): boolean {
    let nodes = this.visited.get(kind);
    if (!nodes) this.visited.set(kind, (nodes = new Set()));
    if (nodes.has(at.node)) return false;
    nodes.add(at.node);
    return true;
  }

  private pathItem(at: Located): void {
    const item = this.enter(at, 'pathItem');
    if (!item) return;
    for (const parameter of items(findProperty(item.node, 'parameters'))) this.parameter({ uri: item.uri, node: parameter });
    for (const member of members(item.node)) {
      if (!(HTTP_METHODS as readonly string[]).includes(String(member.key)) || member.type !== 'object') continue;
      const operation = { uri: item.uri, node: member };
      for (const parameter of items(findProperty(member, 'parameters'))) this.parameter({ uri: item.uri, node: parameter });
      const body = this.context.member(operation, 'requestBody');
      if (body) this.content(body);
      for (const response of members(findProperty(member, 'responses'))) this.response({ uri: item.uri, node: response });
      for (const callback of members(findProperty(member, 'callbacks'))) {
        const target = this.enter({ uri: item.uri, node: callback }, 'callback');
        for (const path of members(target?.node)) this.pathItem({ uri: target!.uri, node: path });
      }
    }
  }

  /** A Parameter or Header Object (2.0: also a parameter that is its own schema). */
  private parameter(at: Located): void {
    const parameter = this.enter(at, 'parameter');
    if (!parameter) return;
    const c = this.context;
    if (c.version === '2.0') {
      const schema = c.member(parameter, 'schema');
      if (schema) this.schema(schema);
      else this.simpleDefaults(parameter);
      return;
    }
    const schema = c.member(parameter, 'schema');
    if (schema) {
      this.schema(schema);
      this.examples(parameter, schema, undefined);
    }
    this.mediaTypes(c.member(parameter, 'content'));
  }

  /** 2.0 non-body parameters, headers and their `items`: the object is its own schema. */
  private simpleDefaults(at: Located): void {
    for (let current: Located | undefined = at, depth = 0; current && current.node.type === 'object' && depth < 16; depth++) {
      const value = this.context.member(current, 'default');
      if (value) this.check(value, current, 'default');
      current = this.context.member(current, 'items');
    }
  }

  /** A Request Body Object (or anything with `content`). */
  private content(at: Located): void {
    const holder = this.enter(at, 'content');
    if (holder) this.mediaTypes(this.context.member(holder, 'content'));
  }

  private mediaTypes(content: Located | undefined): void {
    for (const node of members(content?.node)) {
      const mediaType = { uri: content!.uri, node };
      const schema = this.context.member(mediaType, 'schema');
      if (schema) {
        this.schema(schema);
        this.examples(mediaType, schema, String(node.key));
      }
      for (const encoding of members(findProperty(node, 'encoding'))) {
        for (const header of members(findProperty(encoding, 'headers'))) this.parameter({ uri: mediaType.uri, node: header });
      }
    }
  }

  private response(at: Located): void {
    const response = this.enter(at, 'response');
    if (!response) return;
    const c = this.context;
    for (const header of members(findProperty(response.node, 'headers'))) this.parameter({ uri: response.uri, node: header });
    if (c.version !== '2.0') {
      this.mediaTypes(c.member(response, 'content'));
      return;
    }
    const schema = c.member(response, 'schema');
    if (!schema) return;
    this.schema(schema);
    const examples = c.member(response, 'examples');
    for (const node of members(examples?.node)) this.check({ uri: examples!.uri, node }, schema, 'example', String(node.key));
  }

  /** `example` and the Example Objects of `examples` of a parameter, header or media type. */
  private examples(holder: Located, schema: Located, mediaType: string | undefined): void {
    const c = this.context;
    const example = c.member(holder, 'example');
    if (example) this.check(example, schema, 'example', mediaType);
    const examples = c.member(holder, 'examples');
    if (examples?.node.type !== 'object') return;
    for (const node of examples.node.children!) {
      const target = this.converter.deref({ uri: examples.uri, node });
      const value = c.member(target, 'value');
      if (!value) continue;
      const ref = findProperty(value.node, '$ref');
      if (ref && value.node.children!.length === 1) {
        // `value` is literal data: a `$ref` in it is not followed, the example is that object.
        c.report({ uri: value.uri, node: ref }, 'key', 'oas.example.mismatch',
          'The example is literally this object: `$ref` is not followed inside `value`. Put the `$ref` in place of the whole Example Object.');
        continue;
      }
      this.check(value, schema, 'example', mediaType);
    }
  }

  /** Schema Objects are gathered first, then walked without recursion (schemas nest deeply). */
  private schema(at: Located): void {
    this.schemas.push(at);
  }

  /**
   * Walks each gathered schema and the schemas nested in it. Only gathered ones and `$ref` targets
   * can be reached twice, so only they are remembered as visited; a nested schema reached again
   * through a `$ref` is walked once more at most, and its values are not checked twice.
   */
  private drainSchemas(): void {
    const oas31 = this.context.version === '3.1';
    while (this.schemas.length > 0) {
      const entry = this.schemas.pop()!;
      if (entry.node.type !== 'object' || !this.firstVisit('schema', entry)) continue;
      const uri = entry.uri;
      for (const step of this.stepsOf(entry, oas31)) {
        const at = { uri, node: step.node };
        if (step.ref) {
          const target = this.converter.follow(at);
          if (target && target.node !== step.node) this.schemas.push(target);
          if (!oas31) continue; // siblings of `$ref` are ignored before 3.1
        }
        if (step.values) for (const value of step.values) this.check({ uri, node: value.node }, at, value.kind, undefined, value.data, step.schema);
      }
    }
  }

  /**
   * The schemas nested in a gathered one (and itself) that hold a `$ref` or values to check, in
   * walk order, with their plain values.
   */
  private stepsOf(entry: Located, oas31: boolean): SchemaStep[] {
    const value = this.valueOf(entry);
    const known = typeof value === 'object' && value !== null ? stepsByValue.get(value) : undefined;
    if (known && known.node === entry.node && known.uri === entry.uri && known.oas31 === oas31) return known.steps;
    const steps: SchemaStep[] = [];
    // The nested schemas still to walk, and their plain values (two stacks: no object per schema).
    const nested: AstNode[] = [entry.node];
    const nestedValues: unknown[] = [value];
    while (nested.length > 0) {
      const node = nested.pop()!;
      const schema = nestedValues.pop();
      if (node.type !== 'object') continue;
      let ref = false;
      let values: SchemaStep['values'];
      for (const child of node.children!) {
        switch (KEYWORD_HOLDS.get(child.key as string)) {
          case Holds.Ref:
            ref = true;
            break;
          case Holds.Default:
            (values ??= []).push({ node: child, kind: 'default', data: memberValue(schema, child) });
            break;
          case Holds.Example:
            (values ??= []).push({ node: child, kind: 'example', data: memberValue(schema, child) });
            break;
          case Holds.Examples:
            if (oas31 && child.type === 'array') {
              const list = memberValue(schema, child);
              for (const item of child.children!) (values ??= []).push({ node: item, kind: 'example', data: memberValue(list, item) });
            }
            break;
          case Holds.Subschemas:
            if (child.type === 'array') {
              const list = memberValue(schema, child);
              for (const item of child.children!) {
                nested.push(item);
                nestedValues.push(memberValue(list, item));
              }
            } else if (child.type === 'object') {
              nested.push(child);
              nestedValues.push(memberValue(schema, child));
            }
            break;
          case Holds.SubschemaMap: {
            const map = memberValue(schema, child);
            for (const item of members(child)) {
              nested.push(item);
              nestedValues.push(memberValue(map, item));
            }
            break;
          }
        }
      }
      if (ref || values) steps.push({ node, schema, ref, values });
    }
    if (typeof value === 'object' && value !== null) stepsByValue.set(value, { uri: entry.uri, node: entry.node, oas31, steps });
    return steps;
  }

  /**
   * Checks one value against a schema and reports each mismatch at its node. `schemaAt` is the
   * Schema Object (or 2.0 simple parameter, header or items) the value must match.
   */
  private check(value: Located, schemaAt: Located, kind: Kind, mediaType?: string, knownData?: unknown, knownSchema?: unknown): void {
    let against = this.checked.get(value.node);
    if (!against) this.checked.set(value.node, (against = []));
    if (against.includes(schemaAt.node)) return;
    against.push(schemaAt.node);
    const data = knownData === undefined ? this.valueOf(value) : knownData;
    if (mediaType !== undefined && typeof data === 'string' && !/json/i.test(mediaType) && !this.acceptsStrings(schemaAt)) {
      return; // an XML or text body written out as a string: not the data model the schema describes
    }
    const schemaValue = knownSchema === undefined ? this.valueOf(schemaAt) : knownSchema;
    let mismatches = this.memory.recall(kind, schemaValue, data, this.context.set.targets);
    if (!mismatches) {
      const { result, followed } = this.converter.recording(() => this.mismatches(schemaAt, data, kind));
      mismatches = result;
      this.memory.remember(kind, schemaValue, data, mismatches, followed);
    }
    if (mismatches.length === 0) return;
    const seen = new Set<string>();
    for (const mismatch of mismatches) {
      const id = JSON.stringify([mismatch.path, mismatch.predicate]);
      if (seen.has(id)) continue;
      seen.add(id);
      if (seen.size > MAX_PER_VALUE) break;
      this.report(value, data, mismatch, kind, schemaAt);
    }
  }

  private mismatches(schemaAt: Located, data: unknown, kind: Kind): Mismatch[] {
    const schema = this.converter.schemaAt(schemaAt);
    if (schema === true) return [];
    try {
      return this.checker.check(schema, data, { emptyFormats: kind === 'default' });
    } catch (error) {
      if (error instanceof TooComplex || error instanceof RangeError) return []; // too costly to decide: say nothing
      throw error;
    }
  }

  /** The plain value of a node, taken from the parsed document rather than rebuilt. */
  private valueOf(at: Located): unknown {
    const path: (string | number)[] = [];
    for (let node: AstNode | undefined = at.node; node?.parent; node = node.parent) path.push(node.key!);
    const doc = this.context.set.documents.get(at.uri);
    const value = doc ? valueAtPath(doc.parse.value, path.reverse()) : undefined;
    return value === undefined ? plain(at.node) : value;
  }

  private acceptsStrings(schemaAt: Located): boolean {
    const schema = this.converter.deref(schemaAt);
    const typeNode = schema && findProperty(schema.node, 'type');
    const type = typeNode ? plain(typeNode) : undefined;
    return type === 'string' || (Array.isArray(type) && type.includes('string'));
  }

  private report(value: Located, data: unknown, mismatch: Mismatch, kind: Kind, schemaAt: Located): void {
    const subject = kind === 'default' ? 'The default' : 'The example';
    const { path } = mismatch;
    let message: string;
    if (path.length === 0 && mismatch.kind === 'enum') message = `${subject} ${code(data)} is not one of ${showList(mismatch.allowed ?? [])}.`;
    else if (path.length === 0) message = `${subject} ${mismatch.predicate}.`;
    else message = `${subject} does not match its schema: \`${label(path)}\` ${mismatch.predicate}.`;

    const node = nodeAt(value.node, path);
    const text = this.context.set.documents.get(value.uri)?.text ?? '';
    const onKey = mismatch.on === 'key' && node.keyOffset >= 0;
    const offset = onKey ? node.keyOffset : node.offset;
    const length = onKey ? node.keyLength : firstLine(text, node.offset, node.length);
    const schemaLength = firstLine(this.context.set.documents.get(schemaAt.uri)?.text ?? '', schemaAt.node.offset, schemaAt.node.length);
    const related = value.uri === schemaAt.uri && Math.abs(value.node.offset - schemaAt.node.offset) < 2000
      ? undefined
      : [{ uri: schemaAt.uri, offset: schemaAt.node.offset, length: schemaLength, message: 'the schema' }];
    this.context.report({ uri: value.uri, node }, 'value', kind === 'default' ? 'oas.default.mismatch' : 'oas.example.mismatch', message, {
      offset,
      length,
      ...(related ? { related } : {}),
    });
  }
}

/**
 * Mismatches found by earlier checks of a root, by schema and value objects. An edit gives new
 * value objects only to the parts it changed (see parser/reparse.ts), so the same objects mean the
 * same schema and data; a result is taken again only while every `$ref` followed to find it still
 * leads to the same value, so an edit inside one schema re-checks only what reaches that schema.
 */
class CheckMemory {
  private static readonly byRoot = new Map<string, CheckMemory>();
  /** Per kind: object values (most are checked against one schema), and scalars by schema. */
  private readonly objects = { default: new WeakMap<object, Remembered>(), example: new WeakMap<object, Remembered>() };
  private readonly scalars = { default: new WeakMap<object, Map<unknown, Remembered>>(), example: new WeakMap<object, Map<unknown, Remembered>>() };

  private constructor(private readonly version: string) {}

  static for(context: RuleContext): CheckMemory {
    const known = CheckMemory.byRoot.get(context.rootUri);
    if (known && known.version === context.version) return known;
    const memory = new CheckMemory(context.version);
    CheckMemory.byRoot.set(context.rootUri, memory);
    return memory;
  }

  recall(kind: Kind, schema: unknown, data: unknown, targets: RefTargets): Mismatch[] | undefined {
    if (!schema || typeof schema !== 'object') return undefined;
    let remembered = data && typeof data === 'object' ? this.objects[kind].get(data) : this.scalars[kind].get(schema)?.get(data);
    while (remembered && remembered.schema !== schema) remembered = remembered.next;
    if (!remembered) return undefined;
    if (remembered.followed && !stillLeadsToTheSame(remembered.followed, targets)) return undefined;
    return remembered.mismatches;
  }

  remember(kind: Kind, schema: unknown, data: unknown, mismatches: Mismatch[], followed: Followed | undefined): void {
    if (!schema || typeof schema !== 'object') return;
    if (data && typeof data === 'object') {
      // Against another schema too: kept in a chain (an Example Object used by two media types).
      const others = this.objects[kind].get(data);
      this.objects[kind].set(data, { schema, mismatches, followed, next: others?.schema === schema ? others.next : others });
      return;
    }
    let forSchema = this.scalars[kind].get(schema);
    if (!forSchema) this.scalars[kind].set(schema, (forSchema = new Map()));
    forSchema.set(data, { schema, mismatches, followed, next: undefined });
  }
}

interface Remembered {
  schema: object;
  mismatches: Mismatch[];
  followed: Followed | undefined;
  next: Remembered | undefined;
}

/** The plain value of a member (an item) of a node, from the plain value of that node. */
function memberValue(parent: unknown, child: AstNode): unknown {
  return typeof parent === 'object' && parent !== null ? (parent as Record<string | number, unknown>)[child.key as string | number] : undefined;
}

function items(node: AstNode | undefined): AstNode[] {
  return node && node.type === 'array' ? node.children! : [];
}

/** The node a path leads to inside a value, or the deepest node on the way. */
export function nodeAt(node: AstNode, path: Path): AstNode {
  let current = node;
  for (const segment of path) {
    let next: AstNode | undefined;
    if (current.type === 'object') next = findProperty(current, String(segment));
    else if (current.type === 'array') next = current.children![segment as number];
    if (!next) break;
    current = next;
  }
  return current;
}

/** A path inside a value as a reader writes it: `owner.name`, `tags[0]`, `headers["x-id"]`. */
export function label(path: Path): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

/** An object or array value spans many lines; its first line is enough to point at it. */
export function firstLine(text: string, offset: number, length: number): number {
  const newline = text.indexOf('\n', offset);
  return newline === -1 || newline > offset + length ? length : Math.max(1, newline - offset);
}
