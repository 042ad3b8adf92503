import type { AstNode } from '../parser/ast';
import type { ChangeSubject } from './model';
import { At, Dependency, Side } from './side';

export type Direction = 'request' | 'response';

/** A change found inside a schema, relative to it: worded once the caller says where the schema is. */
export interface SchemaChange {
  /** The rule code without its `change.request.` / `change.response.` prefix. */
  kind: string;
  /** Property path from the compared schema (`address.city`, `items[]`). */
  path: string[];
  /** The sentence, given how to name the changed value and the schema's place. */
  text: (subject: string) => string;
  /** The nodes in each version (read as places when reported: nodes move with edits). */
  old?: At;
  new?: At;
  property?: ChangeSubject['property'];
}

/** A schema as clients see it: `$ref`s followed and `allOf` parts merged. */
interface SchemaView {
  at: At;
  /** Every object merged into this view (the schema and its `allOf` parts). */
  parts: At[];
  types?: Set<string>;
  typeAt?: At;
  nullable: boolean;
  format?: At;
  enumAt?: At;
  props: Map<string, At>;
  propsAt?: At;
  required: Set<string>;
  items?: At;
  variants?: { keyword: 'oneOf' | 'anyOf'; at: At; branches: At[] };
  discriminator?: At;
  additional?: At;
  keywords: Map<string, At>;
}

const UPPER = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'];
const LOWER = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'];
const SCALAR_KEYWORDS = new Set([...UPPER, ...LOWER, 'pattern', 'default', 'uniqueItems', 'readOnly', 'writeOnly']);

/**
 * Compares two schemas in the direction they travel: a request schema may accept more but not less,
 * a response schema may promise more but not less. `allOf` parts are merged first and `oneOf`/`anyOf`
 * alternatives are matched one to one (by `$ref` target, title or type), so moving properties into
 * an `allOf` or adding an alternative is judged for what it means, not as "the schema changed".
 * Results are kept per pair of schema nodes: specs share components across hundreds of operations.
 */
export class SchemaComparer {
  private readonly memo = new Map<AstNode, Map<AstNode, { changes: SchemaChange[]; dependencies: Dependency[] }>>();

  constructor(private readonly oldSide: Side, private readonly newSide: Side, private readonly direction: Direction) {}

  compare(oldAt: At | undefined, newAt: At | undefined, depth = 0): SchemaChange[] {
    const o = this.oldSide.deref(oldAt);
    const n = this.newSide.deref(newAt);
    if (!o || !n || o.node.type !== 'object' || n.node.type !== 'object' || depth > 48) return [];
    let byNew = this.memo.get(o.node);
    if (!byNew) this.memo.set(o.node, (byNew = new Map()));
    const known = byNew.get(n.node);
    if (known) {
      // What a remembered result rests on counts for whoever uses it.
      this.newSide.recording?.push(...known.dependencies);
      return known.changes;
    }
    const entry = { changes: [] as SchemaChange[], dependencies: [] as Dependency[] };
    byNew.set(n.node, entry); // a recursive schema meets itself: cut there
    const outer = this.newSide.recording;
    this.newSide.recording = entry.dependencies;
    try {
      if (!this.sameText(o, n)) entry.changes = this.compareViews(this.view(this.oldSide, o), this.view(this.newSide, n), depth);
    } finally {
      this.newSide.recording = outer;
      outer?.push(...entry.dependencies);
    }
    return entry.changes;
  }

  /** A schema written the same way, with no `$ref` inside that could lead to something changed, is unchanged. */
  private sameText(o: At, n: At): boolean {
    if (o.node.length !== n.node.length) return false;
    const oldText = this.oldSide.api.set.documents.get(o.uri)?.text;
    const newText = this.newSide.api.set.documents.get(n.uri)?.text;
    if (oldText === undefined || newText === undefined) return false;
    const text = oldText.slice(o.node.offset, o.node.offset + o.node.length);
    return !text.includes('$ref') && text === newText.slice(n.node.offset, n.node.offset + n.node.length);
  }

  private view(side: Side, at: At): SchemaView {
    const view: SchemaView = { at, parts: [], nullable: false, props: new Map(), required: new Set(), keywords: new Map() };
    const seen = new Set<AstNode>();
    const merge = (part: At | undefined, depth: number): void => {
      const resolved = side.deref(part);
      if (!resolved || resolved.node.type !== 'object' || seen.has(resolved.node) || depth > 16) return;
      seen.add(resolved.node);
      view.parts.push(resolved);
      const allOf: AstNode[] = [];
      // One pass over the members: schemas are compared by the thousand in big specs.
      for (const child of resolved.node.children!) {
        const key = child.key as string;
        const member: At = { uri: resolved.uri, node: child };
        switch (key) {
          case 'type': {
            const raw = child.type === 'array' ? child.children!.map((c) => c.value) : [child.value];
            const list = raw.filter((t): t is string => typeof t === 'string');
            if (list.includes('null')) view.nullable = true;
            const types = new Set(list.filter((t) => t !== 'null'));
            if (types.size) {
              view.types = view.types ? new Set([...view.types].filter((t) => types.has(t) || (t === 'integer' && types.has('number')))) : types;
              view.typeAt = member;
            }
            break;
          }
          case 'nullable':
          case 'x-nullable':
            if (child.value === true) view.nullable = true;
            break;
          case 'format':
            view.format ??= member;
            break;
          case 'enum':
            view.enumAt = member;
            if (child.children?.some((c) => c.type === 'null')) view.nullable = true;
            break;
          case 'properties': {
            const props = side.deref(member);
            if (!props || props.node.type !== 'object') break;
            view.propsAt ??= props;
            for (const prop of props.node.children!) if (!view.props.has(prop.key as string)) view.props.set(prop.key as string, { uri: props.uri, node: prop });
            break;
          }
          case 'required':
            for (const name of child.children ?? []) if (typeof name.value === 'string') view.required.add(name.value);
            break;
          case 'items':
            view.items ??= member;
            break;
          case 'additionalProperties':
            view.additional ??= member;
            break;
          case 'discriminator':
            view.discriminator ??= member;
            break;
          case 'oneOf':
          case 'anyOf':
            if (!view.variants && child.type === 'array') view.variants = { keyword: key, at: member, branches: child.children!.map((node) => ({ uri: resolved.uri, node })) };
            break;
          case 'allOf':
            if (child.type === 'array') allOf.push(...child.children!);
            break;
          default:
            if (SCALAR_KEYWORDS.has(key) && !view.keywords.has(key)) view.keywords.set(key, member);
        }
      }
      for (const branch of allOf) merge({ uri: resolved.uri, node: branch }, depth + 1);
    };
    merge(at, 0);
    return view;
  }

  private compareViews(o: SchemaView, n: SchemaView, depth: number): SchemaChange[] {
    const out: SchemaChange[] = [];
    if (!!o.variants !== !!n.variants) {
      // A schema that became one of several alternatives (or the reverse): judged as alternatives.
      this.compareVariants(o, n, depth, out);
      return out;
    }
    const request = this.direction === 'request';
    const add = (kind: string, text: SchemaChange['text'], oldAt: At | undefined, newAt: At | undefined, path: string[] = []): void => {
      out.push({ kind, path, text, old: oldAt ?? o.at, new: newAt ?? n.at });
    };

    // Types: a request value must still accept every old type; a response value must not produce new ones.
    const typeText = (types: Set<string> | undefined): string => (types ? [...types].join(' or ') : 'any type');
    let typeBroke = false;
    if (o.types || n.types) {
      const accepts = (a: Set<string> | undefined, b: Set<string> | undefined): boolean =>
        !b || (!!a && [...a].every((t) => b.has(t) || (t === 'integer' && b.has('number'))));
      const oldInNew = accepts(o.types, n.types);
      const newInOld = accepts(n.types, o.types);
      if (!oldInNew || !newInOld) {
        const text = (s: string): string => `the type of ${s} changed from ${typeText(o.types)} to ${typeText(n.types)}`;
        if (request) add(oldInNew ? 'typeWidened' : 'typeChanged', text, o.typeAt, n.typeAt);
        else add(newInOld ? 'typeNarrowed' : 'typeChanged', text, o.typeAt, n.typeAt);
        typeBroke = request ? !oldInNew : !newInOld;
      }
    }
    if (o.nullable !== n.nullable) {
      if (n.nullable) add(request ? 'typeWidened' : 'becameNullable', (s) => `${s} became nullable`, o.typeAt, n.typeAt);
      else add(request ? 'typeChanged' : 'typeNarrowed', (s) => `${s} no longer ${request ? 'accepts' : 'can be'} null`, o.typeAt, n.typeAt);
    }
    if (typeBroke) return out;

    // format
    const oldFormat = this.oldSide.string(o.format);
    const newFormat = this.newSide.string(n.format);
    if (oldFormat !== newFormat) {
      const text = (s: string): string =>
        oldFormat && newFormat ? `the format of ${s} changed from \`${oldFormat}\` to \`${newFormat}\``
          : newFormat ? `${s} now has the format \`${newFormat}\`` : `${s} no longer has the format \`${oldFormat}\``;
      if (request) add(newFormat ? 'formatChanged' : 'boundLoosened', text, o.format, n.format);
      else add(oldFormat ? 'formatChanged' : 'boundTightened', text, o.format, n.format);
    }

    // enum
    const oldEnum = o.enumAt ? (this.oldSide.value(o.enumAt) as unknown[]) : undefined;
    const newEnum = n.enumAt ? (this.newSide.value(n.enumAt) as unknown[]) : undefined;
    if (Array.isArray(oldEnum) || Array.isArray(newEnum)) {
      const key = (v: unknown): string => JSON.stringify(v);
      const list = (values: unknown[]): string => values.map((v) => `\`${typeof v === 'string' ? v : key(v)}\``).join(', ');
      const oldKeys = new Set((oldEnum ?? []).map(key));
      const newKeys = new Set((newEnum ?? []).map(key));
      const removed = Array.isArray(newEnum) ? (oldEnum ?? []).filter((v) => !newKeys.has(key(v))) : [];
      const added = Array.isArray(oldEnum) ? (newEnum ?? []).filter((v) => !oldKeys.has(key(v))) : [];
      if (!Array.isArray(oldEnum)) add(request ? 'enumNarrowed' : 'enumNarrowed', (s) => `${s} is now limited to ${list(newEnum!)}`, o.at, n.enumAt);
      else if (!Array.isArray(newEnum)) add(request ? 'enumWidened' : 'enumWidened', (s) => `${s} is no longer limited to ${list(oldEnum)}`, o.enumAt, n.at);
      else {
        if (removed.length) add('enumNarrowed', (s) => `${s} no longer allows ${list(removed)}`, o.enumAt, n.enumAt);
        if (added.length) add('enumWidened', (s) => `${s} now also allows ${list(added)}`, o.enumAt, n.enumAt);
      }
    }

    // bounds
    for (const keyword of [...UPPER, ...LOWER, 'uniqueItems']) {
      const oldValue = this.oldSide.value(o.keywords.get(keyword));
      const newValue = this.newSide.value(n.keywords.get(keyword));
      if (oldValue === newValue) continue;
      let tighter: boolean;
      if (typeof oldValue === 'boolean' || typeof newValue === 'boolean') tighter = newValue === true; // uniqueItems, 3.0 exclusive bounds
      else if (typeof oldValue !== 'number') tighter = typeof newValue === 'number';
      else if (typeof newValue !== 'number') tighter = false;
      else tighter = UPPER.includes(keyword) ? newValue < oldValue : newValue > oldValue;
      const text = (s: string): string =>
        oldValue === undefined ? `\`${keyword}: ${String(newValue)}\` was added to ${s}`
          : newValue === undefined ? `\`${keyword}: ${String(oldValue)}\` was removed from ${s}`
            : `\`${keyword}\` of ${s} changed from ${String(oldValue)} to ${String(newValue)}`;
      add(tighter ? 'boundTightened' : 'boundLoosened', text, o.keywords.get(keyword), n.keywords.get(keyword));
    }

    // pattern
    const oldPattern = this.oldSide.string(o.keywords.get('pattern'));
    const newPattern = this.newSide.string(n.keywords.get('pattern'));
    if (oldPattern !== newPattern) {
      const text = (s: string): string =>
        oldPattern && newPattern ? `the pattern of ${s} changed from \`${oldPattern}\` to \`${newPattern}\``
          : newPattern ? `${s} must now match \`${newPattern}\`` : `${s} no longer has to match \`${oldPattern}\``;
      if (request) add(newPattern ? 'patternChanged' : 'boundLoosened', text, o.keywords.get('pattern'), n.keywords.get('pattern'));
      else add(oldPattern ? 'boundLoosened' : 'boundTightened', text, o.keywords.get('pattern'), n.keywords.get('pattern'));
    }

    // default: what a client that leaves the value out gets
    if (request && o.keywords.has('default')) {
      const oldDefault = this.oldSide.value(o.keywords.get('default'));
      const newDefault = this.newSide.value(n.keywords.get('default'));
      if (JSON.stringify(oldDefault) !== JSON.stringify(newDefault)) {
        add('defaultChanged', (s) => newDefault === undefined ? `${s} no longer defaults to \`${JSON.stringify(oldDefault)}\`` : `the default of ${s} changed from \`${JSON.stringify(oldDefault)}\` to \`${JSON.stringify(newDefault)}\``,
          o.keywords.get('default'), n.keywords.get('default') ?? n.at);
      }
    }

    // additionalProperties: false closes an object
    const closed = (side: Side, at: At | undefined): boolean => side.value(at) === false;
    if (!closed(this.oldSide, o.additional) && closed(this.newSide, n.additional) && request) {
      add('boundTightened', (s) => `${s} no longer accepts properties it does not list`, o.additional, n.additional);
    } else if (closed(this.oldSide, o.additional) && !closed(this.newSide, n.additional) && !request) {
      add('boundLoosened', (s) => `${s} may now hold properties it does not list`, o.additional, n.additional);
    }

    this.compareProperties(o, n, depth, out);

    if (o.items && n.items) for (const change of this.compare(o.items, n.items, depth + 1)) out.push({ ...change, path: ['[]', ...change.path] });

    this.compareVariants(o, n, depth, out);
    return out;
  }

  private compareProperties(o: SchemaView, n: SchemaView, depth: number, out: SchemaChange[]): void {
    const request = this.direction === 'request';
    // Clients do not send readOnly properties, nor read writeOnly ones.
    const hidden = (side: Side, at: At): boolean => side.value(side.get(at, request ? 'readOnly' : 'writeOnly')) === true;
    const lostAt = n.propsAt ?? n.at;
    for (const [name, oldProp] of o.props) {
      if (hidden(this.oldSide, oldProp)) continue;
      const newProp = n.props.get(name);
      const wasRequired = o.required.has(name);
      const isRequired = n.required.has(name);
      if (!newProp) {
        const kind = request ? 'propertyRemoved' : wasRequired ? 'propertyRemoved' : 'optionalPropertyRemoved';
        out.push({ kind, path: [name], text: (s) => `${s} was removed`, old: oldProp, new: lostAt,
          property: { name, uri: n.at.uri, parent: n.at.node } });
        continue;
      }
      const property = { name, uri: newProp.uri, node: newProp.node };
      if (wasRequired !== isRequired) {
        if (isRequired && request) out.push({ kind: 'propertyBecameRequired', path: [name], text: (s) => `${s} became required`, old: oldProp, new: newProp, property });
        else if (!isRequired) out.push({ kind: request ? 'propertyBecameOptional' : 'propertyBecameOptional', path: [name], text: (s) => `${s} is no longer required`, old: oldProp, new: newProp, property });
      }
      for (const change of this.compare(oldProp, newProp, depth + 1)) out.push({ ...change, path: [name, ...change.path], property: change.property ?? property });
    }
    for (const [name, newProp] of n.props) {
      if (o.props.has(name) || hidden(this.newSide, newProp)) continue;
      const required = n.required.has(name);
      const kind = request && required ? 'propertyAddedRequired' : 'propertyAdded';
      out.push({ kind, path: [name], text: (s) => `${required && request ? 'required ' : ''}${s} was added`, old: o.propsAt ?? o.at, new: newProp,
        property: { name, uri: newProp.uri, node: newProp.node } });
    }
  }

  /** `oneOf`/`anyOf` alternatives matched one to one; a plain schema counts as one alternative. */
  private compareVariants(o: SchemaView, n: SchemaView, depth: number, out: SchemaChange[]): void {
    const request = this.direction === 'request';
    if (o.variants || n.variants) {
      const oldBranches = o.variants ? o.variants.branches : [o.at];
      const newBranches = n.variants ? n.variants.branches : [n.at];
      const oldKeys = distinct(oldBranches.map((b, i) => variantKey(this.oldSide, b, i)));
      const newKeys = distinct(newBranches.map((b, i) => variantKey(this.newSide, b, i)));
      // A plain schema that became one alternative of many (or the reverse) keeps its name.
      if (!o.variants) oldKeys[0] = newKeys.find((k) => k === variantKey(this.oldSide, o.at, 0, true)) ?? oldKeys[0];
      if (!n.variants) newKeys[0] = oldKeys.find((k) => k === variantKey(this.newSide, n.at, 0, true)) ?? newKeys[0];
      oldBranches.forEach((branch, i) => {
        const j = newKeys.indexOf(oldKeys[i]);
        if (j === -1) {
          out.push({ kind: 'variantRemoved', path: [], text: (s) => `the alternative ${oldKeys[i]} of ${s} was removed`, old: branch, new: n.variants?.at ?? n.at });
        } else {
          for (const change of this.compare(branch, newBranches[j], depth + 1)) out.push(change);
        }
      });
      newBranches.forEach((branch, j) => {
        if (oldKeys.includes(newKeys[j])) return;
        out.push({ kind: 'variantAdded', path: [], text: (s) => `the alternative ${newKeys[j]} was added to ${s}`, old: o.variants?.at ?? o.at, new: branch });
      });
    }
    const oldName = this.oldSide.string(this.oldSide.get(o.discriminator, 'propertyName'));
    const newName = this.newSide.string(this.newSide.get(n.discriminator, 'propertyName'));
    if (oldName && newName && oldName !== newName) {
      out.push({ kind: 'discriminatorChanged', path: [], text: (s) => `the discriminator of ${s} changed from \`${oldName}\` to \`${newName}\``,
        old: this.oldSide.get(o.discriminator, 'propertyName'), new: this.newSide.get(n.discriminator, 'propertyName') });
    }
    if (oldName && newName) {
      const oldMapping = new Map(this.oldSide.members(this.oldSide.get(o.discriminator, 'mapping')));
      const newMapping = new Map(this.newSide.members(this.newSide.get(n.discriminator, 'mapping')));
      for (const [value, at] of oldMapping) {
        if (!newMapping.has(value)) out.push({ kind: request ? 'variantRemoved' : 'variantRemoved', path: [], text: (s) => `the discriminator value \`${value}\` of ${s} was removed`, old: at, new: n.discriminator });
      }
      for (const [value, at] of newMapping) {
        if (!oldMapping.has(value)) out.push({ kind: 'variantAdded', path: [], text: (s) => `the discriminator value \`${value}\` was added to ${s}`, old: o.discriminator, new: at });
      }
    }
  }
}

/** Alternatives known by the same words (two `object`s) are told apart by their order among those. */
function distinct(keys: string[]): string[] {
  const seen = new Map<string, number>();
  return keys.map((key) => {
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1 ? key : `${key} (${n})`;
  });
}

/** How an alternative is recognised across versions: the component it names, its title, or its type. */
function variantKey(side: Side, branch: At, index: number, plain = false): string {
  const ref = branch.node.type === 'object' ? refText(branch.node) : undefined;
  if (ref) return `\`${ref.slice(ref.lastIndexOf('/') + 1)}\``;
  const resolved = side.deref(branch);
  const title = side.string(side.get(resolved, 'title'));
  if (title) return `\`${title}\``;
  if (plain && (resolved?.node.parent?.key === 'schemas' || resolved?.node.parent?.key === 'definitions')) return `\`${String(resolved.node.key)}\``;
  const type = side.value(side.get(resolved, 'type'));
  if (typeof type === 'string') return `\`${type}\``;
  return `#${index + 1}`;
}

function refText(node: AstNode): string | undefined {
  const ref = node.children?.find((c) => c.key === '$ref');
  return ref?.type === 'string' ? String(ref.value) : undefined;
}
