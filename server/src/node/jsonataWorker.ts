/**
 * The worker thread that runs user JSONata for the mapping preview. It receives one request at a
 * time and answers with the result. It stops an evaluation itself when the time limit passes or its
 * heap grows past the memory limit (Node's own worker heap limit can take the whole process down,
 * nodejs/node#47224, so that one is only the backstop); the host terminates the thread when it does
 * not answer in time, or when a newer request supersedes it. Where the evaluation is (the position
 * of an expression node entered at most STEPS_PER_LOOK steps ago) is kept in shared memory, so the
 * host can tell which field was running.
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { EvaluationRequest, runJsonata, STOP_MEMORY, STOP_TIMEOUT } from '../service/preview/evaluator';

export interface WorkerRequest extends EvaluationRequest {
  id: number;
  /** Int32Array[1]: the last entered node's position. */
  progress: SharedArrayBuffer;
  /** Stop when the heap in use passes this many bytes. */
  memoryLimitBytes: number;
}

/** The clock is read at every look (one each STEPS_PER_LOOK steps), the heap at every this many. */
const LOOKS_PER_HEAP_CHECK = 8;

if (parentPort) {
  const port = parentPort;
  port.on('message', async (request: WorkerRequest) => {
    const progress = new Int32Array(request.progress);
    const deadline = performance.now() + request.timeoutMs;
    let looks = 0;
    const result = await runJsonata(request, (position) => {
      progress[0] = position;
      if (performance.now() > deadline) throw Object.assign(new Error(`stopped after ${request.timeoutMs} ms`), { code: STOP_TIMEOUT });
      if (++looks % LOOKS_PER_HEAP_CHECK === 0 && getHeapStatistics().used_heap_size > request.memoryLimitBytes) throw Object.assign(new Error('ran out of memory'), { code: STOP_MEMORY });
    });
    try {
      port.postMessage({ id: request.id, result });
    } catch {
      // Functions and other values that cannot cross threads: send what JSON keeps of them.
      const plain = result.ok ? { ...result, value: result.value === undefined ? undefined : JSON.parse(JSON.stringify(result.value) ?? 'null') } : result;
      port.postMessage({ id: request.id, result: plain });
    }
  });
}
