import flowSchema from '../../../../schemas/flow.schema.json';
import { ParsedDocument } from '../documents';
import { Finding } from '../findings';
import { problemRange, schemaChecker, schemaProblems } from '../schemaFindings';

const check = schemaChecker(flowSchema);

/** What the objects of a flow are called in messages. */
function noun(path: (string | number)[]): string | undefined {
  const parent = path[path.length - 2];
  if (typeof path[path.length - 1] === 'number') return parent === 'steps' ? 'step' : parent === 'alt' || parent === 'par' ? 'branch' : undefined;
  return parent === 'participants' ? 'participant' : undefined;
}

/** Checks a flow document's shape against schemas/flow.schema.json; one finding per defect, at the key or value it is about. */
export function checkFlowSchema(doc: ParsedDocument): Finding[] {
  const root = doc.parse.root;
  if (!root) return [];
  const errors = check(doc.parse.value);
  const problems = schemaProblems(root, errors, {
    document: 'A flow',
    noun,
    explain: (error, subject) => (error.keyword === 'oneOf' && error.instancePath.endsWith('/over') ? `${subject} must be a participant id or a list of one or two participant ids.` : undefined),
  });
  return problems.map((p) => ({ uri: doc.uri, code: 'flow.schema', message: p.message, ...problemRange(p, root) }));
}
