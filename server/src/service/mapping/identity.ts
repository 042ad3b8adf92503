import type { ParsedDocument } from '../documents';
import { matchesFileName } from '../../protocol/fileNames';

/** How mapping files are known: their kind's id and file names (the kind definition and the mapping code share them). */
export const MAPPING_KIND = 'mapping';
export const MAPPING_FILE_NAMES = ['*.mapping.yaml', '*.mapping.yml', '*.mapping.json'];

/** Whether a file is a mapping file by its name. */
export function isMappingFile(uri: string): boolean {
  return matchesFileName(MAPPING_FILE_NAMES, uri);
}

export function isMapping(doc: ParsedDocument | undefined): boolean {
  return doc?.kind.kind === MAPPING_KIND;
}

/** What to say when the file asked for is not a mapping. */
export function notAMappingMessage(name: string): string {
  return `${name} is not a mapping file (${MAPPING_FILE_NAMES.join(', ')}).`;
}
