import { AstNode, findProperty } from '../parser/ast';
import { ParsedDocument } from '../documents';
import { resolveUri } from '../uris';

/** A participant of a flow, with the nodes its checks report at. */
export interface FlowParticipant {
  id: string;
  name: string;
  /** Open text; known kinds are drawn with their shape (see participants.ts). */
  kind: string | undefined;
  kindNode: AstNode | undefined;
  /** The participant's key in `participants`. */
  node: AstNode;
  spec: string | undefined;
  specNode: AstNode | undefined;
  specUri: string | undefined;
}

export interface MessageStep {
  type: 'message';
  node: AstNode;
  from: string | undefined;
  fromNode: AstNode | undefined;
  to: string | undefined;
  toNode: AstNode | undefined;
  message: string | undefined;
  operation: string | undefined;
  operationNode: AstNode | undefined;
  mapping: string | undefined;
  mappingNode: AstNode | undefined;
  mappingUri: string | undefined;
  reply: string | undefined;
  replyNode: AstNode | undefined;
  async: boolean;
}

export interface NoteStep {
  type: 'note';
  node: AstNode;
  text: string;
  over: { id: string; node: AstNode }[];
}

export interface FlowBranch {
  when: string | undefined;
  /** The branch object (or the block's key node when the branch is not an object). */
  node: AstNode;
  steps: FlowStep[];
}

export interface BlockStep {
  type: 'block';
  block: 'alt' | 'opt' | 'loop' | 'par';
  node: AstNode;
  /** The `alt:`/`opt:`… member. */
  keyNode: AstNode;
  branches: FlowBranch[];
}

export type FlowStep = MessageStep | NoteStep | BlockStep;

export interface Flow {
  doc: ParsedDocument;
  title: string | undefined;
  participants: Map<string, FlowParticipant>;
  steps: FlowStep[];
}

export const BLOCKS = ['alt', 'opt', 'loop', 'par'] as const;

function str(node: AstNode | undefined): string | undefined {
  return node && node.type === 'string' ? String(node.value) : undefined;
}

/** Reads a flow document's participants and steps, tolerating any shape (the schema check reports it). */
export function readFlow(doc: ParsedDocument): Flow {
  const root = doc.parse.root;
  const participants = new Map<string, FlowParticipant>();
  const participantsNode = findProperty(root, 'participants');
  if (participantsNode?.type === 'object') {
    for (const member of participantsNode.children!) {
      const id = String(member.key);
      const specNode = findProperty(member, 'spec');
      const spec = str(specNode);
      const kindNode = findProperty(member, 'kind');
      participants.set(id, {
        id,
        name: str(findProperty(member, 'name')) ?? id,
        kind: str(kindNode),
        kindNode,
        node: member,
        spec,
        specNode,
        specUri: spec ? resolveUri(doc.uri, spec) : undefined,
      });
    }
  }
  return { doc, title: str(findProperty(root, 'title')), participants, steps: readSteps(doc, findProperty(root, 'steps')) };
}

function readSteps(doc: ParsedDocument, node: AstNode | undefined): FlowStep[] {
  if (node?.type !== 'array') return [];
  const steps: FlowStep[] = [];
  for (const item of node.children!) {
    if (item.type !== 'object') continue;
    const block = BLOCKS.find((b) => findProperty(item, b));
    if (block) {
      const keyNode = findProperty(item, block)!;
      const branchNodes = block === 'alt' || block === 'par' ? (keyNode.type === 'array' ? keyNode.children! : []) : [keyNode];
      steps.push({
        type: 'block',
        block,
        node: item,
        keyNode,
        branches: branchNodes.map((b) => ({ when: str(findProperty(b, 'when')), node: b, steps: readSteps(doc, findProperty(b, 'steps')) })),
      });
    } else if (findProperty(item, 'note') || findProperty(item, 'over')) {
      const overNode = findProperty(item, 'over');
      const over = overNode?.type === 'string' ? [overNode] : overNode?.type === 'array' ? overNode.children!.filter((c) => c.type === 'string') : [];
      steps.push({ type: 'note', node: item, text: str(findProperty(item, 'note')) ?? '', over: over.map((n) => ({ id: String(n.value), node: n })) });
    } else {
      const fromNode = findProperty(item, 'from');
      const toNode = findProperty(item, 'to');
      const operationNode = findProperty(item, 'operation');
      const mappingNode = findProperty(item, 'mapping');
      const replyNode = findProperty(item, 'reply');
      const mapping = str(mappingNode);
      steps.push({
        type: 'message',
        node: item,
        from: str(fromNode),
        fromNode,
        to: str(toNode),
        toNode,
        message: str(findProperty(item, 'message')),
        operation: str(operationNode),
        operationNode,
        mapping,
        mappingNode,
        mappingUri: mapping ? resolveUri(doc.uri, mapping) : undefined,
        reply: replyNode?.type === 'number' ? String(replyNode.value) : str(replyNode),
        replyNode,
        async: findProperty(item, 'async')?.value === true,
      });
    }
  }
  return steps;
}

/** Every message step, depth first, in document order. */
export function* messageSteps(steps: FlowStep[]): Generator<MessageStep> {
  for (const step of steps) {
    if (step.type === 'message') yield step;
    else if (step.type === 'block') for (const branch of step.branches) yield* messageSteps(branch.steps);
  }
}

/** Every step, depth first, in document order. */
export function* allSteps(steps: FlowStep[]): Generator<FlowStep> {
  for (const step of steps) {
    yield step;
    if (step.type === 'block') for (const branch of step.branches) yield* allSteps(branch.steps);
  }
}
