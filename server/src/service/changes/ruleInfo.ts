import type { RuleInfo } from '../rules';

/**
 * The kinds of change between two versions of an API. Each is a rule: its severity is the change's
 * level (`error` breaks existing clients, `warning` may break them, `info` is compatible), changed
 * like any other rule's in `.interface-studio.yaml` or `interfaceStudio.rules`. Whether a narrowing
 * breaks depends on the direction: clients send requests and read responses.
 */
const rule = (code: string, severity: 'error' | 'warning' | 'info', description: string, basis: string): RuleInfo => ({ code, severity, description, basis });

const SENDS = 'Clients send requests: what they sent before must still be accepted.';
const READS = 'Clients read responses: they must still get what they were told to expect.';
const COMPATIBLE = 'Nothing an existing client does stops working.';

export const CHANGE_RULES: readonly RuleInfo[] = [
  rule('change.operation.removed', 'error', 'An operation was removed (without being deprecated first).', 'Clients that call it get 404 or 405.'),
  rule('change.operation.removedAfterDeprecation', 'warning', 'A deprecated operation was removed.', 'It was announced, but clients that still call it break.'),
  rule('change.operation.added', 'info', 'An operation was added.', COMPATIBLE),
  rule('change.operation.deprecated', 'info', 'An operation was marked deprecated.', 'It still works; clients should plan to move.'),
  rule('change.operation.idChanged', 'warning', 'An operation\'s operationId changed.', 'The HTTP call is the same, but generated clients, mappings and flows name operations by operationId.'),
  rule('change.parameter.addedRequired', 'error', 'A required parameter was added.', `${SENDS} Existing calls do not send it.`),
  rule('change.parameter.added', 'info', 'An optional parameter was added.', COMPATIBLE),
  rule('change.parameter.removed', 'warning', 'A parameter was removed.', 'Clients still send it; the server may ignore or reject it.'),
  rule('change.parameter.becameRequired', 'error', 'An optional parameter became required.', `${SENDS} Calls without it are now rejected.`),
  rule('change.parameter.becameOptional', 'info', 'A required parameter became optional.', COMPATIBLE),
  rule('change.parameter.renamed', 'error', 'A parameter was renamed (same location, same schema).', 'Clients send the old name.'),
  rule('change.parameter.locationChanged', 'error', 'A parameter moved (query, header, path, cookie).', 'Clients send it where it was.'),
  rule('change.parameter.serializationChanged', 'error', 'A parameter\'s `style` or `explode` changed.', 'Clients serialise the value the old way.'),
  rule('change.request.bodyBecameRequired', 'error', 'The request body became required, or a required body was added.', `${SENDS} Calls without a body are now rejected.`),
  rule('change.request.mediaTypeRemoved', 'error', 'A request media type was removed.', `${SENDS} Bodies of that type are rejected.`),
  rule('change.request.mediaTypeAdded', 'info', 'A request media type was added.', COMPATIBLE),
  rule('change.request.propertyAddedRequired', 'error', 'A required property was added to a request schema.', `${SENDS} Existing calls do not send it.`),
  rule('change.request.propertyAdded', 'info', 'An optional property was added to a request schema.', COMPATIBLE),
  rule('change.request.propertyRemoved', 'warning', 'A property was removed from a request schema.', 'Clients still send it; the server may ignore or reject it.'),
  rule('change.request.propertyBecameRequired', 'error', 'A request property became required.', `${SENDS} Calls without it are now rejected.`),
  rule('change.request.propertyBecameOptional', 'info', 'A request property became optional.', COMPATIBLE),
  rule('change.request.typeChanged', 'error', 'A request value\'s type changed or narrowed (also no longer nullable).', `${SENDS} Values of the old type are rejected.`),
  rule('change.request.typeWidened', 'info', 'A request value accepts more types (integer to number, nullable).', COMPATIBLE),
  rule('change.request.formatChanged', 'error', 'A request value\'s `format` was added or changed.', `${SENDS} Values in the old form may be rejected.`),
  rule('change.request.enumNarrowed', 'error', 'Values were removed from a request enum.', `${SENDS} Those values are rejected.`),
  rule('change.request.enumWidened', 'info', 'Values were added to a request enum.', COMPATIBLE),
  rule('change.request.boundTightened', 'error', 'A request bound was tightened: minimum/maximum, length, item count, uniqueness, additional properties.', `${SENDS} Values that were valid are rejected.`),
  rule('change.request.boundLoosened', 'info', 'A request bound was loosened or removed (also `format` or `pattern` removed).', COMPATIBLE),
  rule('change.request.patternChanged', 'warning', 'A request `pattern` was added or changed.', 'Values that matched the old pattern may not match the new one.'),
  rule('change.request.defaultChanged', 'warning', 'The default of a request value changed.', 'Clients that leave the value out get another behaviour.'),
  rule('change.request.variantRemoved', 'error', 'A `oneOf`/`anyOf` alternative of a request schema was removed (or a discriminator value).', `${SENDS} Bodies of that variant are rejected.`),
  rule('change.request.variantAdded', 'info', 'A `oneOf`/`anyOf` alternative of a request schema was added.', COMPATIBLE),
  rule('change.request.discriminatorChanged', 'error', 'The discriminator property of a request schema changed.', `${SENDS} They name the variant in the old property.`),
  rule('change.response.statusRemoved', 'error', 'A success (2xx) response was removed.', `${READS}`),
  rule('change.response.successStatusChanged', 'error', 'The success status of an operation changed (200 to 201…).', `${READS} Clients check for the old status.`),
  rule('change.response.errorStatusRemoved', 'warning', 'A non-success response was removed.', 'Clients that handle it no longer see it; the server may answer otherwise.'),
  rule('change.response.statusAdded', 'info', 'A response status was added.', 'Clients treat an unknown status by its class.'),
  rule('change.response.mediaTypeRemoved', 'error', 'A response media type was removed.', `${READS} Clients that ask for it get 406.`),
  rule('change.response.mediaTypeAdded', 'info', 'A response media type was added.', COMPATIBLE),
  rule('change.response.propertyRemoved', 'error', 'A required property was removed from a response.', `${READS} Clients that read it break.`),
  rule('change.response.optionalPropertyRemoved', 'warning', 'An optional property was removed from a response.', 'Clients that read it get nothing where they sometimes got a value.'),
  rule('change.response.propertyBecameOptional', 'error', 'A response property is no longer required.', `${READS} Clients that rely on it being there break.`),
  rule('change.response.propertyAdded', 'info', 'A property was added to a response.', COMPATIBLE),
  rule('change.response.typeChanged', 'error', 'A response value\'s type changed or widened.', `${READS} Clients parse the old type.`),
  rule('change.response.typeNarrowed', 'info', 'A response value\'s type narrowed (number to integer, no longer nullable).', COMPATIBLE),
  rule('change.response.becameNullable', 'error', 'A response value became nullable.', `${READS} Clients do not expect null.`),
  rule('change.response.formatChanged', 'warning', 'A response value\'s `format` was removed or changed.', 'Clients that parse the old format may fail.'),
  rule('change.response.enumWidened', 'warning', 'Values were added to a response enum.', 'Clients that switch over the values meet one they do not know.'),
  rule('change.response.enumNarrowed', 'info', 'Values were removed from a response enum.', COMPATIBLE),
  rule('change.response.boundLoosened', 'warning', 'A response bound was loosened or removed (also `pattern` removed or changed).', 'Clients may rely on the old bound (a field size, a range).'),
  rule('change.response.boundTightened', 'info', 'A response bound was tightened.', COMPATIBLE),
  rule('change.response.variantAdded', 'warning', 'A `oneOf`/`anyOf` alternative of a response schema was added (or a discriminator value).', 'Clients meet a variant they do not know.'),
  rule('change.response.variantRemoved', 'info', 'A `oneOf`/`anyOf` alternative of a response schema was removed.', COMPATIBLE),
  rule('change.response.discriminatorChanged', 'error', 'The discriminator property of a response schema changed.', `${READS} They tell the variants apart by the old property.`),
  rule('change.security.requirementAdded', 'error', 'A security requirement was added or changed (calls need other credentials).', 'Clients call without the credentials now needed.'),
  rule('change.security.requirementRemoved', 'info', 'A security requirement was removed or made optional.', COMPATIBLE),
  rule('change.security.scopeAdded', 'error', 'An OAuth2 scope was added to a requirement.', 'Clients\' tokens lack the new scope.'),
  rule('change.security.scopeRemoved', 'info', 'An OAuth2 scope was removed from a requirement.', COMPATIBLE),
  rule('change.security.schemeRemoved', 'error', 'A security scheme was removed.', 'Clients authenticate with it.'),
  rule('change.server.removed', 'warning', 'A server URL was removed.', 'Clients configured with it may point at nothing.'),
  rule('change.server.added', 'info', 'A server URL was added.', COMPATIBLE),
];
