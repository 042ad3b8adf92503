import type { RuleInfo } from '../rules';

export const RULESET_RULES: readonly RuleInfo[] = [
  { code: 'ruleset.invalid', severity: 'error', description: 'A ruleset file breaks Spectral 6\'s ruleset format: an unknown key, a rule without `given` or `then`, a wrong severity.',
    basis: 'Spectral 6\'s ruleset format: Spectral refuses such a ruleset, so none of its rules would run there.' },
  { code: 'ruleset.function', severity: 'error', description: 'A rule names a function that does not exist, or gives it options it does not take.',
    basis: 'Spectral 6\'s core functions and their options: Spectral refuses such a ruleset.' },
  { code: 'ruleset.jsonPath', severity: 'error', description: 'A `given` or `field` JSONPath expression that cannot be parsed, or names an alias that is not defined.',
    basis: 'JSONPath-Plus syntax (the library Spectral uses): the rule would never run.' },
  { code: 'ruleset.extends', severity: 'error', description: 'An `extends` that cannot be found or read, or that loops back to a ruleset already extended.',
    basis: 'Spectral 6\'s ruleset format: a ruleset it cannot resolve is refused.' },
  { code: 'ruleset.customFunction', severity: 'warning', description: 'A custom JavaScript function that did not run: the workspace is not trusted, or it threw, did not return in time or ran out of memory (in the ruleset, and once in the document where it failed).',
    basis: 'A limit of this checker: user code runs only in a trusted workspace, in a worker bounded in time and memory; every other rule still runs.' },
  { code: 'ruleset.unsupported', severity: 'warning', description: 'Part of a ruleset that is not run here: custom JavaScript functions, rulesets published as JavaScript, remote rulesets.',
    basis: 'A limit of this checker: the other rules still run, and Spectral itself would run this part.' },
];
