import { findProperty } from '../../parser/ast';
import { closestMatch, didYouMean } from '../../suggest';
import type { AsyncRule } from '../analysis';
import { itemsOf, membersOf } from '../model';

/** 2.x: security requirements (of servers and operations) name schemes declared under components. */
export const checkSecurity: AsyncRule = ({ context, model }) => {
  if (model.version !== '2') return;
  const declared = membersOf(findProperty(findProperty(context.root, 'components'), 'securitySchemes')).map((n) => String(n.key));
  const lists = [
    ...membersOf(findProperty(context.root, 'servers')).map((server) => ({ uri: context.rootUri, node: findProperty(context.deref({ uri: context.rootUri, node: server })?.node, 'security') })),
    ...model.operations.map((op) => ({ uri: op.operation?.uri ?? context.rootUri, node: findProperty(op.operation?.node, 'security') })),
  ];
  for (const list of lists) {
    for (const requirement of itemsOf(list.node)) {
      for (const scheme of membersOf(requirement)) {
        const name = String(scheme.key);
        if (declared.includes(name)) continue;
        const suggestion = closestMatch(name, declared);
        context.report({ uri: list.uri, node: scheme }, 'key', 'asyncapi.security.undefinedScheme',
          `The security scheme \`${name}\` is not defined under \`components/securitySchemes\`${didYouMean(name, declared)}`, { data: { missing: name, ...(suggestion ? { suggestion } : {}) } });
      }
    }
  }
};

/** Names of the 2.x security schemes that requirements name (they count as uses). */
export function requiredSchemes(root: Parameters<AsyncRule>[0]['context']['root'], model: Parameters<AsyncRule>[0]['model']): Set<string> {
  const names = new Set<string>();
  const lists = [...membersOf(findProperty(root, 'servers')).map((s) => findProperty(s, 'security')), ...model.operations.map((op) => findProperty(op.operation?.node, 'security'))];
  for (const list of lists) for (const requirement of itemsOf(list)) for (const scheme of membersOf(requirement)) names.add(String(scheme.key));
  return names;
}
