import { TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { LineIndex } from '../../server/src/service/lineIndex';

/** Splits a fixture with one `|` cursor marker into the text and the cursor's offset. */
export function cursor(marked: string, marker = '|'): { text: string; offset: number } {
  const offset = marked.indexOf(marker);
  if (offset === -1) throw new Error('the fixture has no cursor marker');
  return { text: marked.slice(0, offset) + marked.slice(offset + marker.length), offset };
}

/** The text after applying LSP edits (what the user sees once an edit is applied). */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
  const lines = new LineIndex(text);
  const sorted = edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), text: e.newText })).sort((a, b) => b.start - a.start);
  let result = text;
  for (const e of sorted) result = result.slice(0, e.start) + e.text + result.slice(e.end);
  return result;
}

/** Every file after applying a workspace edit to a set of files (keys are URIs). */
export function applyWorkspaceEdit(files: Record<string, string>, edit: WorkspaceEdit | null | undefined): Record<string, string> {
  const result = { ...files };
  for (const [uri, edits] of Object.entries(edit?.changes ?? {})) {
    if (!(uri in result)) throw new Error(`the edit touches an unknown file ${uri}`);
    result[uri] = applyTextEdits(result[uri], edits);
  }
  return result;
}
