import type { OasVersion } from '../documents';
import type { DocumentSet } from '../openapi/documentSet';
import { AstNode, findProperty, nodeToValue } from '../parser/ast';
import type { Place } from './model';

/** A node of one version, with the document it is in. */
export interface At {
  uri: string;
  node: AstNode;
}

/** One version of an API: its document set (root and every file its `$ref`s reach) and its OpenAPI version. */
export interface ApiVersion {
  set: DocumentSet;
  version: OasVersion;
}

/** A `$ref` a comparison followed, and the value it led to then: the comparison holds while it leads to the same value. */
export interface Dependency {
  uri: string;
  ref: string;
  value: unknown;
}

/** Reads one version of an API: follows `$ref`s across its files, gives places and plain values. */
export class Side {
  /** While set, every `$ref` followed is noted here (what a remembered comparison depends on). */
  recording: Dependency[] | undefined;

  constructor(readonly api: ApiVersion) {}

  get root(): At | undefined {
    const node = this.api.set.root.parse.root;
    return node && { uri: this.api.set.root.uri, node };
  }

  /** Follows `$ref`s (a chain of them, loops cut) to the node they lead to; unresolved ones stay. */
  deref(at: At | undefined): At | undefined {
    let current = at;
    for (let hops = 0; current && hops < 32; hops++) {
      if (current.node.type !== 'object') return current;
      const ref = findProperty(current.node, '$ref');
      if (!ref || ref.type !== 'string') return current;
      const resolved = this.api.set.targets.resolve(current.uri, String(ref.value));
      this.recording?.push({ uri: current.uri, ref: resolved.ref, value: resolved.value });
      if (!resolved.target) return current;
      current = resolved.target;
    }
    return current;
  }

  /** The member `key` of the object at `at` (after following its `$ref`s). */
  get(at: At | undefined, key: string): At | undefined {
    const resolved = this.deref(at);
    const node = resolved && findProperty(resolved.node, key);
    return node && { uri: resolved!.uri, node };
  }

  /** The members of an object (after `$ref`s) as [key, At]. */
  members(at: At | undefined): [string, At][] {
    const resolved = this.deref(at);
    if (!resolved || resolved.node.type !== 'object') return [];
    return resolved.node.children!.map((child) => [String(child.key), { uri: resolved.uri, node: child }]);
  }

  items(at: At | undefined): At[] {
    const resolved = this.deref(at);
    if (!resolved || resolved.node.type !== 'array') return [];
    return resolved.node.children!.map((node) => ({ uri: resolved.uri, node }));
  }

  value(at: At | undefined): unknown {
    return at ? nodeToValue(at.node) : undefined;
  }

  string(at: At | undefined): string | undefined {
    return at?.node.type === 'string' ? String(at.node.value) : undefined;
  }
}

/** Where a node is shown: its key when it has one (a property's name), else its value. */
export function placeOf(at: At | undefined): Place | undefined {
  if (!at) return undefined;
  const { node } = at;
  return node.keyOffset >= 0 ? { uri: at.uri, offset: node.keyOffset, length: node.keyLength } : { uri: at.uri, offset: node.offset, length: node.length };
}
