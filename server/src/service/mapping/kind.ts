import type { CancellationToken } from '../cancellation';
import type { CustomRequest, KindDefinition, SymbolUse } from '../kinds';
import type { ExportMappingParams, PreviewMappingParams, ScaffoldMappingParams, SchemaChoicesParams } from '../../protocol';
import type { LanguageService } from '../languageService';
import { previewMapping, sampleFindings } from '../preview/preview';
import { analyzeMapping } from './analysis';
import { MAPPING_FILE_NAMES, MAPPING_KIND } from './identity';
import { mappingCodeLenses, mappingCompletions, mappingDefinition, mappingHover, mappingOperationUses, mappingUsesOfProperty } from './features';
import { readMapping } from './model';
import { reviewCsv, reviewMarkdown, reviewRows } from './review';
import { MAPPING_RULES } from './ruleInfo';
import { scaffoldFromSides } from './scaffold';
import { asyncApiIndex } from '../asyncapi/workspaceIndex';
import { asyncOperationChoices } from './asyncApiSide';
import { operationIds, schemaPointers } from './schemas';

/** The custom requests of mappings: the preview, the reviewer's table, scaffolding and the schema choices it offers. */
function mappingRequests(): CustomRequest[] {
  // A newer preview of the same mapping supersedes the one still running (its worker is stopped).
  const running = new Map<string, { cancelled: boolean }>();
  return [
    {
      method: 'interfaceStudio/previewMapping',
      target: 'document',
      async handle(service, params, token, doc) {
        const p = params as PreviewMappingParams;
        const previous = running.get(doc!.uri);
        if (previous) previous.cancelled = true;
        const mine = { cancelled: false };
        running.set(doc!.uri, mine);
        const combined = { get isCancellationRequested() { return mine.cancelled || token.isCancellationRequested; } };
        try {
          const evaluator = service.host.evaluator ?? {
            // Without a host that can start threads, nothing user-written is evaluated in the server process.
            evaluate: async () => ({ ok: false as const, kind: 'error' as const, message: 'this host cannot run mapping expressions', ms: 0 }),
          };
          const timeoutMs = (await service.host.previewTimeoutMs?.(doc!.uri)) ?? 2000;
          const result = await previewMapping(service, doc!.uri, { sample: p.sample, evaluator, timeoutMs, trusted: p.trusted !== false }, combined);
          return { ...result, output: result.output ?? null };
        } finally {
          if (running.get(doc!.uri) === mine) running.delete(doc!.uri);
        }
      },
    },
    {
      method: 'interfaceStudio/exportMapping',
      target: 'document',
      async handle(service, params, token, doc) {
        const { title, rows } = await reviewRows(service, doc!, token);
        return { text: (params as ExportMappingParams).format === 'csv' ? reviewCsv(rows) : reviewMarkdown(title, rows) };
      },
    },
    {
      method: 'interfaceStudio/scaffoldMapping',
      target: 'service',
      handle: (service, params, token) => {
        const p = params as ScaffoldMappingParams;
        return scaffoldFromSides(service, p.mappingUri, p.source, p.target, { name: p.name, includeOptional: p.includeOptional }, token);
      },
    },
    {
      // The schemas and operations of a spec a mapping side can name (any spec, JSON Schema or Avro file).
      method: 'interfaceStudio/schemaChoices',
      target: 'service',
      async handle(service, params) {
        const doc = await service.documents.get((params as SchemaChoicesParams).uri);
        if (!doc) return { pointers: [], operations: [] };
        const asyncApi = await asyncApiIndex(service).analyze(doc.uri);
        const operations = asyncApi ? asyncOperationChoices(asyncApi).map((o) => ({ id: o.id, label: o.label })) : operationIds(doc).map((o) => ({ id: o.id, label: `${o.method.toUpperCase()} ${o.path}` }));
        return { pointers: schemaPointers(doc), operations };
      },
    },
  ];
}

/** Where mappings use an operationId (a side's `operation`) or a schema property (read in expressions, written by targets). */
async function mappingUses(service: LanguageService, symbol: Parameters<NonNullable<KindDefinition['usesOf']>>[1], token: CancellationToken): Promise<SymbolUse[]> {
  if (symbol.type === 'operationId') {
    return (await mappingOperationUses(service, symbol.specUri, symbol.name, token)).map((l) => ({ ...l, newText: (name) => name }));
  }
  if (symbol.type === 'message') {
    return (await mappingOperationUses(service, symbol.specUri, symbol.name, token, 'message')).map((l) => ({ ...l, newText: (name) => name }));
  }
  return (await mappingUsesOfProperty(service, symbol.specUri, symbol.node, token)).map((use) => ({
    uri: use.uri,
    range: use.range,
    // An expression reads a name that is not a plain identifier between backticks.
    newText: (name) => (use.kind === 'read' && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? '`' + name + '`' : name),
  }));
}

/** Mapping files: checked against the mapping format, then against the source and target schemas they name. */
export function mappingKind(): KindDefinition {
  return {
    id: MAPPING_KIND,
    fileNames: MAPPING_FILE_NAMES,
    label: () => 'Mapping',
    rules: MAPPING_RULES,
    // Samples, expected outputs and the JSON Schema or Avro files a side names.
    watches: ['**/*.json', '**/*.xml', '**/*.csv', '**/*.avsc'],
    completionTriggers: ['$', '.', ':', ' ', '/', '"', "'"],
    features: {
      async diagnose({ service, doc, token }) {
        const analysis = await analyzeMapping(service, doc, token);
        // Samples that do not match the source schema are marked on their entry.
        const samples = await sampleFindings(service, readMapping(doc), token);
        return { findings: [...analysis.findings, ...samples.findings], dependencies: [...analysis.dependencies, ...samples.dependencies] };
      },
      completion: ({ service, doc, position, token }) => mappingCompletions(service, doc.uri, position, token),
      hover: ({ service, doc, position, token }) => mappingHover(service, doc.uri, position, token),
      definition: ({ service, doc, position, token }) => mappingDefinition(service, doc.uri, position, token),
      codeLenses: ({ service, doc, token }) => mappingCodeLenses(service, doc.uri, token),
    },
    usesOf: mappingUses,
    requests: mappingRequests(),
  };
}
