import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import mappingSchema from '../../../../schemas/mapping.schema.json';
import { ParsedDocument } from '../documents';
import { Finding } from '../findings';
import { AstNode, findNodeAtPath } from '../parser/ast';
import { parsePointer } from '../pointer';
import { didYouMean } from '../suggest';

let validator: ValidateFunction | undefined;

function validate(): ValidateFunction {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(mappingSchema);
  return validator;
}

/** Allowed keys per place in the file, for did-you-mean on unknown keys. */
function allowedKeys(instancePath: string): string[] {
  const defs = (mappingSchema as { definitions: Record<string, { properties?: Record<string, unknown> }> }).definitions;
  if (/^\/(source|target)$/.test(instancePath)) return Object.keys(defs.side.properties!);
  if (/\/fields\/\d+$/.test(instancePath)) return Object.keys(defs.field.properties!);
  if (/^\/samples\/\d+$/.test(instancePath)) return ['sample', 'expect', 'format'];
  return Object.keys((mappingSchema as { properties: Record<string, unknown> }).properties);
}

/** The mapping file against schemas/mapping.schema.json, one friendly finding per defect. */
export function validateMappingShape(doc: ParsedDocument): Finding[] {
  const root = doc.parse.root;
  if (!root) return [];
  const findings: Finding[] = [];
  if (root.type !== 'object') {
    return [{ uri: doc.uri, code: 'mapping.schema.type', message: 'A mapping file is an object with `mapping: "1.0"`, `source`, `target` and `fields`.', offset: root.offset, length: root.length }];
  }
  const check = validate();
  if (check(doc.parse.value)) return [];
  const errors = check.errors ?? [];
  const at = (path: string): AstNode | undefined => findNodeAtPath(root, parsePointer(path) ?? []);
  const done = new Set<string>();
  const add = (node: AstNode, onKey: boolean, code: string, message: string, data?: Record<string, unknown>): void => {
    const useKey = onKey && node.keyOffset >= 0;
    const offset = useKey ? node.keyOffset : node.offset;
    const key = `${offset}:${code}`;
    if (done.has(key)) return;
    done.add(key);
    findings.push({ uri: doc.uri, code, message, offset, length: useKey ? node.keyLength : node.length, data });
  };
  // errors inside a sample entry's oneOf: report the branch that fits the entry's kind
  const sampleErrors = (e: ErrorObject): boolean => /^\/samples\/\d+$/.test(e.instancePath) && e.keyword === 'oneOf';
  for (const e of errors) {
    if (sampleErrors(e)) continue;
    const node = at(e.instancePath);
    if (!node) continue;
    if (/^\/samples\/\d+/.test(e.instancePath)) {
      // only the errors of the branch matching the entry's type
      const isObject = node.type === 'object' || (node.parent?.type === 'object' && /^\/samples\/\d+\//.test(e.instancePath));
      const inStringBranch = e.schemaPath.includes('/oneOf/0/');
      if (isObject === inStringBranch && e.instancePath.split('/').length === 3) continue;
      if (e.instancePath.split('/').length > 3 && inStringBranch) continue;
    }
    const where = e.instancePath === '' ? 'The mapping' : `\`${e.instancePath.split('/').filter(Boolean).filter((s) => !/^\d+$/.test(s)).pop()}\``;
    switch (e.keyword) {
      case 'additionalProperties': {
        const name = String((e.params as { additionalProperty: string }).additionalProperty);
        const child = node.children?.find((c) => c.key === name);
        if (child) add(child, true, 'mapping.schema.unknownKey', `Unknown key \`${name}\`${didYouMean(name, allowedKeys(e.instancePath))}`);
        break;
      }
      case 'required': {
        const name = String((e.params as { missingProperty: string }).missingProperty);
        const isField = /\/fields\/\d+$/.test(e.instancePath);
        const isSample = /^\/samples\/\d+$/.test(e.instancePath);
        // an array item has no key: underline its first key instead of the whole object
        const anchor = node.keyOffset < 0 && node.children?.length ? node.children[0] : node;
        add(anchor, true, 'mapping.schema.missingKey', `${isField ? 'This field' : isSample ? 'This sample' : where} needs \`${name}\`.`);
        break;
      }
      case 'type': {
        const type = String((e.params as { type: string | string[] }).type).replace(/,/g, ' or ');
        add(node, false, 'mapping.schema.type', `${where} must be ${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}.`);
        break;
      }
      case 'const':
        add(node, false, 'mapping.schema.value', `${where} must be "${String((e.params as { allowedValue: unknown }).allowedValue)}" (the mapping format version).`);
        break;
      case 'enum':
        add(node, false, 'mapping.schema.value', `${where} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => `\`${String(v)}\``).join(', ')}.`);
        break;
      case 'not':
        add(node, true, 'mapping.schema.value', 'Use either `schema` or `operation`, not both.');
        break;
      case 'minLength':
        add(node, false, 'mapping.schema.value', `${where} must not be empty.`);
        break;
      case 'pattern':
        add(node, false, 'mapping.schema.value', e.instancePath.endsWith('/schema') ? '`schema` is a JSON pointer such as `#/components/schemas/Order`.' : `\`${String(node.key)}\` is not a valid lookup name.`);
        break;
      case 'oneOf':
      case 'if':
        break;
      default:
        add(node, false, 'mapping.schema.invalid', `${where} ${e.message ?? 'is not valid'}.`);
    }
  }
  return findings;
}
