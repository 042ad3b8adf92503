import assert from 'node:assert/strict';
import { getHeapStatistics } from 'node:v8';
import { createHeapTrimmer } from '../../server/src/node/heapTrimmer';

const MB = 2 ** 20;

describe('heap trimmer (server memory after a check)', () => {
  it('hands back what a check left behind once the heap has grown past its threshold', async () => {
    const trim = createHeapTrimmer();
    assert.ok(trim, 'the garbage collector could not be reached');
    // What a keystroke in a big document leaves behind (its previous text, line table and parse),
    // here 16 MB blocks in the JavaScript heap that nothing refers to any more.
    let leftBehind: number[][] | undefined = [];
    for (let i = 0; i < 12; i++) leftBehind.push(new Array<number>(2 * MB).fill(i + 0.5));
    const before = getHeapStatistics().used_heap_size;
    assert.ok(before > 180 * MB, `the test should have filled the heap (${Math.round(before / MB)} MB)`);
    leftBehind = undefined;
    trim();
    await new Promise((done) => setImmediate(done));
    const after = getHeapStatistics().used_heap_size;
    assert.ok(after < before - 150 * MB, `heap in use went from ${Math.round(before / MB)} MB to ${Math.round(after / MB)} MB`);
  });
});
