// Human wording for OAS schema findings: object names, value labels, lists and "did you mean".
import { editDistance } from '../../suggest';

export type Path = (string | number)[];

/** Readable names of the definitions in the official schemas, by definition key. Keys not listed are mixins or helpers and keep the enclosing object's name. */
const DEFINITION_NAMES: Record<string, string> = {
  // 2.0
  info: 'Info Object',
  contact: 'Contact Object',
  license: 'License Object',
  paths: 'Paths Object',
  definitions: 'Definitions Object',
  parameterDefinitions: 'Parameters Definitions Object',
  responseDefinitions: 'Responses Definitions Object',
  externalDocs: 'External Documentation Object',
  examples: 'Example Object',
  operation: 'Operation Object',
  pathItem: 'Path Item Object',
  responses: 'Responses Object',
  response: 'Response Object',
  headers: 'Headers Object',
  header: 'Header Object',
  bodyParameter: 'body Parameter Object',
  headerParameterSubSchema: 'header Parameter Object',
  queryParameterSubSchema: 'query Parameter Object',
  formDataParameterSubSchema: 'formData Parameter Object',
  pathParameterSubSchema: 'path Parameter Object',
  nonBodyParameter: 'Parameter Object',
  schema: 'Schema Object',
  fileSchema: 'file Schema Object',
  primitivesItems: 'Items Object',
  securityRequirement: 'Security Requirement Object',
  xml: 'XML Object',
  tag: 'Tag Object',
  securityDefinitions: 'Security Definitions Object',
  basicAuthenticationSecurity: 'basic Security Scheme Object',
  apiKeySecurity: 'apiKey Security Scheme Object',
  oauth2ImplicitSecurity: 'oauth2 implicit Security Scheme Object',
  oauth2PasswordSecurity: 'oauth2 password Security Scheme Object',
  oauth2ApplicationSecurity: 'oauth2 application Security Scheme Object',
  oauth2AccessCodeSecurity: 'oauth2 accessCode Security Scheme Object',
  oauth2Scopes: 'Scopes Object',
  jsonReference: 'Reference Object',
  // 3.0
  Reference: 'Reference Object',
  Info: 'Info Object',
  Contact: 'Contact Object',
  License: 'License Object',
  Server: 'Server Object',
  ServerVariable: 'Server Variable Object',
  Components: 'Components Object',
  Schema: 'Schema Object',
  Discriminator: 'Discriminator Object',
  XML: 'XML Object',
  Response: 'Response Object',
  MediaType: 'Media Type Object',
  Example: 'Example Object',
  Header: 'Header Object',
  Paths: 'Paths Object',
  PathItem: 'Path Item Object',
  Operation: 'Operation Object',
  Responses: 'Responses Object',
  SecurityRequirement: 'Security Requirement Object',
  Tag: 'Tag Object',
  ExternalDocumentation: 'External Documentation Object',
  Parameter: 'Parameter Object',
  RequestBody: 'Request Body Object',
  SecurityScheme: 'Security Scheme Object',
  APIKeySecurityScheme: 'apiKey Security Scheme Object',
  HTTPSecurityScheme: 'http Security Scheme Object',
  OAuth2SecurityScheme: 'oauth2 Security Scheme Object',
  OpenIdConnectSecurityScheme: 'openIdConnect Security Scheme Object',
  OAuthFlows: 'OAuth Flows Object',
  ImplicitOAuthFlow: 'implicit OAuth Flow Object',
  PasswordOAuthFlow: 'password OAuth Flow Object',
  ClientCredentialsFlow: 'clientCredentials OAuth Flow Object',
  AuthorizationCodeOAuthFlow: 'authorizationCode OAuth Flow Object',
  Link: 'Link Object',
  Callback: 'Callback Object',
  Encoding: 'Encoding Object',
  // 3.1 (kebab-case keys; 'info', 'contact', ... are shared with 2.0 above)
  server: 'Server Object',
  'server-variable': 'Server Variable Object',
  components: 'Components Object',
  'path-item': 'Path Item Object',
  'external-documentation': 'External Documentation Object',
  parameter: 'Parameter Object',
  'request-body': 'Request Body Object',
  'media-type': 'Media Type Object',
  encoding: 'Encoding Object',
  callbacks: 'Callback Object',
  example: 'Example Object',
  link: 'Link Object',
  reference: 'Reference Object',
  'security-scheme': 'Security Scheme Object',
  'oauth-flows': 'OAuth Flows Object',
  implicit: 'implicit OAuth Flow Object',
  password: 'password OAuth Flow Object',
  'client-credentials': 'clientCredentials OAuth Flow Object',
  'authorization-code': 'authorizationCode OAuth Flow Object',
};

/** The readable name of the definition a JSON pointer designates, if it is an object definition. */
export function definitionName(pointer: string, dialect: '04' | '2020'): string | undefined {
  const m = /\/(?:definitions|\$defs)\/([^/]+)$/.exec(pointer);
  if (!m) return undefined;
  const key = m[1];
  // In 3.1 `examples` is a mixin adding `example`/`examples` to its user, not an object of its own.
  if (dialect === '2020' && key === 'examples') return undefined;
  return Object.prototype.hasOwnProperty.call(DEFINITION_NAMES, key) ? DEFINITION_NAMES[key] : undefined;
}

/** "an Operation Object", "a Path Item Object". */
export function withArticle(name: string): string {
  return (/^(?:[aeiouAEIOU]|http\b|HTTP|XML)/.test(name) ? 'an ' : 'a ') + name;
}

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** How a value's position is named in a message: `summary`, `tags[2]`, or "The document". */
export function label(path: Path): string {
  if (path.length === 0) return 'The document';
  let i = path.length - 1;
  let suffix = '';
  while (i >= 0 && typeof path[i] === 'number') {
    suffix = `[${path[i]}]` + suffix;
    i--;
  }
  const key = i >= 0 ? String(path[i]) : '';
  return '`' + key + suffix + '`';
}

/** A value as code: strings bare, everything else as JSON; past 60 characters cut short. */
export function code(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return '`' + (text.length > 60 ? text.slice(0, 57) + '…' : text) + '`';
}

export function list(values: unknown[], conjunction = 'or'): string {
  const items = values.map(code);
  if (items.length <= 1) return items.join('');
  if (items.length === 2) return `${items[0]} ${conjunction} ${items[1]}`;
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

const FORMAT_PHRASES: Record<string, string> = {
  uri: 'an absolute URI',
  'uri-reference': 'a URI reference',
  email: 'an email address',
  regex: 'a regular expression',
};

export function formatPhrase(format: string): string {
  return FORMAT_PHRASES[format] ?? `a valid \`${format}\``;
}

/** The candidate closest to `word` when it is plausibly a misspelling of it. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const allowed = Math.max(1, Math.min(3, Math.floor(Math.max(word.length, candidate.length) / 3)));
    // Bounded: a 200 000-character key must not cost a full distance matrix per candidate.
    const distance = candidate.toLowerCase() === lower ? 0 : editDistance(lower, candidate.toLowerCase(), allowed);
    if (distance <= allowed && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** The literal alternatives of a pattern such as `^(get|put|post)$`, used as key suggestions. */
export function patternAlternatives(pattern: string): string[] {
  const m = /^\^\(?((?:[A-Za-z0-9_-]+\|)*[A-Za-z0-9_-]+)\)?\$$/.exec(pattern);
  return m ? m[1].split('|') : [];
}
