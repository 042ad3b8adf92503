import { CancellationToken, neverCancelled } from '../cancellation';
import type { ParsedDocument } from '../documents';
import type { Finding } from '../findings';
import { readFlow } from '../flow/model';
import { FLOW_KIND } from '../flow/identity';
import type { LanguageService } from '../languageService';
import { analyzeMapping } from '../mapping/analysis';
import { MAPPING_KIND } from '../mapping/identity';
import { OPENAPI_KIND, openApiVersion } from '../openapi/version';
import { openApiIndex } from '../openapi/workspaceIndex';
import { OperationCache } from './compare';
import { CannotCompare, RatedChange, rateChanges } from './diff';
import { impactOf } from './impact';
import { loadApiVersion } from './load';
import { changeMessage, impactMessage } from './model';
import type { Revision } from './revisions';
import type { ApiVersion } from './side';

/** What the editor knows of a spec's changes since its base: kept per spec, re-compared when a file of its set changes. */
interface SpecChanges {
  key: string;
  revision: Revision;
  changes: RatedChange[];
}

/** The state change tracking keeps per service: earlier versions (by commit), and the last comparison of each spec. */
class ChangeTracker {
  private readonly versions = new Map<string, Promise<ApiVersion | undefined>>();
  private readonly last = new Map<string, SpecChanges>();
  /** Per spec and revision: what each operation's comparison found, for comparing again after an edit. */
  private readonly operations = new Map<string, OperationCache>();

  constructor(private readonly service: LanguageService) {}

  /** A spec as it was at a revision; undefined when it did not exist there or cannot be read. */
  version(uri: string, revision: Revision): Promise<ApiVersion | undefined> {
    const key = `${revision.key}\n${uri}`;
    let version = this.versions.get(key);
    if (!version) {
      if (this.versions.size > 32) this.versions.clear();
      this.versions.set(key, (version = loadApiVersion(uri, revision.read, this.service.kinds).then((r) => r.api)));
    }
    return version;
  }

  /** The changes of an OpenAPI root since a revision (its base by default); undefined without git or a base version. */
  async changes(rootUri: string, token: CancellationToken, named?: Revision): Promise<SpecChanges | undefined> {
    const service = this.service;
    const revision = named ?? (await service.host.revisions?.base(rootUri, service.configuration(rootUri).changesBase));
    if (!revision) return undefined;
    const before = await this.version(rootUri, revision);
    if (!before) return undefined;
    const analysis = await openApiIndex(service).analyze(rootUri, token);
    const version = openApiVersion(analysis?.set.root);
    if (!analysis || !version) return undefined;
    const key = `${revision.key}\n${[...analysis.set.documents.values()].map((d) => `${d.uri}@${d.version}`).join('\n')}`;
    const known = this.last.get(rootUri);
    if (!named && known?.key === key) return known;
    let changes: RatedChange[];
    try {
      const cacheKey = `${revision.key}\n${rootUri}`;
      let cache = this.operations.get(cacheKey);
      if (!cache) {
        if (this.operations.size > 16) this.operations.clear();
        this.operations.set(cacheKey, (cache = new OperationCache()));
      }
      changes = await rateChanges(service, rootUri, before, { set: analysis.set, version }, { impact: !!named, cache }, token);
    } catch (error) {
      if (error instanceof CannotCompare) return undefined;
      throw error;
    }
    const result = { key, revision, changes };
    if (!named) this.last.set(rootUri, result);
    return result;
  }
}

const TRACKER = {};

export function changeTracker(service: LanguageService): ChangeTracker {
  return service.part(TRACKER, (s) => new ChangeTracker(s));
}

/** Changes the editor shows: those that break or may break clients (compatible ones are in the report). */
const shown = (change: RatedChange): boolean => change.level !== 'info';

/**
 * Diagnostics for changes since the base revision: in a spec (and in the files its `$ref`s reach),
 * at the changed place of the current text; in a mapping or flow, at each rule or step that uses
 * what changed. Outside git, or for a spec new since the base, nothing.
 */
export async function diagnoseChanges(service: LanguageService, doc: ParsedDocument, token: CancellationToken = neverCancelled): Promise<{ findings: Finding[]; dependencies: string[] }> {
  const none = { findings: [], dependencies: [] };
  if (!service.host.revisions || !doc.parse.root) return none;
  const tracker = changeTracker(service);
  const findings: Finding[] = [];
  if (doc.kind.kind === OPENAPI_KIND || doc.kind.kind === 'other') {
    const roots = doc.kind.kind === OPENAPI_KIND ? [doc.uri] : await openApiIndex(service).rootsOf(doc.uri, token);
    for (const root of roots) {
      const result = await tracker.changes(root, token);
      for (const change of result?.changes ?? []) {
        if (!shown(change) || change.new?.uri !== doc.uri) continue;
        findings.push({ uri: doc.uri, code: change.code, message: changeMessage(change, result!.revision.label), offset: change.new.offset, length: change.new.length });
      }
    }
    return { findings, dependencies: [] };
  }
  const specs = new Set<string>();
  if (doc.kind.kind === MAPPING_KIND) {
    const model = (await analyzeMapping(service, doc, token)).model;
    for (const side of [model.source, model.target]) if (side?.specUri) specs.add(side.specUri);
  } else if (doc.kind.kind === FLOW_KIND) {
    for (const participant of readFlow(doc).participants.values()) if (participant.specUri) specs.add(participant.specUri);
  } else return none;
  for (const spec of specs) {
    const specDoc = await service.documents.get(spec);
    if (!specDoc || specDoc.kind.kind !== OPENAPI_KIND) continue;
    const result = await tracker.changes(spec, token);
    const changes = result?.changes.filter(shown) ?? [];
    if (!changes.length) continue;
    for (const [change, impacts] of await impactOf(service, spec, changes, token)) {
      for (const impact of impacts) {
        if (impact.uri !== doc.uri) continue;
        findings.push({ uri: doc.uri, code: change.code, message: impactMessage(change, impact.use, result!.revision.label), offset: impact.offset, length: impact.length });
      }
    }
  }
  return { findings, dependencies: [...specs] };
}
