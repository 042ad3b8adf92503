import { LanguageService } from '../languageService';
import { registerRules } from '../rules';
import { analyzeMapping } from './analysis';
import { readMapping } from './model';
import { sampleFindings } from '../preview/preview';

registerRules([
  { code: 'mapping.schema.unknownKey', severity: 'error', description: 'A key the mapping format does not define (with a did-you-mean).',
    basis: 'Mapping format 1.0 (`schemas/mapping.schema.json`): only the keys it defines.' },
  { code: 'mapping.schema.missingKey', severity: 'error', description: 'A key the mapping format requires is missing (`mapping`, `source`, `target`, `fields`, a field\'s `target`, a side\'s `spec`).',
    basis: 'Mapping format 1.0: a required key.' },
  { code: 'mapping.schema.type', severity: 'error', description: 'A value of the mapping file has the wrong type.',
    basis: 'Mapping format 1.0: the type of each key.' },
  { code: 'mapping.schema.value', severity: 'error', description: 'A value of the mapping file is not allowed (format version, payload format, both `schema` and `operation`).',
    basis: 'Mapping format 1.0: the values each key may take.' },
  { code: 'mapping.schema.invalid', severity: 'error', description: 'The mapping file does not match the mapping format.',
    basis: 'Mapping format 1.0 (`schemas/mapping.schema.json`).' },
  { code: 'mapping.spec.notFound', severity: 'error', description: 'A side\'s `spec` names a file that does not exist.',
    basis: 'Mapping format 1.0: `spec` is the path of an existing file.' },
  { code: 'mapping.spec.invalid', severity: 'error', description: 'A side\'s `spec` is not a readable OpenAPI document, JSON Schema or Avro schema (binary, empty, the mapping itself).',
    basis: 'Mapping format 1.0: `spec` is an OpenAPI document, a JSON Schema or an Avro schema.' },
  { code: 'mapping.schema.unknownPointer', severity: 'error', description: 'A side\'s `schema` pointer points at nothing in its spec (with a did-you-mean).',
    basis: 'RFC 6901 §7: a pointer that references a nonexistent value is an error condition.' },
  { code: 'mapping.schema.missing', severity: 'error', description: 'A side names an OpenAPI document but neither `schema` nor `operation`.',
    basis: 'Mapping format 1.0: a side naming an OpenAPI document picks its payload with `schema` or `operation`.' },
  { code: 'mapping.operation.unknown', severity: 'error', description: 'A side\'s `operation` is not an operationId of its spec (with a did-you-mean).',
    basis: "Mapping format 1.0: `operation` is an operationId of the side's spec." },
  { code: 'mapping.operation.noBody', severity: 'error', description: 'The operation has no request body, or no such response, or the body has no schema.',
    basis: 'Mapping format 1.0: the side is that body; without a schema there is nothing to map from or to.' },
  { code: 'mapping.operation.noMediaType', severity: 'error', description: 'The operation\'s body has no such media type.',
    basis: 'Mapping format 1.0: the side is the body of that media type.' },
  { code: 'mapping.sample.notFound', severity: 'error', description: 'A sample or expected-output file does not exist.',
    basis: 'Mapping format 1.0: samples and expected outputs are paths of existing files.' },
  { code: 'mapping.sample.invalid', severity: 'error', description: 'A sample names the mapping itself.',
    basis: 'Mapping format 1.0: a sample is a payload, and the mapping is none.' },
  { code: 'mapping.expr.syntax', severity: 'error', description: 'A JSONata syntax error, at its position in the expression.',
    basis: 'JSONata grammar: the expression does not run.' },
  { code: 'mapping.source.unknownPath', severity: 'error', description: 'An expression reads a field the source schema does not have (with a did-you-mean).',
    basis: 'The source schema has no such field, so the expression never yields a value there.' },
  { code: 'mapping.target.unknownPath', severity: 'error', description: 'A target path the target schema does not have (with a did-you-mean).',
    basis: 'The target schema has no such field.' },
  { code: 'mapping.target.duplicate', severity: 'error', description: 'Two rules fill the same target field.',
    basis: 'A target field holds one value: one rule would overwrite the other.' },
  { code: 'mapping.target.readOnly', severity: 'warning', description: 'A rule fills a field the target schema marks `readOnly`.',
    basis: 'OAS Schema Object `readOnly` (3.0, 3.1): the property "SHOULD NOT be sent as part of the request".' },
  { code: 'mapping.field.noRule', severity: 'warning', description: 'A field names a target but has no `expr`, `default` or nested `fields`.',
    basis: 'Mapping format 1.0: a field is filled by `expr`, `default` or nested `fields`; without one it fills nothing.' },
  { code: 'mapping.each.notArray', severity: 'error', description: '`each` on a target that is not an array.',
    basis: 'Mapping format 1.0: `each` fills an array target item by item.' },
  { code: 'mapping.each.missing', severity: 'error', description: 'Nested `fields` for an array target without `each`.',
    basis: 'Mapping format 1.0: the nested `fields` of an array target are filled per item of `each`.' },
  { code: 'mapping.type.mismatch', severity: 'error', description: 'An expression yields a type the target field does not accept.',
    basis: "The target schema's `type`: a value of another type is invalid there." },
  { code: 'mapping.type.cardinality', severity: 'error', description: 'An expression yields several values for a single-valued target (or one value for an array).',
    basis: "The target schema's `type` (`array` or not): the value is invalid there." },
  { code: 'mapping.type.lossy', severity: 'warning', description: 'A conversion that may lose information (a number into an integer).',
    basis: 'Valid, but the conversion may lose information.' },
  { code: 'mapping.format.mismatch', severity: 'warning', description: 'The source value\'s format (date-time, date, email…) differs from the target\'s.',
    basis: 'JSON Schema `format` is an annotation unless a validator asserts it; the values may still fit, so a warning.' },
  { code: 'mapping.enum.mismatch', severity: 'error', description: 'A value (a literal, or a source enum) the target field\'s enum does not allow.',
    basis: "The target schema's `enum`: other values are invalid there." },
  { code: 'mapping.lookup.unknown', severity: 'error', description: '`$lookup` names a table not defined under `lookups` (with a did-you-mean).',
    basis: 'Mapping format 1.0: `$lookup` names a table under `lookups`.' },
  { code: 'mapping.lookup.valueNotInEnum', severity: 'error', description: 'A lookup value the target field\'s enum does not allow.',
    basis: "The target schema's `enum`: other values are invalid there." },
  { code: 'mapping.coverage.requiredUnmapped', severity: 'warning', description: 'Required target fields that no rule fills (listed on the `target` key).',
    basis: "The target schema's `required`; a warning, as the mapping may be unfinished on purpose." },
]);

/** Mappings: checked against mapping.schema.json, then against the source and target schemas they name. */
export function registerMappingKind(service: LanguageService): void {
  service.registerKind('mapping', {
    async diagnose(doc, svc, token) {
      const analysis = await analyzeMapping(svc, doc, token);
      // Samples that do not match the source schema are marked on their entry.
      const samples = await sampleFindings(svc, readMapping(doc), token);
      return { findings: [...analysis.findings, ...samples.findings], dependencies: [...analysis.dependencies, ...samples.dependencies] };
    },
  });
}
