import type { RuleInfo } from '../rules';

/** The rules of flow files. */
export const FLOW_RULES: readonly RuleInfo[] = [
  { code: 'flow.schema', severity: 'error', description: 'A flow file does not have the shape of format 1.0 (schemas/flow.schema.json).',
    basis: 'Flow format 1.0 (`schemas/flow.schema.json`): a file of another shape is not a flow.' },
  { code: 'flow.participant.unknown', severity: 'error', description: 'A step or note names a participant the flow does not declare (with a did-you-mean).',
    basis: 'Flow format 1.0: steps and notes name participants declared under `participants`.' },
  { code: 'flow.operation.unknown', severity: 'error', description: "An operationId is not in the receiving participant's spec, nor in an AsyncAPI document of the sending participant (with a did-you-mean).",
    basis: "Flow format 1.0: `operation` is an operationId of the receiving participant's spec; a step to or from an AsyncAPI participant names an operation of its document." },
  { code: 'flow.operation.noSpec', severity: 'warning', description: 'A step names an operation, but its receiving participant has no `spec`.',
    basis: 'Nothing is wrong with the flow, but without a spec the operation cannot be checked.' },
  { code: 'flow.file.notFound', severity: 'error', description: 'A spec or mapping file named by the flow does not exist.',
    basis: 'Flow format 1.0: `spec` and `mapping` are paths of existing files.' },
  { code: 'flow.spec.notOpenApi', severity: 'error', description: "A participant's `spec` is not an OpenAPI or AsyncAPI document.",
    basis: 'Flow format 1.0: `spec` names an OpenAPI or AsyncAPI document.' },
  { code: 'flow.mapping.mismatch', severity: 'warning', description: "A step's mapping does not build the request body of the step's operation (or, for an AsyncAPI operation, its message).",
    basis: "Flow format 1.0: the mapping builds the request body of the step's operation; another mapping may still fit (a shared schema), so a warning." },
  { code: 'flow.mapping.notMapping', severity: 'error', description: 'A step names a file as its mapping that is not a mapping file.',
    basis: 'Flow format 1.0: `mapping` names a mapping file.' },
  { code: 'flow.branch.empty', severity: 'warning', description: 'A branch of an alt, opt, loop or par block has no steps.',
    basis: 'Allowed by the format, and drawn as an empty block, but most likely unfinished.' },
  { code: 'flow.participant.unknownKind', severity: 'hint', description: "A participant's `kind` is not a known one but close to one (with a did-you-mean); it is drawn as a plain participant.",
    basis: 'Flow format 1.0: `kind` is open text, so any kind is allowed; one a letter or two from a known kind is likely a typo.' },
];
