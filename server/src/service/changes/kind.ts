import type { KindDefinition } from '../kinds';
import { CHANGE_RULES } from './ruleInfo';

/**
 * Change impact: what a spec change since a git revision breaks, for its clients and for the
 * workspace's mappings and flows. It has no documents of its own; it declares the change rules.
 */
export function changesKind(): KindDefinition {
  return {
    id: 'changes',
    label: () => 'Changes',
    rules: CHANGE_RULES,
  };
}
