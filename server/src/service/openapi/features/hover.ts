/** Hover: what the specification says about a key; the resolved target of a `$ref`; an operation's summary. */
import { Hover, MarkupKind } from 'vscode-languageserver-types';
import { CancellationToken } from '../../cancellation';
import { LanguageService } from '../../languageService';
import { AstNode, findNodeAtOffset, findNodeAtPath, findProperty, pathOfNode } from '../../parser/ast';
import { HTTP_METHODS, stringValue } from '../walk';
import { refAt, SpecContext, specContext } from './common';
import { describeKey, schemaPlace } from './specKeys';
import { openApiVersion } from '../version';

/** A compact markdown rendering of a schema, response, parameter… (the target of a `$ref`). */
export function renderTarget(name: string, node: AstNode): string {
  const lines = [`**${name}**`];
  const type = findProperty(node, 'type');
  const typeText = type?.type === 'array' ? type.children!.map((t) => t.value).join(' | ') : stringValue(type);
  const format = stringValue(findProperty(node, 'format'));
  const facts: string[] = [];
  if (typeText) facts.push(`type \`${typeText}${format ? ` (${format})` : ''}\``);
  const inValue = stringValue(findProperty(node, 'in'));
  if (inValue) facts.push(`${inValue} parameter \`${stringValue(findProperty(node, 'name')) ?? ''}\``);
  const ref = stringValue(findProperty(node, '$ref'));
  if (ref) facts.push(`refers to \`${ref}\``);
  for (const combinator of ['allOf', 'oneOf', 'anyOf']) {
    const list = findProperty(node, combinator);
    if (list?.type === 'array') facts.push(`${combinator} of ${list.children!.length}`);
  }
  if (facts.length) lines[0] += ' — ' + facts.join(', ');
  const description = stringValue(findProperty(node, 'description')) ?? stringValue(findProperty(node, 'summary'));
  if (description) lines.push('', description.length > 400 ? description.slice(0, 400) + '…' : description);
  const required = findProperty(node, 'required');
  const properties = findProperty(node, 'properties');
  if (properties?.type === 'object' && properties.children!.length) {
    const requiredNames = new Set(required?.type === 'array' ? required.children!.map((c) => String(c.value)) : []);
    const shown = properties.children!.slice(0, 12).map((p) => {
      const t = stringValue(findProperty(p, 'type')) ?? (stringValue(findProperty(p, '$ref'))?.split('/').pop() ?? '');
      return `- \`${p.key}\`${requiredNames.has(String(p.key)) ? ' *(required)*' : ''}${t ? `: ${t}` : ''}`;
    });
    if (properties.children!.length > 12) shown.push(`- … ${properties.children!.length - 12} more`);
    lines.push('', ...shown);
  } else if (required?.type === 'array' && required.children!.length) {
    lines.push('', `Required: ${required.children!.map((c) => `\`${c.value}\``).join(', ')}`);
  }
  const content = findProperty(node, 'content');
  if (content?.type === 'object' && content.children!.length) lines.push('', `Content: ${content.children!.map((c) => `\`${c.key}\``).join(', ')}`);
  return lines.join('\n');
}

export async function hover(service: LanguageService, uri: string, offset: number, token: CancellationToken): Promise<Hover | undefined> {
  const context = await specContext(service, uri, token);
  if (!context) return undefined;
  const { doc } = context;
  const use = refAt(doc, offset);
  if (use) {
    const target = use.targetPath ? await service.getDocument(use.targetUri) : undefined;
    const node = target && use.targetPath && findNodeAtPath(target.parse.root, use.targetPath);
    if (!node) return undefined;
    return { contents: { kind: MarkupKind.Markdown, value: renderTarget(use.targetPath!.at(-1) ?? use.ref, node) }, range: doc.lines.rangeOf(use.node.offset, use.node.length) };
  }
  const node = findNodeAtOffset(doc.parse.root, offset);
  if (!node || node.keyOffset < 0 || offset > node.keyOffset + node.keyLength || typeof node.key !== 'string') return undefined;
  const range = doc.lines.rangeOf(node.keyOffset, node.keyLength);
  const path = pathOfNode(node);
  // An operation: method, path and summary.
  if (!!openApiVersion(doc) && path.length === 3 && (path[0] === 'paths' || path[0] === 'webhooks') && (HTTP_METHODS as readonly string[]).includes(node.key) && node.type === 'object') {
    const summary = stringValue(findProperty(node, 'summary'));
    const description = stringValue(findProperty(node, 'description'));
    const id = stringValue(findProperty(node, 'operationId'));
    const value = [`**${node.key.toUpperCase()}** \`${path[1]}\``, summary, description && description !== summary ? description : undefined, id ? `operationId \`${id}\`` : undefined].filter(Boolean).join('\n\n');
    return { contents: { kind: MarkupKind.Markdown, value }, range };
  }
  const rootPath = !!openApiVersion(doc) ? path : fragmentPath(context, uri, path);
  if (!rootPath) return undefined;
  const described = describeKey(schemaPlace(context.version, rootPath.slice(0, -1)), node.key);
  if (!described) return undefined;
  return { contents: { kind: MarkupKind.Markdown, value: `**${node.key}** — ${described.object}\n\n${described.text}` }, range };
}

/** For a fragment, the path its content would have in the root: through a `$ref` that points into it. */
export function fragmentPath(context: SpecContext, uri: string, path: (string | number)[]): (string | number)[] | undefined {
  for (const analysis of context.analyses) {
    for (const use of analysis.set.refs) {
      if (use.targetUri !== uri || !use.targetPath || use.uri !== analysis.set.root.uri) continue;
      if (use.targetPath.every((s, i) => String(path[i]) === s)) return [...pathOfNode(use.holder), ...path.slice(use.targetPath.length)];
    }
  }
  // A fragment's top-level entries are most often schemas.
  return ['components', 'schemas', ...path];
}
