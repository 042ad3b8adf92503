import { AstNode, findProperty } from '../../parser/ast';
import { didYouMean } from '../../suggest';
import { Located, OperationAt, operationsOf, RuleContext } from '../ruleContext';
import type { ResolvedRef } from '../references';
import { stillLeadsToTheSame } from '../schemaToJsonSchema';

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

/** Follows a chain of `$ref`s as RuleContext.deref does, keeping where each one led. */
function derefRecording(context: RuleContext, at: Located, followed: ResolvedRef[]): Located | undefined {
  let current: Located | undefined = at;
  for (let hops = 0; current && hops < 32; hops++) {
    const refNode = findProperty(current.node, '$ref');
    if (!refNode || refNode.type !== 'string') return current;
    const resolved = context.set.targets.resolve(current.uri, String(refNode.value));
    followed.push(resolved);
    current = resolved.target;
  }
  return undefined;
}

function parametersOf(context: RuleContext, holder: Located, followed: ResolvedRef[]): ParameterAt[] {
  const list = context.member(holder, 'parameters');
  if (!list || list.node.type !== 'array') return [];
  const result: ParameterAt[] = [];
  for (const item of list.node.children!) {
    const parameter = derefRecording(context, { uri: list.uri, node: item }, followed);
    if (!parameter || parameter.node.type !== 'object') continue;
    const name = findProperty(parameter.node, 'name');
    const location = findProperty(parameter.node, 'in');
    if (name?.type !== 'string' || location?.type !== 'string') continue;
    result.push({ at: parameter, name: name.value as string, in: location.value as string });
  }
  return result;
}

/** What one check has done across path items: shared parameters are reported once. */
interface Run {
  context: RuleContext;
  checkedRequired: Set<AstNode>;
  reportedNotInTemplate: Set<AstNode>;
}

interface Undeclared {
  op: OperationAt;
  v: { name: string; index: number };
  quote: number;
  methods: string[];
  candidates: Set<string>;
}

/**
 * The findings of one path item's operations, as steps that report them when run (reading the
 * nodes' offsets then, so a replay reports where the nodes have moved to), with what they depend
 * on besides the path item's own value: its key as written and where its `$ref`s led.
 */
interface PathItemFindings {
  node: AstNode;
  keyText: string;
  followed: ResolvedRef[];
  steps: ((run: Run) => void)[];
  undeclared: Undeclared[];
}

/**
 * Path templates and path parameters must agree: each `{var}` is declared (on the path item or the
 * operation), each declared path parameter appears in the template, and path parameters are required.
 * A path item whose value, key and followed `$ref`s are as at the last check replays its findings.
 */
export function checkPathParameters(context: RuleContext): void {
  const memory = context.memory.part(PathParameterMemory, context.rootUri, context.version, () => new WeakMap<object, PathItemFindings>());
  // By node: a node is one place in one document, so no key string is built for each parameter.
  const run: Run = { context, checkedRequired: new Set<AstNode>(), reportedNotInTemplate: new Set<AstNode>() };
  // One finding per template variable, naming every operation that leaves it undeclared.
  const undeclared: Undeclared[] = [];
  const operations = operationsOf(context, false);
  const paths = (context.set.root.parse.value as Record<string, unknown> | undefined)?.paths;
  for (let first = 0, end = 0; first < operations.length; first = end) {
    const pathKey = operations[first].pathKey;
    while (end < operations.length && operations[end].pathKey.node === pathKey.node) end++;
    const value = typeof paths === 'object' && paths !== null ? (paths as Record<string, unknown>)[String(pathKey.node.key)] : undefined;
    const keyText = context.keyText(pathKey);
    let findings = typeof value === 'object' && value !== null ? memory.get(value) : undefined;
    if (!findings || findings.node !== pathKey.node || findings.keyText !== keyText || !stillLeadsToTheSame({ refs: findings.followed, parts: [] }, context.set.targets)) {
      findings = pathItemFindings(context, operations.slice(first, end), keyText);
      if (typeof value === 'object' && value !== null) memory.set(value, findings);
    }
    for (const step of findings.steps) step(run);
    undeclared.push(...findings.undeclared);
  }
  for (const { op, v, quote, methods, candidates } of undeclared) {
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
        checkRequired(context, { at: { uri: section.uri, node: child }, name: name.value as string, in: 'path' }, run.checkedRequired);
      }
    }
  }
}

/** The key of the rule's part of the service's RuleMemory. */
class PathParameterMemory {}

/** Checks the operations of one path item (all with the same key under `paths`). */
function pathItemFindings(context: RuleContext, operations: OperationAt[], keyText: string): PathItemFindings {
  const pathKey = operations[0].pathKey;
  const followed: ResolvedRef[] = [];
  // The path item behind the key: what its `$ref` (if any) led to counts too.
  derefRecording(context, pathKey, followed);
  const steps: ((run: Run) => void)[] = [];
  const undeclared = new Map<number, Undeclared>();
  const quote = keyText.startsWith('"') || keyText.startsWith("'") ? 1 : 0;
  const shared = parametersOf(context, operations[0].pathItem, followed);
  for (const op of operations) {
    const own = parametersOf(context, op.operation, followed);
    steps.push((run) => reportDuplicates(run.context, own));
    // Operation parameters override path-item parameters with the same name and location.
    const effective = [...own, ...shared.filter((s) => !own.some((o) => o.name === s.name && o.in === s.in))];
    const pathParams = effective.filter((p) => p.in === 'path');
    const vars = templateVariables(op.path);
    for (const v of vars) {
      if (pathParams.some((p) => p.name === v.name)) continue;
      const entry = undeclared.get(v.index) ?? { op, v, quote, methods: [], candidates: new Set<string>() };
      entry.methods.push(op.method.toUpperCase());
      for (const p of pathParams) entry.candidates.add(p.name);
      undeclared.set(v.index, entry);
    }
    for (const p of own.filter((p) => p.in === 'path')) {
      if (!vars.some((v) => v.name === p.name)) {
        const name = context.member(p.at, 'name')!;
        steps.push((run) => run.context.report(name, 'value', 'oas.path.parameterNotInTemplate',
          `The path parameter \`${p.name}\` does not appear in the path \`${op.path}\`${didYouMean(p.name, vars.map((v) => v.name))}`));
      }
    }
    for (const p of shared.filter((p) => p.in === 'path')) {
      if (!vars.some((v) => v.name === p.name)) {
        const name = context.member(p.at, 'name')!;
        steps.push((run) => {
          if (run.reportedNotInTemplate.has(name.node)) return;
          run.reportedNotInTemplate.add(name.node);
          run.context.report(name, 'value', 'oas.path.parameterNotInTemplate',
            `The path parameter \`${p.name}\` does not appear in the path \`${op.path}\`${didYouMean(p.name, vars.map((v) => v.name))}`);
        });
      }
    }
    // Under a key that is no path (no leading `/`) the schema reports the key and reads nothing below it.
    if (op.path.startsWith('/')) for (const p of pathParams) steps.push((run) => checkRequired(run.context, p, run.checkedRequired));
  }
  return { node: pathKey.node, keyText, followed, steps, undeclared: [...undeclared.values()] };
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
