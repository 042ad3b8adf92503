import { LanguageService } from './languageService';
import { registerMappingKind } from './mapping';
import { registerSnippetLibraries } from './snippets/check';
import { registerFlowKinds } from './flow';

/**
 * Registers the checks of every document kind besides OpenAPI (which the service knows itself).
 * One line per kind; each kind lives in its own folder of the service.
 */
export function registerDocumentKinds(service: LanguageService): void {
  registerMappingKind(service);
  registerSnippetLibraries(service);
  registerFlowKinds(service);
}
