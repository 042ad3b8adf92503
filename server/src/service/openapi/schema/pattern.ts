const compiled = new Map<string, RegExp | null>();

/**
 * A schema's `pattern` (or a `patternProperties` key) as a regular expression: Unicode-aware where
 * JavaScript reads it so, as written otherwise, null when JavaScript cannot read it (then it is not
 * checked). Compiled once per text.
 */
export function schemaPattern(source: string): RegExp | null {
  let re = compiled.get(source);
  if (re === undefined) {
    try {
      re = new RegExp(source, 'u');
    } catch {
      try {
        re = new RegExp(source);
      } catch {
        re = null;
      }
    }
    compiled.set(source, re);
  }
  return re;
}
