import type { RuleInfo } from '../rules';

/** The rules of flow files. */
export const FLOW_RULES: readonly RuleInfo[] = [
  { code: 'flow.schema', severity: 'error', description: 'A flow file does not have the shape of format 1.0 (schemas/flow.schema.json).' },
  { code: 'flow.participant.unknown', severity: 'error', description: 'A step or note names a participant the flow does not declare (with a did-you-mean).' },
  { code: 'flow.operation.unknown', severity: 'error', description: "An operationId is not in the receiving participant's spec (with a did-you-mean)." },
  { code: 'flow.operation.noSpec', severity: 'warning', description: 'A step names an operation, but its receiving participant has no `spec`.' },
  { code: 'flow.file.notFound', severity: 'error', description: 'A spec or mapping file named by the flow does not exist.' },
  { code: 'flow.spec.notOpenApi', severity: 'error', description: "A participant's `spec` is not an OpenAPI document." },
  { code: 'flow.mapping.mismatch', severity: 'warning', description: "A step's mapping does not build the request body of the step's operation." },
  { code: 'flow.mapping.notMapping', severity: 'error', description: 'A step names a file as its mapping that is not a mapping file.' },
  { code: 'flow.branch.empty', severity: 'warning', description: 'A branch of an alt, opt, loop or par block has no steps.' },
];
