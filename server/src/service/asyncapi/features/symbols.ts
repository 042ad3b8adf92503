import { DocumentSymbol, SymbolKind } from 'vscode-languageserver-types';
import type { ParsedDocument } from '../../documents';
import { AstNode, findProperty } from '../../parser/ast';
import { keyRange } from '../../openapi/features/common';
import { membersOf } from '../model';
import { asyncApiVersion } from '../version';

function symbol(doc: ParsedDocument, node: AstNode, name: string, kind: SymbolKind, detail?: string, children?: DocumentSymbol[]): DocumentSymbol {
  const range = doc.lines.rangeOf(node.keyOffset >= 0 ? node.keyOffset : node.offset, node.offset + node.length - (node.keyOffset >= 0 ? node.keyOffset : node.offset));
  return { name: name || '(empty)', kind, detail, range, selectionRange: keyRange(doc, node), ...(children ? { children } : {}) };
}

function text(node: AstNode | undefined): string | undefined {
  return node?.type === 'string' ? String(node.value) : undefined;
}

function refName(node: AstNode | undefined): string | undefined {
  const ref = text(findProperty(node, '$ref'));
  return ref?.slice(ref.lastIndexOf('/') + 1);
}

/** A 2.x operation's `message` (or each of its `oneOf`), named by its `name`, `messageId` or `$ref`. */
function messagesOf2x(doc: ParsedDocument, operation: AstNode): DocumentSymbol[] {
  const message = findProperty(operation, 'message');
  if (!message) return [];
  const oneOf = findProperty(message, 'oneOf');
  const each = oneOf?.type === 'array' ? oneOf.children! : [message];
  return each.map((m) => {
    const name = text(findProperty(m, 'name')) ?? text(findProperty(m, 'messageId')) ?? refName(m) ?? 'message';
    return symbol(doc, m, name, SymbolKind.Struct, m === message ? undefined : 'oneOf');
  });
}

/** The outline: info, servers, channels (with their messages; 2.x: their operations and those operations' messages), operations and components by kind. */
export function documentSymbols(doc: ParsedDocument): DocumentSymbol[] {
  const root = doc.parse.root;
  const version = asyncApiVersion(doc);
  if (!root || !version) return [];
  const out: DocumentSymbol[] = [];
  const info = findProperty(root, 'info');
  if (info) out.push(symbol(doc, info, 'info', SymbolKind.Namespace, text(findProperty(info, 'title'))));
  const servers = findProperty(root, 'servers');
  if (servers?.type === 'object') {
    out.push(symbol(doc, servers, 'servers', SymbolKind.Namespace, undefined, membersOf(servers).map((s) =>
      symbol(doc, s, String(s.key), SymbolKind.Constant, [text(findProperty(s, 'protocol')), text(findProperty(s, 'host')) ?? text(findProperty(s, 'url'))].filter(Boolean).join(' ')))));
  }
  const channels = findProperty(root, 'channels');
  if (channels?.type === 'object') {
    out.push(symbol(doc, channels, 'channels', SymbolKind.Namespace, undefined, membersOf(channels).map((c) => {
      const messages = membersOf(findProperty(c, 'messages')).map((m) => symbol(doc, m, String(m.key), SymbolKind.Struct, refName(m)));
      const operations = version === '2' ? ['publish', 'subscribe'].map((a) => findProperty(c, a)).filter((o): o is AstNode => !!o)
        .map((o) => symbol(doc, o, `${String(o.key)} ${text(findProperty(o, 'operationId')) ?? ''}`.trim(), SymbolKind.Method, text(findProperty(o, 'summary')), messagesOf2x(doc, o))) : [];
      const detail = version === '3' ? text(findProperty(c, 'address')) : undefined;
      return symbol(doc, c, String(c.key), SymbolKind.Interface, detail, [...operations, ...messages]);
    })));
  }
  const operations = findProperty(root, 'operations');
  if (operations?.type === 'object') {
    out.push(symbol(doc, operations, 'operations', SymbolKind.Namespace, undefined, membersOf(operations).map((o) =>
      symbol(doc, o, String(o.key), SymbolKind.Method, [text(findProperty(o, 'action')), refName(findProperty(o, 'channel'))].filter(Boolean).join(' ') + (text(findProperty(o, 'summary')) ? ` — ${text(findProperty(o, 'summary'))}` : '')))));
  }
  const components = findProperty(root, 'components');
  if (components?.type === 'object') {
    out.push(symbol(doc, components, 'components', SymbolKind.Namespace, undefined, membersOf(components).map((section) =>
      symbol(doc, section, String(section.key), SymbolKind.Namespace, undefined, membersOf(section).map((c) =>
        symbol(doc, c, String(c.key), section.key === 'messages' ? SymbolKind.Struct : section.key === 'schemas' ? SymbolKind.Class : SymbolKind.Object))))));
  }
  return out;
}
