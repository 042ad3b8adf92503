import type { ChangeReport, ChangeRevisionsParams, CompareWithRevisionParams } from '../../protocol';
import type { KindDefinition } from '../kinds';
import { changeMessage, impactMessage, Place } from './model';
import { changeTracker, diagnoseChanges } from './editor';
import { changesMarkdown } from './markdown';
import { CHANGE_RULES } from './ruleInfo';
import type { LanguageService } from '../languageService';

/** A place as an LSP location, read from the version of the file it is in. */
async function locationOf(service: LanguageService, place: Place | undefined, texts: Map<string, import('../lineIndex').LineIndex>) {
  if (!place) return undefined;
  const lines = texts.get(place.uri) ?? (await service.documents.get(place.uri))?.lines;
  return lines ? { uri: place.uri, range: lines.rangeOf(place.offset, place.length) } : undefined;
}

/**
 * Change impact: what a spec change since a git revision breaks, for its clients and for the
 * workspace's mappings and flows. It has no documents of its own: it declares the change rules,
 * adds its diagnostics to specs, mappings and flows, and answers the report's requests.
 */
export function changesKind(): KindDefinition {
  return {
    id: 'changes',
    label: () => 'Changes',
    rules: CHANGE_RULES,
    everywhere: { diagnose: ({ service, doc, token }) => diagnoseChanges(service, doc, token) },
    requests: [
      {
        method: 'interfaceStudio/changeRevisions',
        target: 'service',
        handle: async (service, params) => ({ revisions: (await service.host.revisions?.list((params as ChangeRevisionsParams).uri)) ?? [] }),
      },
      {
        method: 'interfaceStudio/compareWithRevision',
        target: 'service',
        async handle(service, params, token): Promise<ChangeReport> {
          const p = params as CompareWithRevisionParams;
          const revisions = service.host.revisions;
          const revision = revisions && (p.revision ? await revisions.at(p.uri, p.revision) : await revisions.base(p.uri, service.configuration(p.uri).changesBase));
          if (!revision) return { uri: p.uri, revision: p.revision ?? '', changes: [], markdown: '', error: revisions ? `\`${p.revision ?? 'the base revision'}\` is not a revision of this repository, or the file is not in git.` : 'This editor gives no access to git.' };
          const tracker = changeTracker(service);
          const old = await tracker.version(p.uri, revision);
          if (!old) return { uri: p.uri, revision: revision.label, changes: [], markdown: '', error: `The file does not exist in ${revision.label}, or is not a valid OpenAPI document there.` };
          const result = await tracker.changes(p.uri, token, revision);
          if (!result) return { uri: p.uri, revision: revision.label, changes: [], markdown: '', error: 'The current version cannot be compared (see its problems).' };
          const oldLines = new Map([...old.set.documents.values()].map((d) => [d.uri, d.lines]));
          const changes = await Promise.all(result.changes.map(async (c) => ({
            code: c.code,
            level: c.level,
            message: changeMessage(c, revision.label),
            operation: c.operation,
            operationId: c.operationId,
            old: await locationOf(service, c.old, oldLines),
            new: await locationOf(service, c.new, new Map()),
            impact: (await Promise.all(c.impact.map(async (i) => ({ ...(await locationOf(service, i, new Map()))!, message: impactMessage(c, i.use, revision.label) })))).filter((i) => i.range),
          })));
          return { uri: p.uri, revision: revision.label, changes, markdown: changesMarkdown(changes, revision.label) };
        },
      },
    ],
  };
}
