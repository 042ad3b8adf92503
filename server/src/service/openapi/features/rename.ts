/**
 * Rename of a component (its key and every `$ref` to it, or into it, across the workspace) and of an
 * operationId (its value and whatever other document kinds say names it, through providers).
 */
import { Location, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { CancellationToken } from '../../cancellation';
import { LanguageService } from '../../languageService';
import { AstNode, findNodeAtOffset, findNodeAtPath, findProperty } from '../../parser/ast';
import { operations } from '../walk';
import { escapePointerSegment, innerSpan, pointerSegmentSpan, refAt, specContext, startsWithPath, workspaceRefs } from './common';
import { targetAt } from './navigation';

/** Raised when a rename cannot be done; the message is shown to the user. */
export class RenameRefused extends Error {}

/** Places outside the spec that name an operationId (mapping `operation:`, flow steps…), each exactly the id's text. */
export type OperationIdReferenceProvider = (service: LanguageService, specUri: string, operationId: string, token: CancellationToken) => Promise<Location[]>;

/** Other document kinds add their providers here. */
export const operationIdReferenceProviders: OperationIdReferenceProvider[] = [];

export async function operationIdReferences(service: LanguageService, specUri: string, operationId: string, token: CancellationToken): Promise<Location[]> {
  const result: Location[] = [];
  for (const provider of operationIdReferenceProviders) result.push(...(await provider(service, specUri, operationId, token)));
  return result;
}

type RenameTarget =
  | { kind: 'component'; uri: string; path: string[]; name: string; range: Range }
  | { kind: 'operationId'; uri: string; node: AstNode; name: string; range: Range };

async function renameTarget(service: LanguageService, uri: string, offset: number, token: CancellationToken): Promise<RenameTarget | undefined> {
  const context = await specContext(service, uri, token);
  if (!context) return undefined;
  const { doc } = context;
  const node = findNodeAtOffset(doc.parse.root, offset);
  if (node?.key === 'operationId' && node.type === 'string' && offset >= node.offset) {
    const inner = innerSpan(doc.text, node.offset, node.length);
    return { kind: 'operationId', uri, node, name: String(node.value), range: doc.lines.rangeOf(inner.offset, inner.length) };
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
  const target = await renameTarget(service, uri, offset, token);
  return target && { range: target.range, placeholder: target.name };
}

const COMPONENT_NAME = /^[a-zA-Z0-9._-]+$/;

export async function rename(service: LanguageService, uri: string, offset: number, newName: string, token: CancellationToken): Promise<WorkspaceEdit | undefined> {
  const target = await renameTarget(service, uri, offset, token);
  if (!target) throw new RenameRefused('Only a component name or an operationId can be renamed here.');
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
    const inner = innerSpan(doc!.text, target.node.offset, target.node.length);
    add(uri, { range: doc!.lines.rangeOf(inner.offset, inner.length), newText: escapeFor(doc!.text[target.node.offset], newName) });
    for (const loc of await operationIdReferences(service, uri, target.name, token)) add(loc.uri, { range: loc.range, newText: newName });
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
