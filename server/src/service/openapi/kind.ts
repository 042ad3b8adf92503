import type { Location } from 'vscode-languageserver-types';
import { interfaceDocumentRequest } from '../interfaceDoc/request';
import type { KindDefinition, KindFeatures, PositionRequest, SharedSymbol } from '../kinds';
import { RenameRefused } from '../kinds';
import { findNodeAtOffset } from '../parser/ast';
import { apiReference, apiReferenceDetails, apiReferenceSummary, detailsParams } from './apiReference';
import { codeActions } from './features/codeActions';
import { propertyKeyAt } from './features/common';
import { completion, resolveCompletion } from './features/completion';
import { hover } from './features/hover';
import { codeLenses, definition, references } from './features/navigation';
import { NOTHING_TO_RENAME, prepareRename, rename } from './features/rename';
import { documentSymbols, workspaceSymbols } from './features/symbols';
import { OPENAPI_RULES } from './ruleInfo';
import { HTTP_METHODS } from './walk';
import { mightBeOpenApi, OPENAPI_KIND, recogniseOpenApi } from './version';
import { openApiIndex } from './workspaceIndex';
import { fragmentFindings } from '../rootIndex';

/** The operationId or schema property whose name is at an offset of a spec, as other documents know it. */
function sharedSymbolAt(request: PositionRequest): SharedSymbol | undefined {
  const { doc, offset } = request;
  const node = findNodeAtOffset(doc.parse.root, offset);
  if (!node) return undefined;
  if (node.key === 'operationId' && node.type === 'string' && offset >= node.offset && (HTTP_METHODS as readonly string[]).includes(String(node.parent?.key))) {
    return { type: 'operationId', specUri: doc.uri, name: String(node.value) };
  }
  const property = propertyKeyAt(doc, offset);
  return property && { type: 'schemaProperty', specUri: doc.uri, name: String(property.key), node: property };
}

/** The editing features of OpenAPI documents, shared by roots and by the fragments they reach. */
export function openApiFeatures(): Partial<KindFeatures> {
  return {
    completion: ({ service, doc, offset, token }) => completion(service, doc.uri, offset, token),
    resolveCompletion: (service, item) => resolveCompletion(service, item),
    hover: ({ service, doc, offset, token }) => hover(service, doc.uri, offset, token),
    definition: ({ service, doc, offset, token }) => definition(service, doc.uri, offset, token),
    async references(request) {
      const { service, doc, offset, token, includeDeclaration } = request;
      const symbol = sharedSymbolAt(request);
      const result: Location[] = [];
      if (symbol) {
        if (includeDeclaration) {
          const node = findNodeAtOffset(doc.parse.root, offset)!;
          const at = symbol.type === 'operationId' ? { offset: node.offset, length: node.length } : { offset: node.keyOffset, length: node.keyLength };
          result.push({ uri: doc.uri, range: doc.lines.rangeOf(at.offset, at.length) });
        }
        for (const use of await service.kinds.usesOf(service, symbol, token)) result.push({ uri: use.uri, range: use.range });
        if (symbol.type === 'operationId') return result;
      }
      return [...result, ...(await references(service, doc.uri, offset, includeDeclaration, token))];
    },
    async prepareRename({ service, doc, offset, token }) {
      const prepared = await prepareRename(service, doc.uri, offset, token);
      if (!prepared) throw new RenameRefused(NOTHING_TO_RENAME);
      return prepared;
    },
    rename: ({ service, doc, offset, newName, token }) => rename(service, doc.uri, offset, newName, token),
    codeLenses: ({ service, doc, token }) => codeLenses(service, doc.uri, token),
    codeActions: ({ service, doc, diagnostics, token }) => codeActions(service, doc.uri, diagnostics, token),
    documentSymbols: ({ service, doc, token }) => documentSymbols(service, doc.uri, token),
  };
}

/** OpenAPI 2.0, 3.0 and 3.1 documents, recognised by their root whatever the file is called. */
export function openApiKind(): KindDefinition {
  return {
    id: OPENAPI_KIND,
    extensions: ['.yaml', '.yml', '.json'],
    recognise: recogniseOpenApi,
    mightBe: mightBeOpenApi,
    label: (kind) => (kind.version === '2.0' ? 'Swagger 2.0' : `OpenAPI ${kind.versionText ?? kind.version ?? ''}`.trim()),
    rules: OPENAPI_RULES,
    completionTriggers: ['"', "'", ':', '/', '#', ' '],
    features: {
      ...openApiFeatures(),
      async diagnose({ service, doc, token }) {
        const analysis = await openApiIndex(service).analyze(doc.uri, token);
        if (!analysis) return { findings: [], dependencies: [] };
        return { findings: analysis.findings.get(doc.uri), dependencies: [...analysis.set.documents.keys(), ...analysis.set.missing] };
      },
    },
    workspaceSymbols: (service, query, token) => workspaceSymbols(service, query, token),
    requests: [
      {
        method: 'interfaceStudio/apiReference',
        target: 'document',
        handle: async (service, params, token, doc) => {
          const summary = !!params && typeof params === 'object' && (params as { summary?: unknown }).summary === true;
          return (await (summary ? apiReferenceSummary : apiReference)(service, doc!.uri, token)) ?? null;
        },
      },
      {
        method: 'interfaceStudio/apiReferenceDetails',
        target: 'document',
        handle: async (service, params, token, doc) => (await apiReferenceDetails(service, detailsParams(doc!.uri, params), token)) ?? null,
      },
      interfaceDocumentRequest(),
    ],
    fileChanged: (service, uri, change) => openApiIndex(service).fileChanged(uri, change),
  };
}

/** A file reached only through `$ref`s from OpenAPI roots: checked and edited in the context of those roots. */
export function openApiFragmentKind(): KindDefinition {
  return {
    id: 'fragment',
    label: () => 'OpenAPI fragment',
    claims: async (service, doc, token) => (await openApiIndex(service).rootsOf(doc.uri, token)).length > 0,
    features: {
      ...openApiFeatures(),
      diagnose: ({ service, doc, token }) => fragmentFindings(openApiIndex(service), doc.uri, token),
    },
  };
}
