export { expandBody, parseBody, selectionToSnippetBody, escapeSnippetText } from '../../protocol/snippetBody';
export { readLibrary, libraryName } from './library';
export type { Snippet, SnippetLibrary, SnippetKind } from './library';
export { snippetRegistry, SnippetRegistry } from './registry';
export { snippetCompletions, snippetContext, snippetFits, yamlParentPath } from './completion';
export { snippetLibraryKind } from './kind';
export { addSnippetToLibrary } from '../../protocol/snippetLibraryEdit';
