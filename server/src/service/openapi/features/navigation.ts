/** Go to definition from a `$ref`, find references of a component, and "N references" code lenses. */
import { CodeLens, Location } from 'vscode-languageserver-types';
import { CancellationToken } from '../../cancellation';
import { LanguageService } from '../../languageService';
import { findNodeAtPath } from '../../parser/ast';
import { RefUse } from '../references';
import { Component, componentAt, componentsOf, keyRange, location, refAt, samePath, specContext, workspaceRefs } from './common';

/** The exact place a `$ref` at the offset points to (in this file or another). */
export async function definition(service: LanguageService, uri: string, offset: number, token: CancellationToken): Promise<Location[]> {
  const doc = await service.getDocument(uri);
  if (!doc) return [];
  const use = refAt(doc, offset);
  if (!use || use.remote || !use.targetPath) return [];
  const target = await service.getDocument(use.targetUri);
  const node = target && findNodeAtPath(target.parse.root, use.targetPath);
  if (!target || !node) return [];
  void token;
  return [{ uri: target.uri, range: keyRange(target, node) }];
}

/** What the cursor names: a component (on its key, or inside a `$ref` to it). */
export async function targetAt(service: LanguageService, uri: string, offset: number, token: CancellationToken): Promise<{ uri: string; path: string[]; component?: Component } | undefined> {
  const context = await specContext(service, uri, token);
  if (!context) return undefined;
  const component = componentAt(context.doc, offset, context.version);
  if (component) return { uri, path: component.path, component };
  const use = refAt(context.doc, offset);
  if (use && !use.remote && use.targetPath) {
    const target = await service.getDocument(use.targetUri);
    const found = target ? componentsOf(target, context.version).find((c) => samePath(use.targetPath, c.path)) : undefined;
    return { uri: use.targetUri, path: use.targetPath, component: found };
  }
  return undefined;
}

export function refsTo(refs: RefUse[], uri: string, path: readonly string[]): RefUse[] {
  return refs.filter((r) => r.targetUri === uri && samePath(r.targetPath, path));
}

/** Every `$ref` of the workspace to the component at the cursor (and its declaration when asked). */
export async function references(service: LanguageService, uri: string, offset: number, includeDeclaration: boolean, token: CancellationToken): Promise<Location[]> {
  const target = await targetAt(service, uri, offset, token);
  if (!target) return [];
  const result: Location[] = [];
  if (includeDeclaration) {
    const doc = await service.getDocument(target.uri);
    const node = doc && findNodeAtPath(doc.parse.root, target.path);
    if (doc && node) result.push({ uri: doc.uri, range: keyRange(doc, node) });
  }
  for (const use of refsTo(await workspaceRefs(service, token), target.uri, target.path)) {
    const doc = await service.getDocument(use.uri);
    if (doc) result.push(location(doc, use.node.offset, use.node.length));
  }
  return result;
}

/** "N references" above each component of a document; the lens lists the places (command `interfaceStudio.showReferences`, which the client turns into the editor's references view). */
export async function codeLenses(service: LanguageService, uri: string, token: CancellationToken): Promise<CodeLens[]> {
  const context = await specContext(service, uri, token);
  if (!context) return [];
  const components = componentsOf(context.doc, context.version);
  if (!components.length) return [];
  const counts = new Map<string, RefUse[]>();
  for (const use of await workspaceRefs(service, token)) {
    if (use.targetUri !== uri || !use.targetPath) continue;
    const key = use.targetPath.join('/');
    const list = counts.get(key) ?? [];
    list.push(use);
    counts.set(key, list);
  }
  const lenses: CodeLens[] = [];
  for (const component of components) {
    const uses = counts.get(component.path.join('/')) ?? [];
    const range = keyRange(context.doc, component.node);
    const locations: Location[] = [];
    for (const use of uses) {
      const doc = service.documents.peek(use.uri);
      if (doc) locations.push(location(doc, use.node.offset, use.node.length));
    }
    lenses.push({
      range,
      command: { title: uses.length === 1 ? '1 reference' : `${uses.length} references`, command: uses.length ? 'interfaceStudio.showReferences' : '', arguments: uses.length ? [uri, range.start, locations] : undefined },
    });
  }
  return lenses.sort((a, b) => a.range.start.line - b.range.start.line);
}
