import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Below this much heap in use nothing is collected by hand: V8's own pace is fine for small documents. */
const SMALL_HEAP_BYTES = 128 * 2 ** 20;
/** Collect once the heap holds this much more than the last collection left alive. */
const GROWTH_FACTOR = 1.5;
/**
 * A collection waits until no check has been planned or run for this long: an editor sends the
 * next keystroke as soon as it has the diagnostics, and that keystroke should not wait for it.
 */
const QUIET_MS = 20;
/** Beyond this much more than the last collection left alive, it collects without waiting. */
const MUST_COLLECT_FACTOR = 2.5;

/**
 * A keystroke in a 13 MB document leaves the previous text (26 MB when it holds any character
 * beyond Latin-1) and the previous parse behind. V8 lets such garbage pile up to three or four times
 * what is alive before it collects (650–780 MB resident on GitHub's spec after some typing, with
 * 130–160 MB alive). Collecting once a check is published, when the heap has grown by half since
 * the last collection, keeps the peak near what the open needed; the editor waits for nothing, as
 * the diagnostics are out already, and the next keystroke does not wait for it either: a
 * collection waits until no check is planned or running.
 */
export function createHeapTrimmer(collect = exposedGc(), heapInUse = () => getHeapStatistics().used_heap_size): ((quiet?: () => boolean) => void) | undefined {
  if (!collect) return undefined;
  let aliveAfterLast = 0;
  let scheduled = false;
  const baseline = () => Math.max(SMALL_HEAP_BYTES, aliveAfterLast);
  const grown = () => heapInUse() >= Math.max(SMALL_HEAP_BYTES, aliveAfterLast * GROWTH_FACTOR);
  return (quiet = () => true) => {
    if (scheduled || !grown()) return;
    scheduled = true;
    // After the diagnostics have been written to the client, once no keystroke came in meanwhile
    // (the first ones after an open come at once), unless the heap cannot wait.
    const attempt = () => {
      if (!quiet() && heapInUse() < baseline() * MUST_COLLECT_FACTOR) {
        setTimeout(attempt, QUIET_MS);
        return;
      }
      scheduled = false;
      // V8 may have collected on its own meanwhile.
      if (!grown()) return;
      collect();
      aliveAfterLast = heapInUse();
    };
    setTimeout(attempt, QUIET_MS);
  };
}

/** The garbage collector's entry point, which Node hides unless started with --expose-gc. */
function exposedGc(): (() => void) | undefined {
  const global = globalThis as { gc?: () => void };
  if (typeof global.gc === 'function') return global.gc;
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}
