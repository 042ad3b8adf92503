import { Position, Range, TextDocumentContentChangeEvent, TextDocumentsConfiguration } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../service/lineIndex';
import { TextChange } from '../service/parser/reparse';

/** How many edits back a document can say what changed (a check skipped for newer keystrokes looks a few back). */
const REMEMBERED_EDITS = 32;

/**
 * An open document's text as the editor edits it. Unlike the library's TextDocument, its line
 * starts are the service's LineIndex, moved by each edit instead of being recomputed over the
 * whole text on the first keystroke (48 ms on GitHub's 13 MB spec), so the parse of the new
 * version takes the same index and is told where the edit was without comparing the two texts.
 *
 * Lines break at `\n` (and `\r\n`), as the editor keeps them; a position past the end of a line is
 * taken at the end of its text, before the line break, as the library does.
 */
export class EditorDocument implements TextDocument {
  private text: string;
  private index: LineIndex;
  /** The latest edits, each with the version it was made on. */
  private readonly edits: { from: number; change: TextChange }[] = [];

  constructor(
    readonly uri: string,
    readonly languageId: string,
    public version: number,
    text: string,
  ) {
    this.text = text;
    this.index = new LineIndex(text);
  }

  get lineCount(): number {
    return this.index.lineCount;
  }

  /** The line starts of the current text (shared with its parse: never changed in place). */
  get lines(): LineIndex {
    return this.index;
  }

  getText(range?: Range): string {
    if (!range) return this.text;
    return this.text.substring(this.offsetAt(range.start), this.offsetAt(range.end));
  }

  positionAt(offset: number): Position {
    const position = this.index.positionAt(offset);
    // Not inside a line break (between its `\r` and `\n`): at the end of the line's text.
    const end = this.lineTextEnd(position.line) - this.index.lineStart(position.line);
    return position.character > end ? { line: position.line, character: end } : position;
  }

  offsetAt(position: Position): number {
    if (position.line >= this.index.lineCount) return this.text.length;
    if (position.line < 0) return 0;
    const lineStart = this.index.lineStart(position.line);
    if (position.character <= 0) return lineStart;
    return Math.min(lineStart + position.character, this.lineTextEnd(position.line));
  }

  getLineRange(line: number): Range {
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const last = Math.min(line, this.index.lineCount - 1);
    const lineStart = this.index.lineStart(last);
    const end = line >= this.index.lineCount ? this.text.length : this.lineTextEnd(line);
    return { start: { line: last, character: 0 }, end: { line: last, character: end - lineStart } };
  }

  getEOLCharacters(line: number): string {
    if (line < 0 || line >= this.index.lineCount) return '';
    return this.text.substring(this.lineTextEnd(line), this.nextLineStart(line));
  }

  private nextLineStart(line: number): number {
    return line + 1 < this.index.lineCount ? this.index.lineStart(line + 1) : this.text.length;
  }

  /** Where a line's text ends, before its line break. */
  private lineTextEnd(line: number): number {
    const lineStart = this.index.lineStart(line);
    let end = this.nextLineStart(line);
    while (end > lineStart && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return end;
  }

  /**
   * What changed since an earlier version, as one replacement covering every edit made since, or
   * undefined when that version is not among the last edits (or the whole text was replaced).
   */
  changeSince(version: number): TextChange | undefined {
    if (version === this.version) return { start: 0, removed: 0, inserted: 0 };
    const first = this.edits.findIndex((edit) => edit.from === version);
    if (first === -1) return undefined;
    let change = this.edits[first].change;
    for (let i = first + 1; i < this.edits.length; i++) change = combine(change, this.edits[i].change);
    return change;
  }

  /** Applies the editor's changes, in order, and takes the editor's new version number. */
  apply(changes: TextDocumentContentChangeEvent[], version: number): void {
    let combined: TextChange | undefined;
    let whole = false;
    for (const change of changes) {
      if (!('range' in change)) {
        this.text = change.text;
        this.index = new LineIndex(this.text);
        whole = true;
        continue;
      }
      let start = this.offsetAt(change.range.start);
      let end = this.offsetAt(change.range.end);
      if (end < start) [start, end] = [end, start];
      this.text = this.text.substring(0, start) + change.text + this.text.substring(end);
      const edit = { start, removed: end - start, inserted: change.text.length };
      this.index = this.index.afterChange(this.text, edit);
      combined = combined ? combine(combined, edit) : edit;
    }
    if (whole) this.edits.length = 0;
    else if (combined) {
      this.edits.push({ from: this.version, change: combined });
      if (this.edits.length > REMEMBERED_EDITS) this.edits.shift();
    }
    this.version = version;
  }
}

/** One replacement that covers `first` and then `second` (made on the text `first` left). */
function combine(first: TextChange, second: TextChange): TextChange {
  const start = Math.min(first.start, second.start);
  // The end of both, in the text between them: after it nothing moved but by `first`'s change in length.
  const between = Math.max(first.start + first.inserted, second.start + second.removed);
  return {
    start,
    removed: between - (first.inserted - first.removed) - start,
    inserted: between + (second.inserted - second.removed) - start,
  };
}

/** For `new TextDocuments(editorDocuments)`: open documents are EditorDocuments. */
export const editorDocuments: TextDocumentsConfiguration<TextDocument> = {
  create: (uri, languageId, version, content) => new EditorDocument(uri, languageId, version, content),
  update: (document, changes, version) => {
    if (!(document instanceof EditorDocument)) return TextDocument.update(document, changes, version);
    document.apply(changes, version);
    return document;
  },
};
