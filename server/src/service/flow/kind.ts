import { runRequests } from '../runs/requests';
import { interfaceDocumentRequest } from '../interfaceDoc/request';
import type { KindDefinition } from '../kinds';
import { diagnoseFlow } from './diagnose';
import { FLOW_FILE_NAMES, FLOW_KIND } from './identity';
import { flowCompletion, flowDefinition, flowHover, flowReferences } from './language';
import { flowOperationReferences } from './references';
import { FLOW_RULES } from './ruleInfo';
import { flowDiagram } from './toMermaid';

/** Flow files: the calls, mappings and queues of one integration, drawn as a sequence diagram. */
export function flowKind(): KindDefinition {
  return {
    id: FLOW_KIND,
    fileNames: FLOW_FILE_NAMES,
    label: () => 'Flow',
    rules: FLOW_RULES,
    completionTriggers: [':', ' ', '/', '.', '['],
    features: {
      diagnose: ({ service, doc, token }) => diagnoseFlow(doc, service, token),
      completion: ({ service, doc, offset, token }) => flowCompletion(service, doc.uri, offset, token),
      hover: ({ service, doc, offset, token }) => flowHover(service, doc.uri, offset, token),
      definition: ({ service, doc, offset, token }) => flowDefinition(service, doc.uri, offset, token),
      references: async ({ service, doc, offset, includeDeclaration, token }) => (await flowReferences(service, doc.uri, offset, includeDeclaration, token)) ?? [],
    },
    async usesOf(service, symbol, token) {
      if (symbol.type !== 'operationId') return [];
      return (await flowOperationReferences(service, symbol.specUri, symbol.name, token)).map((l) => ({ ...l, newText: (name: string) => name }));
    },
    requests: [
      {
        method: 'interfaceStudio/sequenceDiagram',
        target: 'document',
        handle: async (service, _params, token, doc) => (await flowDiagram(service, doc!.uri, token)) ?? null,
      },
      ...runRequests,
      interfaceDocumentRequest(),
    ],
  };
}
