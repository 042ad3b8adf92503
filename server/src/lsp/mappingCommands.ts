import { Connection } from 'vscode-languageserver';
import { ExportMappingRequest, ScaffoldMappingRequest, SchemaChoicesRequest } from '../protocol';
import { LanguageService } from '../service/languageService';
import { reviewCsv, reviewMarkdown, reviewRows } from '../service/mapping/review';
import { scaffoldFromSides } from '../service/mapping/scaffold';
import { operationIds, schemaPointers } from '../service/mapping/schemas';

/** The custom requests behind the Export Mapping Review and Scaffold Mapping commands. */
export function registerMappingCommands(connection: Connection, service: LanguageService): void {
  connection.onRequest(ExportMappingRequest, async (params, token) => {
    const doc = await service.documents.get(params.uri);
    if (!doc || doc.kind.kind !== 'mapping') return { text: '' };
    const { title, rows } = await reviewRows(service, doc, token);
    return { text: params.format === 'csv' ? reviewCsv(rows) : reviewMarkdown(title, rows) };
  });
  connection.onRequest(ScaffoldMappingRequest, (params, token) =>
    scaffoldFromSides(service, params.mappingUri, params.source, params.target, { name: params.name, includeOptional: params.includeOptional }, token),
  );
  connection.onRequest(SchemaChoicesRequest, async (params) => {
    const doc = await service.documents.get(params.uri);
    if (!doc) return { pointers: [], operations: [] };
    return { pointers: schemaPointers(doc), operations: operationIds(doc).map((o) => ({ id: o.id, label: `${o.method.toUpperCase()} ${o.path}` })) };
  });
}
