// The parts of an AsyncAPI document every rule and feature looks at — channels with their
// addresses and parameters, operations, messages and components — found once per document for
// both major versions, which place them differently:
// - 2.x: `channels` keys are addresses; each Channel Item holds `publish`/`subscribe` operations
//   (with an `operationId`), and an operation's `message` is a Message Object, a `$ref` or `oneOf`.
// - 3.0: `channels` keys are ids, the address is `address:`; a channel lists its `messages` by id;
//   `operations` are keyed by id, with `action`, a `channel` `$ref` and `messages` `$ref`s.
import { AstNode, findProperty } from '../parser/ast';
import type { RefTargets } from '../openapi/references';
import type { Located } from '../openapi/ruleContext';
import type { AsyncApiVersion } from './version';

export interface AsyncChannel {
  /** The member under `channels` (its key: the address in 2.x, the id in 3.0). */
  entry: Located;
  /** The Channel (Item) Object after following a `$ref`. */
  channel: Located | undefined;
  id: string;
  /** The address with `{parameters}`; null when 3.0 leaves it unknown or dynamic. */
  address: string | null;
  /** The node holding the address text (the key in 2.x, the `address` value in 3.0). */
  addressAt: Located | undefined;
  /** 3.0: the channel's messages (entries of its `messages` map). */
  messages: Located[];
}

export interface AsyncOperation {
  /** The operation object (the member under `operations`, or `publish`/`subscribe` of a channel). */
  entry: Located;
  operation: Located | undefined;
  /** The operationId (2.x) or the operation's key (3.0); undefined for a 2.x operation without one. */
  id: string | undefined;
  /** Where the id is written: the `operationId` value (2.x) or the key (3.0). */
  idAt: Located | undefined;
  /** `send`/`receive` (3.0), `publish`/`subscribe` (2.x). */
  action: string;
  channel: AsyncChannel | undefined;
  /** The operation's messages as written (2.x: `message`, or each of its `oneOf`; 3.0: each of `messages`). */
  messages: Located[];
  summary?: string;
}

export interface AsyncApiModel {
  version: AsyncApiVersion;
  channels: AsyncChannel[];
  operations: AsyncOperation[];
}

/** Follows a chain of `$ref`s (local or into other files of the set). */
export function derefIn(targets: RefTargets, at: Located | undefined): Located | undefined {
  let current = at;
  for (let hops = 0; current && hops < 32; hops++) {
    const ref = findProperty(current.node, '$ref');
    if (!ref || ref.type !== 'string') return current;
    current = targets.target(current.uri, ref);
  }
  return undefined;
}

export function membersOf(node: AstNode | undefined): AstNode[] {
  return node?.type === 'object' ? node.children! : [];
}

export function itemsOf(node: AstNode | undefined): AstNode[] {
  return node?.type === 'array' ? node.children! : [];
}

function text(node: AstNode | undefined): string | undefined {
  return node?.type === 'string' ? String(node.value) : undefined;
}

/** The channels, operations and messages of a root document (its analysis keeps them). */
export function asyncApiModel(uri: string, root: AstNode, version: AsyncApiVersion, targets: RefTargets): AsyncApiModel {
  const channels: AsyncChannel[] = [];
  const operations: AsyncOperation[] = [];
  for (const node of membersOf(findProperty(root, 'channels'))) {
    const entry = { uri, node };
    const channel = derefIn(targets, entry);
    const id = String(node.key);
    if (version === '2') {
      const item: AsyncChannel = { entry, channel, id, address: id, addressAt: entry, messages: [] };
      channels.push(item);
      for (const action of ['publish', 'subscribe']) {
        const opNode = findProperty(channel?.node, action);
        if (!opNode || !channel) continue;
        const opEntry = { uri: channel.uri, node: opNode };
        const operation = derefIn(targets, opEntry);
        const idNode = findProperty(operation?.node, 'operationId');
        const message = findProperty(operation?.node, 'message');
        const oneOf = findProperty(derefIn(targets, message ? { uri: operation!.uri, node: message } : undefined)?.node, 'oneOf');
        const messages = oneOf ? itemsOf(oneOf).map((n) => ({ uri: operation!.uri, node: n })) : message ? [{ uri: operation!.uri, node: message }] : [];
        operations.push({
          entry: opEntry,
          operation,
          id: text(idNode),
          idAt: idNode && operation ? { uri: operation.uri, node: idNode } : undefined,
          action,
          channel: item,
          messages,
          summary: text(findProperty(operation?.node, 'summary')),
        });
      }
    } else {
      const addressNode = findProperty(channel?.node, 'address');
      const address = addressNode?.type === 'string' ? String(addressNode.value) : null;
      const messages = membersOf(findProperty(channel?.node, 'messages')).map((n) => ({ uri: channel!.uri, node: n }));
      channels.push({ entry, channel, id, address, addressAt: addressNode && channel ? { uri: channel.uri, node: addressNode } : undefined, messages });
    }
  }
  if (version === '3') {
    for (const node of membersOf(findProperty(root, 'operations'))) {
      const entry = { uri, node };
      const operation = derefIn(targets, entry);
      const channelRef = findProperty(operation?.node, 'channel');
      const channelTarget = channelRef && operation ? derefIn(targets, { uri: operation.uri, node: channelRef }) : undefined;
      const channel = channelTarget && channels.find((c) => c.channel?.node === channelTarget.node);
      operations.push({
        entry,
        operation,
        id: String(node.key),
        idAt: entry,
        action: text(findProperty(operation?.node, 'action')) ?? 'send',
        channel,
        messages: itemsOf(findProperty(operation?.node, 'messages')).map((n) => ({ uri: operation!.uri, node: n })),
        summary: text(findProperty(operation?.node, 'summary')),
      });
    }
  }
  return { version, channels, operations };
}

/** `{name}` expressions of a channel address, with their offsets in the address. */
export function addressParameters(address: string): { name: string; start: number; length: number }[] {
  const found: { name: string; start: number; length: number }[] = [];
  for (const match of address.matchAll(/\{([^{}]*)\}/g)) found.push({ name: match[1], start: match.index!, length: match[0].length });
  return found;
}

/** A message's readable name: its `name`, else `messageId` (2.x), else its key. */
export function messageName(message: Located | undefined, key?: string): string | undefined {
  return text(findProperty(message?.node, 'name')) ?? text(findProperty(message?.node, 'messageId')) ?? key;
}
