import { AstNode, findProperty } from '../parser/ast';
import { OasVersion } from '../documents';
import { Finding, FindingSink } from '../findings';
import { DocumentSet } from './documentSet';
import { HTTP_METHODS } from './walk';
import { RuleMemory } from './ruleMemory';

/** A node together with the document it lives in (after following references it may be another file). */
export interface Located {
  uri: string;
  node: AstNode;
}

/**
 * What every OpenAPI rule gets: the document set, and ways to report and to follow references.
 * AsyncAPI rules get the same, with an AsyncAPI version.
 */
export class RuleContext<V extends string = OasVersion> {
  /** The root's operations, once a rule asked for them (see operationsOf). */
  operations: OperationAt[] | undefined;

  constructor(
    readonly set: DocumentSet,
    readonly version: V,
    private readonly sink: FindingSink,
    readonly allowRemoteRefs: boolean,
    /** `$ref`s from other documents of the workspace into this root (they count as uses). */
    readonly incomingRefs: { targetPath: string[] | undefined }[] = [],
    /** What earlier checks found, kept by the service; a fresh one remembers for this check only. */
    readonly memory: RuleMemory = new RuleMemory(),
  ) {}

  get rootUri(): string {
    return this.set.root.uri;
  }

  get root(): AstNode | undefined {
    return this.set.root.parse.root;
  }

  report(at: Located, on: 'key' | 'value', code: string, message: string, extra: Partial<Finding> = {}): void {
    const { node } = at;
    const useKey = on === 'key' && node.keyOffset >= 0;
    this.sink.add({
      uri: at.uri,
      code,
      message,
      offset: useKey ? node.keyOffset : node.offset,
      length: useKey ? node.keyLength : node.length,
      ...extra,
    });
  }

  /** Reports on a part of a node's key text (for example `{id}` inside a path template). */
  reportInKey(at: Located, start: number, length: number, code: string, message: string, extra: Partial<Finding> = {}): void {
    this.sink.add({ uri: at.uri, code, message, offset: at.node.keyOffset + start, length, ...extra });
  }

  /** Follows a chain of `$ref`s from a node (local or into other files) to the node it stands for. */
  deref(at: Located | undefined): Located | undefined {
    let current = at;
    for (let hops = 0; current && hops < 32; hops++) {
      const refNode = findProperty(current.node, '$ref');
      if (!refNode || refNode.type !== 'string') return current;
      current = this.set.targets.target(current.uri, refNode);
    }
    return undefined;
  }

  /** A member of a located object, with the same document. */
  member(at: Located | undefined, key: string): Located | undefined {
    if (!at) return undefined;
    const node = findProperty(at.node, key);
    return node ? { uri: at.uri, node } : undefined;
  }

  /** The source text of a node's key as written (quotes included). */
  keyText(at: Located): string {
    const doc = this.set.documents.get(at.uri);
    return doc ? doc.text.slice(at.node.keyOffset, at.node.keyOffset + at.node.keyLength) : String(at.node.key);
  }
}

export type OpenApiRule = (context: RuleContext) => void;

export interface OperationAt {
  /** `paths` or `webhooks`. */
  section: string;
  path: string;
  method: string;
  /** The path item as written under `paths` (its key is the template). */
  pathKey: Located;
  /** The path item after following a `$ref`. */
  pathItem: Located;
  operation: Located;
}

/** Every operation of the root, following path items that are `$ref`s into other files (found once per check). */
export function operationsOf(context: RuleContext, includeWebhooks = true): OperationAt[] {
  const all = (context.operations ??= findOperations(context));
  return includeWebhooks ? all : all.filter((op) => op.section === 'paths');
}

function findOperations(context: RuleContext): OperationAt[] {
  const result: OperationAt[] = [];
  for (const section of ['paths', 'webhooks']) {
    const paths = findProperty(context.root, section);
    if (!paths || paths.type !== 'object') continue;
    for (const pathNode of paths.children!) {
      const pathKey = { uri: context.rootUri, node: pathNode };
      const pathItem = context.deref(pathKey);
      if (!pathItem || pathItem.node.type !== 'object') continue;
      for (const operation of pathItem.node.children!) {
        const method = String(operation.key);
        if (HTTP_METHODS.includes(method as never) && operation.type === 'object') {
          result.push({ section, path: String(pathNode.key), method, pathKey, pathItem, operation: { uri: pathItem.uri, node: operation } });
        }
      }
    }
  }
  return result;
}
