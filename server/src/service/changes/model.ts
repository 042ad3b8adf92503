import type { AstNode } from '../parser/ast';

/** A place in one version of a document set. */
export interface Place {
  uri: string;
  offset: number;
  length: number;
}

/** What in the new version a mapping or flow may use that a change touched. */
export interface ChangeSubject {
  /** The operation's id in the old version (a removed or renamed operation keeps its old id here). */
  operationId?: string;
  /** A schema property: the property in the new version, or the schema (new) that lost it. */
  property?: { name: string; uri: string; node?: AstNode; parent?: AstNode };
}

/** One change between two versions of an API. */
export interface ApiChange {
  code: string;
  /** What changed ("`email` was removed from the 200 response of `getCustomer`"). */
  summary: string;
  /** What it means for clients ("clients that read it break"). */
  effect: string;
  /** The operation it concerns, as `GET /customers/{id}`. */
  operation?: string;
  operationId?: string;
  old?: Place;
  /** For a removal, the parent that lost it. */
  new?: Place;
  subject?: ChangeSubject;
}

/** The sentence a person reads: `summary since main: effect`. */
export function changeMessage(change: Pick<ApiChange, 'summary' | 'effect'>, since?: string): string {
  return `${change.summary}${since ? ` since ${since}` : ''}: ${change.effect}`;
}

/** What a change means at a place of a mapping or flow that uses what it touched. */
export function impactMessage(change: Pick<ApiChange, 'summary'>, use: 'reads' | 'writes' | 'names', since?: string): string {
  const what = use === 'reads' ? 'this rule reads it' : use === 'writes' ? 'this rule fills it' : 'this names the operation';
  return `${change.summary}${since ? ` since ${since}` : ''}: ${what}`;
}
