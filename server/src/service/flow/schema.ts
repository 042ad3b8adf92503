import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import flowSchema from '../../../../schemas/flow.schema.json';
import { ParsedDocument } from '../documents';
import { Finding } from '../findings';
import { AstNode, findNodeAtPath } from '../parser/ast';
import { closestMatch, didYouMean } from '../suggest';

let validator: ValidateFunction | undefined;

function validate(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
    validator = ajv.compile(flowSchema);
  }
  return validator;
}

function pathOf(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type SchemaNode = { properties?: Record<string, unknown> };

/** Checks a flow document's shape against schemas/flow.schema.json; one finding per defect, at the key or value it is about. */
export function checkFlowSchema(doc: ParsedDocument): Finding[] {
  const root = doc.parse.root;
  if (!root) return [];
  const check = validate();
  if (check(doc.parse.value)) return [];
  const findings: Finding[] = [];
  const at = (node: AstNode, on: 'key' | 'value', message: string): void => {
    const useKey = on === 'key' && node.keyOffset >= 0;
    findings.push({
      uri: doc.uri,
      code: 'flow.schema',
      message,
      offset: useKey ? node.keyOffset : node.offset,
      length: useKey ? node.keyLength : node === root ? 0 : node.length,
    });
  };
  const errors = (check.errors ?? []) as ErrorObject[];
  // A failed oneOf/anyOf also reports each branch's failures; keep only the summary.
  const summarised = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  // A misspelt key (`too:`) also makes its correct spelling missing; the misspelling is the one finding.
  const misspelt = new Set(errors.filter((e) => e.keyword === 'additionalProperties').map((e) => {
    const allowed = Object.keys((e.parentSchema as SchemaNode | undefined)?.properties ?? {});
    return `${e.instancePath}|${closestMatch(String((e.params as Record<string, unknown>).additionalProperty), allowed)}`;
  }));
  for (const error of errors) {
    if (summarised.has(error.instancePath) && error.keyword !== 'oneOf') continue;
    const missing = (error.params as Record<string, unknown>).missingProperty;
    if (missing !== undefined && misspelt.has(`${error.instancePath}|${missing}`)) continue;
    const node = findNodeAtPath(root, pathOf(error.instancePath));
    if (!node) continue;
    const name = node.key !== undefined ? `\`${node.key}\`` : 'The document';
    const params = error.params as Record<string, unknown>;
    switch (error.keyword) {
      case 'additionalProperties': {
        const key = String(params.additionalProperty);
        const member = node.children?.find((c) => c.key === key);
        const allowed = Object.keys((error.parentSchema as SchemaNode | undefined)?.properties ?? {});
        if (member) at(member, 'key', `Unknown key \`${key}\`${allowed.length ? didYouMean(key, allowed) : '.'}${allowed.length ? ` Allowed: ${allowed.map((a) => `\`${a}\``).join(', ')}.` : ''}`);
        break;
      }
      case 'required':
        at(node, 'key', `${node === root ? 'A flow' : name} needs \`${params.missingProperty}\`.`);
        break;
      case 'dependencies': {
        const member = node.children?.find((c) => c.key === params.property);
        at(member ?? node, 'key', `\`${params.property}\` needs \`${params.missingProperty}\` in the same step.`);
        break;
      }
      case 'type':
        at(node, 'value', `${name} must be ${article(String(params.type))}.`);
        break;
      case 'const':
        at(node, 'value', `${name} must be ${JSON.stringify(params.allowedValue)}.`);
        break;
      case 'enum': {
        const allowed = (params.allowedValues as unknown[]).map(String);
        at(node, 'value', `${name} must be one of ${allowed.map((v) => `\`${v}\``).join(', ')}${typeof node.value === 'string' ? didYouMean(node.value, allowed) : '.'}`);
        break;
      }
      case 'oneOf':
        at(node, 'value', `${name} must be a participant id or a list of one or two participant ids.`);
        break;
      case 'minItems':
        at(node, 'value', `${name} needs at least ${params.limit} item${params.limit === 1 ? '' : 's'}.`);
        break;
      case 'maxItems':
        at(node, 'value', `${name} takes at most ${params.limit} items.`);
        break;
      case 'minProperties':
        at(node, 'value', `${name} needs at least ${params.limit} entry.`);
        break;
      default:
        at(node, 'value', `${name} ${error.message ?? 'is not valid'}.`);
    }
  }
  return findings;
}

function article(type: string): string {
  if (type === 'object') return 'a mapping of keys to values';
  if (type === 'array') return 'a list';
  if (type === 'integer') return 'an integer';
  return `a ${type}`;
}
