import { findProperty } from '../../parser/ast';
import type { AsyncRule } from '../analysis';
import { membersOf } from '../model';
import { requiredSchemes } from './security';

/** Components nothing refers to: no `$ref` of the document set leads there (2.x security schemes: no requirement names them). */
export const checkUnusedComponents: AsyncRule = ({ context, model, incomingRefs }) => {
  const components = findProperty(context.root, 'components');
  if (!components) return;
  const used = new Set<string>();
  for (const use of [...context.set.refs.filter((r) => r.targetUri === context.rootUri), ...incomingRefs]) {
    if (use.targetPath && use.targetPath[0] === 'components') used.add(use.targetPath.slice(0, 3).join('/'));
  }
  const schemes = model.version === '2' ? requiredSchemes(context.root, model) : new Set<string>();
  for (const section of membersOf(components)) {
    for (const component of membersOf(section)) {
      const name = String(component.key);
      if (used.has(`components/${String(section.key)}/${name}`)) continue;
      if (section.key === 'securitySchemes' && schemes.has(name)) continue;
      context.report({ uri: context.rootUri, node: component }, 'key', 'asyncapi.component.unused', `The component \`${name}\` (${String(section.key)}) is not used.`, { tags: ['unnecessary'], data: { path: ['components', String(section.key), name] } });
    }
  }
};
