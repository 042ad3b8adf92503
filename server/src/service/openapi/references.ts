import { AstNode, findNodeAtPath } from '../parser/ast';
import { ParsedDocument } from '../documents';
import { parsePointer } from '../pointer';
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
 * `indirect`, when given, receives what may name components without being a Reference Object:
 * discriminator `mapping` objects, and the literal and extension (`x-…`) members the walk skips.
 */
export function collectRefs(doc: ParsedDocument, indirect?: AstNode[]): RefUse[] {
  const root = doc.parse.root;
  if (!root) return [];
  const found: Collected = { refs: [], indirect: [] };
  collectBelow(doc.uri, root, doc.parse.value, 0, found, new Map());
  if (indirect) for (const node of found.indirect) indirect.push(node);
  return found.refs;
}

interface Collected {
  refs: RefUse[];
  indirect: AstNode[];
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
const REMEMBERED_DEPTHS = [2, 3];

/**
 * The `$ref`s and indirect uses of a subtree, in the order of a depth-first walk that takes the
 * last member first (the order of an explicit stack, as below the remembered depths).
 */
function collectBelow(uri: string, node: AstNode, value: unknown, depth: number, into: Collected, known: Map<string, RefUse>): void {
  if (depth > REMEMBERED_DEPTHS[REMEMBERED_DEPTHS.length - 1]) {
    collectSubtree(uri, node, into, known);
    return;
  }
  const remember = REMEMBERED_DEPTHS.includes(depth) && typeof value === 'object' && value !== null;
  if (remember) {
    const earlier = collectedByValue.get(value);
    if (earlier && earlier.node === node && earlier.uri === uri) {
      for (const use of earlier.refs) into.refs.push(use);
      for (const use of earlier.indirect) into.indirect.push(use);
      return;
    }
  }
  const own: Collected = remember ? { refs: [], indirect: [] } : into;
  const members: AstNode[] = [];
  walkMembers(uri, node, own, known, members);
  for (let i = members.length - 1; i >= 0; i--) {
    const child = members[i];
    collectBelow(uri, child, memberValue(value, child), depth + 1, own, known);
  }
  if (remember) {
    collectedByValue.set(value as object, { ...own, uri, node });
    for (const use of own.refs) into.refs.push(use);
    for (const use of own.indirect) into.indirect.push(use);
  }
}

function memberValue(value: unknown, child: AstNode): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string | number, unknown>)[child.key as string | number] : undefined;
}

/** The same walk without remembering, on an explicit stack (schemas nest deeply). */
function collectSubtree(uri: string, top: AstNode, into: Collected, known: Map<string, RefUse>): void {
  const stack: AstNode[] = [top];
  while (stack.length) walkMembers(uri, stack.pop()!, into, known, stack);
}

/**
 * Takes a node's own `$ref` (the last, as in the plain value) and indirect uses, and adds the
 * members to walk into to `walk`. Big documents repeat the same few references thousands of
 * times: each is taken apart once (`known`).
 */
function walkMembers(uri: string, node: AstNode, into: Collected, known: Map<string, RefUse>, walk: AstNode[]): void {
  if (!node.children) return;
  if (node.type !== 'object') {
    for (const child of node.children) if (child.children) walk.push(child);
    return;
  }
  let refNode: AstNode | undefined;
  for (const child of node.children) {
    if (child.key === '$ref') refNode = child;
    if (!child.children) continue;
    if (isLiteralMember(node.key, child.key as string, child.type === 'array' ? [] : undefined)) {
      into.indirect.push(child);
      continue;
    }
    if (child.key === 'mapping' && node.key === 'discriminator') into.indirect.push(child);
    walk.push(child);
  }
  if (refNode && refNode.type === 'string') {
    const same = known.get(refNode.value as string);
    const use = same ? { ...same, holder: node, node: refNode } : makeRefUse(uri, node, refNode);
    if (!same) known.set(use.ref, use);
    into.refs.push(use);
  }
}

export function makeRefUse(uri: string, holder: AstNode, node: AstNode): RefUse {
  const ref = String(node.value);
  const hash = ref.indexOf('#');
  const filePart = hash === -1 ? ref : ref.slice(0, hash);
  const fragment = hash === -1 ? '' : ref.slice(hash);
  const remote = isRemote(filePart) || (isRemote(uri) && filePart !== '');
  const targetUri = filePart === '' ? uri : resolveUri(uri, filePart);
  return { uri, holder, node, ref, targetUri, targetPath: parsePointer(fragment), remote };
}

/**
 * Where the `$ref`s of a document set lead, each resolved once however many rules follow it:
 * thousands of `$ref`s share a few targets, so they are kept by document and `$ref` text.
 */
export class RefTargets {
  private readonly byText = new Map<string, Map<string, { uri: string; node: AstNode } | null>>();

  constructor(private readonly documents: Map<string, ParsedDocument>) {}

  /** One hop: the node a `$ref` (held by `holder` in document `uri`) points at; undefined when it leads nowhere known. */
  target(uri: string, holder: AstNode, refNode: AstNode): { uri: string; node: AstNode } | undefined {
    let inDocument = this.byText.get(uri);
    if (!inDocument) this.byText.set(uri, (inDocument = new Map()));
    const ref = String(refNode.value);
    let target = inDocument.get(ref);
    if (target === undefined) {
      // `$ref`s inside literal data are not in the set's list, but a rule may still follow one.
      const use = makeRefUse(uri, holder, refNode);
      const doc = this.documents.get(use.targetUri);
      const node = doc && use.targetPath ? findNodeAtPath(doc.parse.root, use.targetPath) : undefined;
      target = node ? { uri: use.targetUri, node } : null;
      inDocument.set(ref, target);
    }
    return target ?? undefined;
  }
}
