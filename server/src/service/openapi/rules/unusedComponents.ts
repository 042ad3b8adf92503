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
  // hold `$ref`s too: any of them counts as a use.
  const indirect = new Set<string>();
  collectIndirectUses(context.set.root.parse.value, (target) => indirect.add(target));
  for (const target of indirect) {
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

/**
 * The `$ref` and discriminator targets inside each part of a document near its root (a path item,
 * an operation, a component…), by the part's value object. An edit gives new objects only to the
 * parts it changed (see parser/reparse.ts), so the others are not walked again.
 */
const targetsByPart = new WeakMap<object, string[]>();
const REMEMBERED_LEVELS = 4;

function collectIndirectUses(value: unknown, add: (target: string) => void): void {
  for (const target of indirectTargets(value, 0)) add(target);
}

function indirectTargets(value: unknown, level: number): string[] {
  if (!value || typeof value !== 'object') return [];
  if (level >= REMEMBERED_LEVELS) {
    const found: string[] = [];
    walkIndirectUses(value, (target) => found.push(target));
    return found;
  }
  const remembered = targetsByPart.get(value);
  if (remembered) return remembered;
  const found: string[] = [];
  ownIndirectUses(value, (target) => found.push(target));
  for (const item of Array.isArray(value) ? value : Object.values(value)) {
    for (const target of indirectTargets(item, level + 1)) found.push(target);
  }
  targetsByPart.set(value, found);
  return found;
}

function ownIndirectUses(v: object, add: (target: string) => void): void {
  if (Array.isArray(v)) return;
  const record = v as Record<string, unknown>;
  if (typeof record.$ref === 'string' && record.$ref.startsWith('#/')) add(record.$ref);
  const discriminator = record.discriminator as Record<string, unknown> | undefined;
  if (discriminator && typeof discriminator === 'object' && discriminator.mapping && typeof discriminator.mapping === 'object') {
    for (const target of Object.values(discriminator.mapping as Record<string, unknown>)) if (typeof target === 'string') add(target);
  }
}

function walkIndirectUses(value: unknown, add: (target: string) => void): void {
  const stack: unknown[] = [value];
  let budget = 5_000_000;
  while (stack.length && budget-- > 0) {
    const v = stack.pop();
    if (!v || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (const item of v) if (item && typeof item === 'object') stack.push(item);
      continue;
    }
    ownIndirectUses(v, add);
    const record = v as Record<string, unknown>;
    for (const key in record) {
      const item = record[key];
      if (item && typeof item === 'object') stack.push(item);
    }
  }
}
