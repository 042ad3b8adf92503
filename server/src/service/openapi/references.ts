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
  const refs: RefUse[] = [];
  const root = doc.parse.root;
  if (!root) return refs;
  // Big documents repeat the same few references thousands of times: each is taken apart once.
  const known = new Map<string, RefUse>();
  const stack: AstNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (!node.children) continue;
    if (node.type === 'object') {
      // One pass finds the `$ref` (the last, as in the plain value) and the members to walk.
      let refNode: AstNode | undefined;
      for (const child of node.children) {
        if (child.key === '$ref') refNode = child;
        if (!child.children) continue;
        if (isLiteralMember(node.key, child.key as string, child.type === 'array' ? [] : undefined)) {
          indirect?.push(child);
          continue;
        }
        if (indirect && child.key === 'mapping' && node.key === 'discriminator') indirect.push(child);
        stack.push(child);
      }
      if (refNode && refNode.type === 'string') {
        const same = known.get(refNode.value as string);
        const use = same ? { ...same, holder: node, node: refNode } : makeRefUse(doc.uri, node, refNode);
        if (!same) known.set(use.ref, use);
        refs.push(use);
      }
    } else {
      for (const child of node.children) if (child.children) stack.push(child);
    }
  }
  return refs;
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
