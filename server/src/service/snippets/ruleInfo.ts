import type { RuleInfo } from '../rules';

/** The rules of team snippet libraries. */
export const SNIPPET_RULES: readonly RuleInfo[] = [
  { code: 'snippet.library.schema', severity: 'error', description: 'A team snippet library does not match `schemas/snippet-library.schema.json` (unknown property, missing `body`, wrong type or kind).',
    basis: "Snippet library format (`schemas/snippet-library.schema.json`, VS Code's snippet format with a few fields)." },
  { code: 'snippet.body.syntax', severity: 'error', description: 'A snippet body has a malformed placeholder: `${` without a number or name, a placeholder or choice never closed.',
    basis: "VS Code's snippet grammar: a malformed placeholder is not inserted as meant." },
  { code: 'snippet.body.variable', severity: 'warning', description: 'A snippet body uses `$name` that is not a snippet variable (often an unescaped JSONata `$function`).',
    basis: "VS Code's snippet grammar reads `$name` as a variable; often a `$` meant as text, so a warning." },
  { code: 'snippet.body.yaml', severity: 'error', description: 'A snippet body is not valid YAML once its placeholders are filled by their defaults.',
    basis: 'YAML 1.2: the snippet would insert text that does not parse.' },
  { code: 'snippet.body.jsonata', severity: 'error', description: 'A JSONata expression in a mapping snippet does not parse once its placeholders are filled by their defaults.',
    basis: 'JSONata grammar: the snippet would insert an expression that does not run.' },
];
