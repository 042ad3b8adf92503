// The editing features of AsyncAPI documents: completion, hover, go to definition, references and
// rename of components, channels and operations (with the flows that name them), outline and quick fixes.
import { CodeAction, CodeActionKind, CompletionItem, CompletionItemKind, Hover, Location, MarkupKind, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import type { CancellationToken } from '../../cancellation';
import type { ParsedDocument } from '../../documents';
import type { KindFeatures, SharedSymbol } from '../../kinds';
import { RenameRefused } from '../../kinds';
import type { LanguageService } from '../../languageService';
import { AstNode, findNodeAtOffset, findNodeAtPath, findProperty, pathOfNode } from '../../parser/ast';
import { formatPointer } from '../../pointer';
import { lineLength, innerSpan, insertMemberEdit, pointerSegmentSpan, refAt } from '../../openapi/features/common';
import { ensurePath, removeMemberEdit } from '../../openapi/features/codeActions';
import { cursorPlace, existingKeys, item, keyText, valueText } from '../../openapi/features/completion';
import type { RefUse } from '../../openapi/references';
import { asyncApiVersion } from '../version';
import { asyncApiIndex } from '../workspaceIndex';
import { allowedKeys, keyDescription } from './schemaKeys';
import { documentSymbols } from './symbols';

/** A named thing others point at: a component, a root channel or a 3.0 operation. */
interface Target {
  uri: string;
  path: string[];
  node: AstNode;
}

/** The component, channel or operation whose key is at an offset, or that a `$ref` there leads to. */
async function targetAt(service: LanguageService, doc: ParsedDocument, offset: number): Promise<Target | undefined> {
  const use = refAt(doc, offset);
  if (use) {
    if (!use.targetPath) return undefined;
    const target = await service.documents.get(use.targetUri);
    const node = findNodeAtPath(target?.parse.root, use.targetPath);
    return node ? { uri: use.targetUri, path: use.targetPath, node } : undefined;
  }
  const node = findNodeAtOffset(doc.parse.root, offset);
  if (!node || node.keyOffset < 0 || offset < node.keyOffset || offset > node.keyOffset + node.keyLength) return undefined;
  const path = pathOfNode(node).map(String);
  const named = (path.length === 3 && path[0] === 'components') || (path.length === 2 && (path[0] === 'channels' || path[0] === 'operations'));
  return named ? { uri: doc.uri, path, node } : undefined;
}

/** Every `$ref` of the workspace's AsyncAPI documents (and the files they reach). */
async function workspaceRefs(service: LanguageService, token: CancellationToken): Promise<RefUse[]> {
  const index = asyncApiIndex(service);
  const seen = new Set<string>();
  const result: RefUse[] = [];
  for (const root of (await index.roots(token)).keys()) {
    const analysis = await index.analyze(root, token);
    for (const use of analysis?.set.refs ?? []) {
      const key = `${use.uri}#${use.node.offset}`;
      if (!seen.has(key)) {
        seen.add(key);
        result.push(use);
      }
    }
  }
  return result;
}

function pointsAt(use: RefUse, target: Target): boolean {
  return use.targetUri === target.uri && !!use.targetPath && use.targetPath.length === target.path.length && use.targetPath.every((s, i) => s === target.path[i]);
}

async function docOf(service: LanguageService, uri: string): Promise<ParsedDocument | undefined> {
  return service.documents.get(uri);
}

function describeTarget(node: AstNode): string {
  const lines: string[] = [];
  const text = (key: string) => { const n = findProperty(node, key); return n?.type === 'string' ? String(n.value) : undefined; };
  const title = text('title') ?? text('name') ?? text('address') ?? text('operationId');
  if (title) lines.push(`**${title}**`);
  for (const key of ['action', 'type', 'contentType', 'schemaFormat']) if (text(key)) lines.push(`${key}: \`${text(key)}\``);
  const properties = findProperty(node, 'properties');
  if (properties?.type === 'object') lines.push(`properties: ${properties.children!.map((c) => `\`${String(c.key)}\``).join(', ')}`);
  const summary = text('summary') ?? text('description');
  if (summary) lines.push(summary);
  return lines.join('\n\n');
}

/** The `$ref` targets a document can name: components of every kind, root channels and their messages. */
function refTargets(doc: ParsedDocument): { ref: string; node: AstNode; detail: string }[] {
  const out: { ref: string; node: AstNode; detail: string }[] = [];
  const root = doc.parse.root;
  for (const section of findProperty(root, 'components')?.children ?? []) {
    for (const c of section.type === 'object' ? section.children! : []) out.push({ ref: formatPointer(['components', String(section.key), String(c.key)]), node: c, detail: String(section.key) });
  }
  for (const channel of findProperty(root, 'channels')?.children ?? []) {
    out.push({ ref: formatPointer(['channels', String(channel.key)]), node: channel, detail: 'channel' });
    for (const m of findProperty(channel, 'messages')?.children ?? []) out.push({ ref: formatPointer(['channels', String(channel.key), 'messages', String(m.key)]), node: m, detail: 'message of the channel' });
  }
  return out;
}

export function asyncApiFeatures(): Partial<KindFeatures> {
  return {
    async completion({ doc, offset }): Promise<CompletionItem[]> {
      const version = asyncApiVersion(doc);
      const place = version && cursorPlace(doc, offset);
      if (!version || !place) return [];
      const range = doc.lines.rangeOf(place.start, place.end - place.start);
      const items: CompletionItem[] = [];
      if (place.mode === 'value') {
        const key = place.path.at(-1);
        if (key === '$ref') {
          const inOperation = place.path[0] === 'operations';
          for (const target of refTargets(doc)) {
            const wanted = inOperation && place.path.includes('messages') ? target.detail === 'message of the channel' : true;
            if (wanted) items.push(item(doc, place, range, target.ref, valueText(doc, place, target.ref), CompletionItemKind.Reference, target.detail, describeTarget(target.node)));
          }
          return items;
        }
        const keys = allowedKeys(version, place.path.slice(0, -1));
        for (const value of keys.find((k) => k.key === key)?.values ?? []) items.push(item(doc, place, range, String(value), valueText(doc, place, value), CompletionItemKind.EnumMember));
        return items;
      }
      const taken = existingKeys(place, doc);
      for (const key of allowedKeys(version, place.path)) {
        if (taken.has(key.key)) continue;
        items.push(item(doc, place, range, key.key, keyText(doc, place, key.key), CompletionItemKind.Property, undefined, key.description));
      }
      return items;
    },
    async hover({ service, doc, offset }): Promise<Hover | undefined> {
      const version = asyncApiVersion(doc);
      if (!version) return undefined;
      const use = refAt(doc, offset);
      if (use) {
        const target = await targetAt(service, doc, offset);
        if (!target) return undefined;
        return { contents: { kind: MarkupKind.Markdown, value: `\`${use.ref}\`\n\n${describeTarget(target.node)}`.trim() }, range: doc.lines.rangeOf(use.node.offset, use.node.length) };
      }
      const node = findNodeAtOffset(doc.parse.root, offset);
      if (!node || node.keyOffset < 0 || offset > node.keyOffset + node.keyLength) return undefined;
      const path = pathOfNode(node);
      const description = keyDescription(version, path) ?? (path.length === 2 && (path[0] === 'operations' || path[0] === 'channels') ? describeTarget(node) : undefined);
      if (!description) return undefined;
      return { contents: { kind: MarkupKind.Markdown, value: `**${String(node.key)}**\n\n${description}` }, range: doc.lines.rangeOf(node.keyOffset, node.keyLength) };
    },
    async definition({ service, doc, offset }): Promise<Location[]> {
      const use = refAt(doc, offset);
      if (!use) return [];
      const target = await targetAt(service, doc, offset);
      const targetDoc = target && (await docOf(service, target.uri));
      if (!target || !targetDoc) return [];
      const at = target.node.keyOffset >= 0 ? target.node.keyOffset : target.node.offset;
      return [{ uri: target.uri, range: targetDoc.lines.rangeOf(at, target.node.keyOffset >= 0 ? target.node.keyLength : 0) }];
    },
    async references({ service, doc, offset, token, includeDeclaration }): Promise<Location[]> {
      const operationId = operationIdAt(doc, offset);
      if (operationId) {
        const span = innerSpan(doc.text, operationId.offset, operationId.length);
        const result: Location[] = includeDeclaration ? [{ uri: doc.uri, range: doc.lines.rangeOf(span.offset, span.length) }] : [];
        for (const use of await service.kinds.usesOf(service, { type: 'operationId', specUri: doc.uri, name: String(operationId.value) }, token)) result.push({ uri: use.uri, range: use.range });
        return result;
      }
      const target = await targetAt(service, doc, offset);
      if (!target) return [];
      const result: Location[] = [];
      const targetDoc = await docOf(service, target.uri);
      if (includeDeclaration && targetDoc && target.node.keyOffset >= 0) result.push({ uri: target.uri, range: targetDoc.lines.rangeOf(target.node.keyOffset, target.node.keyLength) });
      for (const use of await workspaceRefs(service, token)) {
        if (!pointsAt(use, target)) continue;
        const useDoc = await docOf(service, use.uri);
        if (useDoc) result.push({ uri: use.uri, range: useDoc.lines.rangeOf(use.node.offset, use.node.length) });
      }
      for (const symbol of sharedSymbols(target)) for (const use of await service.kinds.usesOf(service, symbol, token)) result.push({ uri: use.uri, range: use.range });
      return result;
    },
    async prepareRename({ service, doc, offset }) {
      const operationId = operationIdAt(doc, offset);
      if (operationId) {
        const span = innerSpan(doc.text, operationId.offset, operationId.length);
        return { range: doc.lines.rangeOf(span.offset, span.length), placeholder: String(operationId.value) };
      }
      const at = await targetAt(service, doc, offset);
      if (!at || at.node.keyOffset < 0) throw new RenameRefused('Rename works on a component, a channel or an operation (its key or a `$ref` to it).');
      const use = refAt(doc, offset);
      if (use && use.targetPath) {
        const span = pointerSegmentSpan(doc, use.node, use.targetPath.length - 1);
        if (span) return { range: doc.lines.rangeOf(span.offset, span.length), placeholder: at.path.at(-1)! };
      }
      const targetDoc = (await docOf(service, at.uri))!;
      const span = innerSpan(targetDoc.text, at.node.keyOffset, at.node.keyLength);
      return { range: targetDoc.lines.rangeOf(span.offset, span.length), placeholder: at.path.at(-1)! };
    },
    async rename({ service, doc, offset, newName, token }): Promise<WorkspaceEdit | undefined> {
      const operationId = operationIdAt(doc, offset);
      if (operationId) {
        if (operationIdsOf(doc).some((n) => n !== operationId && n.value === newName)) throw new RenameRefused(`The operationId \`${newName}\` is already taken.`);
        const span = innerSpan(doc.text, operationId.offset, operationId.length);
        const changes: Record<string, TextEdit[]> = { [doc.uri]: [{ range: doc.lines.rangeOf(span.offset, span.length), newText: newName }] };
        for (const use of await service.kinds.usesOf(service, { type: 'operationId', specUri: doc.uri, name: String(operationId.value) }, token)) (changes[use.uri] ??= []).push({ range: use.range, newText: use.newText(newName) });
        return { changes };
      }
      const target = await targetAt(service, doc, offset);
      if (!target || target.node.keyOffset < 0) throw new RenameRefused('Rename works on a component, a channel or an operation (its key or a `$ref` to it).');
      const siblings = target.node.parent?.children ?? [];
      if (siblings.some((s) => s !== target.node && s.key === newName)) throw new RenameRefused(`\`${newName}\` is already taken.`);
      const changes: Record<string, TextEdit[]> = {};
      const add = (uri: string, edit: TextEdit) => (changes[uri] ??= []).push(edit);
      const targetDoc = (await docOf(service, target.uri))!;
      const keySpan = innerSpan(targetDoc.text, target.node.keyOffset, target.node.keyLength);
      add(target.uri, { range: targetDoc.lines.rangeOf(keySpan.offset, keySpan.length), newText: newName });
      const escaped = newName.replace(/~/g, '~0').replace(/\//g, '~1');
      for (const use of await workspaceRefs(service, token)) {
        const inside = use.targetUri === target.uri && use.targetPath && use.targetPath.length >= target.path.length && target.path.every((s, i) => use.targetPath![i] === s);
        if (!inside) continue;
        const useDoc = await docOf(service, use.uri);
        const span = useDoc && pointerSegmentSpan(useDoc, use.node, target.path.length - 1);
        if (useDoc && span) add(use.uri, { range: useDoc.lines.rangeOf(span.offset, span.length), newText: escaped });
      }
      for (const symbol of sharedSymbols(target)) for (const use of await service.kinds.usesOf(service, symbol, token)) add(use.uri, { range: use.range, newText: use.newText(newName) });
      return { changes };
    },
    async codeActions({ service, doc, diagnostics }): Promise<CodeAction[]> {
      const actions: CodeAction[] = [];
      for (const diagnostic of diagnostics) {
        const code = String(diagnostic.code ?? '');
        if (!code.startsWith('asyncapi.')) continue;
        const data = (diagnostic.data ?? {}) as Record<string, unknown>;
        const start = doc.lines.offsetAt(diagnostic.range.start);
        const node = findNodeAtOffset(doc.parse.root, start);
        const fix = (title: string, edits: TextEdit[], preferred = false): CodeAction => ({ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes: { [doc.uri]: edits } }, ...(preferred ? { isPreferred: true } : {}) });
        if ((code === 'asyncapi.schema.unknownKey' || code === 'asyncapi.security.undefinedScheme') && typeof data.suggestion === 'string' && node && node.keyOffset >= 0) {
          const span = innerSpan(doc.text, node.keyOffset, node.keyLength);
          actions.push(fix(`Change to \`${data.suggestion}\``, [{ range: doc.lines.rangeOf(span.offset, span.length), newText: data.suggestion }], true));
        } else if (code === 'asyncapi.schema.value' && typeof data.suggestion === 'string') {
          actions.push(fix(`Change to \`${data.suggestion}\``, [{ range: diagnostic.range, newText: data.suggestion }], true));
        } else if (code === 'asyncapi.ref.unresolved' || code === 'asyncapi.operation.unknownChannel') {
          const use = refAt(doc, start);
          if (typeof data.suggestion === 'string') {
            const index = code === 'asyncapi.operation.unknownChannel' ? 1 : use?.targetPath?.indexOf(String(data.missing)) ?? -1;
            const span = use && index >= 0 ? pointerSegmentSpan(doc, use.node, index) : undefined;
            if (span) actions.push(fix(`Change to \`${data.suggestion}\``, [{ range: doc.lines.rangeOf(span.offset, span.length), newText: data.suggestion }], true));
          }
          const created = use?.targetPath && createTarget(await docOf(service, use.targetUri), use.targetPath);
          if (use && created) actions.push({ title: `Create \`${use.targetPath!.at(-1)}\` in ${use.targetUri === doc.uri ? 'this document' : use.ref.split('#')[0]}`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes: { [use.targetUri]: [created] } } });
        } else if (code === 'asyncapi.component.unused' && Array.isArray(data.path)) {
          const component = findNodeAtPath(doc.parse.root, data.path as string[]);
          const edit = component && removeMemberEdit(doc, component);
          if (edit) actions.push(fix(`Remove the unused \`${String(data.path.at(-1))}\``, [edit]));
        } else if (code === 'asyncapi.channel.parameterNotInAddress' && node && node.keyOffset >= 0) {
          // The last one goes with its `parameters` (3.0: present only when the address has expressions).
          const edit = removeMemberEdit(doc, node.parent?.children?.length === 1 && node.parent.key === 'parameters' ? node.parent : node);
          if (edit) actions.push(fix(`Remove the parameter \`${String(node.key)}\``, [edit]));
        } else if (code === 'asyncapi.channel.parameterUndeclared' && typeof data.parameter === 'string') {
          const channel = channelHolding(doc, start);
          if (channel) {
            const parameters = findProperty(channel, 'parameters');
            const edit = parameters?.type === 'object' ? insertMemberEdit(doc, parameters, data.parameter, { description: `TODO describe ${data.parameter}` }) : insertMemberEdit(doc, channel, 'parameters', { [data.parameter]: { description: `TODO describe ${data.parameter}` } });
            actions.push(fix(`Declare the parameter \`${data.parameter}\``, [edit], true));
          }
        } else if (code === 'asyncapi.security.undefinedScheme' && typeof data.missing === 'string') {
          const components = findProperty(doc.parse.root, 'components');
          const schemes = findProperty(components, 'securitySchemes');
          const scheme = { type: 'userPassword' };
          const edit = schemes?.type === 'object' ? insertMemberEdit(doc, schemes, data.missing, scheme) : components?.type === 'object' ? insertMemberEdit(doc, components, 'securitySchemes', { [data.missing]: scheme }) : insertMemberEdit(doc, doc.parse.root!, 'components', { securitySchemes: { [data.missing]: scheme } });
          actions.push(fix(`Define the security scheme \`${data.missing}\``, [edit]));
        }
        if (doc.language === 'yaml') {
          const line = diagnostic.range.start.line;
          const lineText = doc.text.slice(doc.lines.lineStart(line), doc.lines.lineStart(line) + lineLength(doc, line));
          const indent = /^\s*/.exec(lineText)![0].replace(/-\s*/, '  ').replace(/[^ ]/g, ' ');
          const at = { line, character: 0 };
          actions.push({ title: `Suppress \`${code}\` on this line`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes: { [doc.uri]: [{ range: { start: at, end: at }, newText: `${indent}# interface-studio-disable-next-line ${code}\n` }] } } });
        }
      }
      return actions;
    },
    documentSymbols: async ({ doc }) => documentSymbols(doc),
  };
}

/** What a new component or channel starts as, by where it goes (the missing target of a `$ref`). */
const STUBS: Record<string, (name: string) => unknown> = {
  schemas: () => ({ type: 'object', properties: {} }),
  messages: (name) => ({ name, payload: { type: 'object', properties: {} } }),
  channels: (name) => ({ address: name, messages: {} }),
  parameters: (name) => ({ description: `TODO describe ${name}` }),
  securitySchemes: () => ({ type: 'userPassword' }),
  servers: () => ({ host: 'localhost', protocol: 'kafka' }),
};

/** The edit that creates the missing target of a `$ref` to a component (`#/components/messages/X`) or a root channel. */
function createTarget(target: ParsedDocument | undefined, path: string[]): TextEdit | undefined {
  if (!target?.parse.root || findNodeAtPath(target.parse.root, path)) return undefined;
  const section = path.length === 3 && path[0] === 'components' ? path[1] : path.length === 2 && path[0] === 'channels' ? 'channels' : undefined;
  const stub = section && (STUBS[section]?.(path.at(-1)!) ?? {});
  return stub === undefined || stub === '' ? undefined : ensurePath(target, path.slice(0, -1), path.at(-1)!, stub);
}

/**
 * What flows and mappings name a target by: a 3.0 operation's key (2.x operationIds are renamed as
 * values), a message's key under `components/messages` or a 3.0 channel's `messages`.
 */
function sharedSymbols(target: Target): SharedSymbol[] {
  const { path, uri } = target;
  if (path.length === 2 && path[0] === 'operations') return [{ type: 'operationId', specUri: uri, name: path[1] }];
  if ((path.length === 3 && path[0] === 'components' && path[1] === 'messages') || (path.length === 4 && path[0] === 'channels' && path[2] === 'messages')) {
    return [{ type: 'message', specUri: uri, name: path[path.length - 1] }];
  }
  return [];
}

/** The channel object whose address (2.x key, 3.0 `address`) holds an offset. */
function channelHolding(doc: ParsedDocument, offset: number): AstNode | undefined {
  for (const channel of findProperty(doc.parse.root, 'channels')?.children ?? []) {
    if (offset >= channel.keyOffset && offset <= channel.keyOffset + channel.keyLength) return channel;
    const address = findProperty(channel, 'address');
    if (address && offset >= address.offset && offset <= address.offset + address.length) return channel;
  }
  return undefined;
}

/** The 2.x operations' `operationId` values of a document (`channels.<address>.publish|subscribe.operationId`). */
function operationIdsOf(doc: ParsedDocument): AstNode[] {
  const ids: AstNode[] = [];
  for (const channel of findProperty(doc.parse.root, 'channels')?.children ?? []) {
    for (const action of ['publish', 'subscribe']) {
      const id = findProperty(findProperty(channel, action), 'operationId');
      if (id?.type === 'string') ids.push(id);
    }
  }
  return ids;
}

/** The 2.x operationId value at an offset: flows and mappings name operations by it. */
function operationIdAt(doc: ParsedDocument, offset: number): AstNode | undefined {
  if (asyncApiVersion(doc) !== '2') return undefined;
  return operationIdsOf(doc).find((id) => offset >= id.offset && offset <= id.offset + id.length);
}
