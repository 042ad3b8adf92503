import { flowKind } from './flow/kind';
import type { KindDefinition } from './kinds';
import { LanguageService, LanguageServiceOptions } from './languageService';
import { mappingKind } from './mapping/kind';
import { markdownKind, mermaidKind } from './mermaid/kind';
import { openApiFragmentKind, openApiKind } from './openapi/kind';
import { snippetLibraryKind } from './snippets/kind';

/**
 * The document kinds Interface Studio ships, in the order they are tried: those a file name decides
 * first, then those recognised by their root, then those that claim what is left (fragments).
 * A new kind is one folder with its definition, and one line here.
 */
export function builtinKinds(): KindDefinition[] {
  return [
    mappingKind(),
    flowKind(),
    snippetLibraryKind(),
    mermaidKind(),
    markdownKind(),
    openApiKind(),
    openApiFragmentKind(),
  ];
}

/** A language service with the built-in kinds (or the kinds given). */
export function createLanguageService(options: Omit<LanguageServiceOptions, 'kinds'> & { kinds?: readonly KindDefinition[] }): LanguageService {
  return new LanguageService({ ...options, kinds: options.kinds ?? builtinKinds() });
}
