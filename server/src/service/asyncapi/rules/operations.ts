import { findProperty } from '../../parser/ast';
import { parsePointer } from '../../pointer';
import { closestMatch, didYouMean } from '../../suggest';
import type { Located } from '../../openapi/ruleContext';
import { whereRefLeads } from '../../openapi/references';
import type { AsyncRule } from '../analysis';
import { derefIn, itemsOf, membersOf } from '../model';

/** 3.0: an operation's channel is one of the root channels, and its messages are messages of that channel. */
export const checkOperationChannels: AsyncRule = ({ context, model }) => {
  if (model.version !== '3') return;
  const targets = context.set.targets;
  const channelIds = model.channels.map((c) => c.id);
  for (const op of model.operations) {
    if (!op.operation) continue;
    const channelRef = findProperty(findProperty(op.operation.node, 'channel'), '$ref');
    if (channelRef?.type !== 'string') continue;
    const ref = String(channelRef.value);
    const at = { uri: op.operation.uri, node: channelRef };
    if (!op.channel) {
      const leads = whereRefLeads(op.operation.uri, ref);
      const path = leads.targetPath;
      const inRootChannels = leads.targetUri === context.rootUri && path?.length === 2 && path[0] === 'channels';
      if (inRootChannels) {
        context.report(at, 'value', 'asyncapi.operation.unknownChannel', `The operation \`${op.id}\` names the channel \`${path![1]}\`, which \`channels\` does not define${didYouMean(path![1], channelIds)}`,
          { data: { missing: path![1], ...(closestMatch(path![1], channelIds) ? { suggestion: closestMatch(path![1], channelIds) } : {}) } });
      } else if (targets.resolve(op.operation.uri, ref).target) {
        context.report(at, 'value', 'asyncapi.operation.unknownChannel', `The operation \`${op.id}\` must name a channel of the root \`channels\` (\`#/channels/…\`), not \`${ref}\`.`);
      }
      continue;
    }
    const carried = op.channel.messages.flatMap((m) => [m.node, derefIn(targets, m)?.node]);
    for (const message of op.messages) {
      const target = derefIn(targets, message);
      if (!target || carried.includes(target.node)) continue;
      const refNode = findProperty(message.node, '$ref') ?? message.node;
      const name = refName(refNode.value);
      context.report({ uri: message.uri, node: refNode }, 'value', 'asyncapi.operation.messageNotInChannel',
        `The channel \`${op.channel.id}\` does not carry the message \`${name}\`; an operation's messages must be messages of its channel (\`#/channels/${op.channel.id}/messages/…\`).`);
    }
    checkReplyMessages(context, op.operation);
  }
};

/** 3.0 Operation Reply Object `messages`: "It MUST contain a subset of the messages defined in the channel referenced in this reply." */
function checkReplyMessages(context: Parameters<AsyncRule>[0]['context'], operation: Located): void {
  const targets = context.set.targets;
  const written = findProperty(operation.node, 'reply');
  const reply = written && derefIn(targets, { uri: operation.uri, node: written });
  const channelNode = reply && findProperty(reply.node, 'channel');
  const channel = reply && channelNode && derefIn(targets, { uri: reply.uri, node: channelNode });
  if (!reply || !channel || channel.node.type !== 'object') return;
  const channelName = refName(findProperty(channelNode, '$ref')?.value);
  const carried = membersOf(findProperty(channel.node, 'messages')).flatMap((m) => [m, derefIn(targets, { uri: channel.uri, node: m })?.node]);
  for (const item of itemsOf(findProperty(reply.node, 'messages'))) {
    const target = derefIn(targets, { uri: reply.uri, node: item });
    if (!target || carried.includes(target.node)) continue;
    const refNode = findProperty(item, '$ref') ?? item;
    context.report({ uri: reply.uri, node: refNode }, 'value', 'asyncapi.operation.messageNotInChannel',
      `The reply channel \`${channelName}\` does not carry the message \`${refName(refNode.value)}\`; a reply's messages must be messages of its channel.`);
  }
}

function refName(value: unknown): string {
  const path = typeof value === 'string' ? parsePointer(value.slice(Math.max(0, value.indexOf('#')))) : undefined;
  return path?.length ? path[path.length - 1] : String(value);
}

/** 2.x: operationIds and messageIds are unique in the document (reported at every use). */
export const checkUniqueIds: AsyncRule = ({ context, model }) => {
  if (model.version !== '2') return;
  const operationIds = new Map<string, Located[]>();
  for (const op of model.operations) if (op.id !== undefined && op.idAt) push(operationIds, op.id, op.idAt);
  for (const [id, places] of operationIds) {
    if (places.length < 2) continue;
    for (const place of places) {
      const others = places.filter((p) => p !== place).map((p) => channelOf(p));
      context.report(place, 'value', 'asyncapi.operationId.duplicate', `The operationId \`${id}\` is also used by ${others.join(', ')}; operationIds must be unique.`);
    }
  }
  const messageIds = new Map<string, Located[]>();
  const seen = new Set<unknown>();
  const targets = context.set.targets;
  const messages: Located[] = [...model.operations.flatMap((o) => o.messages)];
  for (const node of findProperty(findProperty(context.root, 'components'), 'messages')?.children ?? []) messages.push({ uri: context.rootUri, node });
  for (const message of messages) {
    const target = derefIn(targets, message);
    if (!target || seen.has(target.node)) continue;
    seen.add(target.node);
    const idNode = findProperty(target.node, 'messageId');
    if (idNode?.type === 'string') push(messageIds, String(idNode.value), { uri: target.uri, node: idNode });
  }
  for (const [id, places] of messageIds) {
    if (places.length < 2) continue;
    for (const place of places) context.report(place, 'value', 'asyncapi.messageId.duplicate', `The messageId \`${id}\` is used by ${places.length} different messages; messageIds must be unique.`);
  }
};

function push(map: Map<string, Located[]>, key: string, at: Located): void {
  const list = map.get(key) ?? [];
  list.push(at);
  map.set(key, list);
}

/** "publish of `user/signedup`" for an operationId node. */
function channelOf(idAt: Located): string {
  const operation = idAt.node.parent;
  const channel = operation?.parent;
  return operation && channel ? `${String(operation.key)} of \`${String(channel.key)}\`` : 'another operation';
}
