import assert from 'node:assert/strict';
import { LineIndex } from '../../server/src/service/lineIndex';

describe('line index', () => {
  it('finds every line of texts with short lines, long lines and no line break', () => {
    for (const text of ['', 'one line', 'a\nb\r\nc\n', '\n'.repeat(5000), 'x'.repeat(3000) + '\n' + 'y\n'.repeat(2000)]) {
      const lines = text.split('\n');
      const index = new LineIndex(text);
      assert.equal(index.lineCount, lines.length);
      let offset = 0;
      lines.forEach((line, number) => {
        assert.equal(index.lineStart(number), offset);
        assert.deepEqual(index.positionAt(offset + line.length), { line: number, character: line.length });
        offset += line.length + 1;
      });
    }
  });
});
