import { AstNode, findNodeAtPath, findProperty } from '../parser/ast';
import { DocumentSet } from './documentSet';
import { isLiteralMember, makeRefUse, whereRefLeads } from './references';
import { valueAtPath } from '../pointer';

/**
 * The root's value with `$ref`s into other files replaced by their targets, so the OpenAPI schema
 * checks fragments in the context that uses them. Objects are shared, not copied, except along the
 * paths that lead to an inlined reference. A reference already being inlined (a cycle) stays a `$ref`.
 */
export function buildValidationView(set: DocumentSet): unknown {
  const hasExternal = set.refs.some((r) => r.targetUri !== r.uri && !r.remote);
  if (!hasExternal) return set.root.parse.value;
  return inline(set.root.parse.value, set.root.uri, set, new Set());
}

function inline(value: unknown, uri: string, set: DocumentSet, active: Set<string>, ownKey?: string | number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const next = inline(item, uri, set, active, i);
      if (next !== item) (copy ??= value.slice())[i] = next;
    });
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  const target = externalTarget(record, uri, set);
  if (target && !active.has(target.key)) {
    active.add(target.key);
    const result = inline(target.value, target.uri, set, active, ownKey);
    active.delete(target.key);
    return result;
  }
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(record)) {
    const item = record[key];
    if (isLiteralMember(ownKey, key, item)) continue;
    const next = inline(item, uri, set, active, key);
    if (next !== item) {
      copy ??= { ...record };
      copy[key] = next;
    }
  }
  return copy ?? value;
}

function externalTarget(record: Record<string, unknown>, uri: string, set: DocumentSet): { uri: string; value: unknown; key: string } | undefined {
  const ref = record.$ref;
  if (typeof ref !== 'string' || ref.startsWith('#')) return undefined;
  const use = whereRefLeads(uri, ref);
  const doc = set.documents.get(use.targetUri);
  if (!doc || !use.targetPath || use.remote) return undefined;
  const value = valueAtPath(doc.parse.value, use.targetPath);
  if (value === undefined) return undefined;
  return { uri: use.targetUri, value, key: use.targetUri + '#' + use.targetPath.join('/') };
}

/**
 * Finds the node a path of the validation view stands for, following inlined references into
 * the files they came from. Returns the deepest node reached when the path leaves the documents.
 */
export function locateInView(set: DocumentSet, path: readonly (string | number)[]): { uri: string; node: AstNode; complete: boolean } | undefined {
  let uri = set.root.uri;
  let node = set.root.parse.root;
  if (!node) return undefined;
  const active = new Set<string>();
  for (let i = 0; i <= path.length; i++) {
    // Follow external references at this node, as the view did.
    for (;;) {
      const refNode = node.type === 'object' ? findProperty(node, '$ref') : undefined;
      if (!refNode || refNode.type !== 'string' || String(refNode.value).startsWith('#')) break;
      const use = makeRefUse(uri, node, refNode);
      const doc = set.documents.get(use.targetUri);
      const key = use.targetUri + '#' + (use.targetPath ?? []).join('/');
      if (!doc || !use.targetPath || use.remote || active.has(key)) break;
      const target = findNodeAtPath(doc.parse.root, use.targetPath);
      if (!target) break;
      active.add(key);
      uri = use.targetUri;
      node = target;
    }
    if (i === path.length) break;
    const next = findNodeAtPath(node, [path[i]]);
    if (!next) return { uri, node, complete: false };
    node = next;
  }
  return { uri, node, complete: true };
}
