import mappingSchema from '../../../../schemas/mapping.schema.json';
import { ParsedDocument } from '../documents';
import { Finding } from '../findings';
import { problemRange, schemaChecker, schemaProblems } from '../schemaFindings';

const check = schemaChecker(mappingSchema);

/** The finding code of each kind of defect. */
const CODES: Record<string, string> = {
  additionalProperties: 'mapping.schema.unknownKey',
  required: 'mapping.schema.missingKey',
  type: 'mapping.schema.type',
  oneOf: 'mapping.schema.type',
  const: 'mapping.schema.value',
  enum: 'mapping.schema.value',
  not: 'mapping.schema.value',
  minLength: 'mapping.schema.value',
  pattern: 'mapping.schema.value',
};

/** The mapping file against schemas/mapping.schema.json, one friendly finding per defect. */
export function validateMappingShape(doc: ParsedDocument): Finding[] {
  const root = doc.parse.root;
  if (!root) return [];
  if (root.type !== 'object') {
    return [{ uri: doc.uri, code: 'mapping.schema.type', message: 'A mapping file is an object with `mapping: "1.0"`, `source`, `target` and `fields`.', offset: root.offset, length: root.length }];
  }
  const problems = schemaProblems(root, check(doc.parse.value), {
    document: 'The mapping',
    noun: (path) => (typeof path[path.length - 1] === 'number' ? ({ fields: 'field', samples: 'sample' } as Record<string, string>)[String(path[path.length - 2])] : undefined),
    explain: (error, subject) => {
      if (error.keyword === 'const') return `${subject} must be "${String((error.params as { allowedValue: unknown }).allowedValue)}" (the mapping format version).`;
      if (error.keyword === 'not') {
        const side = (error.data ?? {}) as Record<string, unknown>;
        return `Use either \`schema\` or \`${'operation' in side ? 'operation' : 'message'}\`, not both.`;
      }
      if (error.keyword === 'pattern' && error.propertyName !== undefined) return `\`${error.propertyName}\` is not a valid lookup name.`;
      if (error.keyword === 'pattern' && error.instancePath.endsWith('/schema')) return '`schema` is a JSON pointer such as `#/components/schemas/Order`.';
      return undefined;
    },
  });
  return problems.map((p) => {
    // `not` is about the pair of keys: underline the side's key.
    const onKey = p.keyword === 'not' || p.onKey;
    return { uri: doc.uri, code: CODES[p.keyword] ?? 'mapping.schema.invalid', message: p.message, ...problemRange({ ...p, onKey }, root) };
  });
}
