/**
 * Rename of a component (its key and every `$ref` to it, or into it, across the workspace) and of an
 * operationId or a schema property (its name and wherever documents of other kinds use it).
 */
import type { Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { RenameRefused, SharedSymbol } from '../../kinds';

export { RenameRefused };
import { CancellationToken } from '../../cancellation';
import { LanguageService } from '../../languageService';
import { AstNode, findNodeAtOffset, findNodeAtPath, findProperty } from '../../parser/ast';
import { escapePointerSegment } from '../../pointer';
import { operations } from '../walk';
import { innerSpan, pointerSegmentSpan, propertyKeyAt, refAt, specContext, startsWithPath, workspaceRefs } from './common';
import { targetAt } from './navigation';

type RenameTarget =
  | { kind: 'component'; uri: string; path: string[]; name: string; range: Range }
  | { kind: 'operationId'; uri: string; node: AstNode; name: string; range: Range }
  | { kind: 'property'; uri: string; node: AstNode; name: string; range: Range };

/** What can be renamed at an offset of a spec: a component, an operationId, or a schema property's key. */
export async function renameTargetAt(service: LanguageService, uri: string, offset: number, token: CancellationToken): Promise<RenameTarget | undefined> {
  const context = await specContext(service, uri, token);
  if (!context) return undefined;
  const { doc } = context;
  const node = findNodeAtOffset(doc.parse.root, offset);
  if (node?.key === 'operationId' && node.type === 'string' && offset >= node.offset) {
    const inner = innerSpan(doc.text, node.offset, node.length);
    return { kind: 'operationId', uri, node, name: String(node.value), range: doc.lines.rangeOf(inner.offset, inner.length) };
  }
  const property = propertyKeyAt(doc, offset);
  if (property) {
    const inner = innerSpan(doc.text, property.keyOffset, property.keyLength);
    return { kind: 'property', uri, node: property, name: String(property.key), range: doc.lines.rangeOf(inner.offset, inner.length) };
  }
  const target = await targetAt(service, uri, offset, token);
  if (!target?.component) return undefined;
  const name = target.component.name;
  const use = refAt(doc, offset);
  let span: { offset: number; length: number } | undefined;
  if (use) span = pointerSegmentSpan(doc, use.node, target.path.length - 1);
  else span = innerSpan(doc.text, target.component.node.keyOffset, target.component.node.keyLength);
  if (!span) return undefined;
  return { kind: 'component', uri: target.uri, path: target.path, name, range: doc.lines.rangeOf(span.offset, span.length) };
}

export async function prepareRename(service: LanguageService, uri: string, offset: number, token: CancellationToken): Promise<{ range: Range; placeholder: string } | undefined> {
  const target = await renameTargetAt(service, uri, offset, token);
  return target && { range: target.range, placeholder: target.name };
}

export const NOTHING_TO_RENAME = 'Only a component name, an operationId or a schema property can be renamed here.';

const COMPONENT_NAME = /^[a-zA-Z0-9._-]+$/;

/**
 * The edits of a rename: the name where it is declared, every `$ref` to a component, and, for an
 * operationId or a schema property, every place documents of other kinds use it (`usesOf`).
 */
export async function rename(service: LanguageService, uri: string, offset: number, newName: string, token: CancellationToken): Promise<WorkspaceEdit | undefined> {
  const target = await renameTargetAt(service, uri, offset, token);
  if (!target) throw new RenameRefused(NOTHING_TO_RENAME);
  const usesOf = (symbol: SharedSymbol) => service.kinds.usesOf(service, symbol, token);
  if (newName === target.name) return { changes: {} };
  const changes: Record<string, TextEdit[]> = {};
  const add = (docUri: string, edit: TextEdit) => (changes[docUri] ??= []).push(edit);

  if (target.kind === 'operationId') {
    if (!newName.trim()) throw new RenameRefused('An operationId cannot be empty.');
    const context = await specContext(service, uri, token);
    for (const analysis of context?.analyses ?? []) {
      for (const op of operations(analysis.set.root.parse.root)) {
        const id = findProperty(op.operation, 'operationId');
        if (id && id !== target.node && id.value === newName) throw new RenameRefused(`The operationId \`${newName}\` is already used by ${op.method.toUpperCase()} ${op.path}.`);
      }
    }
    const doc = await service.getDocument(uri);
    add(uri, { range: target.range, newText: escapeFor(doc!.text[target.node.offset], newName) });
    for (const use of await usesOf({ type: 'operationId', specUri: uri, name: target.name })) add(use.uri, { range: use.range, newText: use.newText(newName) });
    return { changes };
  }

  if (target.kind === 'property') {
    if (!newName.trim()) throw new RenameRefused('A property name cannot be empty.');
    const doc = (await service.getDocument(uri))!;
    if (findProperty(target.node.parent, newName)) throw new RenameRefused(`The schema already has a property \`${newName}\`.`);
    add(uri, { range: target.range, newText: escapeFor(doc.text[target.node.keyOffset], newName) });
    // the property's name in its schema's `required` list
    const required = findProperty(target.node.parent?.parent, 'required');
    for (const item of required?.children ?? []) {
      if (item.value !== target.name) continue;
      const inner = innerSpan(doc.text, item.offset, item.length);
      add(uri, { range: doc.lines.rangeOf(inner.offset, inner.length), newText: escapeFor(doc.text[item.offset], newName) });
    }
    for (const use of await usesOf({ type: 'schemaProperty', specUri: uri, name: target.name, node: target.node })) add(use.uri, { range: use.range, newText: use.newText(newName) });
    return { changes };
  }

  if (!COMPONENT_NAME.test(newName)) throw new RenameRefused(`\`${newName}\` is not a valid component name: use letters, digits, \`.\`, \`-\` and \`_\`.`);
  const declaring = await service.getDocument(target.uri);
  if (!declaring) return undefined;
  const parent = findNodeAtPath(declaring.parse.root, target.path.slice(0, -1));
  if (findProperty(parent, newName)) throw new RenameRefused(`A component named \`${newName}\` already exists there.`);
  const node = findNodeAtPath(declaring.parse.root, target.path)!;
  const keySpan = innerSpan(declaring.text, node.keyOffset, node.keyLength);
  add(declaring.uri, { range: declaring.lines.rangeOf(keySpan.offset, keySpan.length), newText: escapeFor(declaring.text[node.keyOffset], newName) });
  const segment = target.path.length - 1;
  for (const use of await workspaceRefs(service, token)) {
    if (use.targetUri !== target.uri || !startsWithPath(use.targetPath, target.path)) continue;
    const doc = service.documents.peek(use.uri) ?? (await service.getDocument(use.uri));
    const span = doc && pointerSegmentSpan(doc, use.node, segment);
    if (!doc || !span) continue;
    add(doc.uri, { range: doc.lines.rangeOf(span.offset, span.length), newText: escapePointerSegment(newName) });
  }
  return { changes };
}

/** The new text as it must be written between the quotes a scalar already has. */
function escapeFor(quote: string, text: string): string {
  if (quote === '"') return JSON.stringify(text).slice(1, -1);
  if (quote === "'") return text.replace(/'/g, "''");
  return text;
}
