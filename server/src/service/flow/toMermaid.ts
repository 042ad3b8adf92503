import { Range } from 'vscode-languageserver-types';
import { CancellationToken, neverCancelled } from '../cancellation';
import { LanguageService } from '../languageService';
import { AstNode } from '../parser/ast';
import { isPlainMermaidId, mermaidText } from '../mermaid/escape';
import { loadFlowSpecs } from './diagnose';
import { Flow, FlowStep, MessageStep, readFlow } from './model';
import { shapeOf } from './participants';
import { operationLabel, SpecOperation, SpecOperations, stepOperation } from './specOperations';
import { isFlow } from './identity';

/** A message (arrow) of the diagram and the place in a file it stands for; `message` counts arrows from 0 in text order. */
export interface DiagramLink {
  message: number;
  uri: string;
  range: Range;
}

export interface SequenceDiagram {
  mermaid: string;
  links: DiagramLink[];
}

/** Looks up the operation a step calls (undefined when unknown). */
export type OperationLookup = (step: MessageStep) => SpecOperation | undefined;

/** Renders a flow as Mermaid sequence-diagram text; every arrow gets a link back to its step. */
export function flowToMermaid(flow: Flow, lookup: OperationLookup = () => undefined): SequenceDiagram {
  const lines = ['sequenceDiagram'];
  const links: DiagramLink[] = [];
  if (flow.title) lines.push(`  title ${mermaidText(flow.title)}`);
  const ids = new Map<string, string>();
  // Plain ids stay as they are; others get `p1`, `p2`… that no plain id takes.
  const taken = new Set([...flow.participants.keys()].filter(isPlainMermaidId));
  let generated = 0;
  const idOf = (id: string): string => {
    let mermaidId = ids.get(id);
    if (mermaidId) return mermaidId;
    if (isPlainMermaidId(id)) mermaidId = id;
    else {
      do mermaidId = `p${++generated}`;
      while (taken.has(mermaidId));
    }
    taken.add(mermaidId);
    ids.set(id, mermaidId);
    return mermaidId;
  };
  for (const participant of flow.participants.values()) {
    const id = idOf(participant.id);
    const shape = shapeOf(participant.kind);
    // `actor` keeps its own keyword, which every Mermaid version reads; the other shapes need the
    // participant types of Mermaid 11 (`participant id@{ "type": "queue" }`).
    const declared = shape === 'participant' || shape === 'actor' ? `${shape} ${id}` : `participant ${id}@{ "type": "${shape}" }`;
    lines.push(`  ${declared} as ${mermaidText(participant.name, 'alias') || id}`);
  }
  const link = (node: AstNode): void => {
    links.push({ message: links.length, uri: flow.doc.uri, range: flow.doc.lines.rangeOf(node.offset, node.length) });
  };
  const emit = (steps: FlowStep[], indent: string): void => {
    for (const step of steps) {
      if (step.type === 'message') {
        if (step.from === undefined || step.to === undefined) continue;
        const operation = lookup(step);
        const label = operation ? operationLabel(operation) : step.message ?? step.operation ?? '';
        // Messages of AsyncAPI operations are events: always drawn as async arrows.
        const async = step.async || !!operation?.asyncApi;
        const arrow = async ? '-)' : '->>';
        lines.push(`${indent}${idOf(step.from)}${arrow}${idOf(step.to)}: ${mermaidText(label)}`);
        link(step.operationNode ?? step.node);
        if (step.reply !== undefined) {
          lines.push(`${indent}${idOf(step.to)}${async ? '--)' : '-->>'}${idOf(step.from)}: ${mermaidText(step.reply)}`);
          link(step.replyNode ?? step.node);
        }
      } else if (step.type === 'note') {
        if (!step.over.length) continue;
        lines.push(`${indent}Note over ${step.over.map((o) => idOf(o.id)).join(',')}: ${mermaidText(step.text)}`);
      } else {
        step.branches.forEach((branch, i) => {
          const keyword = i === 0 ? step.block : step.block === 'alt' ? 'else' : 'and';
          const when = mermaidText(branch.when ?? '');
          lines.push(`${indent}${keyword}${when ? ' ' + when : ''}`);
          emit(branch.steps, indent + '  ');
        });
        if (step.branches.length) lines.push(`${indent}end`);
      }
    }
  };
  emit(flow.steps, '  ');
  return { mermaid: lines.join('\n') + '\n', links };
}

/** The diagram of a flow document, with its operations labelled from the participants' specs. */
export async function flowDiagram(service: LanguageService, uri: string, token: CancellationToken = neverCancelled): Promise<SequenceDiagram | undefined> {
  const doc = await service.documents.get(uri);
  if (!doc || !isFlow(doc)) return undefined;
  const flow = readFlow(doc);
  const specs: Map<string, SpecOperations | undefined> = await loadFlowSpecs(flow, service, token);
  return flowToMermaid(flow, (step) => stepOperation(flow, step, specs)?.operation);
}
