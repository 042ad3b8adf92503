import { AstNode, findProperty } from '../parser/ast';
import { OasVersion } from '../documents';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export interface OperationSite {
  path: string;
  method: string;
  /** The path item's node (its key is the path template). */
  pathItem: AstNode;
  /** The operation's node (its key is the method). */
  operation: AstNode;
}

/** Every operation under `paths` (and 3.1 `webhooks`) of a root document. */
export function* operations(root: AstNode | undefined, includeWebhooks = true): Generator<OperationSite> {
  for (const section of includeWebhooks ? ['paths', 'webhooks'] : ['paths']) {
    const paths = findProperty(root, section);
    if (!paths || paths.type !== 'object') continue;
    for (const pathItem of paths.children!) {
      if (pathItem.type !== 'object') continue;
      for (const operation of pathItem.children!) {
        const method = String(operation.key);
        if ((HTTP_METHODS as readonly string[]).includes(method) && operation.type === 'object') {
          yield { path: String(pathItem.key), method, pathItem, operation };
        }
      }
    }
  }
}

/** Where a version keeps its reusable components, by kind. */
export function componentSections(version: OasVersion): { kind: string; path: string[] }[] {
  if (version === '2.0') {
    return [
      { kind: 'definitions', path: ['definitions'] },
      { kind: 'parameters', path: ['parameters'] },
      { kind: 'responses', path: ['responses'] },
      { kind: 'securityDefinitions', path: ['securityDefinitions'] },
    ];
  }
  const kinds = ['schemas', 'responses', 'parameters', 'examples', 'requestBodies', 'headers', 'securitySchemes', 'links', 'callbacks'];
  if (version === '3.1') kinds.push('pathItems');
  return kinds.map((kind) => ({ kind, path: ['components', kind] }));
}

/** The object's members as [key, node] pairs; empty for non-objects. */
export function members(node: AstNode | undefined): AstNode[] {
  return node && node.type === 'object' ? node.children! : [];
}

export function stringValue(node: AstNode | undefined): string | undefined {
  return node && node.type === 'string' ? (node.value as string) : undefined;
}
