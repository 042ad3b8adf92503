import type { RuleInfo } from '../rules';

/** The OpenAPI rules; default severities follow the words of the specification. */
export const OPENAPI_RULES: readonly RuleInfo[] = [
  { code: 'oas.schema.unknownKey', severity: 'error', description: 'A key the OpenAPI specification does not allow at this place (with a did-you-mean).' },
  { code: 'oas.schema.missingKey', severity: 'error', description: 'A required key is missing.' },
  { code: 'oas.schema.type', severity: 'error', description: 'A value has the wrong type.' },
  { code: 'oas.schema.value', severity: 'error', description: 'A value is not allowed (enum, pattern, format, range).' },
  { code: 'oas.schema.invalid', severity: 'error', description: 'The document does not match the OpenAPI schema of its version.' },
  { code: 'oas.ref.unresolved', severity: 'error', description: 'A `$ref` points at nothing: a missing local pointer, or a pointer missing inside another file.' },
  { code: 'oas.ref.fileNotFound', severity: 'error', description: 'A `$ref` names a file that does not exist.' },
  { code: 'oas.ref.remoteDisabled', severity: 'info', description: 'A remote `$ref` was not fetched because `interfaceStudio.allowRemoteRefs` is off.' },
  { code: 'oas.ref.remoteFailed', severity: 'warning', description: 'A remote `$ref` could not be fetched.' },
  { code: 'oas.operationId.duplicate', severity: 'error', description: 'Two operations share an operationId (reported at both).' },
  { code: 'oas.path.parameterUndeclared', severity: 'error', description: 'A path template variable has no matching path parameter.' },
  { code: 'oas.path.parameterNotInTemplate', severity: 'error', description: 'A declared path parameter does not appear in the path template.' },
  { code: 'oas.path.parameterNotRequired', severity: 'error', description: 'A path parameter is not `required: true`.' },
  { code: 'oas.path.equivalent', severity: 'error', description: 'Two path templates differ only in variable names (`/a/{x}` and `/a/{y}`).' },
  { code: 'oas.parameter.duplicate', severity: 'error', description: 'The same parameter (name and location) is declared twice for one operation.' },
  { code: 'oas.security.undefinedScheme', severity: 'error', description: 'A security requirement names a scheme that is not defined.' },
  { code: 'oas.security.undefinedScope', severity: 'error', description: 'A security requirement names an OAuth2 scope its scheme does not define.' },
  { code: 'oas.default.mismatch', severity: 'error', description: 'A `default` value does not match its schema.' },
  { code: 'oas.example.mismatch', severity: 'warning', description: 'An example does not match its schema.' },
  { code: 'oas.component.unused', severity: 'hint', description: 'A component is never referenced.' },
  { code: 'oas.operation.missingDescription', severity: 'hint', description: 'An operation has neither a summary nor a description.' },
];
