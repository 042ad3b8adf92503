import { CancellationToken, neverCancelled } from '../cancellation';
import { effectiveSetting } from '../configuration';
import type { LanguageService } from '../languageService';
import { compareApis, OperationCache } from './compare';
import { Impact, impactOf } from './impact';
import { loadApiVersion, VersionProblem, VersionReader } from './load';
import type { ApiChange } from './model';
import type { ApiVersion } from './side';

export type ChangeLevel = 'error' | 'warning' | 'info';

/** A change with its level (the rule's configured severity) and where the workspace uses what it touched. */
export interface RatedChange extends ApiChange {
  level: ChangeLevel;
  impact: Impact[];
}

/** One side of a comparison: a root file and how to read that version's files. */
export interface DiffSide {
  uri: string;
  /** Absent: the workspace's current files (the service's own documents, so impact can be found). */
  read?: VersionReader;
  /** How the side is named to the user (`main:specs/crm.yaml`, `specs/crm.yaml`). */
  label: string;
}

export class CannotCompare extends Error {
  constructor(message: string, readonly problems: VersionProblem[] = []) {
    super(message);
  }
}

/** Loads one side; what makes it impossible to compare is thrown, with the problems and their places. */
export async function loadSide(service: LanguageService, side: DiffSide, token: CancellationToken): Promise<ApiVersion> {
  const read: VersionReader = side.read ?? (async (uri) => (await service.workspace.readFile(uri))?.text);
  const { api, problems } = await loadApiVersion(side.uri, read, service.kinds, token, side.read ? undefined : service.documents);
  if (!api) {
    const missing = problems.length === 1 && !problems[0].place && problems[0].message.includes('does not exist');
    throw new CannotCompare(missing ? `${side.label} does not exist` : `${side.label} cannot be compared: ${problems.length === 1 && !problems[0].place ? problems[0].message : 'it has errors'}`, problems[0]?.place ? problems : []);
  }
  return api;
}

/** The level a change is reported at, or undefined when its rule is off. */
export function levelOf(service: LanguageService, uri: string, code: string): ChangeLevel | undefined {
  const setting = effectiveSetting(service.configuration(uri), code, service.rules);
  if (setting === 'off') return undefined;
  return setting === 'hint' ? 'info' : setting;
}

/**
 * Compares two versions of an API and rates each change; with `impact`, also finds the mappings and
 * flows of the workspace that use what changed (they name the new side's file).
 */
export async function diffApis(service: LanguageService, oldSide: DiffSide, newSide: DiffSide, options: { impact?: boolean } = {}, token: CancellationToken = neverCancelled): Promise<RatedChange[]> {
  const before = await loadSide(service, oldSide, token);
  const after = await loadSide(service, newSide, token);
  return rateChanges(service, newSide.uri, before, after, options, token);
}

export async function rateChanges(service: LanguageService, specUri: string, before: ApiVersion, after: ApiVersion, options: { impact?: boolean; cache?: OperationCache }, token: CancellationToken): Promise<RatedChange[]> {
  assertSameApi(before, after);
  const changes = compareApis(before, after, token, options.cache);
  const impacts = options.impact ? await impactOf(service, specUri, changes, token) : undefined;
  const rated: RatedChange[] = [];
  // Thousands of changes share a few dozen codes: each code's setting is looked up once.
  const levels = new Map<string, ChangeLevel | undefined>();
  for (const change of changes) {
    if (!levels.has(change.code)) levels.set(change.code, levelOf(service, specUri, change.code));
    const level = levels.get(change.code);
    if (level) rated.push({ ...change, level, impact: impacts?.get(change) ?? [] });
  }
  return rated;
}

/** Two documents with different titles and not one path in common describe two different APIs. */
function assertSameApi(before: ApiVersion, after: ApiVersion): void {
  const info = (api: ApiVersion): { title?: string; paths: string[] } => {
    const root = api.set.root.parse.value as { info?: { title?: unknown }; paths?: object } | undefined;
    return { title: typeof root?.info?.title === 'string' ? root.info.title : undefined, paths: Object.keys(root?.paths ?? {}).map((p) => p.replace(/\{[^}]*\}/g, '{}')) };
  };
  const a = info(before);
  const b = info(after);
  if (a.title && b.title && a.title !== b.title && a.paths.length && b.paths.length && !a.paths.some((p) => b.paths.includes(p))) {
    throw new CannotCompare(`the two sides describe different APIs (\`${a.title}\` and \`${b.title}\`, no path in common)`);
  }
}
