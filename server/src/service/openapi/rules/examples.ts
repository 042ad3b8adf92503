import { AstNode, findProperty } from '../../parser/ast';
import { valueAtPath } from '../../pointer';
import { Located, RuleContext } from '../ruleContext';
import { RefTargets, ResolvedRef } from '../references';
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

class ExampleCheck {
  private readonly converter: SchemaConverter;
  private readonly checker: SchemaChecker;
  /** Objects already walked, by kind (a shared component is walked once). */
  private readonly visited = new Map<string, Set<AstNode>>();
  /** The schemas each value was checked against in this check: most values have one, kept without a list. */
  private readonly checked = new Map<AstNode, AstNode | AstNode[]>();
  private readonly schemas: Located[] = [];

  /** What earlier checks of this root found, while still valid. */
  private readonly memory: CheckMemory;
  /** What the member being walked does, to be replayed by later checks (see unit). */
  private trace: Trace | undefined;
  /** Recordings whose `$ref`s were found to lead where they did (see stillLeadsToTheSame). */
  private stillValid = new WeakSet<Followed>();
  private refsStillValid = new WeakSet<ResolvedRef>();

  constructor(private readonly context: RuleContext) {
    this.memory = CheckMemory.for(context);
    this.converter = new SchemaConverter(context.set, context.version);
    this.checker = new SchemaChecker((id) => this.converter.unit(id), (schema) => this.converter.hiddenRequired(schema));
  }

  run(): void {
    const c = this.context;
    const root: Located | undefined = c.root ? { uri: c.rootUri, node: c.root } : undefined;
    if (!root) return;
    const validity = this.memory.validity(c.set.targets);
    this.stillValid = validity.followed;
    this.refsStillValid = validity.refs;
    this.walk(root);
    this.memory.settle(c.set.targets, validity);
  }

  private walk(root: Located): void {
    const c = this.context;
    const each = (at: Located | undefined, role: string, visit: (member: Located) => void): void => {
      if (!at) return;
      // The members' values are read from the section's, not each from the document's root.
      const sectionValue = this.valueOf(at);
      for (const node of members(at.node)) this.unit({ uri: at.uri, node }, role, visit, ownMemberValue(sectionValue, node));
    };
    for (const section of ['paths', 'webhooks']) each(c.member(root, section), 'pathItem', (item) => this.pathItem(item));
    if (c.version === '2.0') {
      each(c.member(root, 'definitions'), 'schema', (schema) => this.schema(schema));
      each(c.member(root, 'parameters'), 'parameter', (parameter) => this.parameter(parameter));
      each(c.member(root, 'responses'), 'response', (response) => this.response(response));
    } else {
      const components = c.member(root, 'components');
      each(c.member(components, 'schemas'), 'schema', (schema) => this.schema(schema));
      each(c.member(components, 'parameters'), 'parameter', (parameter) => this.parameter(parameter));
      each(c.member(components, 'headers'), 'parameter', (header) => this.parameter(header));
      each(c.member(components, 'requestBodies'), 'content', (body) => this.content(body));
      each(c.member(components, 'responses'), 'response', (response) => this.response(response));
      each(c.member(components, 'callbacks'), 'callback', (callback) => {
        const target = this.enter(callback, 'callback');
        for (const node of members(target?.node)) this.pathItem({ uri: target!.uri, node });
      });
      each(c.member(components, 'pathItems'), 'pathItem', (item) => this.pathItem(item));
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
    const first = !nodes.has(at.node);
    if (first) nodes.add(at.node);
    this.trace?.ops.push({ op: Op.Visit, kind, node: at.node, first });
    return first;
  }

  /**
   * Walks one member of `paths` or of a components section (or one gathered schema) as `walk`
   * does, or replays what that walk did last time: the visits it made, the schemas it gathered,
   * the values it checked and their mismatches. A replay holds while the member is the same value,
   * every `$ref` the walk followed still leads to the same value, and each object it entered first
   * is still entered first (an earlier member may now enter it instead); a keystroke so walks only
   * the members on the path to what it changed.
   */
  private unit(at: Located, role: string, walk: (at: Located) => void, knownValue?: unknown): void {
    const value = knownValue === undefined ? this.valueOf(at) : knownValue;
    if (typeof value !== 'object' || value === null) {
      walk(at);
      return;
    }
    const walks = this.memory.walksAs(role);
    const known = walks.get(value);
    if (known && known.node === at.node && known.uri === at.uri && this.replay(known)) return;
    const trace: Trace = { uri: at.uri, node: at.node, ops: [], parts: [] };
    this.trace = trace;
    try {
      const { followed } = this.converter.recording(() => walk(at));
      if (followed) trace.parts.push(followed);
    } finally {
      this.trace = undefined;
    }
    walks.set(value, trace);
  }

  private replay(trace: Trace): boolean {
    if (!this.stillLeadsToTheSame(trace.parts)) return false;
    // The same visits must come out first: checked before anything is done.
    let entered: Set<AstNode> | undefined;
    for (const step of trace.ops) {
      if (step.op !== Op.Visit) continue;
      const first = !this.visited.get(step.kind)?.has(step.node) && !entered?.has(step.node);
      if (first !== step.first) return false;
      if (first) (entered ??= new Set()).add(step.node);
    }
    for (const step of trace.ops) {
      switch (step.op) {
        case Op.Visit:
          this.firstVisit(step.kind, { uri: trace.uri, node: step.node });
          break;
        case Op.Schema:
          this.schemas.push(step.at);
          break;
        case Op.Check:
          this.checkRemembered(step);
          break;
        case Op.Report:
          this.context.report(step.at, 'key', step.code, step.message);
          break;
      }
    }
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
        const message = 'The example is literally this object: `$ref` is not followed inside `value`. Put the `$ref` in place of the whole Example Object.';
        c.report({ uri: value.uri, node: ref }, 'key', 'oas.example.mismatch', message);
        this.trace?.ops.push({ op: Op.Report, at: { uri: value.uri, node: ref }, code: 'oas.example.mismatch', message });
        continue;
      }
      this.check(value, schema, 'example', mediaType);
    }
  }

  /**
   * Whether the `$ref`s of recordings still lead to the same values. Members share most of their
   * recordings (the conversion of a schema they all use), so each is looked at once per check, and
   * not at all while no `$ref` leads elsewhere than in the last check (see CheckMemory.validity).
   */
  private stillLeadsToTheSame(parts: Followed[]): boolean {
    // Most replays follow only what earlier ones found valid in this check: nothing to allocate.
    let stack: Followed[] | undefined;
    for (const part of parts) if (!this.stillValid.has(part)) (stack ??= []).push(part);
    if (!stack) return true;
    const targets = this.context.set.targets;
    const seen = new Set<Followed>();
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (this.stillValid.has(next) || seen.has(next)) continue;
      seen.add(next);
      for (const ref of next.refs) {
        if (this.refsStillValid.has(ref)) continue;
        if (targets.resolve(ref.uri, ref.ref).value !== ref.value) return false;
        this.refsStillValid.add(ref);
      }
      for (const part of next.parts) stack.push(part);
    }
    for (const part of seen) this.stillValid.add(part);
    return true;
  }

  /** Schema Objects are gathered first, then walked without recursion (schemas nest deeply). */
  private schema(at: Located): void {
    this.schemas.push(at);
    this.trace?.ops.push({ op: Op.Schema, at });
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
      // Visited here rather than in the walk: a schema gathered twice is walked once, by its first.
      if (entry.node.type !== 'object' || !this.firstVisit('schema', entry)) continue;
      this.unit(entry, 'gathered', (at) => this.drainSchema(at, oas31));
    }
  }

  /** One gathered schema: the values in it checked, the targets of its `$ref`s gathered. */
  private drainSchema(entry: Located, oas31: boolean): void {
    const uri = entry.uri;
    for (const step of this.stepsOf(entry, oas31)) {
      const at = { uri, node: step.node };
      if (step.ref) {
        const target = this.converter.follow(at);
        if (target && target.node !== step.node) this.schema(target);
        if (!oas31) continue; // siblings of `$ref` are ignored before 3.1
      }
      if (step.values) for (const value of step.values) this.check({ uri, node: value.node }, at, value.kind, undefined, value.data, step.schema);
    }
  }

  /**
   * The schemas nested in a gathered one (and itself) that hold a `$ref` or values to check, in
   * walk order, with their plain values.
   */
  private stepsOf(entry: Located, oas31: boolean): SchemaStep[] {
    const value = this.valueOf(entry);
    const known = typeof value === 'object' && value !== null ? this.memory.steps.get(value) : undefined;
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
    if (typeof value === 'object' && value !== null) this.memory.steps.set(value, { uri: entry.uri, node: entry.node, oas31, steps });
    return steps;
  }

  /**
   * Checks one value against a schema and reports each mismatch at its node. `schemaAt` is the
   * Schema Object (or 2.0 simple parameter, header or items) the value must match.
   */
  private check(value: Located, schemaAt: Located, kind: Kind, mediaType?: string, knownData?: unknown, knownSchema?: unknown): void {
    const data = knownData === undefined ? this.valueOf(value) : knownData;
    const step: CheckStep = { op: Op.Check, value, schemaAt, kind, mediaType, data, mismatches: undefined };
    this.trace?.ops.push(step);
    if (!this.firstCheck(value, schemaAt)) return;
    if (mediaType !== undefined && typeof data === 'string' && !/json/i.test(mediaType) && !this.acceptsStrings(schemaAt)) {
      step.mismatches = [];
      return; // an XML or text body written out as a string: not the data model the schema describes
    }
    const schemaValue = knownSchema === undefined ? this.valueOf(schemaAt) : knownSchema;
    const recalled = this.memory.recall(kind, schemaValue, data, this.context.set.targets);
    let mismatches = recalled?.mismatches;
    if (recalled?.followed) this.trace?.parts.push(recalled.followed);
    if (!mismatches) {
      const { result, followed } = this.converter.recording(() => this.mismatches(schemaAt, data, kind));
      mismatches = result;
      this.memory.remember(kind, schemaValue, data, mismatches, followed);
    }
    step.mismatches = mismatches;
    this.reportAll(step.value, step.data, mismatches, kind, schemaAt);
  }

  /** Whether a value is checked against a schema for the first time in this check. */
  private firstCheck(value: Located, schemaAt: Located): boolean {
    const against = this.checked.get(value.node);
    if (against === undefined) this.checked.set(value.node, schemaAt.node);
    else if (Array.isArray(against)) {
      if (against.includes(schemaAt.node)) return false;
      against.push(schemaAt.node);
    } else if (against === schemaAt.node) return false;
    else this.checked.set(value.node, [against, schemaAt.node]);
    return true;
  }

  /**
   * A check replayed: its mismatches as found when it was recorded (where it was a repeat then,
   * they are found now, as a live check would).
   */
  private checkRemembered(step: CheckStep): void {
    if (!step.mismatches) {
      this.check(step.value, step.schemaAt, step.kind, step.mediaType, step.data);
      return;
    }
    if (!this.firstCheck(step.value, step.schemaAt)) return;
    this.reportAll(step.value, step.data, step.mismatches, step.kind, step.schemaAt);
  }

  private reportAll(value: Located, data: unknown, mismatches: Mismatch[], kind: Kind, schemaAt: Located): void {
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
  /** Per kind: object values (most are checked against one schema), and scalars by schema. */
  private readonly objects = { default: new WeakMap<object, Remembered>(), example: new WeakMap<object, Remembered>() };
  private readonly scalars = { default: new WeakMap<object, Map<unknown, Remembered>>(), example: new WeakMap<object, Map<unknown, Remembered>>() };

  /**
   * The steps of each gathered schema, by its plain value: an edit gives new value objects only
   * along the path to what it changed (see parser/reparse.ts), and an unchanged value means an
   * unchanged subtree of nodes, so a re-check walks only the schemas an edit touched. Where their
   * `$ref`s lead is looked up again each time.
   */
  readonly steps = new WeakMap<object, { uri: string; node: AstNode; oas31: boolean; steps: SchemaStep[] }>();

  /** The walks of members and gathered schemas, by what the walk did with them and by value. */
  private readonly walks = new Map<string, WeakMap<object, Trace>>();


  walksAs(role: string): WeakMap<object, Trace> {
    let walks = this.walks.get(role);
    if (!walks) this.walks.set(role, (walks = new WeakMap()));
    return walks;
  }

  /** What the `$ref`s resolved by the last finished check led to, and what that check found valid. */
  private settled: { resolved: { uri: string; ref: string; value: unknown }[]; validity: Validity } | undefined;

  /**
   * The recordings and `$ref`s known to lead where they did, for a check whose `$ref`s lead as
   * `targets` says: those of the last check while every `$ref` it resolved leads to the same value
   * now (a keystroke outside every `$ref`'s target), else none. Each `$ref` a recording found valid
   * then was resolved then, so it is among those compared now.
   */
  validity(targets: RefTargets): Validity {
    const last = this.settled;
    // A check that does not finish leaves nothing to carry.
    this.settled = undefined;
    if (last && last.resolved.every((r) => targets.resolve(r.uri, r.ref).value === r.value)) return last.validity;
    return { followed: new WeakSet(), refs: new WeakSet() };
  }

  /** At the end of a check: where its `$ref`s led, with what it found valid. */
  settle(targets: RefTargets, validity: Validity): void {
    const resolved: { uri: string; ref: string; value: unknown }[] = [];
    for (const { uri, ref, value } of targets.resolved()) resolved.push({ uri, ref, value });
    this.settled = { resolved, validity };
  }

  static for(context: RuleContext): CheckMemory {
    return context.memory.part(CheckMemory, context.rootUri, context.version, () => new CheckMemory());
  }

  recall(kind: Kind, schema: unknown, data: unknown, targets: RefTargets): Remembered | undefined {
    if (!schema || typeof schema !== 'object') return undefined;
    let remembered = data && typeof data === 'object' ? this.objects[kind].get(data) : this.scalars[kind].get(schema)?.get(data);
    while (remembered && remembered.schema !== schema) remembered = remembered.next;
    if (!remembered) return undefined;
    if (remembered.followed && !stillLeadsToTheSame(remembered.followed, targets)) return undefined;
    return remembered;
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

/** Recordings, and `$ref`s, found to still lead to the values they led to when recorded. */
interface Validity {
  followed: WeakSet<Followed>;
  refs: WeakSet<ResolvedRef>;
}

/** What a walk did that depends on the rest of the check, in order (see ExampleCheck.unit). */
const enum Op { Visit, Schema, Check, Report }

type Step =
  | { op: Op.Visit; kind: string; node: AstNode; first: boolean }
  | { op: Op.Schema; at: Located }
  | CheckStep
  | { op: Op.Report; at: Located; code: string; message: string };

/** A value checked against a schema; its mismatches unless it had been checked already. */
interface CheckStep {
  op: Op.Check;
  value: Located;
  schemaAt: Located;
  kind: Kind;
  mediaType: string | undefined;
  data: unknown;
  mismatches: Mismatch[] | undefined;
}

interface Trace {
  uri: string;
  node: AstNode;
  ops: Step[];
  /** What the `$ref`s the walk followed led to. */
  parts: Followed[];
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

/** The same, undefined unless the parent has that member of its own (as valueAtPath reads it). */
function ownMemberValue(parent: unknown, child: AstNode): unknown {
  return typeof parent === 'object' && parent !== null && Object.prototype.hasOwnProperty.call(parent, child.key as string | number) ? memberValue(parent, child) : undefined;
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
