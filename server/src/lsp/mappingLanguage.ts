import { Connection, ErrorCodes, ResponseError } from 'vscode-languageserver';
import { LanguageService } from '../service/languageService';
import { mappingCodeLenses, mappingCompletions, mappingDefinition, mappingHover, mappingOperationUses, mappingRenameEdits, mappingUsesOfProperty, propertyKeyAt } from '../service/mapping/features';
import { codeLenses } from '../service/openapi/features/navigation';
import { operationIdReferenceProviders, prepareRename, rename, RenameRefused } from '../service/openapi/features/rename';
import { FeatureProviders } from './featureProviders';
import { answer } from './requests';

/**
 * Mapping files: completion, hover and definition; in specs, the mappings that read or write a
 * schema property (references) and name an operationId (references and rename of the operationId).
 */
export function registerMappingLanguage(providers: FeatureProviders, service: LanguageService): void {
  providers.completion.push(({ uri, position }, token) => mappingCompletions(service, uri, position, token));
  providers.hover.push(async ({ uri, position }, token) => (await mappingHover(service, uri, position, token)) ?? null);
  providers.definition.push(({ uri, position }, token) => mappingDefinition(service, uri, position, token));
  providers.references.push(async ({ uri, position, includeDeclaration }, token) => {
    const doc = await service.documents.get(uri);
    const property = doc ? propertyKeyAt(doc, doc.lines.offsetAt(position)) : undefined;
    if (!doc || !property) return [];
    const uses = await mappingUsesOfProperty(service, doc.uri, property, token);
    const own = includeDeclaration ? [{ uri: doc.uri, range: doc.lines.rangeOf(property.keyOffset, property.keyLength) }] : [];
    return [...own, ...uses.map((u) => ({ uri: u.uri, range: u.range }))];
  });
  operationIdReferenceProviders.push((svc, specUri, operationId, token) => mappingOperationUses(svc, specUri, operationId, token));
}

/**
 * Code lenses and rename are single handlers on the connection: these replace the OpenAPI ones
 * (registered before) with handlers that answer for both. Rename of a schema property's key in a
 * spec renames it there and in every mapping that reads or writes it; everything else goes to the
 * OpenAPI rename.
 */
export function registerMappingCodeLensAndRename(connection: Connection, service: LanguageService): void {
  connection.onCodeLens((params, token) => answer(token, async () => {
    const uri = params.textDocument.uri;
    const doc = await service.documents.get(uri);
    return doc?.kind.kind === 'mapping' ? mappingCodeLenses(service, uri, token) : codeLenses(service, uri, token);
  }));

  const property = async (uri: string, position: { line: number; character: number }) => {
    const doc = await service.documents.get(uri);
    const node = doc && doc.kind.kind !== 'mapping' ? propertyKeyAt(doc, doc.lines.offsetAt(position)) : undefined;
    return doc && node ? { doc, node } : undefined;
  };
  connection.onPrepareRename((params, token) => answer(token, async () => {
    const p = await property(params.textDocument.uri, params.position);
    if (p) {
      const quoted = /^["']/.test(p.doc.text[p.node.keyOffset]) ? 1 : 0;
      return { range: p.doc.lines.rangeOf(p.node.keyOffset + quoted, p.node.keyLength - 2 * quoted), placeholder: String(p.node.key) };
    }
    const doc = await service.documents.get(params.textDocument.uri);
    const result = doc ? await prepareRename(service, params.textDocument.uri, doc.lines.offsetAt(params.position), token) : undefined;
    if (!result) throw new ResponseError(ErrorCodes.InvalidRequest, 'Only a component name, an operationId or a schema property can be renamed here.');
    return result;
  }));
  connection.onRenameRequest((params, token) => answer(token, async () => {
    const p = await property(params.textDocument.uri, params.position);
    if (p) {
      if (!params.newName.trim()) throw new ResponseError(ErrorCodes.InvalidRequest, 'A property name cannot be empty.');
      const changes = await mappingRenameEdits(service, p.doc.uri, p.node, params.newName, token);
      const quoted = /^["']/.test(p.doc.text[p.node.keyOffset]) ? 1 : 0;
      (changes[p.doc.uri] ??= []).unshift({ range: p.doc.lines.rangeOf(p.node.keyOffset + quoted, p.node.keyLength - 2 * quoted), newText: params.newName });
      // the property's name in its schema's `required` list
      const required = p.node.parent?.parent?.children?.find((c) => c.key === 'required');
      for (const item of required?.children ?? []) {
        if (item.value !== p.node.key) continue;
        const q = /^["']/.test(p.doc.text[item.offset]) ? 1 : 0;
        changes[p.doc.uri].push({ range: p.doc.lines.rangeOf(item.offset + q, item.length - 2 * q), newText: params.newName });
      }
      return { changes };
    }
    const doc = await service.documents.get(params.textDocument.uri);
    if (!doc) return null;
    try {
      return (await rename(service, params.textDocument.uri, doc.lines.offsetAt(params.position), params.newName, token)) ?? null;
    } catch (error) {
      if (error instanceof RenameRefused) throw new ResponseError(ErrorCodes.InvalidRequest, error.message);
      throw error;
    }
  }));
}
