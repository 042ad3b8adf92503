import { AstNode, findNodeAtPath } from '../../parser/ast';
import { didYouMean } from '../../suggest';
import { operationsOf, RuleContext } from '../ruleContext';

/** Security requirements must name defined schemes, and OAuth2 requirements only defined scopes. */
export function checkSecurity(context: RuleContext): void {
  const schemesPath = context.version === '2.0' ? ['securityDefinitions'] : ['components', 'securitySchemes'];
  const schemes = findNodeAtPath(context.root, schemesPath);
  const defined = new Map<string, AstNode>();
  for (const scheme of schemes?.type === 'object' ? schemes.children! : []) defined.set(String(scheme.key), scheme);

  const requirementLists: AstNode[] = [];
  const rootSecurity = findNodeAtPath(context.root, ['security']);
  if (rootSecurity) requirementLists.push(rootSecurity);
  const sites = operationsOf(context);
  for (const op of sites) {
    const security = context.member(op.operation, 'security');
    if (security && security.uri === context.rootUri) requirementLists.push(security.node);
    else if (security) checkList(context, security.uri, security.node, defined);
  }
  for (const list of requirementLists) checkList(context, context.rootUri, list, defined);
}

function checkList(context: RuleContext, uri: string, list: AstNode, defined: Map<string, AstNode>): void {
  if (list.type !== 'array') return;
  for (const requirement of list.children!) {
    if (requirement.type !== 'object') continue;
    for (const entry of requirement.children!) {
      const name = String(entry.key);
      const scheme = defined.get(name);
      if (!scheme) {
        context.report({ uri, node: entry }, 'key', 'oas.security.undefinedScheme',
          `The security scheme \`${name}\` is not defined${didYouMean(name, defined.keys())}`, { data: { name } });
        continue;
      }
      const schemeNode = context.deref({ uri: context.rootUri, node: scheme });
      const scopes = oauthScopes(schemeNode?.node, context.version);
      if (!scopes || entry.type !== 'array') continue;
      for (const scope of entry.children!) {
        if (scope.type === 'string' && !scopes.has(scope.value as string)) {
          context.report({ uri, node: scope }, 'value', 'oas.security.undefinedScope',
            `The OAuth2 scheme \`${name}\` defines no scope \`${scope.value}\`${didYouMean(scope.value as string, scopes)}`,
            { data: { scheme: name, scope: scope.value } });
        }
      }
    }
  }
}

/** The scopes an OAuth2 scheme defines (all flows together), or undefined for other scheme types. */
function oauthScopes(scheme: AstNode | undefined, version: string): Set<string> | undefined {
  if (!scheme || findNodeAtPath(scheme, ['type'])?.value !== 'oauth2') return undefined;
  const scopes = new Set<string>();
  const add = (node: AstNode | undefined) => {
    if (node?.type === 'object') for (const child of node.children!) scopes.add(String(child.key));
  };
  if (version === '2.0') add(findNodeAtPath(scheme, ['scopes']));
  else {
    const flows = findNodeAtPath(scheme, ['flows']);
    for (const flow of flows?.type === 'object' ? flows.children! : []) add(findNodeAtPath(flow, ['scopes']));
  }
  return scopes;
}
