import type { LanguageService } from '../languageService';
import { RootIndex, rootIndexOf, RootKind } from '../rootIndex';
import { analyzeAsyncApi, AsyncApiAnalysis } from './analysis';
import { asyncApiVersion, mightBeAsyncApi } from './version';

/**
 * The AsyncAPI documents of one service's workspace: the analysis of each (shared while none of its
 * files changed), and the roots for references, rename and workspace symbols.
 */
export type AsyncApiIndex = RootIndex<AsyncApiAnalysis>;

const ASYNCAPI_ROOTS: RootKind<AsyncApiAnalysis> = {
  isRoot: (doc) => !!asyncApiVersion(doc),
  mightBe: mightBeAsyncApi,
  analyze: (root, service, options, token) => analyzeAsyncApi(root, service.documents, options, token),
};

/** The AsyncAPI index of a service (made on first use). */
export function asyncApiIndex(service: LanguageService): AsyncApiIndex {
  return rootIndexOf(service, ASYNCAPI_ROOTS);
}
