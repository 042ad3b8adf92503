import assert from 'node:assert/strict';
import { getHeapStatistics } from 'node:v8';
import { createHeapTrimmer } from '../../server/src/node/heapTrimmer';

const MB = 2 ** 20;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * What a keystroke in a big document leaves behind (its previous text, line table and parse), here
 * 16 MB blocks in the JavaScript heap that nothing refers to once `drop` is called.
 */
function garbage(blocks: number): { before: number; drop(): void } {
  let leftBehind: number[][] | undefined = [];
  for (let i = 0; i < blocks; i++) leftBehind.push(new Array<number>(2 * MB).fill(i + 0.5));
  const before = getHeapStatistics().used_heap_size;
  return { before, drop: () => void (leftBehind = undefined) };
}

describe('heap trimmer (server memory after a check)', () => {
  it('hands back what a check left behind once the heap has grown past its threshold', async () => {
    const trim = createHeapTrimmer();
    assert.ok(trim, 'the garbage collector could not be reached');
    const { before, drop } = garbage(12);
    assert.ok(before > 180 * MB, `the test should have filled the heap (${Math.round(before / MB)} MB)`);
    drop();
    trim();
    await sleep(100);
    const after = getHeapStatistics().used_heap_size;
    assert.ok(after < before - 150 * MB, `heap in use went from ${Math.round(before / MB)} MB to ${Math.round(after / MB)} MB`);
  });

  /**
   * The trimmer's timing, with the heap in use given by the test: a test run shares one heap, whose
   * size says nothing about what the trimmer should do here. Each collection leaves `alive` MB.
   */
  function gaugedTrimmer(alive: number) {
    let heap = 0;
    let collections = 0;
    const trim = createHeapTrimmer(() => {
      collections++;
      heap = alive * MB;
    }, () => heap)!;
    return { trim, collections: () => collections, setHeap: (mb: number) => void (heap = mb * MB) };
  }

  it('waits while a check is planned or running (the next keystroke), then collects', async () => {
    const { trim, collections, setHeap } = gaugedTrimmer(150);
    setHeap(200);
    let quiet = false;
    trim(() => quiet);
    await sleep(100);
    assert.equal(collections(), 0, 'collected while a check was pending');
    quiet = true;
    await sleep(100);
    assert.equal(collections(), 1, 'collected once quiet');
    // What the collection left alive (150 MB) is the new measure: 200 MB is not half again as much.
    trim();
    await sleep(100);
    assert.equal(collections(), 1, 'collected again below the threshold');
    setHeap(230);
    trim();
    await sleep(100);
    assert.equal(collections(), 2, 'collected again past half again what was alive');
  });

  it('leaves a small heap to V8', async () => {
    const { trim, collections, setHeap } = gaugedTrimmer(50);
    setHeap(120);
    trim();
    await sleep(100);
    assert.equal(collections(), 0);
  });

  it('collects without waiting once the heap holds far more than the last collection left', async () => {
    const { trim, collections, setHeap } = gaugedTrimmer(150);
    setHeap(330);
    let quiet = false;
    trim(() => quiet);
    await sleep(100);
    quiet = true;
    assert.equal(collections(), 1, 'collected while busy');
  });
});
