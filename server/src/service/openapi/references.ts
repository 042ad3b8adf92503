import { AstNode, childAt } from '../parser/ast';
import { ParsedDocument } from '../documents';
import { parsePointer, valueAtPath } from '../pointer';
import { isRemote, resolveUri } from '../uris';

/** One `$ref` in one document, with where it points. */
export interface RefUse {
  /** The document the `$ref` is written in. */
  uri: string;
  /** The object holding `$ref`. */
  holder: AstNode;
  /** The `$ref` string value node (its range is where problems are reported). */
  node: AstNode;
  ref: string;
  /** The absolute URI of the target document (the same document for `#/...`). */
  targetUri: string;
  /** The path inside the target document, undefined when the fragment is not a JSON pointer. */
  targetPath: string[] | undefined;
  remote: boolean;
}

/** Keys whose values are literal data, never Reference Objects (unless they name an entry of a map). */
const LITERAL_KEYS = new Set(['example', 'default', 'enum', 'const']);

/** Objects whose keys are names chosen by the author (`default` response, `default` example…), not keywords. */
const NAME_MAPS = new Set([
  'paths', 'webhooks', 'responses', 'properties', 'patternProperties', 'schemas', 'definitions', '$defs', 'parameters',
  'headers', 'content', 'callbacks', 'links', 'encoding', 'examples', 'securitySchemes', 'securityDefinitions',
  'requestBodies', 'pathItems', 'dependentSchemas', 'mapping', 'variables',
]);

/** Whether a member holds literal data (examples, defaults, enums, extensions) rather than spec structure. */
export function isLiteralMember(parentKey: string | number | undefined, key: string, value: unknown): boolean {
  if (typeof parentKey === 'string' && NAME_MAPS.has(parentKey)) return false;
  if (LITERAL_KEYS.has(key) || key.startsWith('x-')) return true;
  return key === 'examples' && Array.isArray(value);
}

/**
 * Every `$ref` of a document, skipping literal data (examples, defaults, enums) and extensions.
 * `indirect`, when given, receives what names components without being a Reference Object: the
 * values of discriminator mappings, and the `$ref`s and mappings inside literal data and extension
 * (`x-…`) members.
 */
export function collectRefs(doc: ParsedDocument, indirect?: string[]): RefUse[] {
  const root = doc.parse.root;
  if (!root) return [];
  const found: Collected = { refs: [], indirect: [] };
  collectBelow(doc.uri, root, doc.parse.value, 0, found, new Map());
  if (indirect) for (const target of found.indirect) indirect.push(target);
  return found.refs;
}

interface Collected {
  refs: RefUse[];
  indirect: string[];
}

/**
 * What the walk found in a path item, an operation, a component…, by its plain value. An edit
 * gives new value objects only along the path to what it changed (see parser/reparse.ts), and an
 * unchanged value means an unchanged subtree of nodes, so a re-check after a keystroke walks that
 * path and takes the rest from here. The node is kept too: the same value at another place (a
 * YAML alias) has other nodes.
 */
const collectedByValue = new WeakMap<object, Collected & { uri: string; node: AstNode }>();

/** Nodes this deep (the root is 0) are remembered: `/pets`, `components.schemas`, `get`, `Pet`… */
const FIRST_REMEMBERED_DEPTH = 2;
const LAST_REMEMBERED_DEPTH = 3;

/**
 * The `$ref`s and indirect uses of a subtree, in the order of a depth-first walk that takes the
 * last member first (the order of the explicit stack below the remembered depths).
 */
function collectBelow(uri: string, node: AstNode, value: unknown, depth: number, into: Collected, known: Map<string, RefUse>): void {
  const remember = depth >= FIRST_REMEMBERED_DEPTH && typeof value === 'object' && value !== null;
  if (remember) {
    const earlier = collectedByValue.get(value);
    if (earlier && earlier.node === node && earlier.uri === uri) {
      for (const use of earlier.refs) into.refs.push(use);
      for (const use of earlier.indirect) into.indirect.push(use);
      return;
    }
  }
  const own: Collected = remember ? { refs: [], indirect: [] } : into;
  // Below the remembered depths, the plain walk on an explicit stack: schemas nest deeply.
  const members: AstNode[] = [node];
  walk(uri, members, own.refs, own.indirect, known, depth === LAST_REMEMBERED_DEPTH ? Infinity : 1);
  for (let i = members.length - 1; i >= 0; i--) {
    const child = members[i];
    const childValue = typeof value === 'object' && value !== null ? (value as Record<string | number, unknown>)[child.key as string | number] : undefined;
    collectBelow(uri, child, childValue, depth + 1, own, known);
  }
  if (remember) {
    collectedByValue.set(value as object, { ...own, uri, node });
    for (const use of own.refs) into.refs.push(use);
    for (const use of own.indirect) into.indirect.push(use);
  }
}

/**
 * Takes up to `limit` nodes from the stack (the last first): their own `$ref` (the last, as in
 * the plain value) and indirect uses, and pushes the members to walk into. Big documents repeat
 * the same few references thousands of times: each is taken apart once (`known`).
 */
function walk(uri: string, stack: AstNode[], refs: RefUse[], indirect: string[], known: Map<string, RefUse>, limit: number): void {
  for (let taken = 0; taken < limit && stack.length > 0; taken++) {
    const node = stack.pop()!;
    if (!node.children) continue;
    if (node.type !== 'object') {
      for (const child of node.children) if (child.children) stack.push(child);
      continue;
    }
    let refNode: AstNode | undefined;
    for (const child of node.children) {
      if (child.key === '$ref') refNode = child;
      if (!child.children) continue;
      if (isLiteralMember(node.key, child.key as string, child.type === 'array' ? [] : undefined)) {
        literalTargets(child, indirect);
        continue;
      }
      if (child.key === 'mapping' && node.key === 'discriminator') mappingTargets(child, indirect);
      stack.push(child);
    }
    if (refNode && refNode.type === 'string') {
      const same = known.get(refNode.value as string);
      const use = same ? { ...same, holder: node, node: refNode } : makeRefUse(uri, node, refNode);
      if (!same) known.set(use.ref, use);
      refs.push(use);
    }
  }
}

/** A discriminator mapping names schemas by reference or by name. */
function mappingTargets(mapping: AstNode, into: string[]): void {
  if (mapping.type !== 'object') literalTargets(mapping, into);
  else for (const entry of mapping.children!) if (entry.type === 'string') into.push(entry.value as string);
}

/** `$ref`s and discriminator mappings inside literal data: a `$ref` in an example shows the author means that component. */
function literalTargets(place: AstNode, into: string[]): void {
  const stack = [place];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const child of node.children!) {
      if (child.key === '$ref' && child.type === 'string' && (child.value as string).startsWith('#/')) into.push(child.value as string);
      else if (child.key === 'mapping' && child.type === 'object' && node.key === 'discriminator') mappingTargets(child, into);
      else if (child.children) stack.push(child);
    }
  }
}

export function makeRefUse(uri: string, holder: AstNode, node: AstNode): RefUse {
  const ref = String(node.value);
  return { uri, holder, node, ref, ...whereRefLeads(uri, ref) };
}

/** The target document and path of a `$ref` text written in document `uri`. */
export function whereRefLeads(uri: string, ref: string): Pick<RefUse, 'targetUri' | 'targetPath' | 'remote'> {
  const hash = ref.indexOf('#');
  const filePart = hash === -1 ? ref : ref.slice(0, hash);
  const fragment = hash === -1 ? '' : ref.slice(hash);
  const remote = isRemote(filePart) || (isRemote(uri) && filePart !== '');
  const targetUri = filePart === '' ? uri : resolveUri(uri, filePart);
  return { targetUri, targetPath: parsePointer(fragment), remote };
}

/** Where one `$ref` text, written in one document, leads: the node, and its plain value. */
export interface ResolvedRef {
  uri: string;
  ref: string;
  target: { uri: string; node: AstNode } | undefined;
  /** The target's plain value: a new object whenever an edit changed anything below the target. */
  value: unknown;
}

/**
 * Where the `$ref`s of a document set lead, each resolved once however many rules follow it:
 * thousands of `$ref`s share a few targets, so they are kept by document and `$ref` text.
 */
export class RefTargets {
  private readonly byText = new Map<string, Map<string, ResolvedRef>>();
  private readonly membersByKey = new Map<AstNode, Map<string, AstNode>>();

  constructor(private readonly documents: Map<string, ParsedDocument>) {}

  /** One hop: the node a `$ref` (its string node, in document `uri`) points at; undefined when it leads nowhere known. */
  target(uri: string, refNode: AstNode): { uri: string; node: AstNode } | undefined {
    return this.resolve(uri, String(refNode.value)).target;
  }

  /**
   * The same, by the `$ref` text; one object per document and text. `leads`, where the caller has
   * it (a RefUse of the set), is where the text leads, so that it is not taken apart again.
   */
  resolve(uri: string, ref: string, leads?: Pick<RefUse, 'targetUri' | 'targetPath'>): ResolvedRef {
    let inDocument = this.byText.get(uri);
    if (!inDocument) this.byText.set(uri, (inDocument = new Map()));
    let resolved = inDocument.get(ref);
    if (resolved === undefined) {
      // `$ref`s inside literal data are not in the set's list, but a rule may still follow one.
      const use = leads ?? whereRefLeads(uri, ref);
      const doc = this.documents.get(use.targetUri);
      const node = doc && use.targetPath ? this.nodeAt(doc.parse.root, use.targetPath) : undefined;
      resolved = { uri, ref, target: node ? { uri: use.targetUri, node } : undefined, value: node ? valueAtPath(doc!.parse.value, use.targetPath!) : undefined };
      inDocument.set(ref, resolved);
    }
    return resolved;
  }

  /** Every `$ref` text resolved so far, with where it led. */
  *resolved(): Iterable<ResolvedRef> {
    for (const inDocument of this.byText.values()) yield* inDocument.values();
  }

  /** Like findNodeAtPath, with the members of big objects (900 schemas…) looked up by key. */
  private nodeAt(root: AstNode | undefined, path: readonly string[]): AstNode | undefined {
    let node = root;
    for (const segment of path) {
      if (!node) return undefined;
      if (node.type === 'object' && node.children!.length > INDEXED_MEMBERS) {
        let index = this.membersByKey.get(node);
        if (!index) {
          // The last of duplicate keys wins, as in findProperty.
          index = new Map(node.children!.map((child) => [child.key as string, child]));
          this.membersByKey.set(node, index);
        }
        node = index.get(segment);
      } else node = childAt(node, segment);
    }
    return node;
  }
}

/** Objects with more members than this are indexed by key once per check. */
const INDEXED_MEMBERS = 16;
