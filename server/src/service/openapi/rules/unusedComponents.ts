import { findNodeAtPath } from '../../parser/ast';
import { RuleContext } from '../ruleContext';
import { componentSections } from '../walk';
import { parsePointer } from '../../pointer';

/** Components no `$ref` (of this document, its files, or other workspace documents) points at. */
export function checkUnusedComponents(context: RuleContext): void {
  const used = new Set<string>();
  const mark = (path: string[] | undefined) => {
    if (path) used.add(path.slice(0, context.version === '2.0' ? 2 : 3).join('/'));
  };
  // A big document names the same targets thousands of times: each text is looked at once.
  const seen = new Set<string>();
  for (const use of context.set.refs) {
    if (use.targetUri !== context.rootUri) continue;
    const key = use.uri === context.rootUri ? use.ref : `${use.uri} ${use.ref}`;
    if (seen.has(key)) continue;
    seen.add(key);
    mark(use.targetPath);
  }
  for (const use of context.incomingRefs) mark(use.targetPath);
  // Discriminator mappings name schemas by reference or by name; extensions (`x-webhooks`…) may
  // hold `$ref`s too, and a `$ref` written inside an example shows the author means that component:
  // any of them counts as a use.
  for (const target of new Set(context.set.indirectTargets)) {
    if (target.startsWith('#/')) mark(parsePointer(target) ?? []);
    else mark(['components', 'schemas', target]);
  }

  for (const section of componentSections(context.version)) {
    const node = findNodeAtPath(context.root, section.path);
    if (!node || node.type !== 'object') continue;
    const isSecurity = section.kind === 'securitySchemes' || section.kind === 'securityDefinitions';
    const securityUsed = isSecurity ? securitySchemeNames(context.set.root.parse.value) : undefined;
    for (const component of node.children!) {
      const name = String(component.key);
      if (securityUsed ? securityUsed.has(name) : used.has([...section.path, name].join('/'))) continue;
      context.report({ uri: context.rootUri, node: component }, 'key', 'oas.component.unused',
        `The ${singular(section.kind)} \`${name}\` is never used.`, { tags: ['unnecessary'], data: { path: [...section.path, name] } });
    }
  }
}

function singular(kind: string): string {
  const names: Record<string, string> = {
    schemas: 'schema', definitions: 'schema', responses: 'response', parameters: 'parameter', examples: 'example',
    requestBodies: 'request body', headers: 'header', securitySchemes: 'security scheme', securityDefinitions: 'security scheme',
    links: 'link', callbacks: 'callback', pathItems: 'path item',
  };
  return names[kind] ?? kind;
}

/** Names used in any security requirement (root or operation level). */
function securitySchemeNames(value: unknown): Set<string> {
  const names = new Set<string>();
  const addAll = (list: unknown) => {
    if (Array.isArray(list)) for (const requirement of list) if (requirement && typeof requirement === 'object') for (const key of Object.keys(requirement)) names.add(key);
  };
  const root = value as Record<string, unknown>;
  addAll(root?.security);
  for (const section of [root?.paths, root?.webhooks]) {
    if (!section || typeof section !== 'object') continue;
    for (const item of Object.values(section as Record<string, unknown>)) {
      if (!item || typeof item !== 'object') continue;
      for (const operation of Object.values(item as Record<string, unknown>)) {
        if (operation && typeof operation === 'object') addAll((operation as Record<string, unknown>).security);
      }
    }
  }
  return names;
}
