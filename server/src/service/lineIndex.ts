import { Position, Range } from 'vscode-languageserver-types';

/** Converts between offsets and line/character positions of one text. */
export class LineIndex {
  private readonly lineStarts: number[];

  constructor(
    private readonly text: string,
    lineStarts?: number[],
  ) {
    if (lineStarts) {
      this.lineStarts = lineStarts;
      return;
    }
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.lineStarts = starts;
  }

  /**
   * The index of a text after an edit replaced `removed` characters at `start` with `inserted`
   * ones: lines before the edit are kept, lines after it move, only the edited part is scanned.
   */
  afterChange(text: string, change: { start: number; removed: number; inserted: number }): LineIndex {
    const old = this.lineStarts;
    const delta = change.inserted - change.removed;
    // Lines starting up to the edit stay, those whose line break was removed go, later ones move.
    const keep = this.firstLineAfter(change.start);
    const starts = old.slice(0, keep);
    const insertedEnd = change.start + change.inserted;
    for (let i = text.indexOf('\n', change.start); i !== -1 && i < insertedEnd; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    for (let i = this.firstLineAfter(change.start + change.removed); i < old.length; i++) starts.push(old[i] + delta);
    return new LineIndex(text, starts);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The first line starting after an offset. */
  private firstLineAfter(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.lineStarts[mid] > offset) high = mid;
      else low = mid + 1;
    }
    return low;
  }

  positionAt(offset: number): Position {
    offset = Math.max(0, Math.min(offset, this.text.length));
    const line = this.firstLineAfter(offset) - 1;
    return { line, character: offset - this.lineStarts[line] };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.lineStarts.length) return this.text.length;
    if (position.line < 0) return 0;
    const lineStart = this.lineStarts[position.line];
    const nextLineStart = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1] : this.text.length;
    return Math.max(lineStart, Math.min(lineStart + position.character, nextLineStart));
  }

  rangeOf(offset: number, length: number): Range {
    return { start: this.positionAt(offset), end: this.positionAt(offset + length) };
  }

  /** The start offset of a 0-based line. */
  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))];
  }
}
