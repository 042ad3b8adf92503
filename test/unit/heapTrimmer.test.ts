import assert from 'node:assert/strict';
import { getHeapStatistics } from 'node:v8';
import { createHeapTrimmer, exposedGc } from '../../server/src/node/heapTrimmer';

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
   * A trimmer whose collections are counted, primed with one real collection so that its threshold
   * is what this process really holds (the whole test run shares the heap), and a way to fill the
   * heap to a multiple of that threshold with garbage kept alive until dropped.
   */
  async function primedTrimmer(): Promise<{ trim: (quiet?: () => boolean) => void; collections: () => number; fillTo(factor: number): { drop(): void } }> {
    const realGc = exposedGc()!;
    let collections = 0;
    let alive = 0;
    const trim = createHeapTrimmer(() => {
      collections++;
      realGc();
      alive = getHeapStatistics().used_heap_size;
    })!;
    garbage(12).drop();
    trim();
    await sleep(100);
    assert.equal(collections, 1, 'the priming collection ran');
    collections = 0;
    const threshold = Math.max(128 * MB, alive);
    return {
      trim,
      collections: () => collections,
      fillTo(factor) {
        const blocks = Math.ceil((factor * threshold - getHeapStatistics().used_heap_size) / (16 * MB));
        return garbage(Math.max(1, blocks));
      },
    };
  }

  // When it collects, with the heap kept full (so that V8 cannot empty it meanwhile) and the collections counted.
  it('waits while a check is planned or running (the next keystroke), then collects', async () => {
    const { trim, collections, fillTo } = await primedTrimmer();
    const kept = fillTo(2);
    let quiet = false;
    trim(() => quiet);
    await sleep(100);
    assert.equal(collections(), 0, 'collected while a check was pending');
    quiet = true;
    await sleep(100);
    assert.equal(collections(), 1, 'collected once quiet');
    kept.drop();
  });

  it('collects without waiting once the heap holds far more than the last collection left', async () => {
    const { trim, collections, fillTo } = await primedTrimmer();
    const kept = fillTo(3);
    let quiet = false;
    trim(() => quiet);
    await sleep(100);
    quiet = true;
    assert.equal(collections(), 1, 'collected while busy');
    kept.drop();
  });
});
