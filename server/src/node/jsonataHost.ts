import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CancellationToken } from '../service/cancellation';
import { EvaluationRequest, EvaluationResult, ExpressionEvaluator } from '../service/preview/evaluator';
import type { WorkerRequest } from './jsonataWorker';

export interface WorkerEvaluatorOptions {
  /** The bundled worker script (dist/jsonataWorker.js beside the server and the CLI). */
  script?: string;
  /** The worker's heap limit in megabytes. */
  memoryLimitMb?: () => number;
}

interface Slot {
  worker: Worker;
  busy: boolean;
}

/**
 * Runs user JSONata in worker threads with a time and a memory limit. A worker that is stopped
 * (time, memory, cancellation) is terminated and a fresh one takes its place, so the next request
 * is answered at once.
 */
export class WorkerEvaluator implements ExpressionEvaluator {
  private readonly script: string;
  private idle: Slot | undefined;
  private nextId = 1;
  private disposed = false;

  constructor(private readonly options: WorkerEvaluatorOptions = {}) {
    this.script = options.script ?? join(__dirname, 'jsonataWorker.js');
  }

  private spawn(): Slot {
    // The worker stops itself at the limit; the engine's own limit, twice as high, is the backstop.
    const memory = this.memoryLimitMb();
    // A small young generation: mappings make many short-lived objects, and a bigger one measured slower.
    const worker = new Worker(this.script, { resourceLimits: { maxOldGenerationSizeMb: memory * 2 + 64, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 } });
    worker.unref();
    return { worker, busy: false };
  }

  private memoryLimitMb(): number {
    return Math.max(16, this.options.memoryLimitMb?.() ?? 256);
  }

  /** Keeps one worker started, so a request does not wait for a thread to boot. */
  warm(): void {
    if (!this.idle && !this.disposed) this.idle = this.spawn();
  }

  evaluate(request: EvaluationRequest, token: CancellationToken): Promise<EvaluationResult> {
    if (token.isCancellationRequested) return Promise.resolve({ ok: false, kind: 'cancelled', message: 'cancelled', ms: 0 });
    const slot = this.idle ?? this.spawn();
    this.idle = undefined;
    slot.busy = true;
    const id = this.nextId++;
    const progress = new SharedArrayBuffer(4);
    const positions = new Int32Array(progress);
    positions[0] = -1;
    const started = performance.now();
    return new Promise<EvaluationResult>((resolve) => {
      let settled = false;
      const finish = (result: EvaluationResult, keep: boolean): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearInterval(poll);
        slot.worker.off('message', onMessage);
        slot.worker.off('error', onError);
        slot.worker.off('exit', onExit);
        slot.busy = false;
        if (keep && !this.idle && !this.disposed) this.idle = slot;
        else void slot.worker.terminate();
        if (!keep) this.warm();
        resolve(result);
      };
      const stopped = (kind: 'timeout' | 'memory' | 'cancelled', message: string): EvaluationResult => ({
        ok: false, kind, message, lastPosition: positions[0] >= 0 ? positions[0] : undefined, ms: performance.now() - started,
      });
      const onMessage = (message: { id: number; result: EvaluationResult }): void => {
        // A thread that stopped itself for time or memory is replaced: its heap may be spent.
        if (message.id === id) finish(message.result, message.result.ok || message.result.kind === 'error');
      };
      const onError = (error: Error & { code?: string }): void => {
        const memory = error.code === 'ERR_WORKER_OUT_OF_MEMORY' || /memory/i.test(error.message);
        finish(stopped('memory', memory ? 'ran out of memory' : error.message), false);
      };
      const onExit = (): void => finish(stopped('memory', 'the evaluation thread stopped'), false);
      // The worker watches its own clock; this one catches a thread stuck where it cannot look (a regular expression, a huge allocation).
      const timer = setTimeout(() => finish(stopped('timeout', `stopped after ${request.timeoutMs} ms`), false), request.timeoutMs + 250);
      const poll = setInterval(() => {
        if (token.isCancellationRequested) finish(stopped('cancelled', 'cancelled'), false);
      }, 15);
      slot.worker.on('message', onMessage);
      slot.worker.on('error', onError);
      slot.worker.on('exit', onExit);
      const message: WorkerRequest = { ...request, id, progress, memoryLimitBytes: this.memoryLimitMb() * 1024 * 1024 };
      try {
        slot.worker.postMessage(message);
      } catch (error) {
        finish({ ok: false, kind: 'error', message: `The sample cannot be passed to the evaluator: ${(error as Error).message}`, ms: 0 }, true);
      }
    });
  }

  dispose(): void {
    this.disposed = true;
    void this.idle?.worker.terminate();
    this.idle = undefined;
  }
}
