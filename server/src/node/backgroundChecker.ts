import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { BackgroundChecker } from '../lsp/workspaceProblems';
import type { Configuration } from '../service/configuration';
import type { BackgroundAnswer, BackgroundRequest } from './backgroundCheckWorker';

type Pending = { resolve: (answer: BackgroundAnswer) => void; reject: (error: Error) => void };
type Request = BackgroundRequest extends infer R ? (R extends BackgroundRequest ? Omit<R, 'id'> : never) : never;

/**
 * Checks unopened files in a worker thread (dist/backgroundCheck.js) with a service of its own, so
 * the server's thread stays free for the open documents. Cancelling stops the worker at once (a
 * big spec may take a second); a new one starts, with the same configuration, when asked again.
 */
export class WorkerBackgroundChecker implements BackgroundChecker {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private configuration: Configuration | undefined;

  constructor(
    private readonly folders: string[],
    private readonly script = join(__dirname, 'backgroundCheck.js'),
    /** Whether the workspace is trusted: rulesets' custom functions run there only then. */
    private readonly trusted = false,
  ) {}

  async configure(configuration: Configuration): Promise<void> {
    this.configuration = configuration;
    if (this.worker) await this.send({ type: 'configure', configuration });
  }

  async diagnose(uri: string): Promise<Diagnostic[]> {
    return (await this.send({ type: 'diagnose', uri })).diagnostics ?? [];
  }

  async fileChanged(uri: string, change: 'created' | 'changed' | 'deleted'): Promise<string[]> {
    if (!this.worker) return [];
    return (await this.send({ type: 'changed', uri, change })).dependents ?? [];
  }

  cancel(): void {
    if (this.pending.size) this.stop(new Error('cancelled'));
  }

  dispose(): void {
    this.stop(new Error('stopped'));
  }

  private stop(reason: Error): void {
    const worker = this.worker;
    this.worker = undefined;
    for (const p of this.pending.values()) p.reject(reason);
    this.pending.clear();
    void worker?.terminate();
  }

  private start(): Worker {
    const worker = new Worker(this.script, { workerData: { folders: this.folders, trusted: this.trusted } });
    worker.unref();
    worker.on('message', (answer: BackgroundAnswer) => {
      const pending = this.pending.get(answer.id);
      this.pending.delete(answer.id);
      if (!pending) return;
      if (answer.error !== undefined) pending.reject(new Error(answer.error));
      else pending.resolve(answer);
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.stop(error);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the checking thread stopped (exit code ${code})`)));
    this.worker = worker;
    if (this.configuration) void this.send({ type: 'configure', configuration: this.configuration }).catch(() => undefined);
    return worker;
  }

  private send(request: Request): Promise<BackgroundAnswer> {
    const worker = this.worker ?? this.start();
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id } as BackgroundRequest);
    });
  }
}
