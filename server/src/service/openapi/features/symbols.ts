/** The outline of an OpenAPI document (or fragment) and workspace symbols for operations and schemas. */
import { DocumentSymbol, SymbolInformation, SymbolKind } from 'vscode-languageserver-types';
import { CancellationToken, throwIfCancelled } from '../../cancellation';
import { ParsedDocument } from '../../documents';
import { LanguageService } from '../../languageService';
import { AstNode, findNodeAtPath, findProperty } from '../../parser/ast';
import { basename } from '../../uris';
import { componentSections, HTTP_METHODS, stringValue } from '../walk';
import { keyRange } from './common';
import { openApiIndex } from '../workspaceIndex';
import { openApiVersion } from '../version';

const COMPONENT_KINDS: Record<string, SymbolKind> = {
  schemas: SymbolKind.Class, definitions: SymbolKind.Class, responses: SymbolKind.Interface, parameters: SymbolKind.Field,
  examples: SymbolKind.Constant, requestBodies: SymbolKind.Struct, headers: SymbolKind.Field, securitySchemes: SymbolKind.Key,
  securityDefinitions: SymbolKind.Key, links: SymbolKind.Event, callbacks: SymbolKind.Event, pathItems: SymbolKind.Namespace,
};

function symbol(doc: ParsedDocument, node: AstNode, name: string, kind: SymbolKind, children?: DocumentSymbol[], detail?: string): DocumentSymbol {
  const start = node.keyOffset >= 0 ? node.keyOffset : node.offset;
  const range = doc.lines.rangeOf(start, node.offset + node.length - start);
  return { name: name || ' ', kind, range, selectionRange: keyRange(doc, node), children, detail };
}

/** `GET /orders/{id} — summary` */
export function operationLabel(method: string, path: string, operation: AstNode): string {
  const summary = stringValue(findProperty(operation, 'summary'));
  return `${method.toUpperCase()} ${path}` + (summary ? ` — ${summary}` : '');
}

export async function documentSymbols(service: LanguageService, uri: string, token: CancellationToken): Promise<DocumentSymbol[]> {
  const doc = await service.getDocument(uri);
  const root = doc?.parse.root;
  if (!doc || !root || root.type !== 'object') return [];
  throwIfCancelled(token);
  if (!openApiVersion(doc)) {
    if (doc.kind.kind !== 'other' || !(await openApiIndex(service).rootsOf(uri, token)).length) return [];
    return root.children!.map((c) => symbol(doc, c, String(c.key), c.type === 'object' ? SymbolKind.Class : SymbolKind.Property));
  }
  const version = openApiVersion(doc);
  const result: DocumentSymbol[] = [];
  for (const member of root.children!) {
    const key = String(member.key);
    if (key === 'info') {
      const title = stringValue(findProperty(member, 'title'));
      const v = stringValue(findProperty(member, 'version'));
      result.push(symbol(doc, member, 'info', SymbolKind.Module, undefined, [title, v].filter(Boolean).join(' ')));
    } else if (key === 'servers' && member.type === 'array') {
      result.push(symbol(doc, member, 'servers', SymbolKind.Array, member.children!.map((s) => symbol(doc, s, stringValue(findProperty(s, 'url')) ?? String(s.key), SymbolKind.String))));
    } else if (key === 'tags' && member.type === 'array') {
      result.push(symbol(doc, member, 'tags', SymbolKind.Array, member.children!.map((t) => symbol(doc, t, stringValue(findProperty(t, 'name')) ?? String(t.key), SymbolKind.EnumMember))));
    } else if ((key === 'paths' || key === 'webhooks') && member.type === 'object') {
      const children: DocumentSymbol[] = [];
      for (const item of member.children!) {
        const ops = item.type === 'object' ? item.children!.filter((o) => (HTTP_METHODS as readonly string[]).includes(String(o.key)) && o.type === 'object') : [];
        if (!ops.length) children.push(symbol(doc, item, String(item.key), SymbolKind.Namespace));
        for (const op of ops) children.push(symbol(doc, op, operationLabel(String(op.key), String(item.key), op), SymbolKind.Method, undefined, stringValue(findProperty(op, 'operationId'))));
      }
      result.push(symbol(doc, member, key, SymbolKind.Namespace, children));
    } else if (key === 'components' && member.type === 'object') {
      result.push(symbol(doc, member, 'components', SymbolKind.Namespace, member.children!.map((section) => symbol(doc, section, String(section.key), SymbolKind.Namespace,
        section.type === 'object' ? section.children!.map((c) => symbol(doc, c, String(c.key), COMPONENT_KINDS[String(section.key)] ?? SymbolKind.Object)) : undefined))));
    } else if (version === '2.0' && componentSections(version).some((s) => s.path[0] === key) && member.type === 'object') {
      result.push(symbol(doc, member, key, SymbolKind.Namespace, member.children!.map((c) => symbol(doc, c, String(c.key), COMPONENT_KINDS[key] ?? SymbolKind.Object))));
    } else {
      result.push(symbol(doc, member, key, SymbolKind.Property));
    }
  }
  return result;
}

/** Operations (by operationId and path) and schemas of every OpenAPI document in the workspace. */
export async function workspaceSymbols(service: LanguageService, query: string, token: CancellationToken): Promise<SymbolInformation[]> {
  const result: SymbolInformation[] = [];
  const q = query.toLowerCase();
  const matches = (text: string) => !q || fuzzy(text.toLowerCase(), q);
  const seen = new Set<string>();
  for (const [rootUri, files] of await openApiIndex(service).roots(token)) {
    throwIfCancelled(token);
    for (const uri of [rootUri, ...files]) {
      if (seen.has(uri)) continue;
      seen.add(uri);
      const doc = service.documents.peek(uri) ?? (await service.getDocument(uri));
      const root = doc?.parse.root;
      if (!doc || !root) continue;
      if (!!openApiVersion(doc)) {
        for (const section of ['paths', 'webhooks']) {
          const paths = findProperty(root, section);
          for (const item of paths?.type === 'object' ? paths.children! : []) {
            for (const op of item.type === 'object' ? item.children! : []) {
              if (!(HTTP_METHODS as readonly string[]).includes(String(op.key)) || op.type !== 'object') continue;
              const id = stringValue(findProperty(op, 'operationId'));
              const label = `${String(op.key).toUpperCase()} ${item.key}`;
              const name = id ? `${id} — ${label}` : label;
              if (matches(name)) result.push({ name, kind: SymbolKind.Method, location: { uri, range: keyRange(doc, op) }, containerName: basename(uri) });
            }
          }
        }
        const schemas = findNodeAtPath(root, openApiVersion(doc) === '2.0' ? ['definitions'] : ['components', 'schemas']);
        for (const s of schemas?.type === 'object' ? schemas.children! : []) {
          if (matches(String(s.key))) result.push({ name: String(s.key), kind: SymbolKind.Class, location: { uri, range: keyRange(doc, s) }, containerName: basename(uri) });
        }
      } else if (root.type === 'object') {
        for (const s of root.children!) {
          if (s.type === 'object' && (findProperty(s, 'type') || findProperty(s, 'properties') || findProperty(s, 'allOf')) && matches(String(s.key))) {
            result.push({ name: String(s.key), kind: SymbolKind.Class, location: { uri, range: keyRange(doc, s) }, containerName: basename(uri) });
          }
        }
      }
    }
  }
  return result;
}

/** The query's characters appear in the text in order. */
function fuzzy(text: string, query: string): boolean {
  let i = 0;
  for (const c of text) if (c === query[i]) i++;
  return i === query.length;
}
