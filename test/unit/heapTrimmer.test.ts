import assert from 'node:assert/strict';
import { getHeapStatistics } from 'node:v8';
import { constants, PerformanceObserver } from 'node:perf_hooks';
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

  it('collects when the process holds far more than its heap, as when freed pages were not handed back, and not otherwise', async () => {
    const trim = createHeapTrimmer();
    assert.ok(trim, 'the garbage collector could not be reached');
    const majorCollections = async (run: () => void): Promise<number> => {
      let count = 0;
      const observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if ((entry as unknown as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) count++;
      });
      observer.observe({ entryTypes: ['gc'] });
      run();
      await new Promise((done) => setImmediate(done));
      await new Promise((done) => setTimeout(done, 50));
      observer.disconnect();
      return count;
    };
    // A first collection settles what is alive, so the heap alone does not call for one below.
    await majorCollections(() => global.gc?.());
    trim();
    await new Promise((done) => setImmediate(done));
    assert.equal(await majorCollections(trim), 0, 'nothing to hand back, yet the trimmer collected');
    // 320 MB resident outside the heap (written, so the pages are really held); the collections
    // its allocation itself may set off are over before the trimmer is asked.
    const outside = Buffer.alloc(320 * MB, 1);
    await majorCollections(() => undefined);
    assert.equal(await majorCollections(() => undefined), 0, 'the collector was still busy with the allocation');
    assert.ok(await majorCollections(trim) >= 1, `the process held ${Math.round(process.memoryUsage.rss() / MB)} MB with ${Math.round(getHeapStatistics().total_physical_size / MB)} MB of heap, and the trimmer did not collect`);
    assert.equal(outside[outside.length - 1], 1);
  });
});

