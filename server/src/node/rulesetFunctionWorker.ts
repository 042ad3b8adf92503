/**
 * The worker thread that runs a ruleset's custom functions. Their code runs in a separate V8
 * context that has no `require` of Node's modules, no `process` and no file access: it can load
 * only the modules of the ruleset's functions folder (sent as text) and the Spectral packages a
 * function imports (`@stoplight/spectral-core`, `-functions`, `-formats`, `@stoplight/types`),
 * which this worker provides. A synchronous call is stopped by V8 at its time limit; the host
 * terminates the thread when an asynchronous one does not answer, or when it runs out of memory.
 */
import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import * as vm from 'node:vm';
import Ajv from 'ajv';
import { CORE_FUNCTIONS } from '../service/rulesets/coreFunctions';
import { skipKey, type CustomFunctionBatch, type CustomFunctionOutcome } from '../service/rulesets/customFunctions';

export interface FunctionWorkerRequest {
  id: number;
  batch: CustomFunctionBatch;
  /** The first call to run (after the host restarted a stopped worker). */
  start: number;
  /** Functions whose calls are not run (one of them was stopped before). */
  skip: string[];
  /** Int32Array[1]: the index of the call running. */
  progress: SharedArrayBuffer;
}

export type FunctionWorkerMessage = { id: number; index: number; outcome: CustomFunctionOutcome } | { id: number; done: true };

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null;

/** Copies a value into the functions' context, so `instanceof Array` and friends hold there; shared and cyclic parts stay so. */
const CLONE_SOURCE = `(function clone(value, seen = new Map()) {
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return seen.get(value);
  const copy = Array.isArray(value) ? [] : {};
  seen.set(value, copy);
  for (const key of Object.keys(value)) Object.defineProperty(copy, key, { value: clone(value[key], seen), enumerable: true, writable: true, configurable: true });
  return copy;
})`;

const DIAGNOSTIC_SEVERITY = { Error: 0, Warning: 1, Information: 2, Hint: 3, 0: 'Error', 1: 'Warning', 2: 'Information', 3: 'Hint' };

const ajv = new Ajv({ allErrors: false, strict: false });

/**
 * `createRulesetFunction` of @stoplight/spectral-core: an input that does not match the function's
 * input schema is skipped, or with `errorOnInvalidInput` reported (the schema's `errorMessage`), as Spectral does.
 */
function createRulesetFunction(meta: { input?: object | null; options?: object | null; errorOnInvalidInput?: boolean }, fn: (...args: unknown[]) => unknown): unknown {
  const validate = meta && isObject(meta.input) ? ajv.compile(meta.input) : undefined;
  const invalid = meta?.errorOnInvalidInput ? [{ message: isObject(meta.input) && typeof meta.input.errorMessage === 'string' ? meta.input.errorMessage : 'invalid input' }] : undefined;
  const wrapped = (input: unknown, options: unknown, ...rest: unknown[]): unknown => (validate && !validate(input) ? invalid : fn(input, options, ...rest));
  return Object.assign(wrapped, { validator: () => undefined, schemas: meta });
}

/** The core functions in Spectral's calling convention, for functions that call them. */
function spectralFunctions(formats: Set<string>): Obj {
  const out: Obj = {};
  for (const f of CORE_FUNCTIONS) {
    out[f.name === 'undefined' ? 'undefined' : f.name] = (input: unknown, options: unknown, context: { path?: (string | number)[]; document?: { data?: unknown } } = {}) =>
      f.run(input, options ?? null, { path: context.path ?? [], document: context.document?.data, formats, cache: new Map() });
  }
  return out;
}

const FORMAT_NAMES = ['oas2', 'oas3', 'oas3_0', 'oas3_1', 'asyncapi2', 'asyncapi3', 'jsonSchema', 'jsonSchemaLoose'];

function spectralFormats(): Obj {
  const out: Obj = {};
  for (const name of FORMAT_NAMES) {
    const spectralName = name.replace('_', '.');
    out[name] = Object.assign((document: unknown) => isObject(document) && (name.startsWith('oas2') ? document.swagger === '2.0' : name.startsWith('oas3') ? typeof document.openapi === 'string' && document.openapi.startsWith(name === 'oas3' ? '3' : `3.${name.slice(5)}`) : false), { displayName: spectralName });
  }
  return out;
}

/** Rewrites an ES module's import and export statements into CommonJS, enough for functions files. */
export function toCommonJs(source: string): string {
  if (!/^\s*(import|export)\b/m.test(source)) return source;
  const tail: string[] = [];
  let text = source.replace(/^\s*import\s+([\s\S]*?)\s+from\s*(['"])([^'"]+)\2\s*;?/gm, (_all, clause: string, _q, from: string) => {
    const req = `require(${JSON.stringify(from)})`;
    const parts: string[] = [];
    const ns = /^\*\s+as\s+([\w$]+)$/.exec(clause.trim());
    if (ns) return `const ${ns[1]} = ${req};`;
    const named = /\{([\s\S]*)\}/.exec(clause);
    const def = clause.replace(/\{[\s\S]*\}/, '').replace(/,/g, '').trim();
    const tmp = `__import_${Math.random().toString(36).slice(2)}`;
    parts.push(`const ${tmp} = ${req};`);
    if (def) parts.push(`const ${def} = ${tmp} && ${tmp}.__esModule !== false && ${tmp}.default !== undefined ? ${tmp}.default : ${tmp};`);
    if (named) {
      const names = named[1].split(',').map((n) => n.trim()).filter(Boolean).map((n) => n.replace(/^type\s+/, '')).map((n) => n.split(/\s+as\s+/));
      parts.push(`const { ${names.map(([a, b]) => (b ? `${a}: ${b}` : a)).join(', ')} } = ${tmp};`);
    }
    return parts.join(' ');
  });
  text = text.replace(/^\s*import\s*(['"])([^'"]+)\1\s*;?/gm, (_all, _q, from: string) => `require(${JSON.stringify(from)});`);
  text = text.replace(/^(\s*)export\s+default\s+(async\s+function\b|function\b|class\b)(\s*[\w$]*)/gm, (_all, indent: string, keyword: string, name: string) => {
    const id = name.trim() || '__default';
    tail.push(`module.exports.default = ${id};`);
    return `${indent}${keyword} ${id}`;
  });
  text = text.replace(/^(\s*)export\s+default\s+/gm, '$1module.exports.default = ');
  text = text.replace(/^(\s*)export\s+((?:async\s+)?function\*?|class|const|let|var)\s+([\w$]+)/gm, (_all, indent: string, keyword: string, name: string) => {
    tail.push(`module.exports.${name} = ${name};`);
    return `${indent}${keyword} ${name}`;
  });
  text = text.replace(/^\s*export\s*\{([^}]*)\}\s*;?/gm, (_all, list: string) => {
    for (const entry of list.split(',').map((n) => n.trim()).filter(Boolean)) {
      const [local, exported = local] = entry.split(/\s+as\s+/);
      tail.push(`module.exports[${JSON.stringify(exported)}] = ${local};`);
    }
    return '';
  });
  return `Object.defineProperty(module.exports, '__esModule', { value: true });\n${text}\n${tail.join('\n')}`;
}

/** The relative module a `require` names, normalised inside the functions folder; undefined when it leaves it. */
function resolveModule(from: string, request: string, files: Map<string, string>): string | undefined {
  const parts = from.split('/').slice(0, -1);
  for (const segment of request.split('/')) {
    if (segment === '..') {
      if (!parts.length) return undefined;
      parts.pop();
    } else if (segment !== '.' && segment !== '') parts.push(segment);
  }
  const base = parts.join('/');
  return [base, `${base}.js`, `${base}.cjs`, `${base}.mjs`, `${base}/index.js`].find((candidate) => files.has(candidate));
}

interface Environment {
  context: vm.Context;
  load(name: string): unknown;
  clone(value: unknown): unknown;
  invoke: vm.Script;
}

function environment(batch: CustomFunctionBatch): Environment {
  const files = new Map(batch.modules.map((m) => [m.file, m.text]));
  const formats = new Set(batch.formats);
  // Nothing of Node: no require of its modules, no process, no timers beyond what the language has.
  const context = vm.createContext({ console: { log() {}, warn() {}, error() {}, info() {}, debug() {} } }, { codeGeneration: { strings: false, wasm: false } });
  const packages: Record<string, unknown> = {
    '@stoplight/spectral-core': { createRulesetFunction, RulesetValidationError: Error },
    '@stoplight/spectral-functions': spectralFunctions(formats),
    '@stoplight/spectral-formats': spectralFormats(),
    '@stoplight/types': { DiagnosticSeverity: DIAGNOSTIC_SEVERITY },
  };
  const cache = new Map<string, { exports: unknown }>();
  const requireFrom = (from: string) => (request: string): unknown => {
    if (request in packages) return packages[request];
    if (!request.startsWith('.')) throw new Error(`Cannot load \`${request}\`: a custom function may import only modules of its functions folder and Spectral's packages.`);
    const file = resolveModule(from, request, files);
    if (!file) throw new Error(`Cannot load \`${request}\` from ${from}: it is not in the ruleset's functions folder.`);
    const cached = cache.get(file);
    if (cached) return cached.exports;
    const module = { exports: {} as unknown };
    cache.set(file, module);
    const wrapper = vm.runInContext(`(function (exports, require, module, __filename, __dirname) {\n${toCommonJs(files.get(file)!)}\n})`, context, { filename: file, timeout: batch.timeoutMs });
    wrapper(module.exports, requireFrom(file), module, file, '.');
    return module.exports;
  };
  const clone = vm.runInContext(CLONE_SOURCE, context) as (v: unknown) => unknown;
  return {
    context,
    clone,
    load(name) {
      const file = batch.modules.find((m) => m.name === name)?.file;
      if (!file) throw new Error(`The function \`${name}\` has no file in the functions folder.`);
      const exported = requireFrom('')(`./${file}`) as Obj | ((...a: unknown[]) => unknown);
      const fn = typeof exported === 'function' ? exported : isObject(exported) ? exported.default ?? exported[name] : undefined;
      if (typeof fn !== 'function') throw new Error(`${file} does not export a function (export default, or module.exports =).`);
      return fn;
    },
    invoke: new vm.Script('__call.fn(__call.input, __call.options, __call.context)', { filename: 'custom function call' }),
  };
}

const environments = new Map<string, Environment>();

function environmentFor(batch: CustomFunctionBatch): Environment {
  const hash = createHash('sha1');
  for (const m of batch.modules) hash.update(m.file).update('\0').update(m.text).update('\0');
  const key = `${batch.folder}\n${hash.digest('hex')}\n${batch.formats.join()}`;
  let env = environments.get(key);
  if (!env) {
    if (environments.size > 8) environments.clear();
    env = environment(batch);
    environments.set(key, env);
  }
  return env;
}

function toResults(value: unknown): { message: string; path?: (string | number)[] }[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error('A function returns a list of results ({ message, path? }) or nothing.');
  return value.map((r: unknown) => {
    const result = isObject(r) ? r : {};
    const path = Array.isArray(result.path) ? (result.path as unknown[]).map((s) => (typeof s === 'number' ? s : String(s))) : undefined;
    return { message: String(result.message ?? ''), ...(path ? { path } : {}) };
  });
}

function describe(error: unknown): string {
  if (isObject(error) && typeof error.message === 'string') return error.message;
  return String(error);
}

async function runCall(env: Environment, batch: CustomFunctionBatch, fn: unknown, index: number, documentData: unknown, resolvedData: unknown): Promise<CustomFunctionOutcome> {
  const call = batch.calls[index];
  const context = {
    path: call.path,
    document: { data: documentData, formats: new Set(batch.formats), source: null },
    documentInventory: { resolved: resolvedData, document: { data: documentData } },
    rule: { name: call.rule },
  };
  env.context.__call = { fn, input: env.clone(call.input), options: env.clone(call.options), context: env.clone(context) };
  // The formats set is not plain data: give the function a real one.
  (env.context.__call as { context: { document: { formats: unknown } } }).context.document.formats = new Set(batch.formats);
  try {
    let value = env.invoke.runInContext(env.context, { timeout: batch.timeoutMs });
    if (isObject(value) && typeof (value as { then?: unknown }).then === 'function') {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(Object.assign(new Error('timeout'), { code: 'ERR_SCRIPT_EXECUTION_TIMEOUT' })), batch.timeoutMs)));
      try {
        value = await Promise.race([value, timeout]);
      } finally {
        clearTimeout(timer);
      }
    }
    return { ok: true, results: toResults(value) };
  } catch (error) {
    if (isObject(error) && error.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return { ok: false, kind: 'timeout', message: `did not return within ${batch.timeoutMs} ms` };
    return { ok: false, kind: 'error', message: describe(error) };
  } finally {
    env.context.__call = undefined;
  }
}

const BUILTINS = new Map(CORE_FUNCTIONS.map((f) => [f.name, f]));

/** A built-in function that may not return in time (a pattern that can backtrack): the host stops the thread if it does not. */
function runBuiltin(batch: CustomFunctionBatch, index: number): CustomFunctionOutcome {
  const call = batch.calls[index];
  const fn = BUILTINS.get(call.function);
  if (!fn) return { ok: false, kind: 'error', message: `no built-in function \`${call.function}\`` };
  try {
    return { ok: true, results: fn.run(call.input, call.options, { path: call.path, document: batch.document, formats: new Set(batch.formats), cache: new Map() }) ?? [] };
  } catch (error) {
    return { ok: false, kind: 'error', message: describe(error) };
  }
}

if (parentPort) {
  const port = parentPort;
  port.on('message', async (request: FunctionWorkerRequest) => {
    const { batch } = request;
    const progress = new Int32Array(request.progress);
    const skip = new Set(request.skip);
    const failedToLoad = new Map<string, CustomFunctionOutcome>();
    let env: Environment | undefined;
    let loadError: string | undefined;
    try {
      env = environmentFor(batch);
    } catch (error) {
      loadError = describe(error);
    }
    const documentData = env?.clone(batch.document);
    const resolvedData = env ? (batch.resolved === batch.document ? documentData : env.clone(batch.resolved)) : undefined;
    const functions = new Map<string, unknown>();
    for (let index = request.start; index < batch.calls.length; index++) {
      const call = batch.calls[index];
      if (skip.has(skipKey(call))) continue;
      Atomics.store(progress, 0, index);
      let outcome: CustomFunctionOutcome;
      if (call.builtin) outcome = runBuiltin(batch, index);
      else if (!env) outcome = { ok: false, kind: 'error', message: loadError ?? 'cannot be loaded' };
      else if (failedToLoad.has(call.function)) outcome = failedToLoad.get(call.function)!;
      else {
        let fn = functions.get(call.function);
        if (!fn) {
          try {
            fn = env.load(call.function);
            functions.set(call.function, fn);
          } catch (error) {
            const failed: CustomFunctionOutcome = isObject(error) && error.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT'
              ? { ok: false, kind: 'timeout', message: `its module did not finish loading within ${batch.timeoutMs} ms` }
              : { ok: false, kind: 'error', message: `cannot be loaded: ${describe(error)}` };
            failedToLoad.set(call.function, failed);
            port.postMessage({ id: request.id, index, outcome: failed } satisfies FunctionWorkerMessage);
            continue;
          }
        }
        outcome = await runCall(env, batch, fn, index, documentData, resolvedData);
        // A function that ran out of time once is not given the rest of this document.
        if (!outcome.ok && outcome.kind === 'timeout') skip.add(skipKey(call));
      }
      port.postMessage({ id: request.id, index, outcome } satisfies FunctionWorkerMessage);
    }
    port.postMessage({ id: request.id, done: true } satisfies FunctionWorkerMessage);
  });
}
