import type { LanguageService } from '../languageService';
import { RootIndex } from '../rootIndex';
import { analyzeAsyncApi, AsyncApiAnalysis } from './analysis';
import { asyncApiVersion, mightBeAsyncApi } from './version';

/**
 * The AsyncAPI documents of one service's workspace: the analysis of each (shared while none of its
 * files changed), and the roots for references, rename and workspace symbols.
 */
export class AsyncApiIndex extends RootIndex<AsyncApiAnalysis> {
  constructor(service: LanguageService) {
    super(service, {
      isRoot: (doc) => !!asyncApiVersion(doc),
      mightBe: mightBeAsyncApi,
      analyze: (root, s, options, token) => analyzeAsyncApi(root, s.documents, options, token),
    });
  }
}

/** The AsyncAPI index of a service (made on first use). */
export function asyncApiIndex(service: LanguageService): AsyncApiIndex {
  return service.part(AsyncApiIndex, (s) => new AsyncApiIndex(s));
}
