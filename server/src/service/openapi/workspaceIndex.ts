import type { LanguageService } from '../languageService';
import { RootIndex } from '../rootIndex';
import { analyzeOpenApi, OpenApiAnalysis } from './analysis';
import { mightBeOpenApi, openApiVersion } from './version';

/**
 * The OpenAPI documents of one service's workspace: the analysis of each root (shared while none
 * of its files changed) and which files each root reaches, so a fragment is checked in its roots' context.
 */
export class OpenApiIndex extends RootIndex<OpenApiAnalysis> {
  constructor(service: LanguageService) {
    super(service, {
      isRoot: (doc) => !!openApiVersion(doc),
      mightBe: mightBeOpenApi,
      analyze: (root, s, options, token) => analyzeOpenApi(root, s.documents, options, token),
    });
  }
}

/** The OpenAPI index of a service (made on first use). */
export function openApiIndex(service: LanguageService): OpenApiIndex {
  return service.part(OpenApiIndex, (s) => new OpenApiIndex(s));
}
