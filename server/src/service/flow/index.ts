import { LanguageService } from '../languageService';
import { mermaidKindHandler } from '../mermaid/handler';
import { flowKindHandler } from './diagnose';

/** Flow files and Mermaid files (`*.mmd`). */
export function registerFlowKinds(service: LanguageService): void {
  service.registerKind('flow', flowKindHandler);
  service.registerKind('mermaid', mermaidKindHandler);
}

export { flowOperationReferences } from './references';
