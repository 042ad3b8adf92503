// Shared by the generators of schema validators (scripts/oasValidators.ts, scripts/asyncapiValidators.ts).

/**
 * Each definition of the schema (Operation, Schema, Response…) has a function of its own in the
 * generated code. They are wrapped so that an object found valid is not validated again: an edit
 * gives a new value only along the path to what changed (the parsers keep the other objects), so
 * re-checking a big document after a keystroke validates that path and skips everything else.
 *
 * This is sound because these validators read nothing but the value they are given: the schemas
 * use no `$data`, and their dynamic references are replaced by plain ones (oasAjv.ts), so the
 * `rootData` and `dynamicAnchors` they pass along are never read. What a call tells its caller
 * besides validity, the properties it evaluated (for `unevaluatedProperties`), is remembered with
 * it. Only successes are remembered: a failure is validated again, for its errors.
 */
export function rememberValidObjects(code: string): string {
  const declaration = /\bfunction (validate(\d+))\(data, \{/g;
  const names: string[] = [];
  const renamed = code.replace(declaration, (whole, name: string, n: string) => {
    if (n === '0') return whole; // the root: called once per check, on an object that changes with every edit
    names.push(name);
    return `function ${name}Unremembered(data, {`;
  });
  if (!names.length || !code.includes('module.exports = validate0;')) throw new Error('unexpected shape of the generated validators');
  // A definition that holds itself (Schema Objects nest) calls itself through a wrapper object that
  // nothing else uses: those calls go straight to the validator, so a Schema Object nested in a
  // remembered one is skipped with it, and the nested ones are not remembered each (which would
  // cost the first check more than it saves). What such a caller reads afterwards, the errors and
  // evaluated properties, the validator sets on its remembering function, which it names.
  const starts = [...renamed.matchAll(/\bfunction (validate\d+)(?:Unremembered)?\(data, \{/g)];
  const bodies = starts.map((m, i) => ({ name: m[1], body: renamed.slice(m.index, starts[i + 1]?.index ?? renamed.length) }));
  const direct: string[] = [];
  const withDirectCalls = renamed.replace(/const (wrapper\d+) = \{validate: (validate\d+)\};/g, (whole, wrapper: string, name: string) => {
    const users = bodies.filter(({ body }) => body.includes(`${wrapper}.validate(`)).map((b) => b.name);
    if (!names.includes(name) || users.length !== 1 || users[0] !== name) return whole;
    direct.push(name);
    return `const ${wrapper} = {validate: ${name}Unremembered};`;
  });
  const wrappers = names.map((name) => `
const ${name}Valid = new WeakMap();
function ${name}(data, options) {
  if (typeof data !== "object" || data === null) return ${name}Unremembered(data, options);
  const known = ${name}Valid.get(data);
  if (known !== undefined) {
    ${name}.errors = null;
    if (known !== true) { ${name}.evaluated.props = known.props; ${name}.evaluated.items = known.items; }
    return true;
  }
  if (!${name}Unremembered(data, options)) return false;
  const evaluated = ${name}.evaluated;
  ${name}Valid.set(data, evaluated && (evaluated.dynamicProps || evaluated.dynamicItems) ? { props: evaluated.props, items: evaluated.items } : true);
  return true;
}`);
  const aliases = direct.map((name) => `Object.defineProperties(${name}Unremembered, { errors: { get: () => ${name}.errors }, evaluated: { get: () => ${name}.evaluated } });`);
  return withDirectCalls + '\n' + wrappers.join('\n') + '\n' + aliases.join('\n') + '\n';
}
