import type { FunctionResult, RulesetFunction } from './coreFunctions';

/** The two functions of the OWASP ruleset beyond the core ones, following its published behaviour. */

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const METHODS = ['get', 'head', 'post', 'put', 'patch', 'delete', 'options', 'trace'];

/** The operations of a Paths Object, in document order (path items and operations that are objects). */
function* operations(paths: unknown): Generator<{ path: string; method: string; operation: Obj }> {
  if (!isObject(paths)) return;
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const [method, operation] of Object.entries(item)) if (METHODS.includes(method) && isObject(operation)) yield { path, method, operation };
  }
}

function optionsProblem(name: string, options: unknown, allowed: Record<string, (v: unknown) => boolean>): string | undefined {
  if (options === undefined || options === null) return undefined;
  if (!isObject(options)) return `"${name}" function has invalid options specified.`;
  for (const [key, value] of Object.entries(options)) {
    if (!(key in allowed)) return `"${name}" function does not support "${key}" option`;
    if (!allowed[key](value)) return `"${name}" function has invalid options specified.`;
  }
  return undefined;
}

/**
 * Each operation (of the listed `methods`) has a security requirement, its own or the document's;
 * with `nullable: false` an empty requirement (`{}`, anonymous access) counts as none.
 */
const checkSecurity: RulesetFunction = {
  name: 'checkSecurity',
  pure: true,
  options: { schemesPath: 'Where the schemes are (reported in the path of a finding).', nullable: 'false: an empty requirement `{}` is reported.', methods: 'The HTTP methods to check.' },
  checkOptions: (o) => optionsProblem('checkSecurity', o, { schemesPath: Array.isArray, nullable: () => true, methods: Array.isArray }),
  accepts: isObject,
  run(input, options) {
    const { schemesPath, nullable, methods } = (isObject(options) ? options : {}) as { schemesPath?: unknown[]; nullable?: unknown; methods?: unknown[] };
    const { paths, security } = input as Obj;
    const results: FunctionResult[] = [];
    for (const { path, method, operation } of operations(paths)) {
      if (Array.isArray(methods) && !methods.includes(method)) continue;
      let requirements = operation.security;
      let from = `${path},${method}`;
      if (requirements === undefined) {
        requirements = security;
        from = '$.security';
      }
      if (!requirements || (Array.isArray(requirements) && requirements.length === 0)) {
        results.push({ message: `Operation has undefined security scheme in ${from}.`, path: ['paths', path, method, 'security', String(schemesPath ?? '')] });
      }
      if (Array.isArray(requirements)) {
        requirements.forEach((entry, i) => {
          if (typeof entry === 'object' && entry !== null && Object.keys(entry).length === 0 && nullable === false) {
            results.push({ message: `Operation referencing empty security scheme in ${from}.`, path: ['paths', path, method, 'security', i] });
          }
        });
      }
    }
    return results;
  },
};

/** An endpoint under the admin URL does not share a security requirement with any other endpoint. */
const differentSecuritySchemes: RulesetFunction = {
  name: 'differentSecuritySchemes',
  pure: true,
  options: { adminUrl: 'The part of a path that marks an admin endpoint (default `/admin`).' },
  checkOptions: (o) => optionsProblem('differentSecuritySchemes', o, { adminUrl: (v) => typeof v === 'string' }),
  accepts: isObject,
  run(input, options) {
    const adminUrl = isObject(options) && typeof options.adminUrl === 'string' ? options.adminUrl : '/admin';
    const others = new Set<string>();
    const admin: { uri: string; key: string; path: (string | number)[] }[] = [];
    for (const { path, method, operation } of operations((input as Obj).paths)) {
      if (!Array.isArray(operation.security)) continue;
      operation.security.forEach((entry, i) => {
        if (typeof entry !== 'object' || entry === null) return;
        const key = JSON.stringify(entry);
        if (path.includes(adminUrl)) admin.push({ uri: path, key, path: ['paths', path, method, 'security', i] });
        else others.add(key);
      });
    }
    return admin.filter((a) => others.has(a.key)).map((a) => ({ message: `Admin endpoint ${a.uri} has the same security requirement as a non-admin endpoint.`, path: a.path }));
  },
};

export const OWASP_FUNCTIONS: readonly RulesetFunction[] = [checkSecurity, differentSecuritySchemes];
