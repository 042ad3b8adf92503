/**
 * What an edit changed in a document's plain value, found by object identity: the parser keeps
 * every value object an edit did not touch identical, so two versions differ only along the chains
 * of objects that are new. The result is a tree of the keys whose values are not the same objects
 * (`true`: replaced, added or removed as a whole); whatever it does not name is unchanged.
 */
export type ValueChanges = Map<string, ValueChanges | true>;

type Container = Record<string, unknown> | unknown[];

const isContainer = (value: unknown): value is Container => typeof value === 'object' && value !== null;

/**
 * The changes from `before` to `after`; undefined when they are the same object, `true` when the
 * whole value was replaced, 'unknown' when more than `budget` members had to be looked at (the two
 * were not parsed one from the other, and looking would cost more than it saves).
 */
export function valueChanges(before: unknown, after: unknown, budget = 20_000): ValueChanges | true | undefined | 'unknown' {
  let left = budget;
  const walk = (a: unknown, b: unknown): ValueChanges | true | undefined => {
    if (a === b) return undefined;
    if (!isContainer(a) || !isContainer(b) || Array.isArray(a) !== Array.isArray(b)) return true;
    const changes: ValueChanges = new Map();
    const aKeys = Object.keys(a);
    const bKeys = Object.keys(b);
    left -= aKeys.length + bKeys.length;
    if (left < 0) throw OVER_BUDGET;
    const aRecord = a as Record<string, unknown>;
    const bRecord = b as Record<string, unknown>;
    for (const key of bKeys) {
      if (aRecord[key] === bRecord[key]) continue;
      const inner = Object.hasOwn(aRecord, key) ? walk(aRecord[key], bRecord[key]) : true;
      if (inner) changes.set(key, inner);
    }
    for (const key of aKeys) if (!Object.hasOwn(bRecord, key)) changes.set(key, true);
    return changes;
  };
  try {
    return walk(before, after);
  } catch (error) {
    if (error === OVER_BUDGET) return 'unknown';
    throw error;
  }
}

const OVER_BUDGET = new Error('over budget');

/** Whether the value at `path` is the same object in both versions the changes were found between. */
export function unchangedAt(changes: ValueChanges | true | undefined, path: readonly string[]): boolean {
  let node = changes;
  for (const segment of path) {
    if (node === undefined) return true;
    if (node === true) return false;
    node = node.get(segment);
  }
  return node === undefined;
}
