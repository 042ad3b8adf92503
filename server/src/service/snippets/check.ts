import { CancellationToken } from '../cancellation';
import { ParsedDocument } from '../documents';
import type { KindHandler, LanguageService } from '../languageService';
import { registerRules } from '../rules';
import { snippetRegistry } from './registry';

registerRules([
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
]);

/** Checks `*.code-snippets` files in the configured library folders; other snippet files are the editor's. */
export const snippetLibraryHandler: KindHandler = {
  async diagnose(doc: ParsedDocument, service: LanguageService, token: CancellationToken) {
    void token;
    const registry = snippetRegistry(service);
    if (!registry.isLibraryFile(doc.uri)) return { findings: [], dependencies: [] };
    const read = await registry.readTeamLibrary(doc.uri);
    return { findings: read?.findings ?? [], dependencies: [] };
  },
};

export function registerSnippetLibraries(service: LanguageService): void {
  service.registerKind('snippets', snippetLibraryHandler);
}
