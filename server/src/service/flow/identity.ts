import type { ParsedDocument } from '../documents';

/** How flow files are known: their kind's id and file names (the kind definition and the flow code share them). */
export const FLOW_KIND = 'flow';
export const FLOW_FILE_NAMES = ['*.flow.yaml', '*.flow.yml', '*.flow.json'];

export function isFlow(doc: ParsedDocument | undefined): boolean {
  return doc?.kind.kind === FLOW_KIND;
}
