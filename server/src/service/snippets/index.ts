export { expandBody, parseBody, selectionToSnippetBody, escapeSnippetText } from './body';
export { readLibrary, libraryName } from './library';
export type { Snippet, SnippetLibrary, SnippetKind } from './library';
export { snippetRegistry, SnippetRegistry } from './registry';
export { snippetCompletions, snippetContext, snippetFits, yamlParentPath } from './completion';
export { registerSnippetLibraries } from './check';
export { addSnippetToLibrary } from './libraryEdit';
