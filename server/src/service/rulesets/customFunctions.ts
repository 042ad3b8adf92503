import type { JsonPath } from './jsonPath';

/** A ruleset's custom function, as the ruleset names it, and the file it is read from. */
export interface CustomFunctionSource {
  name: string;
  /** The file (`functionsDir/name.js`), relative to the functions folder: how other modules import it. */
  file: string;
  text: string;
}

/** One application of a custom function to a value of the document. */
export interface CustomFunctionCall {
  function: string;
  input: unknown;
  options: unknown;
  path: JsonPath;
  rule: string;
  /** A built-in function run in the worker because it may not return in time (a pattern that can backtrack). */
  builtin?: boolean;
}

/**
 * What a worker runs for one document: the functions folder's modules (the only code it can load
 * besides Spectral's own packages, which it provides itself), the document, and the calls.
 */
export interface CustomFunctionBatch {
  /** The functions folder, as a URI: the identity of the module set (a worker keeps it loaded). */
  folder: string;
  modules: CustomFunctionSource[];
  document: unknown;
  resolved: unknown;
  /** The document's formats (Spectral's names), for `context.document.formats`. */
  formats: string[];
  calls: CustomFunctionCall[];
  /** The time one call may take. */
  timeoutMs: number;
}

export type CustomFunctionOutcome =
  | { ok: true; results: { message: string; path?: JsonPath }[] }
  | { ok: false; kind: 'error' | 'timeout' | 'memory'; message: string };

/**
 * Runs a ruleset's custom JavaScript functions away from the service, bounded in time and memory;
 * given by the host (a worker thread in Node). Absent where no worker can be started.
 */
export interface RulesetFunctionHost {
  /** False in an untrusted workspace: no custom function runs then. */
  trusted(): boolean;
  /** One outcome per call, in order. A call that times out or runs out of memory does not stop the calls of other functions. */
  run(batch: CustomFunctionBatch): Promise<CustomFunctionOutcome[]>;
}

/** The time one call of a custom function may take: Spectral has no limit, a server must. */
export const CUSTOM_FUNCTION_TIMEOUT_MS = 2000;

/** The calls not run after one was stopped: a custom function's, or one rule's built-in function's. */
export function skipKey(call: { function: string; rule: string; builtin?: boolean }): string {
  return call.builtin ? `${call.rule}\0${call.function}` : call.function;
}
