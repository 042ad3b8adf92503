import { Position, Range } from 'vscode-languageserver-types';

/** Converts between offsets and line/character positions of one text. */
export class LineIndex {
  /** Offsets where lines start; a typed array, so that an edit copies it in one move (see afterChange). */
  private readonly lineStarts: Int32Array | Float64Array;

  constructor(
    private readonly text: string,
    lineStarts?: Int32Array | Float64Array,
  ) {
    if (lineStarts) {
      this.lineStarts = lineStarts;
      return;
    }
    // One pass, into room for a line per 32 characters that doubles when it runs out.
    let starts = offsetArray(Math.max(64, text.length >> 5), text.length);
    let count = 1;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      if (count === starts.length) {
        const more = offsetArray(starts.length * 2, text.length);
        more.set(starts);
        starts = more;
      }
      starts[count++] = i + 1;
    }
    this.lineStarts = starts.slice(0, count);
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
    const insertedEnd = change.start + change.inserted;
    const added: number[] = [];
    for (let i = text.indexOf('\n', change.start); i !== -1 && i < insertedEnd; i = text.indexOf('\n', i + 1)) added.push(i + 1);
    const moved = this.firstLineAfter(change.start + change.removed);
    const starts = offsetArray(keep + added.length + old.length - moved, text.length);
    starts.set(old.subarray(0, keep));
    starts.set(added, keep);
    const shifted = old.subarray(moved);
    const base = keep + added.length;
    if (delta === 0) starts.set(shifted, base);
    else for (let i = 0; i < shifted.length; i++) starts[base + i] = shifted[i] + delta;
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

/** Room for `count` line offsets into a text of `length` characters (32 bits unless that is too few). */
function offsetArray(count: number, length: number): Int32Array | Float64Array {
  return length < 0x7fffffff ? new Int32Array(count) : new Float64Array(count);
}
