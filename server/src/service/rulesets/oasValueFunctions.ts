import type { ErrorObject } from 'ajv/dist/core';
import traverse from 'json-schema-traverse';
import { Draft4Check } from './certainlyValid';
import { FunctionResult, lastSegment, RulesetFunction, validateAgainst } from './coreFunctions';
import type { JsonPath } from './jsonPath';

/** The `spectral:oas` functions that check values: examples against their schemas, server URL variables. */

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The JSON Schema dialect of a document's schemas, as Spectral picks it from the document's version. */
function dialectOf(formats: ReadonlySet<string>, document: unknown): string {
  if (formats.has('oas3.1') || formats.has('oas3.2')) {
    const declared = isObject(document) && typeof document.jsonSchemaDialect === 'string' ? document.jsonSchemaDialect : undefined;
    const match = declared && /^https?:\/\/json-schema.org\/(?:draft-0([467])|draft\/(20(?:19-09|20-12)))\/(?:hyper-)?schema#?$/.exec(declared);
    return match ? `draft${match[1] ?? match[2]}` : 'draft2020-12';
  }
  return 'draft4';
}

/** Spectral's `oasSchema`: a value against a schema of the document, in its version's dialect (`nullable` read as OpenAPI does). */
export function checkOasSchema(value: unknown, schemaValue: Obj, path: JsonPath, formats: ReadonlySet<string>, document: unknown, cache: Map<unknown, unknown>): FunctionResult[] | undefined {
  let schema = schemaValue;
  const dialect = dialectOf(formats, document);
  let prepare: ((errors: ErrorObject[]) => void) | undefined;
  if (formats.has('oas2')) {
    schema = JSON.parse(JSON.stringify(schema)) as Obj;
    traverse(schema, (s: traverse.SchemaObject) => {
      if (s['x-nullable'] === true) {
        s.nullable = true;
        delete s['x-nullable'];
      }
    });
  }
  if (formats.has('oas2') || formats.has('oas3.0')) {
    // Ajv reads `nullable`; Spectral adds null to the types its message lists.
    prepare = (errors) => {
      for (const error of errors) {
        if (error.keyword !== 'type') continue;
        let at: unknown = schema;
        for (const raw of error.schemaPath.replace(/^#\/?/, '').split('/').slice(0, -1)) {
          if (!isObject(at)) break;
          at = at[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
        }
        if (isObject(at) && at.nullable === true) error.message += ',null';
      }
    };
  }
  // Compiled once per distinct schema text: the schemas given here are fresh copies.
  const key = `oasSchema:${dialect}:${JSON.stringify(schema)}`;
  const canonical = (cache.get(key) as Obj | undefined) ?? schema;
  cache.set(key, canonical);
  // Most examples are valid: those certainly valid need no validator (compiling one per schema is most of an open).
  if (dialect === 'draft4') {
    let check = cache.get(Draft4Check) as Draft4Check | undefined;
    if (!check) cache.set(Draft4Check, (check = new Draft4Check()));
    if (check.certainlyValid(value, canonical)) return undefined;
  }
  return validateAgainst(value, canonical, dialect, false, path, cache, prepare);
}

const MEDIA_ITEMS: Record<number, { field: string; multiple: boolean; keyed: boolean }[]> = {
  2: [{ field: 'examples', multiple: true, keyed: false }],
  3: [{ field: 'example', multiple: false, keyed: false }, { field: 'examples', multiple: true, keyed: true }],
};
const SCHEMA_ITEMS: Record<number, string[]> = { 2: ['example', 'x-example', 'default'], 3: ['example', 'default'] };
const REQUEST_MEDIA: Record<number, string[][]> = { 2: [], 3: [['components', 'requestBodies'], ['paths', '*', '*', 'requestBody']] };
const RESPONSE_MEDIA: Record<number, string[][]> = { 2: [['responses'], ['paths', '*', '*', 'responses']], 3: [['components', 'responses'], ['paths', '*', '*', 'responses']] };
/** The keywords json-schema-traverse descends into (its lists are properties of the function, untyped). */
const keywordLists = traverse as unknown as Record<'keywords' | 'arrayKeywords' | 'propsKeywords', Record<string, boolean>>;
const TRAVERSED_KEYWORDS = [...Object.keys(keywordLists.keywords), ...Object.keys(keywordLists.arrayKeywords), ...Object.keys(keywordLists.propsKeywords)];

const under = (path: JsonPath, prefixes: string[][]): boolean => prefixes.some((prefix) => prefix.every((segment, i) => segment === '*' || segment === path[i]));

/** The examples to check in a Media Type (or 2.0 response): `example`, or each of `examples` (their `value`). */
function mediaItems(target: Obj, path: JsonPath, version: number): { value: unknown; path: JsonPath }[] {
  for (const { field, keyed, multiple } of MEDIA_ITEMS[version]) {
    if (!(field in target)) continue;
    const value = target[field];
    if (!multiple) return [{ value, path: [...path, field] }];
    if (!isObject(value)) continue;
    const items: { value: unknown; path: JsonPath }[] = [];
    for (const [key, example] of Object.entries(value)) {
      if (version === 3 && keyed && (!isObject(example) || 'externalValue' in example)) continue;
      items.push({ value: keyed && isObject(example) ? example.value : example, path: [...path, field, key, ...(keyed ? ['value'] : [])] });
    }
    return items;
  }
  return [];
}

/** A schema prepared as Spectral prepares it: `id` dropped where it is data, readOnly/writeOnly properties no longer required where they are not sent. */
function prepareSchema(schema: Obj, relaxReadOnly: boolean, relaxWriteOnly: boolean): void {
  traverse(schema, { allKeys: true }, (fragment, _ptr, _root, _parentPtr, parentKeyword) => {
    if (parentKeyword === undefined || TRAVERSED_KEYWORDS.includes(parentKeyword)) return;
    // Spectral deletes `id` both for `id` and for `$id`.
    if ('id' in fragment || '$id' in fragment) delete fragment.id;
  });
  if (!relaxReadOnly && !relaxWriteOnly) return;
  const notPointers: string[] = [];
  traverse(schema, {}, (fragment, ptr, _root, parentPtr, parentKeyword, parent, property) => {
    if (parentKeyword === 'not') {
      notPointers.push(ptr);
      return;
    }
    if (parentPtr !== undefined && notPointers.some((p) => parentPtr === p || parentPtr.startsWith(`${p}/`))) return;
    if ((fragment.readOnly === true && relaxReadOnly) || (fragment.writeOnly === true && relaxWriteOnly)) {
      if (parentKeyword === 'properties' && parent && (parent.required === undefined || Array.isArray(parent.required))) {
        parent.required = (parent.required as unknown[] | undefined)?.filter((p) => p !== property);
        if ((parent.required as unknown[] | undefined)?.length === 0) delete parent.required;
      }
    }
  });
}

const oasExample: RulesetFunction = {
  name: 'oasExample',
  // It reads of its place only whether it is a request's or a response's media, and of the document its schema dialect.
  memoKey: ({ path, formats, document }) => `${[2, 3].map((v) => `${under(path, REQUEST_MEDIA[v])},${under(path, RESPONSE_MEDIA[v])}`).join(';')};${dialectOf(formats, document)}`,
  options: { oasVersion: '2 or 3.', schemaField: 'Where the schema is (`$`: the value itself).', type: '`media` (a Media Type\'s examples) or `schema` (a schema\'s example and default).' },
  checkOptions: (o) => (isObject(o) && [2, 3].includes(o.oasVersion as number) && typeof o.schemaField === 'string' && ['media', 'schema'].includes(o.type as string) ? undefined : '"oasExample" function needs { oasVersion: 2 | 3, schemaField, type: media | schema }'),
  accepts: isObject,
  run(input, options, { path, formats, document, cache }) {
    const target = input as Obj;
    const o = options as { oasVersion: 2 | 3; schemaField: string; type: 'media' | 'schema' };
    const written = o.schemaField === '$' ? target : target[o.schemaField];
    if (!isObject(written)) return undefined;
    let schema: Obj = written;
    if (formats.has('oas2') && typeof schema.required === 'boolean') {
      schema = { ...schema };
      delete schema.required;
    }
    schema = JSON.parse(JSON.stringify(schema)) as Obj;
    const media = o.type === 'media';
    prepareSchema(schema, media && under(path, REQUEST_MEDIA[o.oasVersion]), media && under(path, RESPONSE_MEDIA[o.oasVersion]));
    const items = media ? mediaItems(target, path, o.oasVersion) : SCHEMA_ITEMS[o.oasVersion].filter((f) => f in target).map((f) => ({ value: target[f], path: [...path, f] }));
    let results: FunctionResult[] | undefined;
    for (const item of items) {
      const found = checkOasSchema(item.value, schema, item.path, formats, document, cache);
      if (found) (results ??= []).push(...found);
    }
    return results;
  },
};

/** Whether a Server Object has the shape `serverVariables` reads (Spectral reports "Invalid Server Object" otherwise). */
function validServer(input: unknown): input is { url: string; variables?: Record<string, Obj> } {
  if (!isObject(input) || typeof input.url !== 'string') return false;
  if (input.variables === undefined) return true;
  if (!isObject(input.variables)) return false;
  const fields: Record<string, (v: unknown) => boolean> = {
    enum: (v) => Array.isArray(v) && v.every((e) => typeof e === 'string'),
    default: (v) => typeof v === 'string', description: (v) => typeof v === 'string', examples: (v) => typeof v === 'string',
  };
  return Object.values(input.variables).every((variable) => isObject(variable) && Object.entries(variable).every(([k, v]) => k.startsWith('x-') || (k in fields && fields[k](v))));
}

/** Every substitution of the variables' values into the URL, in Spectral's order. */
function* substitutions(url: string, variables: [string, string[]][], i = 0): Generator<string> {
  const [name, values] = variables[i];
  const placeholder = new RegExp(`{${name}}`.replace(/[\\^$*+?.()|[\]{}]/g, '\\$&'), 'g');
  for (const value of values) {
    const substituted = url.replace(placeholder, () => encodeURI(value));
    if (i === variables.length - 1) yield substituted;
    else yield* substitutions(substituted, variables, i + 1);
  }
}

const serverVariables: RulesetFunction = {
  name: 'serverVariables',
  memoKey: lastSegment,
  options: { checkSubstitutions: 'Each substitution of the variables\' values must give a valid URL.', requireDefault: 'Each variable must have a default.' },
  checkOptions: (o) => (o === undefined || o === null || (isObject(o) && Object.entries(o).every(([k, v]) => ['checkSubstitutions', 'requireDefault'].includes(k) && typeof v === 'boolean')) ? undefined : '"serverVariables" function takes { checkSubstitutions?: boolean, requireDefault?: boolean }'),
  run(input, options, { path }) {
    if (!validServer(input)) return [{ message: 'Invalid Server Object' }];
    const o = (isObject(options) ? options : {}) as { checkSubstitutions?: boolean; requireDefault?: boolean };
    const { url, variables } = input;
    const results: FunctionResult[] = [];
    const found = (url.match(/{(.+?)}/g) ?? []).map((v) => v.slice(1, -1));
    const defined = variables === undefined ? [] : Object.keys(variables);
    for (const name of defined.filter((d) => !found.includes(d))) results.push({ message: `Server's "variables" object has unused defined "${name}" url variable.`, path: [...path, 'variables', name] });
    if (!found.length) return results;
    const missing = defined.length === 0 ? found : found.filter((f) => !defined.includes(f));
    if (missing.length) results.push({ message: `Not all server's variables are described with "variables" object. Missed: ${missing.join(', ')}.`, path: [...path, 'variables'] });
    if (variables === undefined) return results;
    const pairs: [string, string[]][] = [];
    for (const key of defined) {
      if (!found.includes(key)) continue;
      const variable = variables[key];
      if (variable.enum !== undefined) {
        const values = variable.enum as string[];
        pairs.push([key, values]);
        if (variable.default !== undefined && !values.includes(variable.default as string)) results.push({ message: `Server Variable "${key}" has a default not listed in the enum.`, path: [...path, 'variables', key, 'default'] });
      } else pairs.push([key, variable.default !== undefined ? [variable.default as string] : []]);
      if (variable.default === undefined && o.requireDefault === true) results.push({ message: `Server Variable "${key}" has a missing default.`, path: [...path, 'variables', key] });
    }
    if (o.checkSubstitutions === true && pairs.length) {
      const invalid: string[] = [];
      for (const substituted of substitutions(url, pairs)) {
        try {
          new URL(substituted);
        } catch {
          invalid.push(substituted);
          if (invalid.length === 5) break;
        }
      }
      if (invalid.length === 5) results.push({ message: `At least 5 substitutions of server variables resulted in invalid URLs: ${invalid.join(', ')} and more`, path: [...path, 'variables'] });
      else if (invalid.length) results.push({ message: `A few substitutions of server variables resulted in invalid URLs: ${invalid.join(', ')}`, path: [...path, 'variables'] });
    }
    return results;
  },
};

export const OAS_VALUE_FUNCTIONS: readonly RulesetFunction[] = [oasExample, serverVariables];
