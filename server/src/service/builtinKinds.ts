import { asyncApiFragmentKind, asyncApiKind } from './asyncapi/kind';
import { changesKind } from './changes/kind';
import { flowKind } from './flow/kind';
import type { KindDefinition } from './kinds';
import { LanguageService, LanguageServiceOptions } from './languageService';
import { mappingKind } from './mapping/kind';
import { markdownKind, mermaidKind } from './mermaid/kind';
import { openApiFragmentKind, openApiKind } from './openapi/kind';
import { snippetLibraryKind } from './snippets/kind';
import { rulesetKind } from './rulesets/kind';

/**
 * The document kinds Interface Studio ships. A file's name is asked first (of every kind), then
 * its root, then the kinds that claim what is left (OpenAPI fragments); this order is the order of
 * the rule table. A new kind is one folder with its definition, and one line here.
 */
export function builtinKinds(): KindDefinition[] {
  return [
    openApiKind(),
    asyncApiKind(),
    snippetLibraryKind(),
    flowKind(),
    mermaidKind(),
    markdownKind(),
    mappingKind(),
    openApiFragmentKind(),
    asyncApiFragmentKind(),
    changesKind(),
    rulesetKind(),
  ];
}

/** A language service with the built-in kinds (or the kinds given). */
export function createLanguageService(options: Omit<LanguageServiceOptions, 'kinds'> & { kinds?: readonly KindDefinition[] }): LanguageService {
  return new LanguageService({ ...options, kinds: options.kinds ?? builtinKinds() });
}
