/**
 * The document model every feature works on: one node per JSON/YAML value, carrying its source
 * range, so that any finding can be reported at the exact key or value, in YAML and JSON alike.
 * Object members are child nodes with `key` set (their key's range in keyOffset/keyLength);
 * duplicate keys stay in `children` in source order, so the plain value keeps the last one.
 */
export type AstNodeType = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

export interface AstNode {
  type: AstNodeType;
  /** Start offset of the value in the document text (UTF-16 code units). */
  offset: number;
  /** Length of the value's source text. */
  length: number;
  parent: AstNode | undefined;
  /** Property name when the parent is an object, index when the parent is an array. */
  key: string | number | undefined;
  /** Range of the key's source text (including quotes); -1 when the node has no key. */
  keyOffset: number;
  keyLength: number;
  /** Members of an object (in source order) or items of an array. */
  children: AstNode[] | undefined;
  /** The value of a scalar node; undefined for objects and arrays. */
  value: string | number | boolean | null | undefined;
}

export interface SyntaxProblem {
  message: string;
  offset: number;
  length: number;
  /** Stable rule code: `syntax.error` or `syntax.duplicateKey`. */
  code: 'syntax.error' | 'syntax.duplicateKey' | 'document.tooDeep';
}

export interface ParseResult {
  /** The root node, undefined when the text holds no value at all. */
  root: AstNode | undefined;
  /** The plain JavaScript value of the document (last duplicate key wins). */
  value: unknown;
  problems: SyntaxProblem[];
  /** Comments (YAML only), needed for `# interface-studio-disable-next-line`. */
  comments: { offset: number; text: string }[];
  /**
   * Set by the single-pass parsers: the tree holds no anchors, aliases or tags, so an edit can
   * re-parse one collection of it instead of the whole text (see reparse.ts).
   */
  reusable?: boolean;
}

export function createNode(
  type: AstNodeType,
  offset: number,
  length: number,
  parent: AstNode | undefined,
  value: AstNode['value'] = undefined,
): AstNode {
  return {
    type,
    offset,
    length,
    parent,
    key: undefined,
    keyOffset: -1,
    keyLength: 0,
    children: type === 'object' || type === 'array' ? [] : undefined,
    value,
  };
}

/** The child of an object node for a key (the last one when the key is duplicated). */
export function findProperty(node: AstNode | undefined, key: string): AstNode | undefined {
  if (!node || node.type !== 'object' || !node.children) return undefined;
  for (let i = node.children.length - 1; i >= 0; i--) {
    if (node.children[i].key === key) return node.children[i];
  }
  return undefined;
}

/** The node at a path of keys/indices, or undefined when the path leaves the document. */
export function findNodeAtPath(root: AstNode | undefined, path: readonly (string | number)[]): AstNode | undefined {
  let node = root;
  for (const segment of path) {
    if (!node) return undefined;
    node = childAt(node, segment);
  }
  return node;
}

/** The member of an object or the item of an array that a path segment names. */
export function childAt(node: AstNode, segment: string | number): AstNode | undefined {
  if (node.type === 'object') return findProperty(node, String(segment));
  if (node.type === 'array' && node.children) {
    const index = typeof segment === 'number' ? segment : /^\d+$/.test(segment) ? Number(segment) : -1;
    return index >= 0 ? node.children[index] : undefined;
  }
  return undefined;
}

/** The path from the root to a node. */
export function pathOfNode(node: AstNode): (string | number)[] {
  const path: (string | number)[] = [];
  for (let n: AstNode | undefined = node; n && n.parent; n = n.parent) path.push(n.key as string | number);
  return path.reverse();
}

/** The innermost node whose range (or key range) contains the offset. */
export function findNodeAtOffset(root: AstNode | undefined, offset: number): AstNode | undefined {
  let node = root;
  if (!node || offset < node.offset || offset > node.offset + node.length) return undefined;
  outer: while (node.children) {
    for (const child of node.children) {
      const inKey = child.keyOffset >= 0 && offset >= child.keyOffset && offset <= child.keyOffset + child.keyLength;
      if (inKey || (offset >= child.offset && offset <= child.offset + child.length)) {
        node = child;
        continue outer;
      }
    }
    break;
  }
  return node;
}

/** The plain value of a subtree (last duplicate key wins). */
export function nodeToValue(node: AstNode | undefined): unknown {
  if (!node) return undefined;
  switch (node.type) {
    case 'object': {
      const result: Record<string, unknown> = {};
      for (const child of node.children!) setMember(result, child.key as string, nodeToValue(child));
      return result;
    }
    case 'array':
      return node.children!.map(nodeToValue);
    default:
      return node.value;
  }
}

/** Sets an own member even for keys such as `__proto__`, which plain assignment would not. */
export function setMember(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
