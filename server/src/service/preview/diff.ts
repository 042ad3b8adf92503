import { escapePointerSegment } from '../pointer';

/** One difference between an expected (golden) output and the actual one, at a JSON pointer. */
export interface DiffEntry {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  expected?: unknown;
  actual?: unknown;
}

/** At most this many differences are listed. */
export const MAX_DIFFERENCES = 200;

/** Differences by path: members only in the actual output are `added`, only in the expected `removed`. */
export function diffValues(expected: unknown, actual: unknown, path = '', out: DiffEntry[] = []): DiffEntry[] {
  if (out.length >= MAX_DIFFERENCES) return out;
  if (isObject(expected) && isObject(actual)) {
    for (const key of Object.keys(expected)) {
      const p = path + '/' + escapePointerSegment(key);
      if (!Object.prototype.hasOwnProperty.call(actual, key) || actual[key] === undefined) out.push({ path: p, kind: 'removed', expected: expected[key] });
      else diffValues(expected[key], actual[key], p, out);
      if (out.length >= MAX_DIFFERENCES) return out;
    }
    for (const key of Object.keys(actual)) {
      if (actual[key] === undefined || Object.prototype.hasOwnProperty.call(expected, key)) continue;
      out.push({ path: path + '/' + escapePointerSegment(key), kind: 'added', actual: actual[key] });
      if (out.length >= MAX_DIFFERENCES) return out;
    }
    return out;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const n = Math.max(expected.length, actual.length);
    for (let i = 0; i < n && out.length < MAX_DIFFERENCES; i++) {
      const p = `${path}/${i}`;
      if (i >= actual.length) out.push({ path: p, kind: 'removed', expected: expected[i] });
      else if (i >= expected.length) out.push({ path: p, kind: 'added', actual: actual[i] });
      else diffValues(expected[i], actual[i], p, out);
    }
    return out;
  }
  if (!Object.is(expected, actual) && !(expected === undefined && actual === undefined)) {
    if (expected === undefined) out.push({ path, kind: 'added', actual });
    else if (actual === undefined) out.push({ path, kind: 'removed', expected });
    else out.push({ path, kind: 'changed', expected, actual });
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}
