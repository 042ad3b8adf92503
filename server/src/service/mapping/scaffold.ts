import { CancellationToken, neverCancelled } from '../cancellation';
import { parseDocumentText } from '../documents';
import { LanguageService } from '../languageService';
import { relativePath } from '../uris';
import { readMapping } from './model';
import { scaffoldMapping, SideChoice } from './review';
import { resolveSideSchema } from './schemas';

export interface ScaffoldSideInput {
  uri: string;
  schema?: string;
  operation?: string;
  response?: string;
  message?: string;
}

/** Resolves both sides through a throw-away mapping document, then writes the scaffold. */
export async function scaffoldFromSides(
  service: LanguageService,
  mappingUri: string,
  source: ScaffoldSideInput,
  target: ScaffoldSideInput,
  options: { name?: string; includeOptional?: boolean } = {},
  token: CancellationToken = neverCancelled,
): Promise<{ text?: string; problem?: string }> {
  const choice = (s: ScaffoldSideInput): SideChoice => ({ spec: relativePath(mappingUri, s.uri).replace(/^\.\//, ''), schema: s.schema, operation: s.operation, response: s.response, message: s.message });
  const sides = { source: choice(source), target: choice(target) };
  const probe = JSON.stringify({ mapping: '1.0', source: sides.source, target: sides.target, fields: [] });
  const model = readMapping(parseDocumentText(mappingUri, probe, `scaffold-${Date.now()}`));
  const s = await resolveSideSchema(service, model, 'source', token);
  const t = await resolveSideSchema(service, model, 'target', token);
  const problem = t.problem ?? s.problem;
  if (problem || !t.schema) return { problem: problem ? `${problem.message}` : 'The target schema could not be read.' };
  return { text: scaffoldMapping(s.schema?.schema, t.schema.schema, { ...options, source: sides.source, target: sides.target }) };
}
