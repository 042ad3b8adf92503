import { FunctionContext, FunctionResult, lastSegment, RulesetFunction } from './coreFunctions';
import type { JsonPath } from './jsonPath';
import { printValue } from './printing';
import { OAS_VALUE_FUNCTIONS } from './oasValueFunctions';
import { oasDocumentSchema } from './oasDocumentSchema';

/** The functions `spectral:oas` uses beyond the core ones, ported from their documented behaviour. */

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const noOptions = (name: string) => (o: unknown) => (o === undefined || o === null ? undefined : `"${name}" function does not support options`);
const METHODS = ['get', 'head', 'post', 'put', 'patch', 'delete', 'options', 'trace'];

function* operations(paths: unknown): Generator<{ path: string; method: string; value: unknown }> {
  if (!isObject(paths)) return;
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of Object.keys(item)) if (METHODS.includes(method)) yield { path, method, value: item[method] };
  }
}

const oasOpSuccessResponse: RulesetFunction = {
  name: 'oasOpSuccessResponse',
  pure: true,
  checkOptions: noOptions('oasOpSuccessResponse'),
  accepts: isObject,
  run(input, _o, { formats }) {
    const oas3 = formats.has('oas3');
    for (const code of Object.keys(input as Obj)) {
      if (oas3 && (code === '2XX' || code === '3XX')) return undefined;
      if (Number(code) >= 200 && Number(code) < 400) return undefined;
    }
    return [{ message: 'Operation must define at least a single 2xx or 3xx response' }];
  },
};

const oasOpIdUnique: RulesetFunction = {
  name: 'oasOpIdUnique',
  pure: true,
  checkOptions: noOptions('oasOpIdUnique'),
  accepts: isObject,
  run(paths) {
    const seen: unknown[] = [];
    const results: FunctionResult[] = [];
    for (const { path, method, value } of operations(paths)) {
      if (!isObject(value) || !('operationId' in value)) continue;
      if (seen.includes(value.operationId)) results.push({ message: 'operationId must be unique.', path: ['paths', path, method, 'operationId'] });
      else seen.push(value.operationId);
    }
    return results;
  },
};

const oasTagDefined: RulesetFunction = {
  name: 'oasTagDefined',
  pure: true,
  checkOptions: noOptions('oasTagDefined'),
  accepts: isObject,
  run(root) {
    const r = root as Obj;
    const global = Array.isArray(r.tags) ? r.tags.filter((t) => isObject(t) && typeof t.name === 'string').map((t) => (t as Obj).name) : [];
    const results: FunctionResult[] = [];
    for (const { path, method, value } of operations(r.paths)) {
      if (!isObject(value) || !Array.isArray(value.tags)) continue;
      value.tags.forEach((tag, i) => {
        if (!global.includes(tag)) results.push({ message: 'Operation tags must be defined in global tags.', path: ['paths', path, method, 'tags', i] });
      });
    }
    return results;
  },
};

function dataType(value: unknown, integers: boolean): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return integers && Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

const typedEnum: RulesetFunction = {
  name: 'typedEnum',
  memoKey: lastSegment,
  checkOptions: noOptions('typedEnum'),
  accepts: (v) => isObject(v) && Array.isArray(v.enum) && (typeof v.type === 'string' || (Array.isArray(v.type) && v.type.every((t) => typeof t === 'string'))),
  run(input, _o, { formats, path }) {
    const schema = input as { enum: unknown[]; type: string | string[]; nullable?: unknown; 'x-nullable'?: unknown };
    let type: string | string[] = schema.type;
    if ((schema.nullable === true && formats.has('oas3.0')) || (schema['x-nullable'] === true && formats.has('oas2'))) type = Array.isArray(type) ? [...type, 'null'] : [type, 'null'];
    const integers = type === 'integer' || (Array.isArray(type) && type.includes('integer'));
    const results: FunctionResult[] = [];
    schema.enum.forEach((value, i) => {
      const actual = dataType(value, integers);
      if (actual === type || (Array.isArray(type) && type.includes(actual))) return;
      results.push({ message: `Enum value ${printValue(value)} must be "${String(type)}".`, path: [...path, 'enum', i] });
    });
    return results.length ? results : undefined;
  },
};

const oasSecurityDefined: RulesetFunction = {
  name: 'oasSecurityDefined',
  options: { oasVersion: '2 or 3: where the schemes are defined.' },
  checkOptions: (o) => (isObject(o) && [2, 3].includes(o.oasVersion as number) ? undefined : '"oasSecurityDefined" function needs { "oasVersion": 2 } or { "oasVersion": 3 }'),
  accepts: (v) => isObject(v) && Object.values(v).every((s) => Array.isArray(s) && s.every((x) => typeof x === 'string')),
  run(input, options, { document, path }) {
    const version = (options as { oasVersion: number }).oasVersion;
    const requirement = input as Record<string, string[]>;
    if (!isObject(document)) return undefined;
    const definitions = version === 2 ? document.securityDefinitions : isObject(document.components) ? document.components.securitySchemes : null;
    const results: FunctionResult[] = [];
    for (const name of Object.keys(requirement)) {
      if (!isObject(definitions) || !(name in definitions)) {
        results.push({
          message: `${path.length === 2 ? 'API' : 'Operation'} "security" values must match a scheme defined in the "${version === 2 ? 'securityDefinitions' : 'components.securitySchemes'}" object.`,
          path: [...path, name],
        });
        continue;
      }
      requirement[name].forEach((scope, i) => {
        if (!scopeDefined(version, scope, definitions[name])) results.push({ message: `"${scope}" must be listed among scopes.`, path: [...path, name, i] });
      });
    }
    return results.length ? results : undefined;
  },
};

function scopeDefined(version: number, scope: string, scheme: unknown): boolean {
  if (!isObject(scheme)) return false;
  if (version === 2) return isObject(scheme.scopes) && scope in scheme.scopes;
  if (!isObject(scheme.flows)) return false;
  return Object.values(scheme.flows).some((flow) => isObject(flow) && isObject(flow.scopes) && scope in flow.scopes);
}

const refSiblings: RulesetFunction = {
  name: 'refSiblings',
  checkOptions: noOptions('refSiblings'),
  run(_input, _o, { document, path }) {
    let parent: unknown = document;
    for (const segment of path.slice(0, -1)) parent = isObject(parent) || Array.isArray(parent) ? (parent as Obj)[segment as string] : undefined;
    if (!isObject(parent)) return undefined;
    const keys = Object.keys(parent);
    if (keys.length === 1) return undefined;
    return keys.filter((k) => k !== '$ref').map((k) => ({ message: '$ref must not be placed next to any other properties', path: [...path.slice(0, -1), k] }));
  },
};

const oasOpFormDataConsumeCheck: RulesetFunction = {
  name: 'oasOpFormDataConsumeCheck',
  pure: true,
  checkOptions: noOptions('oasOpFormDataConsumeCheck'),
  accepts: (v) => isObject(v) && Array.isArray(v.consumes) && Array.isArray(v.parameters),
  run(input) {
    const { parameters, consumes } = input as { parameters: unknown[]; consumes: unknown[] };
    if (parameters.some((p) => isObject(p) && p.in === 'formData') && !/(application\/x-www-form-urlencoded|multipart\/form-data)/.test(consumes.join(','))) {
      return [{ message: 'Consumes must include urlencoded, multipart, or form-data media type when using formData parameter.' }];
    }
    return undefined;
  },
};

const uniquenessTags: RulesetFunction = {
  name: 'uniquenessTags',
  memoKey: lastSegment,
  checkOptions: noOptions('uniquenessTags'),
  accepts: (v) => Array.isArray(v),
  run(input, _o, { path }) {
    const tags = input as unknown[];
    const results: FunctionResult[] = [];
    const seen = new Set<unknown>();
    tags.forEach((tag, i) => {
      const name = isObject(tag) ? tag.name : undefined;
      if (typeof name !== 'string') return;
      if (seen.has(name)) results.push({ message: `"tags" object contains duplicate tag name "${name}".`, path: [...path, i, 'name'] });
      seen.add(name);
    });
    return results;
  },
};

const oasDiscriminator: RulesetFunction = {
  name: 'oasDiscriminator',
  memoKey: lastSegment,
  checkOptions: noOptions('oasDiscriminator'),
  accepts: (v) => isObject(v) && typeof v.discriminator === 'string',
  run(input, _o, { path }) {
    const schema = input as Obj;
    const name = schema.discriminator;
    const results: FunctionResult[] = [];
    if (!isObject(schema.properties) || !(name as string in schema.properties)) results.push({ message: 'The discriminator property must be defined in this schema.', path: [...path, 'properties'] });
    if (!Array.isArray(schema.required) || !schema.required.includes(name)) results.push({ message: 'The discriminator property must be in the required property list.', path: [...path, 'required'] });
    return results;
  },
};

/** Every local `$ref` pointer of a document (`#/components/schemas/Pet`), decoded. */
function localReferences(document: unknown, context: FunctionContext): Set<string> {
  let refs = context.cache.get(document) as Set<string> | undefined;
  if (refs) return refs;
  refs = new Set();
  const stack: unknown[] = [document];
  while (stack.length) {
    const value = stack.pop();
    if (Array.isArray(value)) stack.push(...value);
    else if (isObject(value)) {
      for (const [key, child] of Object.entries(value)) {
        if (key === '$ref' && typeof child === 'string' && child.startsWith('#')) refs.add(decodeURIComponent(child));
        else stack.push(child);
      }
    }
  }
  context.cache.set(document, refs);
  return refs;
}

/** Whether a pointer, or anything inside what it names, is referenced. */
function isReferenced(pointer: string, refs: Set<string>): boolean {
  if (refs.has(pointer)) return true;
  for (const ref of refs) if (ref.startsWith(pointer + '/')) return true;
  return false;
}

function unreferenced(data: Obj, location: string, context: FunctionContext): FunctionResult[] {
  const refs = localReferences(context.document, context);
  return Object.keys(data)
    .filter((name) => !isReferenced(`${location}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`, refs))
    .map((name) => ({ message: 'Potential orphaned reusable object has been detected', path: [...location.slice(2).split('/').map(unescape), name] as JsonPath }));
}

function unescape(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

const unreferencedReusableObject: RulesetFunction = {
  name: 'unreferencedReusableObject',
  options: { reusableObjectsLocation: 'A local JSON pointer (`#/components/schemas`) to where the reusable objects are.' },
  checkOptions: (o) =>
    isObject(o) && typeof o.reusableObjectsLocation === 'string' && /^#\//.test(o.reusableObjectsLocation)
      ? undefined
      : '"unreferencedReusableObject" and its "reusableObjectsLocation" option support only valid JSON Pointer fragments, i.e. "#/components/schemas"',
  accepts: isObject,
  run: (input, options, context) => unreferenced(input as Obj, (options as { reusableObjectsLocation: string }).reusableObjectsLocation, context),
};

const COMPONENT_TYPES = ['schemas', 'responses', 'parameters', 'examples', 'requestBodies', 'headers', 'links', 'callbacks'];

const oasUnusedComponent: RulesetFunction = {
  name: 'oasUnusedComponent',
  checkOptions: noOptions('oasUnusedComponent'),
  accepts: (v) => isObject(v) && isObject(v.components),
  run(input, _o, context) {
    const components = (input as { components: Obj }).components;
    return COMPONENT_TYPES.flatMap((type) => (isObject(components[type]) ? unreferenced(components[type] as Obj, `#/components/${type}`, context) : []));
  },
};

const oasSchema: RulesetFunction = {
  name: 'oasSchema',
  pure: true,
  options: { schema: 'The schema the value must match.' },
  checkOptions: (o) => (isObject(o) && isObject(o.schema) ? undefined : '"oasSchema" function needs { "schema": { … } }'),
  run(input, options) {
    // spectral:oas uses it for one check only: an enum without duplicate entries.
    const schema = (options as { schema: Obj }).schema;
    if (schema.uniqueItems === true && Array.isArray(input)) {
      const seen: string[] = [];
      for (let i = 0; i < input.length; i++) {
        const key = JSON.stringify(input[i]);
        const first = seen.indexOf(key);
        if (first >= 0) return [{ message: `"enum" property must not have duplicate items (items ## ${first} and ${i} are identical)` }];
        seen.push(key);
      }
    }
    return undefined;
  },
};

/**
 * A local `$ref` followed (Spectral reads the resolved document; parameters are often shared
 * through `#/components/parameters`). Other values are returned as they are.
 */
function followLocal(value: unknown, document: unknown): unknown {
  for (let hops = 0; hops < 20 && isObject(value) && typeof value.$ref === 'string' && value.$ref.startsWith('#'); hops++) {
    let target: unknown = document;
    for (const raw of value.$ref.slice(1).split('/').slice(1)) {
      const segment = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      target = isObject(target) || Array.isArray(target) ? (target as Obj)[segment] : undefined;
    }
    if (target === undefined) return value;
    value = target;
  }
  return value;
}

const PATH_TEMPLATE = /(\{;?\??[a-zA-Z0-9_-]+\*?\})/g;

const oasPathParam: RulesetFunction = {
  name: 'oasPathParam',
  checkOptions: noOptions('oasPathParam'),
  accepts: isObject,
  run(input, _o, { document }) {
    const paths = input as Obj;
    const results: FunctionResult[] = [];
    const normalised = new Map<string, string>();
    // A named path parameter not seen before at this level; also reports required and repeats.
    const declare = (param: Obj, at: JsonPath, seen: Map<string, JsonPath>): void => {
      if (param.in !== 'path' || param.name === undefined) return;
      const name = String(param.name);
      if (param.required !== true) results.push({ message: `Path parameter "${name}" must have "required" property that is set to "true".`, path: at });
      if (seen.has(name)) results.push({ message: `Path parameter "${name}" must not be defined multiple times.`, path: at });
      else seen.set(name, at);
    };
    for (const [path, item] of Object.entries(paths)) {
      if (!isObject(item)) continue;
      const shape = path.replace(PATH_TEMPLATE, '%');
      if (normalised.has(shape)) results.push({ message: `Paths "${normalised.get(shape)}" and "${path}" must not be equivalent.`, path: ['paths', path] });
      else normalised.set(shape, path);
      const inTemplate: string[] = [];
      for (const match of path.matchAll(PATH_TEMPLATE)) {
        const name = match[0].replace(/[{}?*;]/g, '');
        if (inTemplate.includes(name)) results.push({ message: `Path "${path}" must not use parameter "{${name}}" multiple times.`, path: ['paths', path] });
        else inTemplate.push(name);
      }
      const shared = new Map<string, JsonPath>();
      if (Array.isArray(item.parameters)) item.parameters.forEach((p, i) => {
        const param = followLocal(p, document);
        if (isObject(param)) declare(param, ['paths', path, 'parameters', i], shared);
      });
      for (const method of Object.keys(item)) {
        const operation = item[method];
        if (!METHODS.includes(method) || !isObject(operation)) continue;
        const own = new Map<string, JsonPath>();
        if (Array.isArray(operation.parameters)) operation.parameters.forEach((p, i) => {
          const param = followLocal(p, document);
          if (isObject(param)) declare(param, ['paths', path, method, 'parameters', i], own);
        });
        const declared = new Map([...shared, ...own]);
        for (const [name, at] of declared) if (!inTemplate.includes(name)) results.push({ message: `Parameter "${name}" must be used in path "${path}".`, path: at });
        for (const name of inTemplate) if (!declared.has(name)) results.push({ message: `Operation must define parameter "{${name}}" as expected by path "${path}".`, path: ['paths', path, method] });
      }
    }
    return results;
  },
};

const oasOpParams: RulesetFunction = {
  name: 'oasOpParams',
  checkOptions: noOptions('oasOpParams'),
  accepts: (v) => Array.isArray(v),
  run(input, _o, { path, document }) {
    const params = input as unknown[];
    if (params.length < 2) return undefined;
    const results: FunctionResult[] = [];
    const seen = new Set<string>();
    const body: number[] = [];
    let formData = 0;
    params.forEach((p, i) => {
      const param = followLocal(p, document);
      if (!isObject(param) || '$ref' in param) return;
      const fingerprint = `${String(param.in)}-${String(param.name)}`;
      if (seen.has(fingerprint)) results.push({ message: 'A parameter in this operation already exposes the same combination of "name" and "in" values.', path: [...path, i] });
      seen.add(fingerprint);
      if (param.in === 'body') body.push(i);
      if (param.in === 'formData') formData++;
    });
    if (body.length && formData) results.push({ message: 'Operation must not have both "in:body" and "in:formData" parameters.' });
    for (const i of body.slice(1)) results.push({ message: 'Operation must not have more than a single instance of the "in:body" parameter.', path: [...path, i] });
    return results;
  },
};

export const OAS_FUNCTIONS: readonly RulesetFunction[] = [
  oasOpSuccessResponse, oasOpIdUnique, oasTagDefined, typedEnum, oasSecurityDefined, refSiblings, oasOpFormDataConsumeCheck,
  uniquenessTags, oasDiscriminator, unreferencedReusableObject, oasUnusedComponent, oasSchema, oasPathParam, oasOpParams,
  oasDocumentSchema, ...OAS_VALUE_FUNCTIONS,
];
