import { CancellationToken, throwIfCancelled } from '../cancellation';
import { ParsedDocument } from '../documents';
import { Finding } from '../findings';
import type { LanguageService } from '../languageService';
import { AstNode, findProperty } from '../parser/ast';
import { closestMatch, didYouMean } from '../suggest';
import { basename, resolveUri } from '../uris';
import { allSteps, Flow, FlowStep, MessageStep, readFlow } from './model';
import { KNOWN_KIND_WORDS, knownShape } from './participants';
import { checkFlowSchema } from './schema';
import { isMapping } from '../mapping/identity';
import { operationOwners, specOperations, SpecOperations, stepOperation } from './specOperations';

/** The specs of a flow's participants, loaded once per check. */
export async function loadFlowSpecs(flow: Flow, service: LanguageService, token: CancellationToken): Promise<Map<string, SpecOperations | undefined>> {
  const specs = new Map<string, SpecOperations | undefined>();
  for (const participant of flow.participants.values()) {
    if (!participant.specUri || specs.has(participant.specUri)) continue;
    throwIfCancelled(token);
    specs.set(participant.specUri, await specOperations(service, participant.specUri, token));
  }
  return specs;
}

/** The checks of a flow file: its shape, its participants, and the specs and mappings its steps name. */
export async function diagnoseFlow(doc: ParsedDocument, service: LanguageService, token: CancellationToken): Promise<{ findings: Finding[]; dependencies: string[] }> {
    const findings: Finding[] = [];
    const dependencies = new Set<string>();
    if (!doc.parse.root) return { findings, dependencies: [] };
    findings.push(...checkFlowSchema(doc));
    const flow = readFlow(doc);
    const report = (node: AstNode, code: string, message: string, data?: Record<string, unknown>): void => {
      findings.push({ uri: doc.uri, code, message, offset: node.offset, length: node.length, ...(data ? { data } : {}) });
    };
    const ids = [...flow.participants.keys()];
    const knownParticipant = (id: string, node: AstNode): boolean => {
      if (flow.participants.has(id)) return true;
      report(node, 'flow.participant.unknown', `Unknown participant \`${id}\`${didYouMean(id, ids)}`, { name: id });
      return false;
    };

    // Kinds are open: only one that looks like a typo of a known kind is worth a word.
    for (const participant of flow.participants.values()) {
      if (participant.kind === undefined || !participant.kindNode || knownShape(participant.kind)) continue;
      const meant = closestMatch(participant.kind, KNOWN_KIND_WORDS);
      if (meant) {
        report(participant.kindNode, 'flow.participant.unknownKind',
          `\`${participant.kind}\` is not a known participant kind, so it is drawn as a plain participant; did you mean \`${meant}\`?`, { suggestion: meant });
      }
    }

    // Participants' specs.
    const specs = await loadFlowSpecs(flow, service, token);
    for (const participant of flow.participants.values()) {
      if (!participant.specUri || !participant.specNode) continue;
      dependencies.add(participant.specUri);
      const spec = specs.get(participant.specUri);
      if (spec) {
        for (const file of spec.analysis.set.documents.keys()) dependencies.add(file);
        continue;
      }
      const file = await service.documents.get(participant.specUri);
      if (!file) report(participant.specNode, 'flow.file.notFound', `File not found: \`${participant.spec}\`.`);
      else report(participant.specNode, 'flow.spec.notOpenApi', `\`${participant.spec}\` is not an OpenAPI or AsyncAPI document (its root has no \`openapi\`, \`swagger\` or \`asyncapi\` version).`);
    }

    for (const step of allSteps(flow.steps)) {
      throwIfCancelled(token);
      if (step.type === 'note') {
        for (const over of step.over) knownParticipant(over.id, over.node);
      } else if (step.type === 'block') {
        checkBranches(step, report);
      } else {
        if (step.from !== undefined && step.fromNode) knownParticipant(step.from, step.fromNode);
        const toKnown = step.to !== undefined && step.toNode ? knownParticipant(step.to, step.toNode) : false;
        if (toKnown) await checkOperation(step, flow, specs, service, report, dependencies);
        else if (step.mappingUri) dependencies.add(step.mappingUri);
        if (step.mappingUri && step.mappingNode && !(await service.documents.get(step.mappingUri))) {
          report(step.mappingNode, 'flow.file.notFound', `File not found: \`${step.mapping}\`.`);
        }
      }
    }
    return { findings, dependencies: [...dependencies] };
}

function checkBranches(step: FlowStep & { type: 'block' }, report: (node: AstNode, code: string, message: string) => void): void {
  for (const branch of step.branches) {
    if (branch.steps.length) continue;
    const stepsNode = findProperty(branch.node, 'steps');
    if (stepsNode && stepsNode.type !== 'array') continue; // the schema check reports it
    const whenNode = findProperty(branch.node, 'when');
    const label = branch.when ? `The branch \`${branch.when}\`` : `This \`${step.block}\` branch`;
    report(stepsNode ?? whenNode ?? (branch.node === step.keyNode ? step.keyNode : branch.node), 'flow.branch.empty', `${label} has no steps.`);
  }
}

async function checkOperation(
  step: MessageStep,
  flow: Flow,
  specs: Map<string, SpecOperations | undefined>,
  service: LanguageService,
  report: (node: AstNode, code: string, message: string, data?: Record<string, unknown>) => void,
  dependencies: Set<string>,
): Promise<void> {
  const receiver = flow.participants.get(step.to!)!;
  if (step.mappingUri) dependencies.add(step.mappingUri);
  if (step.operation === undefined || !step.operationNode) return;
  const owners = operationOwners(flow, step, (uri) => !!specs.get(uri)?.asyncApi);
  if (!owners.length) {
    report(step.operationNode, 'flow.operation.noSpec', `\`${receiver.id}\` has no \`spec\`, so the operation \`${step.operation}\` cannot be checked.`);
    return;
  }
  const known = owners.filter((o) => specs.get(o.specUri!));
  if (!known.length) return; // the participants' specs are reported
  const found = stepOperation(flow, step, specs);
  if (!found) {
    const candidates = known.flatMap((o) => [...specs.get(o.specUri!)!.operations.keys()]);
    const where = known.map((o) => `\`${basename(o.specUri!)}\` (${o.id})`);
    const sentence = where.length > 1 ? `Neither ${where.join(' nor ')} has an operation` : `${where[0]} has no operation`;
    report(step.operationNode, 'flow.operation.unknown', `${sentence} \`${step.operation}\`${didYouMean(step.operation, candidates)}`, { name: step.operation });
    return;
  }
  // The mapping of a step builds what the receiver takes; a sender's own event is not checked against it.
  if (found.owner !== receiver || !step.mappingUri || !step.mappingNode) return;
  const mapping = await service.documents.get(step.mappingUri);
  if (!mapping) return;
  if (!isMapping(mapping)) {
    report(step.mappingNode, 'flow.mapping.notMapping', `\`${step.mapping}\` is not a mapping file (\`*.mapping.yaml\`, \`*.mapping.yml\` or \`*.mapping.json\`).`);
    return;
  }
  const target = (mapping.parse.value as { target?: { spec?: unknown; operation?: unknown; schema?: unknown; message?: unknown } } | undefined)?.target;
  const targetSpec = typeof target?.spec === 'string' ? resolveUri(mapping.uri, target.spec) : undefined;
  const targetOperation = typeof target?.operation === 'string' ? target.operation : undefined;
  const async = found.operation.asyncApi;
  if (async) {
    // An AsyncAPI step: the mapping builds the message of the operation (named by the operation or the message).
    const targetMessage = typeof target?.message === 'string' ? target.message : undefined;
    if (targetSpec === receiver.specUri && (targetOperation === step.operation || (targetMessage !== undefined && (targetMessage === step.operation || async.messageNames.includes(targetMessage))))) return;
    const builds = targetMessage !== undefined ? `the message \`${targetMessage}\`` : targetOperation !== undefined ? `the message of \`${targetOperation}\`` : typeof target?.schema === 'string' ? `the schema \`${target.schema}\`` : 'no message';
    report(step.mappingNode, 'flow.mapping.mismatch',
      `\`${basename(step.mappingUri)}\` builds ${builds}${targetSpec && targetSpec !== receiver.specUri ? ` of \`${basename(targetSpec)}\`` : ''}, not the message of \`${step.operation}\` in \`${basename(receiver.specUri!)}\`.`);
    return;
  }
  if (targetSpec === receiver.specUri && targetOperation === step.operation) return;
  const fills = targetOperation !== undefined
    ? `the request body of \`${targetOperation}\`${targetSpec && targetSpec !== receiver.specUri ? ` in \`${basename(targetSpec)}\`` : ''}`
    : typeof target?.schema === 'string' ? `the schema \`${target.schema}\`${targetSpec ? ` of \`${basename(targetSpec)}\`` : ''}` : 'no operation';
  report(step.mappingNode, 'flow.mapping.mismatch',
    `\`${basename(step.mappingUri)}\` builds ${fills}, not the request body of \`${step.operation}\` in \`${basename(receiver.specUri!)}\`.`);
}
