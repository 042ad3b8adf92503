import { Located, operationsOf, RuleContext } from '../ruleContext';

/** operationIds MUST be unique among all operations: report every duplicate, at each place. */
export function checkOperationIds(context: RuleContext): void {
  const byId = new Map<string, { at: Located; label: string }[]>();
  for (const op of operationsOf(context)) {
    const id = context.member(op.operation, 'operationId');
    if (!id || id.node.type !== 'string') continue;
    const list = byId.get(id.node.value as string) ?? [];
    list.push({ at: id, label: `${op.method.toUpperCase()} ${op.path}` });
    byId.set(id.node.value as string, list);
  }
  for (const [id, sites] of byId) {
    if (sites.length < 2) continue;
    for (const site of sites) {
      const others = sites.filter((s) => s !== site);
      context.report(site.at, 'value', 'oas.operationId.duplicate', `The operationId \`${id}\` is also used by ${others.map((o) => o.label).join(', ')}; operationIds must be unique.`, {
        related: others.map((o) => ({ uri: o.at.uri, offset: o.at.node.offset, length: o.at.node.length, message: `\`${id}\` is also used here` })),
      });
    }
  }
}
