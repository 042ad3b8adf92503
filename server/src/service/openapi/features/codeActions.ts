/**
 * Quick fixes for the OpenAPI findings, from the `data` each diagnostic carries. Every edit is
 * written the way the file is: YAML or JSON, indented like its neighbours.
 */
import { CodeAction, CodeActionKind, Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { CancellationToken } from '../../cancellation';
import { ParsedDocument } from '../../documents';
import { LanguageService } from '../../languageService';
import { AstNode, findNodeAtOffset, findNodeAtPath, findProperty } from '../../parser/ast';
import { contentEnd, insertMemberEdit, innerSpan, lineLength, pointerSegmentSpan, refAt } from './common';
import { openApiVersion } from '../version';

function fix(title: string, diagnostic: Diagnostic, uri: string, edits: TextEdit[], preferred = false): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes: { [uri]: edits } }, isPreferred: preferred || undefined };
}

/** The node a diagnostic's range starts on (its key or its value). */
function nodeAt(doc: ParsedDocument, diagnostic: Diagnostic): AstNode | undefined {
  return findNodeAtOffset(doc.parse.root, doc.lines.offsetAt(diagnostic.range.start));
}

/** An object at a path, created (with its missing parents) by one edit when absent. */
export function ensurePath(doc: ParsedDocument, path: string[], key: string, value: unknown): TextEdit | undefined {
  let depth = path.length;
  while (depth > 0 && !findNodeAtPath(doc.parse.root, path.slice(0, depth))) depth--;
  const existing = findNodeAtPath(doc.parse.root, path.slice(0, depth));
  if (!existing || (existing.type !== 'object' && existing.type !== 'null')) return undefined;
  let nested: unknown = value;
  nested = { [key]: nested };
  for (let i = path.length - 1; i >= depth; i--) nested = { [path[i]]: nested };
  const [firstKey, firstValue] = Object.entries(nested as Record<string, unknown>)[0];
  return insertMemberEdit(doc, existing, firstKey, firstValue);
}

export async function codeActions(service: LanguageService, uri: string, diagnostics: Diagnostic[], token: CancellationToken): Promise<CodeAction[]> {
  const doc = await service.getDocument(uri);
  if (!doc || !doc.parse.root) return [];
  void token;
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    const code = String(diagnostic.code ?? '');
    const data = (diagnostic.data ?? {}) as Record<string, unknown>;
    const node = nodeAt(doc, diagnostic);
    if (code === 'oas.ref.unresolved' && node) {
      const use = refAt(doc, node.offset);
      if (use && use.targetPath) {
        if (typeof data.suggestion === 'string') {
          const index = use.targetPath.indexOf(String(data.missing));
          const span = index >= 0 ? pointerSegmentSpan(doc, use.node, index) : undefined;
          if (span) actions.push(fix(`Change to \`${data.suggestion}\``, diagnostic, uri, [{ range: doc.lines.rangeOf(span.offset, span.length), newText: String(data.suggestion) }], true));
        }
        const target = await service.getDocument(use.targetUri);
        const kind = use.targetPath.length === 3 && use.targetPath[0] === 'components' ? use.targetPath[1] : use.targetPath.length === 2 && use.targetPath[0] === 'definitions' ? 'definitions' : use.targetPath.length === 1 ? 'schemas' : undefined;
        if (target && kind && findNodeAtPath(target.parse.root, use.targetPath.slice(0, -1)) !== undefined || (target && kind === 'schemas' && use.targetPath.length === 3)) {
          const stub = stubFor(kind!, use.targetPath.at(-1)!);
          const edit = ensurePath(target!, use.targetPath.slice(0, -1), use.targetPath.at(-1)!, stub);
          if (edit) actions.push({ ...fix(`Create \`${use.targetPath.at(-1)}\` in ${use.targetUri === uri ? 'this document' : use.ref.split('#')[0]}`, diagnostic, target!.uri, [edit]) });
        }
      }
    } else if (code === 'oas.schema.unknownKey' && node && typeof data.suggestion === 'string' && node.keyOffset >= 0) {
      const span = innerSpan(doc.text, node.keyOffset, node.keyLength);
      actions.push(fix(`Change to \`${data.suggestion}\``, diagnostic, uri, [{ range: doc.lines.rangeOf(span.offset, span.length), newText: data.suggestion }], true));
    } else if (code === 'oas.schema.missingKey' && node && data.missing === 'responses') {
      const object = node.keyOffset >= 0 ? node : node.parent;
      if (object) actions.push(fix('Add a `responses` skeleton', diagnostic, uri, [insertMemberEdit(doc, object, 'responses', { '200': { description: 'OK' } })], true));
    } else if (code === 'oas.path.parameterUndeclared' && typeof data.name === 'string') {
      const pathItem = findNodeAtOffset(doc.parse.root, doc.lines.offsetAt(diagnostic.range.start));
      const item = pathItem && pathItem.keyOffset >= 0 && pathItem.parent?.key === 'paths' ? pathItem : pathItem?.parent;
      if (item && item.type === 'object') {
        const version = openApiVersion(doc) ?? '3.0';
        const parameter = version === '2.0' ? { name: data.name, in: 'path', required: true, type: 'string' } : { name: data.name, in: 'path', required: true, schema: { type: 'string' } };
        const list = findProperty(item, 'parameters');
        const edit = list?.type === 'array' ? appendItemEdit(doc, list, parameter) : insertMemberEdit(doc, item, 'parameters', [parameter]);
        if (edit) actions.push(fix(`Declare the path parameter \`${data.name}\``, diagnostic, uri, [edit], true));
      }
    } else if (code === 'oas.path.parameterNotRequired' && node) {
      const parameter = node.key === 'required' ? node.parent : node.parent?.type === 'object' ? node.parent : undefined;
      const required = parameter && findProperty(parameter, 'required');
      if (required) actions.push(fix('Set `required: true`', diagnostic, uri, [{ range: doc.lines.rangeOf(required.offset, required.length), newText: 'true' }], true));
      else if (parameter) actions.push(fix('Add `required: true`', diagnostic, uri, [insertMemberEdit(doc, parameter, 'required', true)], true));
    } else if (code === 'oas.component.unused' && Array.isArray(data.path)) {
      const component = findNodeAtPath(doc.parse.root, data.path as string[]);
      const edit = component && removeMemberEdit(doc, component);
      if (edit) actions.push(fix(`Remove the unused \`${data.path.at(-1)}\``, diagnostic, uri, [edit]));
    } else if (code === 'oas.security.undefinedScheme' && typeof data.name === 'string' && !!openApiVersion(doc)) {
      const path = openApiVersion(doc) === '2.0' ? ['securityDefinitions'] : ['components', 'securitySchemes'];
      const scheme = openApiVersion(doc) === '2.0' ? { type: 'apiKey', name: 'Authorization', in: 'header' } : { type: 'http', scheme: 'bearer' };
      const edit = ensurePath(doc, path, data.name, scheme);
      if (edit) actions.push(fix(`Define the security scheme \`${data.name}\``, diagnostic, uri, [edit]));
    } else if (code === 'oas.security.undefinedScope' && typeof data.scheme === 'string' && typeof data.scope === 'string' && !!openApiVersion(doc)) {
      const scheme = findNodeAtPath(doc.parse.root, openApiVersion(doc) === '2.0' ? ['securityDefinitions', data.scheme] : ['components', 'securitySchemes', data.scheme]);
      const flows = findProperty(scheme, 'flows');
      const holders = flows?.type === 'object' ? flows.children!.map((f) => findProperty(f, 'scopes')).filter((s): s is AstNode => !!s) : [findProperty(scheme, 'scopes')].filter((s): s is AstNode => !!s);
      const edits = holders.map((scopes) => insertMemberEdit(doc, scopes, data.scope as string, 'TODO describe this scope'));
      if (edits.length) actions.push(fix(`Add the scope \`${data.scope}\` to \`${data.scheme}\``, diagnostic, uri, edits));
    }
    if (doc.language === 'yaml' && code && !code.startsWith('syntax.')) {
      const line = diagnostic.range.start.line;
      const lineText = doc.text.slice(doc.lines.lineStart(line), doc.lines.lineStart(line) + lineLength(doc, line));
      const indent = /^\s*/.exec(lineText)![0].replace(/-\s*/, '  ').replace(/[^ ]/g, ' ');
      const at = { line, character: 0 };
      actions.push({ title: `Suppress \`${code}\` on this line`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes: { [uri]: [{ range: { start: at, end: at }, newText: `${indent}# interface-studio-disable-next-line ${code}\n` }] } } });
    }
  }
  return actions;
}

function stubFor(kind: string, name: string): unknown {
  switch (kind) {
    case 'parameters':
      return { name, in: 'query', schema: { type: 'string' } };
    case 'responses':
      return { description: name };
    case 'requestBodies':
      return { content: { 'application/json': { schema: { type: 'object' } } } };
    case 'headers':
      return { schema: { type: 'string' } };
    case 'examples':
      return { value: {} };
    case 'securitySchemes':
      return { type: 'http', scheme: 'bearer' };
    default:
      return { type: 'object', properties: {} };
  }
}

/** Appends an item to a block (YAML) or bracketed (JSON) array. */
function appendItemEdit(doc: ParsedDocument, list: AstNode, value: unknown): TextEdit | undefined {
  const last = list.children!.at(-1);
  if (!last) return undefined;
  if (doc.language === 'json' || doc.text[list.offset] === '[') {
    const at = doc.lines.positionAt(last.offset + last.length);
    return { range: { start: at, end: at }, newText: ', ' + JSON.stringify(value).replace(/,/g, ', ').replace(/:/g, ': ') };
  }
  const column = doc.lines.positionAt(last.offset).character;
  const dash = ' '.repeat(Math.max(0, column - 2));
  const line = doc.lines.positionAt(contentEnd(doc, last)).line;
  const end = { line, character: lineLength(doc, line) };
  const body = Object.entries(value as Record<string, unknown>);
  const text = body.map(([k, v], i) => (i === 0 ? `${dash}- ` : `${dash}  `) + `${k}: ` + render(v, dash + '    ')).join('\n');
  return { range: { start: end, end }, newText: '\n' + text };
}

function render(value: unknown, indent: string): string {
  if (value && typeof value === 'object') return Object.entries(value).map(([k, v]) => `\n${indent}${k}: ${render(v, indent + '  ')}`).join('');
  return String(value);
}

/** Removes an object member with its lines (YAML) or with its comma (JSON). */
export function removeMemberEdit(doc: ParsedDocument, node: AstNode): TextEdit | undefined {
  const parent = node.parent;
  if (!parent?.children) return undefined;
  const index = parent.children.indexOf(node);
  if (doc.language === 'json' || doc.text[parent.offset] === '{') {
    const previous = parent.children[index - 1];
    const next = parent.children[index + 1];
    const start = previous ? previous.offset + previous.length : node.keyOffset;
    const end = previous ? node.offset + node.length : next ? next.keyOffset : node.offset + node.length;
    return { range: doc.lines.rangeOf(start, end - start), newText: '' };
  }
  const first = doc.lines.positionAt(node.keyOffset).line;
  const lastLine = doc.lines.positionAt(contentEnd(doc, node)).line;
  return { range: { start: { line: first, character: 0 }, end: { line: lastLine + 1, character: 0 } }, newText: '' };
}

