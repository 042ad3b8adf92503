import { AstNode, findProperty } from '../../parser/ast';
import { operationsOf, RuleContext } from '../ruleContext';

/** Templated paths that differ only in variable names are identical, and MUST NOT both exist. */
export function checkEquivalentPaths(context: RuleContext): void {
  const paths = findProperty(context.root, 'paths');
  if (!paths || paths.type !== 'object') return;
  const seen = new Map<string, AstNode>();
  for (const item of paths.children!) {
    const template = String(item.key);
    const normalised = template.replace(/\{[^{}]*\}/g, '{}');
    const first = seen.get(normalised);
    if (!first) {
      seen.set(normalised, item);
      continue;
    }
    if (String(first.key) === template) continue; // a duplicate key, reported as such
    context.report({ uri: context.rootUri, node: item }, 'key', 'oas.path.equivalent',
      `The path \`${template}\` is equivalent to \`${first.key}\`: paths that differ only in variable names are identical.`,
      { related: [{ uri: context.rootUri, offset: first.keyOffset, length: first.keyLength, message: `\`${first.key}\` is declared here` }] });
  }
}

/** Operations SHOULD say what they do: a summary or a description. */
export function checkOperationDescriptions(context: RuleContext): void {
  for (const op of operationsOf(context)) {
    if (context.member(op.operation, 'summary') || context.member(op.operation, 'description')) continue;
    context.report(op.operation, 'key', 'oas.operation.missingDescription',
      `\`${op.method.toUpperCase()} ${op.path}\` has neither a summary nor a description.`);
  }
}
