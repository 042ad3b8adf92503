import type { KindDefinition } from '../kinds';
import { asyncApiFeatures } from './features/index';
import { ASYNCAPI_RULES } from './ruleInfo';
import { ASYNCAPI_KIND, mightBeAsyncApi, recogniseAsyncApi } from './version';
import { asyncApiIndex } from './workspaceIndex';
import { fragmentFindings } from '../rootIndex';

/** AsyncAPI 2.x and 3.0 documents, recognised by their root `asyncapi:` whatever the file is called. */
export function asyncApiKind(): KindDefinition {
  return {
    id: ASYNCAPI_KIND,
    extensions: ['.yaml', '.yml', '.json'],
    recognise: recogniseAsyncApi,
    mightBe: mightBeAsyncApi,
    label: (kind) => `AsyncAPI ${kind.versionText ?? kind.version ?? ''}`.trim(),
    rules: ASYNCAPI_RULES,
    completionTriggers: ['"', "'", ':', '/', '#', ' '],
    features: {
      ...asyncApiFeatures(),
      async diagnose({ service, doc, token }) {
        const analysis = await asyncApiIndex(service).analyze(doc.uri, token);
        if (!analysis) return { findings: [], dependencies: [] };
        return { findings: analysis.findings.get(doc.uri), dependencies: [...analysis.set.documents.keys(), ...analysis.set.missing] };
      },
    },
    fileChanged: (service, uri, change) => asyncApiIndex(service).fileChanged(uri, change),
  };
}

/** A file reached only through `$ref`s from AsyncAPI roots (shared messages, schemas): checked in the context of those roots. */
export function asyncApiFragmentKind(): KindDefinition {
  return {
    id: 'asyncapi-fragment',
    label: () => 'AsyncAPI fragment',
    claims: async (service, doc, token) => (await asyncApiIndex(service).rootsOf(doc.uri, token)).length > 0,
    features: {
      ...asyncApiFeatures(),
      diagnose: ({ service, doc, token }) => fragmentFindings(asyncApiIndex(service), doc.uri, token),
    },
  };
}
