import jsonata from 'jsonata';
import { CancellationToken } from '../cancellation';
import { PayloadFormat } from '../mapping/model';
import { JsonSchema, readPayload } from './payload';

/**
 * How the preview runs user JSONata. The service only describes the work; the host decides where it
 * runs: a worker thread with time and memory limits in the language server and the CLI, in process
 * in unit tests.
 */
export interface EvaluationRequest {
  expression: string;
  /** The data, already read; or `payload`, the text it is read from where the expression runs. */
  input?: unknown;
  /** A sample as text: a thread is handed text much faster than the objects it makes. */
  payload?: { text: string; format: PayloadFormat; schema?: JsonSchema };
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

/** Codes of the errors a host's `onStep` throws to stop an evaluation (time or memory used up). */
export const STOP_TIMEOUT = 'PREVIEW_TIMEOUT';
export const STOP_MEMORY = 'PREVIEW_MEMORY';

/** How many evaluation steps pass between two looks at where the evaluation is (and at the clock and the heap). */
export const STEPS_PER_LOOK = 64;

const ENTRY_HOOK = Symbol.for('jsonata.__evaluate_entry') as unknown as string;

interface JsonataEnvironment {
  base?: { guardrails?: () => void };
}

/**
 * Evaluates a request with the `jsonata` package. Every STEPS_PER_LOOK steps `onStep` hears the
 * position of the expression node being entered (the worker keeps it where the host can read it
 * after stopping the thread); it may throw an error with code STOP_TIMEOUT or STOP_MEMORY to stop
 * the evaluation.
 *
 * JSONata offers a hook on entering each node, but awaits it at every step, which costs a tenth of
 * the run. So the hook only runs once: it takes over the plain per-step call JSONata makes for its
 * own limits (`guardrails`), which counts the steps and turns the hook back on for a single step
 * every STEPS_PER_LOOK. Should a JSONata version lack that call, the hook simply stays on.
 */
export async function runJsonata(request: EvaluationRequest, onStep?: (position: number) => void): Promise<EvaluationResult> {
  const started = performance.now();
  let last: number | undefined;
  try {
    const expression = jsonata(request.expression);
    if (onStep) {
      const look = (node: { position?: number }): void => {
        if (typeof node?.position !== 'number') return;
        last = node.position;
        onStep(node.position);
      };
      const lookOnce = (node: { position?: number }): void => {
        expression.assign(ENTRY_HOOK, undefined);
        look(node);
      };
      expression.assign(ENTRY_HOOK, (node: { position?: number }, _input: unknown, environment: JsonataEnvironment) => {
        const base = environment?.base;
        const own = base?.guardrails;
        if (base && typeof own === 'function') {
          let steps = 0;
          base.guardrails = () => {
            own();
            if (++steps % STEPS_PER_LOOK === 0) expression.assign(ENTRY_HOOK, lookOnce);
          };
          expression.assign(ENTRY_HOOK, undefined);
        }
        look(node);
      });
    }
    const value = await expression.evaluate(inputOf(request), { lookup: lookupFunction(request.lookups) });
    return { ok: true, value, ms: performance.now() - started };
  } catch (error) {
    const e = error as { message?: string; code?: string; position?: number };
    if (e?.code === STOP_TIMEOUT || e?.code === STOP_MEMORY) {
      return { ok: false, kind: e.code === STOP_TIMEOUT ? 'timeout' : 'memory', message: String(e.message), lastPosition: last, ms: performance.now() - started };
    }
    const stack = error instanceof RangeError && /call stack/i.test(String(error.message));
    if (e?.code === 'D2014') {
      // JSONata refuses a range past ten million items at once: a runaway stopped before it ran.
      const items = Number((e as { value?: unknown }).value);
      return {
        ok: false,
        kind: 'error',
        message: `stopped before running: this range would make ${items.toLocaleString('en')} items, more than the ${(1e7).toLocaleString('en')} JSONata allows`,
        code: e.code,
        position: typeof e.position === 'number' ? e.position : undefined,
        lastPosition: last,
        ms: performance.now() - started,
      };
    }
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

function inputOf(request: EvaluationRequest): unknown {
  if (!request.payload) return request.input;
  const read = readPayload(request.payload.text, request.payload.format, request.payload.schema);
  if (read.error !== undefined) throw Object.assign(new Error(`The sample cannot be read: ${read.error}`), { code: 'SAMPLE' });
  return read.value;
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
