import type { LanguageService } from '../languageService';
import { RootIndex, rootIndexOf, RootKind } from '../rootIndex';
import { analyzeOpenApi, OpenApiAnalysis, OpenApiStage } from './analysis';
import { mightBeOpenApi, openApiVersion } from './version';
import { RuleMemory } from './ruleMemory';

/**
 * The OpenAPI documents of one service's workspace: the analysis of each root (shared while none
 * of its files changed) and which files each root reaches, so a fragment is checked in its roots' context.
 */
export type OpenApiIndex = RootIndex<OpenApiAnalysis, OpenApiStage>;

const OPENAPI_ROOTS: RootKind<OpenApiAnalysis, OpenApiStage> = {
  isRoot: (doc) => !!openApiVersion(doc),
  mightBe: mightBeOpenApi,
  analyze: (root, service, options, token, early) =>
    analyzeOpenApi(root, service.documents, { ...options, memory: service.part(RuleMemory, () => new RuleMemory()) }, token, early),
};

/** The OpenAPI index of a service (made on first use). */
export function openApiIndex(service: LanguageService): OpenApiIndex {
  return rootIndexOf(service, OPENAPI_ROOTS);
}
