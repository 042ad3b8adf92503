import type { KindDefinition } from '../kinds';
import { snippetCompletions } from './completion';
import { snippetRegistry } from './registry';
import { SNIPPET_RULES } from './ruleInfo';

/**
 * Team snippet libraries (`*.code-snippets` in a configured library folder): checked against
 * the library format; their snippets (and the built-in ones) are offered in specs, mappings and flows.
 */
export function snippetLibraryKind(): KindDefinition {
  return {
    id: 'snippets',
    fileNames: ['*.code-snippets'],
    label: () => 'Snippet library',
    rules: SNIPPET_RULES,
    features: {
      async diagnose({ service, doc }) {
        // Other snippet files are the editor's own.
        const registry = snippetRegistry(service);
        if (!registry.isLibraryFile(doc.uri)) return { findings: [], dependencies: [] };
        const read = await registry.readTeamLibrary(doc.uri);
        return { findings: read?.findings ?? [], dependencies: [] };
      },
    },
    everywhere: {
      completion: ({ service, doc, position, token }) => snippetCompletions(service, doc.uri, position, token),
    },
    fileChanged: (service, uri) => snippetRegistry(service).fileChanged(uri),
  };
}
