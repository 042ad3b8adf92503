import type { ApiReferenceModel, ApiSchema, ApiSourceAt } from '../../protocol';

/** Where a place of the spec is, as `file:line:col` relative to the document (undefined when unknown). */
export type PlaceOf = (at: ApiSourceAt | undefined) => string | undefined;

/** The mark of a broken place (a `$ref` that leads nowhere): what is wrong and where. */
export function unresolved(broken: string, place: string | undefined): string {
  return `**Unresolved**${place ? ` at \`${place}\`` : ''}: ${broken}`;
}

/** One row of a schema table: a field path, its type, whether it is required, and what else it says. */
export interface SchemaRow {
  field: string;
  type: string;
  required: boolean;
  /** Markdown: the description, then enums, bounds, defaults, read-only… */
  description: string;
}

/** Tables stop here: a reviewer reads the rest in the spec. */
const MAX_ROWS = 300;
const MAX_DEPTH = 8;

/**
 * A schema as the rows of a table: objects by their properties (dotted paths), arrays by their
 * items (`lines[].sku`), `allOf` merged, `oneOf`/`anyOf` listed and each variant's fields marked.
 * A schema met again inside itself is named, not expanded.
 */
export function schemaRows(model: Pick<ApiReferenceModel, 'schemas'>, schema: ApiSchema | undefined, where?: PlaceOf): { rows: SchemaRow[]; truncated: boolean } {
  const rows: SchemaRow[] = [];
  let truncated = false;
  const add = (row: SchemaRow): void => {
    if (rows.length >= MAX_ROWS) truncated = true;
    else rows.push(row);
  };

  const walk = (s: ApiSchema, path: string, required: boolean, seen: string[], depth: number, own: boolean): void => {
    const resolved = resolve(model, s);
    if (own) add({ field: path, type: typeLabel(model, s), required, description: details(model, s, 0, where) });
    if (depth >= MAX_DEPTH || (s.ref && seen.includes(s.ref))) return;
    const nextSeen = s.ref ? [...seen, s.ref] : seen;
    for (const { name, required: req, schema } of properties(model, resolved, nextSeen)) {
      walk(schema, path ? `${path}.${name}` : name, req, nextSeen, depth + 1, true);
    }
    const items = resolved.items ?? (resolved.prefixItems?.length ? resolved.prefixItems[0] : undefined);
    if (items) walk(items, `${path}[]`, false, nextSeen, depth + 1, false);
    // A map (`additionalProperties: schema`): its values under `*`, whatever their keys.
    if (typeof resolved.additionalProperties === 'object') walk(resolved.additionalProperties, path ? `${path}.*` : '*', false, nextSeen, depth + 1, true);
    const variants = resolved.oneOf ?? resolved.anyOf;
    variants?.forEach((variant, i) => {
      const label = variant.ref ? model.schemas[variant.ref]?.name ?? `option ${i + 1}` : `option ${i + 1}`;
      const before = rows.length;
      walk(variant, path, false, nextSeen, depth + 1, false);
      for (let r = before; r < rows.length; r++) rows[r].description = `*${resolved.oneOf ? 'one of' : 'any of'}: ${label}* ${rows[r].description}`.trim();
    });
  };

  if (schema) {
    const resolved = resolve(model, schema);
    const isObject = !!properties(model, resolved, []).length;
    // The body itself gets a row when it is not a plain object (an array, a string, a union).
    walk(schema, '', true, [], 0, false);
    if (!isObject) rows.unshift({ field: '(body)', type: typeLabel(model, schema), required: true, description: details(model, schema, 0, where) });
  }
  return { rows, truncated };
}

function resolve(model: Pick<ApiReferenceModel, 'schemas'>, schema: ApiSchema): ApiSchema {
  let current = schema;
  for (let hops = 0; current.ref && hops < 16; hops++) {
    const target = model.schemas[current.ref]?.schema;
    if (!target) break;
    // 3.1 siblings of `$ref` (a description) win over the target's.
    const siblings: ApiSchema = { ...current };
    delete siblings.ref;
    delete siblings.at;
    current = { ...target, ...siblings, ref: target.ref };
    if (!target.ref) delete current.ref;
  }
  return current;
}

/** Properties of a schema, with `allOf` parts merged in. */
function properties(model: Pick<ApiReferenceModel, 'schemas'>, schema: ApiSchema, seen: string[]): { name: string; required: boolean; schema: ApiSchema }[] {
  const list = [...(schema.properties ?? [])];
  for (const part of schema.allOf ?? []) {
    if (part.ref && seen.includes(part.ref)) continue;
    for (const prop of properties(model, resolve(model, part), part.ref ? [...seen, part.ref] : seen)) {
      const existing = list.findIndex((p) => p.name === prop.name);
      if (existing >= 0) list[existing] = { ...prop, required: prop.required || list[existing].required };
      else list.push(prop);
    }
  }
  return list;
}

/** `string (date-time)`, `array of Line`, `Customer`, `integer | null`, `one of A, B`. */
export function typeLabel(model: Pick<ApiReferenceModel, 'schemas'>, schema: ApiSchema, depth = 0): string {
  if (schema.broken) return 'unresolved';
  const named = schema.ref ? model.schemas[schema.ref] : undefined;
  const s = resolve(model, schema);
  const name = named ? named.name : undefined;
  const types = s.type ?? (s.properties ? ['object'] : s.items ? ['array'] : []);
  if (s.oneOf || s.anyOf) {
    const variants = (s.oneOf ?? s.anyOf)!.map((v) => typeLabel(model, v, depth + 1));
    return `${name ? `${name}: ` : ''}${s.oneOf ? 'one of' : 'any of'} ${variants.join(', ')}`;
  }
  if (name && types.every((t) => t === 'object' || t === 'null') && !s.enum) return types.includes('null') ? `${name} | null` : name;
  // An unnamed `allOf` says what it combines (its fields are merged into the rows below it).
  if (s.allOf && !name && types.every((t) => t === 'object')) return `all of ${s.allOf.map((part) => typeLabel(model, part, depth + 1)).join(', ')}`;
  if (!types.length) return name ?? (s.enum ? 'enum' : 'any');
  return types.map((t) => {
    if (t === 'array') return depth < 3 && s.items ? `array of ${typeLabel(model, s.items, depth + 1)}` : 'array';
    return s.format && t !== 'null' ? `${t} (${s.format})` : t;
  }).join(' | ');
}

/** What a reviewer needs beside the type: the description and every constraint, as Markdown. */
export function details(model: Pick<ApiReferenceModel, 'schemas'>, schema: ApiSchema, depth = 0, where?: PlaceOf): string {
  if (schema.broken) return unresolved(schema.broken, where?.(schema.at));
  const s = resolve(model, schema);
  const parts: string[] = [];
  if (s.description) parts.push(s.description.trim().replace(/\s*\n\s*/g, ' ').replace(/([^.!?:])$/, '$1.'));
  if (s.enum) parts.push(`One of: ${s.enum.map((v) => '`' + JSON.stringify(v) + '`').join(', ')}.`);
  if (s.const !== undefined) parts.push(`Always \`${JSON.stringify(s.const)}\`.`);
  if (s.bounds) parts.push(s.bounds.map((b) => '`' + b + '`').join(', ') + '.');
  if (s.default !== undefined) parts.push(`Default \`${JSON.stringify(s.default)}\`.`);
  if (s.examples?.length) parts.push(`Example \`${truncate(JSON.stringify(s.examples[0]) ?? '', 80)}\`.`);
  if (s.discriminator) parts.push(`Discriminator \`${s.discriminator}\`.`);
  if (s.readOnly) parts.push('Read-only.');
  if (s.writeOnly) parts.push('Write-only.');
  if (s.deprecated) parts.push('**Deprecated.**');
  // Variants without fields of their own (`string` with an enum, `null`) have no rows: their constraints are said here.
  const variants = s.oneOf ?? s.anyOf;
  if (variants && depth < 2) {
    variants.forEach((variant, i) => {
      const own = resolve(model, variant);
      if (own.properties?.length || own.allOf) return;
      const said = details(model, variant, depth + 1, where);
      if (said) parts.push(`Option ${i + 1} (${typeLabel(model, variant, depth + 1)}): ${said}`);
    });
  }
  return parts.join(' ');
}

function truncate(text: string, max: number): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}
