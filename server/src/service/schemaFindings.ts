// Our own JSON Schemas (mapping, flow, snippet library) checked with Ajv, and Ajv's errors made
// readable: one problem per defect, worded for the person who wrote the file, at the key or value
// it is about. The wording follows the OpenAPI schema findings (openapi/schema/explain.ts).
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { typeList, typePhrase, typePlural, valuePhrase } from './jsonTypes';
import { code, label } from './openapi/schema/wording';
import { AstNode, findNodeAtPath } from './parser/ast';
import { pointerSegments } from './pointer';
import { closestMatch, didYouMean } from './suggest';

type SchemaObject = { [keyword: string]: unknown };
type Path = (string | number)[];

/** A validator for one of our schemas, compiled on first use. Errors carry their schemas (`verbose`). */
export function schemaChecker(schema: object): (value: unknown) => ErrorObject[] {
  let validate: ValidateFunction | undefined;
  return (value) => {
    validate ??= new Ajv({ allErrors: true, strict: false, verbose: true }).compile(schema);
    return validate(value) ? [] : [...(validate.errors ?? [])];
  };
}

/** One defect, at the node to underline. */
export interface SchemaProblem {
  /** The Ajv keyword that failed (`oneOf` when no alternative fits the value at all). */
  keyword: string;
  /** Where the value is in the document. */
  path: Path;
  node: AstNode;
  /** Underline the node's key rather than its value. */
  onKey: boolean;
  message: string;
  error: ErrorObject;
}

export interface SchemaWords {
  /** How the whole document is named: "A flow", "The mapping". */
  document: string;
  /** What an object at a path is, when it has a name of its own: `step`, `field`, `snippet`. */
  noun?(path: Path): string | undefined;
  /** A message of the document's own for an error; undefined keeps the shared wording. */
  explain?(error: ErrorObject, subject: string, node: AstNode): string | undefined;
}

/** Ajv's errors for a document's value, as one problem per defect. */
export function schemaProblems(root: AstNode, errors: ErrorObject[], words: SchemaWords): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const error of relevantErrors(errors)) {
    const path: Path = pointerSegments(error.instancePath).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    const node = findNodeAtPath(root, path);
    if (!node) continue;
    const found = explain(error, path, node, words);
    if (!found) continue;
    const problem = { keyword: error.keyword, path, error, ...found };
    const key = `${problem.node.offset}:${problem.onKey}:${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

/** The start and length to underline for a problem: the key, or the value (nothing of a whole document). */
export function problemRange(problem: SchemaProblem, root: AstNode): { offset: number; length: number } {
  const { node } = problem;
  if (problem.onKey && node.keyOffset >= 0) return { offset: node.keyOffset, length: node.keyLength };
  return { offset: node.offset, length: node === root ? 0 : node.length };
}

const params = (error: ErrorObject) => error.params as Record<string, unknown>;

/**
 * The errors worth reporting. Of a failed `oneOf`/`anyOf`, only the alternative the value
 * evidently meant (its type fits) speaks; when none fits, the summary does. A misspelt key
 * (`too:`) also makes its right spelling missing: the misspelling is the one defect.
 */
export function relevantErrors(errors: ErrorObject[]): ErrorObject[] {
  const dropped = new Set<ErrorObject>();
  const within = (error: ErrorObject, choice: ErrorObject, branch: number) =>
    error.schemaPath.startsWith(`${choice.schemaPath}/${branch}/`) && (error.instancePath === choice.instancePath || error.instancePath.startsWith(choice.instancePath + '/'));
  for (const choice of errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf')) {
    const branches = Array.isArray(choice.schema) ? choice.schema.length : 0;
    const ofBranch = Array.from({ length: branches }, (_, i) => errors.filter((e) => e !== choice && within(e, choice, i)));
    const fitting = ofBranch
      .map((list, i) => ({ list, i }))
      .filter(({ list, i }) => list.length > 0 && !list.some((e) => e.keyword === 'type' && e.instancePath === choice.instancePath && e.schemaPath === `${choice.schemaPath}/${i}/type`))
      .sort((a, b) => a.list.length - b.list.length);
    ofBranch.forEach((list, i) => {
      if (fitting[0]?.i !== i) list.forEach((e) => dropped.add(e));
    });
    if (fitting.length) dropped.add(choice);
  }
  const misspelt = new Set(errors.filter((e) => e.keyword === 'additionalProperties' && !dropped.has(e)).map((e) => `${e.instancePath}|${closestMatch(String(params(e).additionalProperty), allowedKeys(e))}`));
  return errors.filter((e) => {
    if (dropped.has(e) || e.keyword === 'if' || e.keyword === 'propertyNames') return false;
    return !((e.keyword === 'required' || e.keyword === 'dependencies') && misspelt.has(`${e.instancePath}|${params(e).missingProperty}`));
  });
}

/** The keys the object of an `additionalProperties` error may have (its schema's `properties`). */
export function allowedKeys(error: ErrorObject): string[] {
  const properties = (error.parentSchema as SchemaObject | undefined)?.properties;
  return properties && typeof properties === 'object' ? Object.keys(properties) : [];
}

function explain(error: ErrorObject, path: Path, node: AstNode, words: SchemaWords): { node: AstNode; onKey: boolean; message: string } | undefined {
  const noun = words.noun?.(path);
  const subject = path.length === 0 ? words.document : noun ? `This ${noun}` : label(path);
  const member = (key: unknown) => node.children?.find((c) => c.key === key);
  const own = words.explain?.(error, subject, node);
  const p = params(error);
  const onValue = (message: string) => ({ node, onKey: false, message });
  // An object in a list has no key of its own: its first key stands for it.
  const onKey = (message: string, at: AstNode = node) => ({ node: at.keyOffset < 0 && at.children?.length ? at.children[0] : at, onKey: true, message });

  if (typeof error.propertyName === 'string') {
    const key = member(error.propertyName);
    const message = own ?? `${code(error.propertyName)} is not a valid key here: ${error.message ?? 'it does not fit'}.`;
    return key ? { node: key, onKey: true, message } : undefined;
  }
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const child = member(key);
      if (!child) return undefined;
      const allowed = allowedKeys(error);
      const suggestion = closestMatch(key, allowed);
      const message = own ?? `Unknown key ${code(key)}` + (suggestion !== undefined ? `; did you mean ${code(suggestion)}?` : allowed.length ? `. Allowed: ${allowed.map(code).join(', ')}.` : '.');
      return { node: child, onKey: true, message };
    }
    case 'required':
      return onKey(own ?? `${subject} needs ${code(p.missingProperty)}.`);
    case 'dependencies': {
      const where = noun ? `in the same ${noun}` : 'beside it';
      return onKey(own ?? `${code(p.property)} needs ${code(p.missingProperty)} ${where}.`, member(p.property) ?? node);
    }
    case 'type':
      return onValue(own ?? `${subject} must be ${typeList(p.type)}, not ${valuePhrase(error.data)}.`);
    case 'const':
      return onValue(own ?? `${subject} must be ${JSON.stringify(p.allowedValue)}.`);
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map(String);
      return onValue(own ?? `${subject} must be one of ${allowed.map(code).join(', ')}${typeof error.data === 'string' ? didYouMean(error.data, allowed) : '.'}`);
    }
    case 'oneOf':
    case 'anyOf': {
      const forms = alternatives(error.schema);
      return onValue(own ?? (forms ? `${subject} must be ${forms}.` : `${subject} does not fit any of its allowed forms.`));
    }
    case 'minItems':
      return onValue(own ?? `${subject} needs at least ${p.limit} item${p.limit === 1 ? '' : 's'}.`);
    case 'maxItems':
      return onValue(own ?? `${subject} takes at most ${p.limit} item${p.limit === 1 ? '' : 's'}.`);
    case 'minProperties':
      return onValue(own ?? `${subject} needs at least ${p.limit} ${p.limit === 1 ? 'entry' : 'entries'}.`);
    case 'minLength':
      return onValue(own ?? (p.limit === 1 ? `${subject} must not be empty.` : `${subject} must be at least ${p.limit} characters long.`));
    case 'pattern':
      return onValue(own ?? `${subject} must match ${code(p.pattern)}.`);
    default:
      return onValue(own ?? `${subject} ${error.message ?? 'is not valid'}.`);
  }
}

/** The forms of a `oneOf`, in words: "a string or an array of strings"; undefined when they cannot be said simply. */
function alternatives(branches: unknown): string | undefined {
  if (!Array.isArray(branches)) return undefined;
  const forms: string[] = [];
  for (const branch of branches as SchemaObject[]) {
    if (!branch || typeof branch.type !== 'string') return undefined;
    const items = branch.items as SchemaObject | undefined;
    const plural = branch.type === 'array' && typeof items?.type === 'string' ? typePlural(items.type) : undefined;
    forms.push(typePhrase(branch.type) + (plural ? ` of ${plural}` : ''));
  }
  return forms.length ? [...new Set(forms)].join(' or ') : undefined;
}
