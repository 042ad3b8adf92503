import type { Severity } from '../rules';
import type { CustomFunctionSource } from './customFunctions';

/** A place in a ruleset file (for problems, hover and go to definition). */
export interface SourcePlace {
  uri: string;
  offset: number;
  length: number;
}

export interface RuleThen {
  field?: string;
  function: string;
  functionOptions?: unknown;
  /** A ruleset's own JavaScript function (`functions:`), run by the host's worker. */
  custom?: CustomFunctionSet;
  /** A built-in function that must run where it can be stopped (a pattern that can backtrack catastrophically): where its options are. */
  isolated?: SourcePlace;
}

/** The custom functions of one ruleset: its functions folder's modules, and where the ruleset lists them. */
export interface CustomFunctionSet {
  /** The functions folder (URI, ending in `/`). */
  folder: string;
  modules: CustomFunctionSource[];
  /** The `functions` key of the ruleset, where problems running them are reported. */
  place: SourcePlace;
  /** Where each function is named in `functions:`. */
  places: Map<string, SourcePlace>;
}

export type AliasValue = string[] | { targets: { formats: string[]; given: string[] }[] };

/** One rule as the merged rulesets define it. */
export interface LoadedRule {
  name: string;
  description?: string;
  message?: string;
  documentationUrl?: string;
  /** The severity when enabled. */
  severity: Severity;
  enabled: boolean;
  recommended: boolean;
  /** The formats the rule applies to; undefined: every document a ruleset applies to. */
  formats?: string[];
  given: string[];
  then: RuleThen[];
  resolved: boolean;
  /** The aliases of the ruleset that defined the rule. */
  aliases: Map<string, AliasValue>;
  /** Where the rule is defined; undefined for the built-in rulesets. */
  definedAt?: SourcePlace;
  /** Overrides of its severity by file glob and pointer, from the ruleset's `overrides`. */
  overrides: RuleOverride[];
  /** Why the rule cannot run (a function that is not available); it is then skipped. */
  unavailable?: string;
}

export interface RuleOverride {
  /** The glob, relative to the folder of the ruleset that declares it. */
  glob: string;
  baseUri: string;
  /** A JSON pointer the override is limited to (`file#/paths`), or '' for the whole file. */
  pointer: string;
  setting: Severity | 'off';
}

/** A problem in a ruleset file: reported there as a diagnostic. */
export interface RulesetProblem extends SourcePlace {
  code: string;
  message: string;
}

export interface LoadedRuleset {
  rules: Map<string, LoadedRule>;
  problems: RulesetProblem[];
  /** Every file the ruleset reads (itself and what it extends): a change to one re-loads it. */
  files: string[];
  /** The custom function sets the rules use. */
  customFunctions: CustomFunctionSet[];
}

/** Spectral's severities: names or 0–3, and `off` (or -1, false). */
export function toSeverity(value: unknown): Severity | 'off' | undefined {
  switch (value) {
    case 'error': case 0: return 'error';
    case 'warn': case 'warning': case 1: return 'warning';
    case 'info': case 'information': case 2: return 'info';
    case 'hint': case 3: return 'hint';
    case 'off': case -1: return 'off';
    default: return undefined;
  }
}
