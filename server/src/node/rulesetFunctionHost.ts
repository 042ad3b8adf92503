import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { skipKey, type CustomFunctionBatch, type CustomFunctionOutcome, type RulesetFunctionHost } from '../service/rulesets/customFunctions';
import type { FunctionWorkerMessage, FunctionWorkerRequest } from './rulesetFunctionWorker';

export interface WorkerRulesetFunctionsOptions {
  /** The bundled worker script (dist/rulesetFunctionWorker.js beside the server and the CLI). */
  script?: string;
  /** The worker's heap limit in megabytes. */
  memoryLimitMb?: number;
  /** The time one call may take, instead of the service's. */
  timeoutMs?: number;
  /** Whether the workspace is trusted (the editor's workspace trust); the CLI runs what it is told to. */
  trusted?: () => boolean;
}

/**
 * Runs ruleset custom functions in a worker thread with a heap limit. A call that does not answer in
 * time (an asynchronous loop) or exhausts the heap ends the thread; a fresh one goes on with the
 * calls of the other functions.
 */
export class WorkerRulesetFunctions implements RulesetFunctionHost {
  private readonly script: string;
  private worker: Worker | undefined;
  private nextId = 1;
  /** One batch at a time: a worker runs one document's calls, in order. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: WorkerRulesetFunctionsOptions = {}) {
    this.script = options.script ?? join(__dirname, 'rulesetFunctionWorker.js');
  }

  trusted(): boolean {
    return this.options.trusted?.() ?? true;
  }

  private spawn(): Worker {
    const memory = this.options.memoryLimitMb ?? 256;
    const worker = new Worker(this.script, { resourceLimits: { maxOldGenerationSizeMb: memory, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 } });
    worker.unref();
    return worker;
  }

  run(request: CustomFunctionBatch): Promise<CustomFunctionOutcome[]> {
    const batch = this.options.timeoutMs ? { ...request, timeoutMs: this.options.timeoutMs } : request;
    const result = this.queue.then(() => this.runNow(batch));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async runNow(batch: CustomFunctionBatch): Promise<CustomFunctionOutcome[]> {
    const outcomes: (CustomFunctionOutcome | undefined)[] = new Array(batch.calls.length).fill(undefined);
    const skip = new Set<string>();
    let start = 0;
    while (start < batch.calls.length) {
      const stopped = await this.pass(batch, start, [...skip], outcomes);
      if (!stopped) break;
      // The call that was running when the thread ended is the culprit: its function gets no more calls here.
      const key = skipKey(batch.calls[stopped.index]);
      for (let i = stopped.index; i < batch.calls.length; i++) if (skipKey(batch.calls[i]) === key && !outcomes[i]) outcomes[i] = stopped.outcome;
      skip.add(key);
      start = stopped.index + 1;
    }
    return outcomes.map((o, i) => o ?? (skip.has(skipKey(batch.calls[i])) ? { ok: false, kind: 'timeout', message: 'not run after an earlier call was stopped' } : { ok: true, results: [] }));
  }

  /** Runs the calls from `start` on; says which call was running if the thread had to be stopped. */
  private pass(batch: CustomFunctionBatch, start: number, skip: string[], outcomes: (CustomFunctionOutcome | undefined)[]): Promise<{ index: number; outcome: CustomFunctionOutcome } | undefined> {
    const worker = (this.worker ??= this.spawn());
    const id = this.nextId++;
    const progress = new SharedArrayBuffer(4);
    const running = new Int32Array(progress);
    running[0] = start;
    return new Promise((resolve) => {
      let settled = false;
      // The worker stops a synchronous call itself; this catches what it cannot (an asynchronous loop, a stuck allocation).
      const limit = batch.timeoutMs * 2 + 500;
      const finish = (stopped: { index: number; outcome: CustomFunctionOutcome } | undefined): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (stopped) {
          void worker.terminate();
          if (this.worker === worker) this.worker = undefined;
        }
        resolve(stopped);
      };
      const stop = (kind: 'timeout' | 'memory', message: string): void => finish({ index: Atomics.load(running, 0), outcome: { ok: false, kind, message } });
      let timer = setTimeout(() => stop('timeout', `did not return within ${batch.timeoutMs} ms`), limit);
      const onMessage = (message: FunctionWorkerMessage): void => {
        if (message.id !== id) return;
        if ('done' in message) return finish(undefined);
        outcomes[message.index] = message.outcome;
        clearTimeout(timer);
        timer = setTimeout(() => stop('timeout', `did not return within ${batch.timeoutMs} ms`), limit);
      };
      const onError = (error: Error & { code?: string }): void => {
        const memory = error.code === 'ERR_WORKER_OUT_OF_MEMORY' || /memory/i.test(error.message);
        stop('memory', memory ? 'ran out of memory' : `stopped: ${error.message}`);
      };
      const onExit = (): void => stop('memory', 'the thread running it stopped');
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      const request: FunctionWorkerRequest = { id, batch, start, skip, progress };
      try {
        worker.postMessage(request);
      } catch (error) {
        for (let i = start; i < batch.calls.length; i++) outcomes[i] ??= { ok: false, kind: 'error', message: `its input cannot be passed to the worker: ${(error as Error).message}` };
        finish(undefined);
      }
    });
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
