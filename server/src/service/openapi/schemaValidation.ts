export type OasVersion = '2.0' | '3.0' | '3.1';
export interface SchemaFinding {
  path: (string | number)[];
  on: 'key' | 'value';
  code: 'oas.schema.unknownKey' | 'oas.schema.missingKey' | 'oas.schema.type' | 'oas.schema.value' | 'oas.schema.invalid';
  message: string;
  data?: Record<string, unknown>;
}
export function validateOasSchema(_value: unknown, _version: OasVersion): SchemaFinding[] {
  return [];
}
