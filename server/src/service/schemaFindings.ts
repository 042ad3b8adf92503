// Our own JSON Schemas (mapping, flow, snippet library) checked with Ajv, and Ajv's errors made
// readable: one problem per defect, worded for the person who wrote the file, at the key or value
// it is about. The wording follows the OpenAPI schema findings (openapi/schema/explain.ts). The
// preview's payload checks and the OAS schema check's last resort word Ajv's errors here too.
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { describeValue, typeList, typePhrase, typePlural, valuePhrase } from './jsonTypes';
import { code, formatPhrase, label } from './openapi/schema/wording';
import { AstNode, findNodeAtPath } from './parser/ast';
import { pointerSegments } from './pointer';
import { closestMatch } from './suggest';

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
    default:
      return onValue(own ?? sentence(subject, ajvPredicate(error, error.data)));
  }
}

/** A subject and a predicate as a sentence: a full stop, unless it ends in a question. */
export function sentence(subject: string, predicate: string): string {
  return `${subject} ${predicate}${predicate.endsWith('?') ? '' : '.'}`;
}

/**
 * What an Ajv error says about the value it is about, as the rest of a sentence whose subject names
 * that value: "must be a string, not a number". The checks of our own schemas, the OAS schema's last
 * resort and the preview's payload checks all word a value this way. A payload's value is not shown
 * beside the message, so there the predicate names it too, as JSON ("not the integer 5", `got "eur"`).
 * `value` is the value the error is about (Ajv's `data`, when it was compiled `verbose`).
 */
export function ajvPredicate(error: ErrorObject, value: unknown, style: 'document' | 'payload' = 'document'): string {
  const p = params(error);
  const payload = style === 'payload';
  const got = payload ? `; got ${JSON.stringify(value)}` : '';
  switch (error.keyword) {
    case 'type':
      return `must be ${typeList(p.type)}, not ${payload ? describeValue(value) : valuePhrase(value)}`;
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}${got}`;
    case 'enum': {
      const allowed = p.allowedValues as unknown[];
      const suggestion = typeof value === 'string' ? closestMatch(value, allowed.map(String)) : undefined;
      const shown = allowed.map((v) => (payload ? JSON.stringify(v) : code(v))).join(', ');
      return `must be one of ${shown}${got}` + (suggestion !== undefined ? `; did you mean ${code(suggestion)}?` : '');
    }
    case 'format':
      return `must be ${formatPhrase(String(p.format))}${got}`;
    case 'oneOf':
    case 'anyOf': {
      const forms = alternatives(error.schema);
      return forms ? `must be ${forms}` : 'does not fit any of its allowed forms';
    }
    case 'minItems':
      return `needs at least ${p.limit} item${p.limit === 1 ? '' : 's'}`;
    case 'maxItems':
      return `takes at most ${p.limit} item${p.limit === 1 ? '' : 's'}`;
    case 'minProperties':
      return `needs at least ${p.limit} ${p.limit === 1 ? 'entry' : 'entries'}`;
    case 'minLength':
      return p.limit === 1 ? 'must not be empty' : `must be at least ${p.limit} characters long`;
    case 'maxLength':
      return `must be at most ${p.limit} characters long${got}`;
    case 'pattern':
      return `must match ${code(p.pattern)}${got}`;
    default:
      return error.message ?? 'is not valid';
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
