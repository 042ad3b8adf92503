import { findProperty } from '../../parser/ast';
import { didYouMean } from '../../suggest';
import type { AsyncRule } from '../analysis';
import { addressParameters, membersOf } from '../model';

/** Address expressions without a parameter, and parameters the address does not contain. */
export const checkChannelParameters: AsyncRule = ({ context, model }) => {
  for (const channel of model.channels) {
    if (!channel.channel || channel.address === null || !channel.addressAt) continue;
    const parametersNode = findProperty(channel.channel.node, 'parameters');
    const declared = membersOf(parametersNode).map((n) => String(n.key));
    const used = addressParameters(channel.address);
    const onKey = model.version === '2';
    const quoteOffset = addressTextOffset(context.keyText(channel.addressAt), onKey, context.set.documents.get(channel.addressAt.uri)?.text, channel.addressAt.node.offset);
    for (const expression of used) {
      if (declared.includes(expression.name)) continue;
      const message = `The channel address uses \`{${expression.name}}\`, but the channel declares no parameter \`${expression.name}\`${didYouMean(expression.name, declared.filter((d) => !used.some((u) => u.name === d)))}`;
      const data = { parameter: expression.name };
      if (quoteOffset === undefined) context.report(channel.addressAt, onKey ? 'key' : 'value', 'asyncapi.channel.parameterUndeclared', message, { data });
      else if (onKey) context.reportInKey(channel.addressAt, quoteOffset + expression.start, expression.length, 'asyncapi.channel.parameterUndeclared', message, { data });
      else context.report(channel.addressAt, 'value', 'asyncapi.channel.parameterUndeclared', message, { offset: channel.addressAt.node.offset + quoteOffset + expression.start, length: expression.length, data });
    }
    for (const parameter of membersOf(parametersNode)) {
      const name = String(parameter.key);
      if (used.some((u) => u.name === name)) continue;
      context.report({ uri: channel.channel.uri, node: parameter }, 'key', 'asyncapi.channel.parameterNotInAddress',
        `The parameter \`${name}\` does not appear in the channel address \`${channel.address}\`.`);
    }
  }
};

/** Where the address text starts inside its key or value (after a quote); undefined when escapes make offsets unsure. */
function addressTextOffset(keyText: string, onKey: boolean, text: string | undefined, valueOffset: number): number | undefined {
  const raw = onKey ? keyText : text?.slice(valueOffset, valueOffset + 1) ?? '';
  const quoted = raw.startsWith('"') || raw.startsWith("'");
  if (onKey && quoted && /\\|''/.test(keyText)) return undefined;
  return quoted ? 1 : 0;
}
