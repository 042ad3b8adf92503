import jsonata from 'jsonata';
import { CancellationToken } from '../cancellation';

/**
 * How the preview runs user JSONata. The service only describes the work; the host decides where it
 * runs: a worker thread with time and memory limits in the language server and the CLI, in process
 * in unit tests.
 */
export interface EvaluationRequest {
  expression: string;
  input: unknown;
  /** The mapping's value tables, reachable as `$lookup(name, key)`. */
  lookups: Record<string, Record<string, unknown>>;
  /** Stop after this many milliseconds. */
  timeoutMs: number;
}

export type EvaluationResult =
  | { ok: true; value: unknown; ms: number }
  | {
      ok: false;
      /** error: JSONata failed; timeout / memory: the limits stopped it; cancelled: a newer request came. */
      kind: 'error' | 'timeout' | 'memory' | 'cancelled';
      message: string;
      code?: string;
      /** Where JSONata says the error is (an index just after the token in the expression). */
      position?: number;
      /** The position of the last expression node entered before it stopped. */
      lastPosition?: number;
      ms: number;
    };

export interface ExpressionEvaluator {
  evaluate(request: EvaluationRequest, token: CancellationToken): Promise<EvaluationResult>;
}

/** `$lookup(name, key)`: the value of `key` in the mapping's table `name` (keys of a sequence are looked up one by one). */
export function lookupFunction(tables: Record<string, Record<string, unknown>>): (name: unknown, key: unknown) => unknown {
  return (name, key) => {
    const table = typeof name === 'string' && Object.prototype.hasOwnProperty.call(tables, name) ? tables[name] : undefined;
    if (!table) throw Object.assign(new Error(`There is no lookup table \`${String(name)}\`.`), { code: 'LOOKUP' });
    const one = (k: unknown): unknown => (k !== undefined && k !== null && Object.prototype.hasOwnProperty.call(table, String(k)) ? table[String(k)] : undefined);
    if (Array.isArray(key)) {
      const values = key.map(one).filter((v) => v !== undefined);
      return values.length === 0 ? undefined : values.length === 1 ? values[0] : values;
    }
    return one(key);
  };
}

/** Codes of the errors a host's `onEnter` throws to stop an evaluation (time or memory used up). */
export const STOP_TIMEOUT = 'PREVIEW_TIMEOUT';
export const STOP_MEMORY = 'PREVIEW_MEMORY';

/**
 * Evaluates a request with the `jsonata` package. `onEnter` hears the position of every expression
 * node entered (the worker keeps the last one where the host can read it after stopping the thread);
 * it may throw an error with code STOP_TIMEOUT or STOP_MEMORY to stop the evaluation.
 */
export async function runJsonata(request: EvaluationRequest, onEnter?: (position: number) => void): Promise<EvaluationResult> {
  const started = performance.now();
  let last: number | undefined;
  try {
    const expression = jsonata(request.expression);
    if (onEnter) {
      expression.assign(Symbol.for('jsonata.__evaluate_entry') as unknown as string, (node: { position?: number }) => {
        if (typeof node?.position === 'number') {
          last = node.position;
          onEnter(node.position);
        }
      });
    }
    const value = await expression.evaluate(request.input, { lookup: lookupFunction(request.lookups) });
    return { ok: true, value, ms: performance.now() - started };
  } catch (error) {
    const e = error as { message?: string; code?: string; position?: number };
    if (e?.code === STOP_TIMEOUT || e?.code === STOP_MEMORY) {
      return { ok: false, kind: e.code === STOP_TIMEOUT ? 'timeout' : 'memory', message: String(e.message), lastPosition: last, ms: performance.now() - started };
    }
    const stack = e instanceof RangeError && /call stack/i.test(String(e.message));
    return {
      ok: false,
      kind: stack ? 'memory' : 'error',
      message: stack ? 'ran out of stack (endless recursion?)' : String(e?.message ?? error),
      code: e?.code,
      position: typeof e?.position === 'number' ? e.position : undefined,
      lastPosition: last,
      ms: performance.now() - started,
    };
  }
}

/** Runs in the calling thread, without limits: for tests and for hosts that have no threads. */
export class InProcessEvaluator implements ExpressionEvaluator {
  async evaluate(request: EvaluationRequest, token: CancellationToken): Promise<EvaluationResult> {
    if (token.isCancellationRequested) return { ok: false, kind: 'cancelled', message: 'cancelled', ms: 0 };
    const result = await runJsonata(request, () => undefined);
    if (!result.ok) return result;
    // What a worker hands back: a structured clone (plain objects, no functions).
    try {
      return { ...result, value: structuredClone(result.value) };
    } catch {
      return { ...result, value: result.value === undefined ? undefined : JSON.parse(JSON.stringify(result.value) ?? 'null') };
    }
  }
}
