import { Location } from 'vscode-languageserver-types';
import { CancellationToken, neverCancelled, throwIfCancelled } from '../cancellation';
import { LanguageService } from '../languageService';
import { messageSteps, readFlow } from './model';
import { FLOW_KIND, isFlow } from './identity';
import { asyncApiVersion } from '../asyncapi/version';

/**
 * Every place in the workspace's flow files that names an operation of a spec: steps whose
 * receiving participant (or, for an AsyncAPI document, sending participant) has that spec and whose `operation` is the operationId. For the OpenAPI
 * references and rename features (the ranges cover the operationId value exactly, quotes excluded).
 */
export async function flowOperationReferences(service: LanguageService, specUri: string, operationId: string, token: CancellationToken = neverCancelled): Promise<Location[]> {
  const locations: Location[] = [];
  // A step from an AsyncAPI participant may name that participant's operation (see operationOwners).
  const asyncApi = !!asyncApiVersion(await service.documents.get(specUri));
  for (const uri of await service.workspace.listFiles()) {
    if (service.kinds.byFileName(uri)?.id !== FLOW_KIND) continue;
    throwIfCancelled(token);
    const doc = await service.documents.get(uri);
    if (!doc || !isFlow(doc)) continue;
    const flow = readFlow(doc);
    for (const step of messageSteps(flow.steps)) {
      if (step.operation !== operationId || !step.operationNode || step.to === undefined) continue;
      const toSpec = flow.participants.get(step.to)?.specUri;
      const fromSpec = step.from !== undefined ? flow.participants.get(step.from)?.specUri : undefined;
      if (toSpec !== specUri && !(asyncApi && fromSpec === specUri)) continue;
      const node = step.operationNode;
      const quoted = /^["']/.test(doc.text.charAt(node.offset)) ? 1 : 0;
      locations.push({ uri, range: doc.lines.rangeOf(node.offset + quoted, node.length - 2 * quoted) });
    }
  }
  return locations;
}
