// The messages of an AsyncAPI document as other files name them: mapping sides (`message: OrderParked`)
// and flow steps. A message answers to its key under `components/messages` or a 3.0 channel's
// `messages`, to its `name` and to its 2.x `messageId`.
import { findProperty } from '../parser/ast';
import type { RefTargets } from '../openapi/references';
import type { Located } from '../openapi/ruleContext';
import { AsyncApiModel, AsyncOperation, derefIn, membersOf } from './model';
import type { AsyncApiVersion } from './version';

export interface NamedMessage {
  /** The Message Object, after following `$ref`s. */
  message: Located;
  /** The names it answers to, the most specific first. */
  names: string[];
}

function text(located: Located | undefined, key: string): string | undefined {
  const node = findProperty(located?.node, key);
  return node?.type === 'string' ? String(node.value) : undefined;
}

/** The names a message answers to: the keys it is written under, its `name` and `messageId`. */
function namesOf(written: Located, message: Located): string[] {
  const names = new Set<string>();
  for (const holder of [written.node, message.node]) if (holder.parent?.key === 'messages' && holder.key !== undefined && holder.parent.type === 'object') names.add(String(holder.key));
  for (const key of ['name', 'messageId']) {
    const value = text(message, key);
    if (value) names.add(value);
  }
  return [...names];
}

/** Every message of a root document: under `components/messages`, under 3.0 channels, and those operations carry. */
export function documentMessages(rootUri: string, root: Located['node'], model: AsyncApiModel, targets: RefTargets): NamedMessage[] {
  const found = new Map<Located['node'], NamedMessage>();
  const add = (written: Located): void => {
    const message = derefIn(targets, written);
    if (!message || message.node.type !== 'object') return;
    const names = namesOf(written, message);
    const known = found.get(message.node);
    if (!known) found.set(message.node, { message, names });
    else for (const name of names) if (!known.names.includes(name)) known.names.push(name);
  };
  for (const node of membersOf(findProperty(findProperty(root, 'components'), 'messages'))) add({ uri: rootUri, node });
  for (const channel of model.channels) channel.messages.forEach(add);
  for (const operation of model.operations) operation.messages.forEach(add);
  return [...found.values()];
}

/** The messages an operation carries; a 3.0 operation without `messages` carries every message of its channel. */
export function operationMessages(operation: AsyncOperation, targets: RefTargets): NamedMessage[] {
  const written = operation.messages.length || !operation.channel ? operation.messages : operation.channel.messages;
  const out: NamedMessage[] = [];
  for (const at of written) {
    const message = derefIn(targets, at);
    if (message && message.node.type === 'object' && !out.some((m) => m.message.node === message.node)) out.push({ message, names: namesOf(at, message) });
  }
  return out;
}

/** How a message is named in a list of what a document offers: its key, else its `name` or `messageId`. */
export function messageLabel(message: NamedMessage): string {
  return message.names[0] ?? '(unnamed message)';
}

/** How a message reads on a diagram: its `name`, else its key or `messageId`. */
export function messageDisplayName(message: NamedMessage): string {
  return text(message.message, 'name') ?? messageLabel(message);
}

/** The schema of a message part, and the form it is written in. */
export interface MessageSchema {
  at: Located;
  /** `json` (AsyncAPI and JSON Schema), `openapi` (an OpenAPI 3.0 Schema Object) or `avro`. */
  format: 'json' | 'openapi' | 'avro';
}

/**
 * The schema of a message's payload or headers: the 2.x message `schemaFormat` or a 3.0 Multi
 * Format Schema Object decide how it is read. `{ unsupported }` names a format we cannot read
 * (Protobuf, RAML…); undefined when the message has no such part.
 */
export function messageSchema(targets: RefTargets, version: AsyncApiVersion, message: Located, part: 'payload' | 'headers'): MessageSchema | { unsupported: string } | undefined {
  const node = findProperty(message.node, part);
  if (!node) return undefined;
  let at: Located = { uri: message.uri, node };
  let format = part === 'payload' ? text(message, 'schemaFormat') : undefined;
  if (version === '3') {
    const target = derefIn(targets, at);
    const inner = findProperty(target?.node, 'schema');
    const innerFormat = findProperty(target?.node, 'schemaFormat');
    if (target && inner && innerFormat?.type === 'string') {
      at = { uri: target.uri, node: inner };
      format = String(innerFormat.value);
    }
  }
  if (!format || /^application\/(vnd\.aai\.asyncapi(\+json|\+yaml)?|schema\+json|schema\+yaml)(;|$)/.test(format)) return { at, format: 'json' };
  if (/^application\/vnd\.oai\.openapi(\+json|\+yaml)?(;|$)/.test(format)) return { at, format: 'openapi' };
  if (/^application\/vnd\.apache\.avro(\+json|\+yaml)?(;|$)/.test(format)) return { at, format: 'avro' };
  return { unsupported: format };
}
