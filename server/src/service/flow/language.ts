import { CompletionItem, CompletionItemKind, Hover, Location, MarkupKind, Range } from 'vscode-languageserver-types';
import { CancellationToken, neverCancelled } from '../cancellation';
import { ParsedDocument } from '../documents';
import { LanguageService } from '../languageService';
import { AstNode, findProperty } from '../parser/ast';
import { Located } from '../openapi/ruleContext';
import { relativePath, resolveUri } from '../uris';
import { allSteps, Flow, MessageStep, readFlow } from './model';
import { PARTICIPANT_KINDS } from './participants';
import { flowOperationReferences } from './references';
import { operationDetail, operationLabel, operationOwners, SpecOperation, stepOperation, stepSpecs } from './specOperations';
import { asyncApiIndex } from '../asyncapi/workspaceIndex';
import { openApiIndex } from '../openapi/workspaceIndex';
import { isFlow } from './identity';
import { isMappingFile } from '../mapping/identity';

/** What the cursor is on in a flow file: the key whose value is being written, and the step around it. */
interface FlowPosition {
  doc: ParsedDocument;
  flow: Flow;
  key: 'from' | 'to' | 'over' | 'operation' | 'mapping' | 'spec' | 'kind';
  /** The value text before the cursor, and where the value starts and ends. */
  prefix: string;
  range: Range;
  step: MessageStep | undefined;
}

type ValueKey = 'from' | 'to' | 'over' | 'operation' | 'mapping' | 'spec';

async function positionIn(service: LanguageService, uri: string, offset: number): Promise<FlowPosition | undefined> {
  const doc = await service.documents.get(uri);
  if (!doc || !isFlow(doc)) return undefined;
  const lineStart = doc.text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = doc.text.indexOf('\n', offset);
  if (lineEnd === -1) lineEnd = doc.text.length;
  const before = doc.text.slice(lineStart, offset);
  // `key: value`, in block style or inside `{ … }`; `over: [a, b]` lists too.
  const match = /(?:^|[\s{,])["']?(from|to|over|operation|mapping|spec|kind)["']?\s*:\s*(?:\[(?:[^\]]*,)?\s*)?["']?([^"',{}[\]\s]*)$/.exec(before);
  if (!match) return undefined;
  const key = match[1] as FlowPosition['key'];
  const prefix = match[2];
  const after = /^[^"',{}[\]\s]*/.exec(doc.text.slice(offset, lineEnd))?.[0] ?? '';
  const range = doc.lines.rangeOf(offset - prefix.length, prefix.length + after.length);
  const flow = readFlow(doc);
  let step: MessageStep | undefined;
  for (const candidate of allSteps(flow.steps)) {
    if (candidate.type === 'message' && candidate.node.offset <= offset && (!step || candidate.node.offset >= step.node.offset)) step = candidate;
  }
  return { doc, flow, key, prefix, range, step };
}

/** The word (value) at an offset: the node of a string value of one of the keys flows link from. */
function valueNodeAt(flow: Flow, offset: number): { key: ValueKey; node: AstNode; step: MessageStep | undefined } | undefined {
  const inside = (node: AstNode | undefined): boolean => !!node && node.type === 'string' && offset >= node.offset && offset <= node.offset + node.length;
  for (const participant of flow.participants.values()) if (inside(participant.specNode)) return { key: 'spec', node: participant.specNode!, step: undefined };
  for (const step of allSteps(flow.steps)) {
    if (step.type === 'message') {
      for (const key of ['from', 'to', 'operation', 'mapping'] as const) {
        const node = step[`${key}Node`];
        if (inside(node)) return { key, node: node!, step };
      }
    } else if (step.type === 'note') {
      for (const over of step.over) if (inside(over.node)) return { key: 'over', node: over.node, step: undefined };
    }
  }
  return undefined;
}

async function operationOf(service: LanguageService, flow: Flow, step: MessageStep | undefined, token: CancellationToken): Promise<SpecOperation | undefined> {
  if (!step || step.operation === undefined) return undefined;
  return stepOperation(flow, step, await stepSpecs(service, flow, step, token))?.operation;
}

export async function flowCompletion(service: LanguageService, uri: string, offset: number, token: CancellationToken = neverCancelled): Promise<CompletionItem[]> {
  const at = await positionIn(service, uri, offset);
  if (!at) return [];
  const edit = (text: string) => ({ range: at.range, newText: text });
  switch (at.key) {
    case 'from':
    case 'to':
    case 'over':
      return [...at.flow.participants.values()].map((p, i) => ({
        label: p.id,
        kind: CompletionItemKind.Variable,
        detail: p.name + (p.kind ? ` (${p.kind})` : ''),
        sortText: String(i).padStart(4, '0'),
        textEdit: edit(p.id),
      }));
    case 'operation': {
      if (!at.step) return [];
      const step = at.step;
      const specs = await stepSpecs(service, at.flow, step, token);
      const items: CompletionItem[] = [];
      // The receiver's operations, then those of an AsyncAPI document on the sending side.
      for (const owner of operationOwners(at.flow, step, (uri) => !!specs.get(uri)?.asyncApi)) {
        for (const op of specs.get(owner.specUri!)?.operations.values() ?? []) {
          if (items.some((i) => i.label === op.operationId)) continue;
          items.push({
            label: op.operationId,
            kind: op.asyncApi ? CompletionItemKind.Event : CompletionItemKind.Function,
            detail: operationDetail(op),
            labelDetails: { description: operationDetail(op) },
            documentation: op.summary ? { kind: MarkupKind.Markdown, value: `**${operationDetail(op)}** — ${op.summary}` } : undefined,
            sortText: `${items.length}`.padStart(5, '0'),
            textEdit: edit(op.operationId),
          });
        }
      }
      return items;
    }
    case 'mapping': {
      const items: CompletionItem[] = [];
      for (const file of await service.workspace.listFiles()) {
        if (!isMappingFile(file)) continue;
        const mapping = await service.documents.get(file);
        const target = (mapping?.parse.value as { target?: { operation?: unknown } } | undefined)?.target;
        const fits = at.step?.operation !== undefined && target?.operation === at.step.operation;
        const path = relativePath(uri, file);
        items.push({
          label: path,
          kind: CompletionItemKind.File,
          detail: typeof target?.operation === 'string' ? `builds the request body of ${target.operation}` : 'mapping',
          sortText: (fits ? '0' : '1') + path,
          preselect: fits || undefined,
          filterText: path,
          textEdit: edit(path),
        });
      }
      return items;
    }
    case 'kind':
      return PARTICIPANT_KINDS.map((k, i) => ({
        label: k.kind,
        kind: CompletionItemKind.EnumMember,
        detail: `Mermaid shape: ${k.shape}`,
        documentation: k.description,
        sortText: String(i).padStart(2, '0'),
        textEdit: edit(k.kind),
      }));
    case 'spec': {
      const items: CompletionItem[] = [];
      for (const root of (await openApiIndex(service).roots(token)).keys()) {
        const path = relativePath(uri, root);
        items.push({ label: path, kind: CompletionItemKind.File, detail: 'OpenAPI document', filterText: path, textEdit: edit(path) });
      }
      for (const root of (await asyncApiIndex(service).roots(token)).keys()) {
        const path = relativePath(uri, root);
        items.push({ label: path, kind: CompletionItemKind.File, detail: 'AsyncAPI document', filterText: path, textEdit: edit(path) });
      }
      return items;
    }
  }
}

export async function flowHover(service: LanguageService, uri: string, offset: number, token: CancellationToken = neverCancelled): Promise<Hover | undefined> {
  const doc = await service.documents.get(uri);
  if (!doc || !isFlow(doc)) return undefined;
  const flow = readFlow(doc);
  const at = valueNodeAt(flow, offset);
  if (!at) return undefined;
  const range = doc.lines.rangeOf(at.node.offset, at.node.length);
  if (at.key === 'operation') {
    const op = await operationOf(service, flow, at.step, token);
    if (!op) return undefined;
    return { range, contents: { kind: MarkupKind.Markdown, value: describeOperation(op) } };
  }
  if (at.key === 'from' || at.key === 'to' || at.key === 'over') {
    const participant = flow.participants.get(String(at.node.value));
    if (!participant) return undefined;
    const lines = [`**${participant.name}**${participant.kind ? ` (${participant.kind})` : ''}`];
    if (participant.spec) lines.push(`Spec: \`${participant.spec}\``);
    return { range, contents: { kind: MarkupKind.Markdown, value: lines.join('\n\n') } };
  }
  return undefined;
}

/** Method, path, summary, and the request and response bodies in brief. */
export function describeOperation(op: SpecOperation): string {
  if (op.asyncApi) {
    const lines = [`**${op.asyncApi.action}** \`${op.asyncApi.address ?? ''}\` \`${op.operationId}\``];
    if (op.summary) lines.push(op.summary);
    if (op.asyncApi.messages.length) lines.push(`Messages: ${op.asyncApi.messages.map((m) => `\`${m}\``).join(', ')}`);
    return lines.join('\n\n');
  }
  const lines = [`**${operationLabel(op)}** \`${op.operationId}\``];
  if (op.summary) lines.push(op.summary);
  const ctx = op.context!;
  const requestBody = ctx.deref(ctx.member(op.operation, 'requestBody'));
  const request = requestBody ? bodySchema(op, requestBody) : undefined;
  if (request) lines.push(`Request: ${request}`);
  const responses = ctx.member(op.operation, 'responses');
  const rows: string[] = [];
  for (const response of responses?.node.children ?? []) {
    const resolved = ctx.deref({ uri: responses!.uri, node: response });
    const schema = resolved ? bodySchema(op, resolved) : undefined;
    const description = resolved ? findProperty(resolved.node, 'description')?.value : undefined;
    rows.push(`- \`${String(response.key)}\`${schema ? ` ${schema}` : ''}${typeof description === 'string' ? ` — ${description}` : ''}`);
  }
  if (rows.length) lines.push('Responses:\n' + rows.join('\n'));
  return lines.join('\n\n');
}

function bodySchema(op: SpecOperation, body: Located): string | undefined {
  const ctx = op.context!;
  const content = ctx.member(body, 'content');
  const schema = content?.node.children?.length ? ctx.member({ uri: content.uri, node: content.node.children[0] }, 'schema') : ctx.member(body, 'schema');
  return schema ? briefSchema(op, schema, 0) : undefined;
}

function briefSchema(op: SpecOperation, schema: Located, depth: number): string {
  const ref = findProperty(schema.node, '$ref');
  if (ref?.type === 'string') {
    const name = String(ref.value).split(/[#/]/).filter(Boolean).pop() ?? String(ref.value);
    return `\`${name.replace(/\.(ya?ml|json)$/, '')}\``;
  }
  const type = findProperty(schema.node, 'type');
  if (type?.value === 'array' && depth < 3) {
    const items = op.context!.member(schema, 'items');
    return items ? `${briefSchema(op, items, depth + 1)}[]` : '`array`';
  }
  return type?.type === 'string' ? `\`${type.value}\`` : '`object`';
}

export async function flowDefinition(service: LanguageService, uri: string, offset: number, token: CancellationToken = neverCancelled): Promise<Location[]> {
  const doc = await service.documents.get(uri);
  if (!doc || !isFlow(doc)) return [];
  const flow = readFlow(doc);
  const at = valueNodeAt(flow, offset);
  if (!at) return [];
  const start = { line: 0, character: 0 };
  switch (at.key) {
    case 'operation': {
      const op = await operationOf(service, flow, at.step, token);
      if (!op) return [];
      const target = await service.documents.get(op.idSpan.uri);
      return target ? [{ uri: target.uri, range: target.lines.rangeOf(op.idSpan.offset, op.idSpan.length) }] : [];
    }
    case 'mapping':
    case 'spec': {
      const file = resolveUri(uri, String(at.node.value));
      return (await service.documents.get(file)) ? [{ uri: file, range: { start, end: start } }] : [];
    }
    default: {
      const participant = flow.participants.get(String(at.node.value));
      return participant ? [{ uri, range: doc.lines.rangeOf(participant.node.keyOffset, participant.node.keyLength) }] : [];
    }
  }
}

/** References of the operation under the cursor: its operationId in the spec and every flow step that names it. */
export async function flowReferences(service: LanguageService, uri: string, offset: number, includeDeclaration: boolean, token: CancellationToken = neverCancelled): Promise<Location[] | undefined> {
  const doc = await service.documents.get(uri);
  if (!doc || !isFlow(doc)) return undefined;
  const flow = readFlow(doc);
  const at = valueNodeAt(flow, offset);
  if (!at || at.key !== 'operation' || !at.step) return undefined;
  const found = stepOperation(flow, at.step, await stepSpecs(service, flow, at.step, token));
  if (!found) return undefined;
  const { operation: op, owner } = found;
  const locations: Location[] = [];
  if (includeDeclaration) {
    const target = await service.documents.get(op.idSpan.uri);
    if (target) locations.push({ uri: target.uri, range: target.lines.rangeOf(op.idSpan.offset, op.idSpan.length) });
  }
  locations.push(...(await flowOperationReferences(service, owner.specUri!, op.operationId, token)));
  return locations;
}
