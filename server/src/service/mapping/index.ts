import { LanguageService } from '../languageService';
import { registerRules } from '../rules';
import { analyzeMapping } from './analysis';

registerRules([
  { code: 'mapping.schema.unknownKey', severity: 'error', description: 'A key the mapping format does not define (with a did-you-mean).' },
  { code: 'mapping.schema.missingKey', severity: 'error', description: 'A key the mapping format requires is missing (`mapping`, `source`, `target`, `fields`, a field\'s `target`, a side\'s `spec`).' },
  { code: 'mapping.schema.type', severity: 'error', description: 'A value of the mapping file has the wrong type.' },
  { code: 'mapping.schema.value', severity: 'error', description: 'A value of the mapping file is not allowed (format version, payload format, both `schema` and `operation`).' },
  { code: 'mapping.schema.invalid', severity: 'error', description: 'The mapping file does not match the mapping format.' },
  { code: 'mapping.spec.notFound', severity: 'error', description: 'A side\'s `spec` names a file that does not exist.' },
  { code: 'mapping.spec.invalid', severity: 'error', description: 'A side\'s `spec` is not a readable OpenAPI document, JSON Schema or Avro schema (binary, empty, the mapping itself).' },
  { code: 'mapping.schema.unknownPointer', severity: 'error', description: 'A side\'s `schema` pointer points at nothing in its spec (with a did-you-mean).' },
  { code: 'mapping.schema.missing', severity: 'error', description: 'A side names an OpenAPI document but neither `schema` nor `operation`.' },
  { code: 'mapping.operation.unknown', severity: 'error', description: 'A side\'s `operation` is not an operationId of its spec (with a did-you-mean).' },
  { code: 'mapping.operation.noBody', severity: 'error', description: 'The operation has no request body, or no such response, or the body has no schema.' },
  { code: 'mapping.operation.noMediaType', severity: 'error', description: 'The operation\'s body has no such media type.' },
  { code: 'mapping.sample.notFound', severity: 'error', description: 'A sample or expected-output file does not exist.' },
  { code: 'mapping.sample.invalid', severity: 'error', description: 'A sample names the mapping itself.' },
  { code: 'mapping.expr.syntax', severity: 'error', description: 'A JSONata syntax error, at its position in the expression.' },
  { code: 'mapping.source.unknownPath', severity: 'error', description: 'An expression reads a field the source schema does not have (with a did-you-mean).' },
  { code: 'mapping.target.unknownPath', severity: 'error', description: 'A target path the target schema does not have (with a did-you-mean).' },
  { code: 'mapping.target.duplicate', severity: 'error', description: 'Two rules fill the same target field.' },
  { code: 'mapping.target.readOnly', severity: 'warning', description: 'A rule fills a field the target schema marks `readOnly`.' },
  { code: 'mapping.field.noRule', severity: 'warning', description: 'A field names a target but has no `expr`, `default` or nested `fields`.' },
  { code: 'mapping.each.notArray', severity: 'error', description: '`each` on a target that is not an array.' },
  { code: 'mapping.each.missing', severity: 'error', description: 'Nested `fields` for an array target without `each`.' },
  { code: 'mapping.type.mismatch', severity: 'error', description: 'An expression yields a type the target field does not accept.' },
  { code: 'mapping.type.cardinality', severity: 'error', description: 'An expression yields several values for a single-valued target (or one value for an array).' },
  { code: 'mapping.type.lossy', severity: 'warning', description: 'A conversion that may lose information (a number into an integer).' },
  { code: 'mapping.format.mismatch', severity: 'warning', description: 'The source value\'s format (date-time, date, email…) differs from the target\'s.' },
  { code: 'mapping.enum.mismatch', severity: 'error', description: 'A value (a literal, or a source enum) the target field\'s enum does not allow.' },
  { code: 'mapping.lookup.unknown', severity: 'error', description: '`$lookup` names a table not defined under `lookups` (with a did-you-mean).' },
  { code: 'mapping.lookup.valueNotInEnum', severity: 'error', description: 'A lookup value the target field\'s enum does not allow.' },
  { code: 'mapping.coverage.requiredUnmapped', severity: 'warning', description: 'Required target fields that no rule fills (listed on the `target` key).' },
]);

/** Mappings: checked against mapping.schema.json, then against the source and target schemas they name. */
export function registerMappingKind(service: LanguageService): void {
  service.registerKind('mapping', {
    async diagnose(doc, svc, token) {
      const analysis = await analyzeMapping(svc, doc, token);
      return { findings: analysis.findings, dependencies: analysis.dependencies };
    },
  });
}
