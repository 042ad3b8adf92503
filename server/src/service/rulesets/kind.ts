import type { KindDefinition } from '../kinds';
import { rulesetCompletion, rulesetHover } from './language';
import { ROOT_RULESET_NAMES, rulesetEngine } from './engine';
import { RULESET_RULES } from './ruleInfo';

/**
 * Spectral rulesets (`.spectral.yaml|yml|json` at the root, and the files `.interface-studio.yaml`
 * lists under `rulesets:`): checked as a document kind of their own, and applied to the API
 * descriptions, mappings and flows of the workspace.
 */
export function rulesetKind(): KindDefinition {
  return {
    id: 'ruleset',
    fileNames: ROOT_RULESET_NAMES,
    label: () => 'Spectral ruleset',
    rules: RULESET_RULES,
    completionTriggers: [':', ' ', '#'],
    claims: (service, doc) => rulesetEngine(service).isRulesetFile(doc.uri),
    features: {
      async diagnose({ service, doc }) {
        const engine = rulesetEngine(service);
        const loaded = await engine.load([doc.uri]);
        const findings = [...loaded.problems, ...engine.customFunctionProblems(loaded)].map((p) => ({ uri: p.uri, code: p.code, message: p.message, offset: p.offset, length: p.length }));
        return { findings, dependencies: loaded.files };
      },
      completion: ({ doc, offset }) => rulesetCompletion(doc, offset),
      hover: ({ doc, offset }) => rulesetHover(doc, offset),
    },
    everywhere: {
      diagnose: ({ service, doc }) => rulesetEngine(service).findingsFor(doc),
    },
  };
}
