// Seeded mutations of OpenAPI documents' values, the way people break a specification: a key
// dropped or misspelt, a value of the wrong type, a required key removed, two values swapped.
// Each mutation is a few numbers (what it acts on, which variant), so fast-check prints a failing
// case in a form that replays exactly, and shrinks it to fewer mutations.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { oasRootSchema } from '../../server/src/service/openapi/schema/oasAjv';
import type { OasVersion } from '../../server/src/service/openapi/schemaValidation';
import { parseText, syntaxOf } from '../../server/src/service/parser';
import { generateSpec } from '../bench/generateSpec';

export type ValueMutation = { op: 'drop' | 'rename' | 'retype' | 'dropRequired' | 'swap'; a: number; b: number; c: number };

export const valueMutation: fc.Arbitrary<ValueMutation> = fc.record({
  op: fc.constantFrom('drop' as const, 'rename' as const, 'retype' as const, 'dropRequired' as const, 'swap' as const),
  a: fc.nat(),
  b: fc.nat(),
  c: fc.nat(),
});

type Container = Record<string, unknown> | unknown[];
interface Member {
  parent: Container;
  key: string | number;
  path: (string | number)[];
}

function members(value: unknown): Member[] {
  const out: Member[] = [];
  const walk = (node: unknown, path: (string | number)[]) => {
    if (Array.isArray(node)) node.forEach((item, i) => (out.push({ parent: node, key: i, path: [...path, i] }), walk(item, [...path, i])));
    else if (typeof node === 'object' && node !== null) {
      for (const [key, child] of Object.entries(node)) {
        out.push({ parent: node as Record<string, unknown>, key, path: [...path, key] });
        walk(child, [...path, key]);
      }
    }
  };
  walk(value, []);
  return out;
}

const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Every key some `required` of the three official schemas names. */
const requiredKeys = (() => {
  const keys = new Set<string>();
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      for (const [key, child] of Object.entries(node)) {
        if (key === 'required' && Array.isArray(child)) child.forEach((k) => typeof k === 'string' && keys.add(k));
        walk(child);
      }
    }
  };
  for (const version of ['2.0', '3.0', '3.1'] as const) walk(oasRootSchema(version));
  return keys;
})();

/** A misspelling as people make them: a letter lost, doubled, swapped or changed, a wrong case, a plural. */
export function typo(key: string, n: number): string {
  if (key.length === 0) return 'x';
  const at = n % key.length;
  switch (n % 6) {
    case 0:
      return key.length > 1 ? key.slice(0, at) + key.slice(at + 1) : key + key;
    case 1:
      return key.slice(0, at + 1) + key[at] + key.slice(at + 1);
    case 2:
      return at + 1 < key.length ? key.slice(0, at) + key[at + 1] + key[at] + key.slice(at + 2) : key + 'e';
    case 3:
      return key.charAt(0) === key.charAt(0).toUpperCase() ? key.charAt(0).toLowerCase() + key.slice(1) : key.charAt(0).toUpperCase() + key.slice(1);
    case 4:
      return key + 's';
    default:
      return key.slice(0, at) + 'x' + key.slice(at + 1);
  }
}

/** A value of another type than `old`, sometimes built from it (`[old]`, `{ old }`, `"42"`). */
function retyped(old: unknown, n: number): unknown {
  const candidates: unknown[] = [
    typeof old === 'number' || typeof old === 'boolean' ? String(old) : 'text',
    typeof old === 'string' && /^\d+$/.test(old) ? Number(old) : n % 2 ? 42 : 2.5,
    n % 3 === 0,
    n % 2 ? [] : [old],
    n % 2 ? {} : { value: old },
    null,
  ];
  const others = candidates.filter((c) => kind(c) !== kind(old));
  return others[n % others.length];
}

function rename(parent: Record<string, unknown>, from: string, to: string): void {
  if (Object.hasOwn(parent, to)) return;
  const entries = Object.entries(parent).map(([k, v]) => [k === from ? to : k, v] as const);
  for (const k of Object.keys(parent)) delete parent[k];
  for (const [k, v] of entries) parent[k] = v;
}

const isPrefix = (a: (string | number)[], b: (string | number)[]) => a.length <= b.length && a.every((s, i) => s === b[i]);

/** `document` changed by `m` in place (a mutation with nothing to act on changes nothing). */
export function applyValueMutation(document: unknown, m: ValueMutation): void {
  const all = members(document);
  const ofObjects = all.filter((x) => !Array.isArray(x.parent));
  switch (m.op) {
    case 'drop': {
      const x = ofObjects[m.a % ofObjects.length];
      if (x) delete (x.parent as Record<string, unknown>)[x.key];
      return;
    }
    case 'dropRequired': {
      const required = ofObjects.filter((x) => requiredKeys.has(String(x.key)));
      const x = required[m.a % required.length];
      if (x) delete (x.parent as Record<string, unknown>)[x.key];
      return;
    }
    case 'rename': {
      const x = ofObjects[m.a % ofObjects.length];
      if (x) rename(x.parent as Record<string, unknown>, String(x.key), typo(String(x.key), m.c));
      return;
    }
    case 'retype': {
      const x = all[m.a % all.length];
      if (x) (x.parent as Record<string | number, unknown>)[x.key] = retyped((x.parent as Record<string | number, unknown>)[x.key], m.c);
      return;
    }
    case 'swap': {
      const x = all[m.a % all.length];
      if (!x) return;
      const value = (x.parent as Record<string | number, unknown>)[x.key];
      const others = all.filter((y) => kind((y.parent as Record<string | number, unknown>)[y.key]) !== kind(value) && !isPrefix(x.path, y.path) && !isPrefix(y.path, x.path));
      const y = others[m.b % others.length];
      if (!y) return;
      (x.parent as Record<string | number, unknown>)[x.key] = (y.parent as Record<string | number, unknown>)[y.key];
      (y.parent as Record<string | number, unknown>)[y.key] = value;
      return;
    }
  }
}

export interface Seed {
  name: string;
  version: OasVersion;
  value: unknown;
}

export function versionOf(value: unknown): OasVersion | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (record.swagger === '2.0') return '2.0';
  if (typeof record.openapi === 'string') return record.openapi.startsWith('3.1') ? '3.1' : record.openapi.startsWith('3.0') ? '3.0' : undefined;
  return undefined;
}

/** The OpenAPI documents among examples/specs and test/fixtures, and generated ones of each version, as our parser reads them. */
export function seedDocuments(): Seed[] {
  const seeds: Seed[] = [];
  // The same document written as YAML and as JSON is one seed: the mutations act on values.
  const seen = new Set<string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ya?ml|json)$/.test(name)) {
        const text = readFileSync(path, 'utf8');
        const { value } = parseText(text, syntaxOf(path, text));
        const version = versionOf(value);
        const key = JSON.stringify(value);
        if (version && !seen.has(key)) seeds.push({ name: path, version, value });
        seen.add(key);
      }
    }
  };
  walk('examples/specs');
  walk('test/fixtures');
  for (const version of ['2.0', '3.0', '3.1'] as const) seeds.push({ name: `generated ${version}`, version, value: parseText(generateSpec(120, version), 'yaml').value });
  return seeds;
}
