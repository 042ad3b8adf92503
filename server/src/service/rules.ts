import type { OasVersion } from './documents';

/**
 * Every finding the service can report has a stable code. Default severities follow the words of
 * the specification: breaking a MUST is an error, a SHOULD a warning, a matter of style a hint.
 * Where the versions of OpenAPI say different things, the default depends on the version of the
 * document a finding is in. Users override severities per code (`interfaceStudio.rules`,
 * `.interface-studio.yaml`).
 */
export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type RuleSetting = Severity | 'off';

export interface RuleInfo {
  code: string;
  /** The default severity; for OpenAPI documents, of the versions `versions` does not name. */
  severity: Severity;
  /** The default severity in the OpenAPI versions whose words differ from the others'. */
  versions?: Partial<Record<OasVersion, Severity>>;
  /** The words of the specification or format that the default severity rests on. */
  basis: string;
  description: string;
}

export const OAS_VERSIONS: readonly OasVersion[] = ['2.0', '3.0', '3.1'];

const openApiRules: RuleInfo[] = [
  { code: 'syntax.error', severity: 'error', description: 'YAML or JSON syntax error.',
    basis: 'JSON (RFC 8259) or YAML 1.2, the formats every document checked here is written in: text neither grammar reads is no document.' },
  { code: 'syntax.duplicateKey', severity: 'error', description: 'A key appears twice in the same object.',
    basis: 'YAML 1.2 §3.2.1.1: the keys of a mapping are unique. JSON (RFC 8259 §4) says names SHOULD be unique, and a reader keeps only one of the values.' },
  { code: 'document.tooDeep', severity: 'warning', description: 'The document nests more than 1000 levels deep; it is not checked.',
    basis: 'A limit of this checker, not of any specification.' },
  { code: 'document.tooLarge', severity: 'warning', description: 'The document is above `interfaceStudio.maxFileSize`; only its syntax is checked.',
    basis: 'A limit of this checker (`interfaceStudio.maxFileSize`), not of any specification.' },
  { code: 'oas.schema.unknownKey', severity: 'error', description: 'A key the OpenAPI specification does not allow at this place (with a did-you-mean).',
    basis: 'Each version lists the fixed fields of each object; other keys are extensions, which begin with `x-` (the official schema of each version allows nothing else).' },
  { code: 'oas.schema.missingKey', severity: 'error', description: 'A required key is missing.',
    basis: 'The field is REQUIRED in the version of the document (2.0: "Required").' },
  { code: 'oas.schema.type', severity: 'error', description: 'A value has the wrong type.',
    basis: 'Each version gives the type of each field; the official schema of the version checks it.' },
  { code: 'oas.schema.value', severity: 'error', description: 'A value is not allowed (enum, pattern, format, range).',
    basis: 'Each version lists the values some fields may take (`in`, `type`, `style`…) and their forms; the official schema of the version checks them.' },
  { code: 'oas.schema.invalid', severity: 'error', description: 'The document does not match the OpenAPI schema of its version.',
    basis: 'The official schema of the document\'s version.' },
  { code: 'oas.ref.unresolved', severity: 'error', description: 'A `$ref` points at nothing: a missing local pointer, or a pointer missing inside another file.',
    basis: 'RFC 6901 §7: a pointer that references a nonexistent value is an error condition.' },
  { code: 'oas.ref.fileNotFound', severity: 'error', description: 'A `$ref` names a file that does not exist.',
    basis: 'A `$ref` is resolved in the document it names (RFC 3986, RFC 6901); without the file there is nothing to resolve.' },
  { code: 'oas.ref.remoteDisabled', severity: 'info', description: 'A remote `$ref` was not fetched because `interfaceStudio.allowRemoteRefs` is off.',
    basis: 'A setting of this checker: nothing is known to be wrong with the document.' },
  { code: 'oas.ref.remoteFailed', severity: 'warning', description: 'A remote `$ref` could not be fetched.',
    basis: 'The target could not be read, so what it holds is not checked; the document may still be right.' },
  { code: 'oas.operationId.duplicate', severity: 'error', description: 'Two operations share an operationId (reported at both).',
    basis: 'Operation Object `operationId`, in every version: "The id MUST be unique among all operations described in the API."' },
  { code: 'oas.path.parameterUndeclared', severity: 'error', versions: { '2.0': 'warning' }, description: 'A path template variable has no matching path parameter.',
    basis: '3.0.3 and 3.1 Path Templating: "Each template expression in the path MUST correspond to a path parameter". 2.0 describes path templating without such a MUST.' },
  { code: 'oas.path.parameterNotInTemplate', severity: 'error', description: 'A declared path parameter does not appear in the path template.',
    basis: 'Parameter Object `name`, in every version: if `in` is "path", the name "MUST correspond to" a template expression of the path (2.0: "to the associated path segment").' },
  { code: 'oas.path.parameterNotRequired', severity: 'error', description: 'A path parameter is not `required: true`.',
    basis: 'Parameter Object `required`, in every version: for a path parameter the field is required and "its value MUST be true".' },
  { code: 'oas.path.equivalent', severity: 'error', versions: { '2.0': 'warning' }, description: 'Two path templates differ only in variable names (`/a/{x}` and `/a/{y}`).',
    basis: '3.0 and 3.1 Paths Object: "Templated paths with the same hierarchy but different templated names MUST NOT exist as they are identical." 2.0 does not say so, though a request still cannot tell the two apart.' },
  { code: 'oas.parameter.duplicate', severity: 'error', description: 'The same parameter (name and location) is declared twice for one operation.',
    basis: 'Operation and Path Item `parameters`, in every version: "The list MUST NOT include duplicated parameters."' },
  { code: 'oas.security.undefinedScheme', severity: 'error', description: 'A security requirement names a scheme that is not defined.',
    basis: 'Security Requirement Object: "Each name MUST correspond to a security scheme which is declared" under `components/securitySchemes` (3.0, 3.1); in 2.0 each name must correspond to one in `securityDefinitions`.' },
  { code: 'oas.security.undefinedScope', severity: 'warning', description: 'A security requirement names an OAuth2 scope its scheme does not define.',
    basis: 'No version says MUST: a requirement lists "scope names required for the execution", and the scheme\'s `scopes` are "the available scopes".' },
  { code: 'oas.default.mismatch', severity: 'error', versions: { '3.1': 'warning' }, description: 'A `default` value does not match its schema.',
    basis: '2.0 and 3.0: "Unlike JSON Schema, the value MUST conform to the defined type" (Schema Object; in 2.0 also parameters, headers and items). 3.1 takes `default` from JSON Schema 2020-12: "It is RECOMMENDED that a default value be valid against the associated schema."' },
  { code: 'oas.example.mismatch', severity: 'warning', description: 'An example does not match its schema.',
    basis: 'Parameter and Media Type Objects (3.0, 3.1): the example "SHOULD match the specified schema" / "SHOULD be in the correct format"; a Schema Object example is "an example of an instance for this schema" (2.0, 3.0), and JSON Schema 2020-12 `examples` (3.1) are RECOMMENDED to be valid.' },
  { code: 'oas.component.unused', severity: 'hint', description: 'A component nothing refers to. A `$ref` counts in the document, in the files it reaches, or in another spec already checked, and so do discriminator mappings and `$ref`s written inside examples or `x-` extensions; a security scheme counts when a security requirement names it.',
    basis: 'No version requires a component to be used: components hold reusable objects. Tidiness only.' },
  { code: 'oas.operation.missingDescription', severity: 'hint', description: 'An operation has neither a summary nor a description.',
    basis: '`summary` and `description` are optional in every version. Style only.' },
];

const registry = new Map<string, RuleInfo>();

export function registerRules(rules: RuleInfo[]): void {
  for (const rule of rules) registry.set(rule.code, rule);
}

registerRules(openApiRules);

export function ruleInfo(code: string): RuleInfo | undefined {
  return registry.get(code);
}

export function allRules(): RuleInfo[] {
  return [...registry.values()];
}

/** The default severity of a rule for a finding in an OpenAPI document of this version (if any). */
export function defaultSeverity(rule: RuleInfo, version: OasVersion | undefined): Severity {
  return (version && rule.versions?.[version]) || rule.severity;
}

/** How the README's rule table writes a default: `error`, or `error (2.0, 3.0), warning (3.1)`. */
export function defaultsText(rule: RuleInfo): string {
  if (!rule.versions) return rule.severity;
  const byDefault = new Map<Severity, OasVersion[]>();
  for (const version of OAS_VERSIONS) {
    const severity = defaultSeverity(rule, version);
    byDefault.set(severity, [...(byDefault.get(severity) ?? []), version]);
  }
  if (byDefault.size === 1) return rule.severity;
  return [...byDefault].map(([severity, versions]) => `${severity} (${versions.join(', ')})`).join(', ');
}

/** The README's rule table, written from the rules themselves so that the two cannot drift apart. */
export function rulesTable(rules: readonly RuleInfo[]): string {
  const cell = (text: string): string => text.replace(/\|/g, '\\|');
  const rows = rules.map((rule) => `| \`${rule.code}\` | ${defaultsText(rule)} | ${cell(rule.description)} | ${cell(rule.basis)} |`);
  return ['| code | default | what it finds | basis of the default |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
