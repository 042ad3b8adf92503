import { AstNode, findProperty } from '../../parser/ast';
import { didYouMean } from '../../suggest';
import { Located, OperationAt, operationsOf, RuleContext } from '../ruleContext';

/** The `{name}` variables of a path template with their positions in the template. */
export function templateVariables(template: string): { name: string; index: number }[] {
  const vars: { name: string; index: number }[] = [];
  const re = /\{([^{}]*)\}/g;
  for (let m = re.exec(template); m; m = re.exec(template)) vars.push({ name: m[1], index: m.index });
  return vars;
}

interface ParameterAt {
  at: Located;
  name: string;
  in: string;
}

function parametersOf(context: RuleContext, holder: Located): ParameterAt[] {
  const list = context.member(holder, 'parameters');
  if (!list || list.node.type !== 'array') return [];
  const result: ParameterAt[] = [];
  for (const item of list.node.children!) {
    const parameter = context.deref({ uri: list.uri, node: item });
    if (!parameter || parameter.node.type !== 'object') continue;
    const name = findProperty(parameter.node, 'name');
    const location = findProperty(parameter.node, 'in');
    if (name?.type !== 'string' || location?.type !== 'string') continue;
    result.push({ at: parameter, name: name.value as string, in: location.value as string });
  }
  return result;
}

/**
 * Path templates and path parameters must agree: each `{var}` is declared (on the path item or the
 * operation), each declared path parameter appears in the template, and path parameters are required.
 */
export function checkPathParameters(context: RuleContext): void {
  // By node: a node is one place in one document, so no key string is built for each parameter.
  const checkedRequired = new Set<AstNode>();
  const reportedNotInTemplate = new Set<AstNode>();
  // One finding per template variable, naming every operation that leaves it undeclared.
  const undeclared = new Map<string, { op: OperationAt; v: { name: string; index: number }; quote: number; methods: string[]; candidates: Set<string> }>();
  for (const op of operationsOf(context, false)) {
    const shared = parametersOf(context, op.pathItem);
    const own = parametersOf(context, op.operation);
    reportDuplicates(context, own);
    // Operation parameters override path-item parameters with the same name and location.
    const effective = [...own, ...shared.filter((s) => !own.some((o) => o.name === s.name && o.in === s.in))];
    const pathParams = effective.filter((p) => p.in === 'path');
    const vars = templateVariables(op.path);
    const keyText = context.keyText(op.pathKey);
    const quote = keyText.startsWith('"') || keyText.startsWith("'") ? 1 : 0;
    for (const v of vars) {
      if (pathParams.some((p) => p.name === v.name)) continue;
      const key = `${op.pathKey.uri}:${op.pathKey.node.keyOffset}:${v.index}`;
      const entry = undeclared.get(key) ?? { op, v, quote, methods: [], candidates: new Set<string>() };
      entry.methods.push(op.method.toUpperCase());
      for (const p of pathParams) entry.candidates.add(p.name);
      undeclared.set(key, entry);
    }
    for (const p of own.filter((p) => p.in === 'path')) {
      if (!vars.some((v) => v.name === p.name)) {
        const name = context.member(p.at, 'name')!;
        context.report(name, 'value', 'oas.path.parameterNotInTemplate',
          `The path parameter \`${p.name}\` does not appear in the path \`${op.path}\`${didYouMean(p.name, vars.map((v) => v.name))}`);
      }
    }
    for (const p of shared.filter((p) => p.in === 'path')) {
      if (!vars.some((v) => v.name === p.name)) {
        const name = context.member(p.at, 'name')!;
        if (reportedNotInTemplate.has(name.node)) continue;
        reportedNotInTemplate.add(name.node);
        context.report(name, 'value', 'oas.path.parameterNotInTemplate',
          `The path parameter \`${p.name}\` does not appear in the path \`${op.path}\`${didYouMean(p.name, vars.map((v) => v.name))}`);
      }
    }
    for (const p of pathParams) checkRequired(context, p, checkedRequired);
  }
  for (const { op, v, quote, methods, candidates } of undeclared.values()) {
    const suggestion = didYouMean(v.name, candidates);
    context.reportInKey(op.pathKey, quote + v.index, v.name.length + 2, 'oas.path.parameterUndeclared',
      `The path parameter \`${v.name}\` is not declared (${methods.join(', ')} ${op.path})${suggestion}`,
      { data: { name: v.name, methods } });
  }
  // Path parameters defined as components must be required too, used or not.
  const components = context.version === '2.0' ? ['parameters'] : ['components', 'parameters'];
  let section: Located | undefined = { uri: context.rootUri, node: context.root! };
  for (const key of components) section = context.member(section, key);
  if (section && section.node.type === 'object') {
    for (const child of section.node.children!) {
      const location = findProperty(child, 'in');
      const name = findProperty(child, 'name');
      if (location?.value === 'path' && name?.type === 'string') {
        checkRequired(context, { at: { uri: section.uri, node: child }, name: name.value as string, in: 'path' }, checkedRequired);
      }
    }
  }
}

function checkRequired(context: RuleContext, p: ParameterAt, done: Set<AstNode>): void {
  if (done.has(p.at.node)) return;
  done.add(p.at.node);
  const required = context.member(p.at, 'required');
  if (required?.node.value === true) return;
  const message = `The path parameter \`${p.name}\` must be \`required: true\`.`;
  if (required) context.report(required, 'value', 'oas.path.parameterNotRequired', message);
  else context.report(context.member(p.at, 'in') ?? p.at, 'key', 'oas.path.parameterNotRequired', message, { data: { insertRequired: true } });
}

function reportDuplicates(context: RuleContext, parameters: ParameterAt[]): void {
  const seen = new Map<string, ParameterAt>();
  for (const p of parameters) {
    const key = `${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`;
    const first = seen.get(key);
    if (first) {
      context.report(context.member(p.at, 'name') ?? p.at, 'value', 'oas.parameter.duplicate',
        `The ${p.in} parameter \`${p.name}\` is declared twice for this operation.`,
        { related: [{ uri: first.at.uri, offset: first.at.node.offset, length: first.at.node.length, message: 'first declared here' }] });
    } else seen.set(key, p);
  }
}
