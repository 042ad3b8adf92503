// A mapping side that names an AsyncAPI message: `message: OrderParked` (a message's key, `name`
// or `messageId`, or an operation that carries one message), `operation: parkOrder` (the message
// of that operation), or both (that message of that operation). The message's payload is the schema.
import type { AsyncApiAnalysis } from '../asyncapi/analysis';
import { documentMessages, messageLabel, messageSchema, MessageSchema, NamedMessage, operationMessages } from '../asyncapi/messages';
import type { AsyncOperation } from '../asyncapi/model';
import { closestMatch } from '../suggest';
import type { MappingSide } from './model';

export interface SideProblem {
  problem: string;
  code: string;
  /** The key the problem is about. */
  on: 'operation' | 'message';
  suggestion?: string;
}

const list = (names: string[]): string => names.map((n) => `\`${n}\``).join(', ');

function unknown(on: SideProblem['on'], code: string, name: string, sentence: string, candidates: string[]): SideProblem {
  const suggestion = closestMatch(name, candidates);
  return { on, code, problem: `${sentence}${suggestion ? `; did you mean \`${suggestion}\`?` : '.'}`, suggestion };
}

/** The message a side names, and its payload schema. */
export function asyncApiMessage(analysis: AsyncApiAnalysis, side: MappingSide): MessageSchema | SideProblem {
  const targets = analysis.set.targets;
  const spec = side.spec ?? 'The spec';
  const operationIds = analysis.model.operations.map((o) => o.id).filter((id): id is string => id !== undefined);
  let message: NamedMessage | undefined;
  if (side.operation !== undefined) {
    const operation = analysis.model.operations.find((o) => o.id === side.operation);
    if (!operation) {
      const found = unknown('operation', 'mapping.operation.unknown', side.operation, `${spec} has no operation \`${side.operation}\``, operationIds);
      return found;
    }
    const carried = operationMessages(operation, targets);
    if (side.message !== undefined) {
      message = carried.find((m) => m.names.includes(side.message!));
      if (!message) return unknown('message', 'mapping.message.unknown', side.message, `\`${side.operation}\` carries no message \`${side.message}\` (it carries ${list(carried.map(messageLabel)) || 'none'})`, carried.flatMap((m) => m.names));
    } else {
      const one = onlyMessage(operation, carried, 'operation');
      if ('problem' in one) return one;
      message = one;
    }
  } else if (side.message !== undefined) {
    const all = documentMessages(analysis.set.root.uri, analysis.set.root.parse.root!, analysis.model, targets);
    message = all.find((m) => m.names[0] === side.message) ?? all.find((m) => m.names.includes(side.message!));
    if (!message) {
      const operation = analysis.model.operations.find((o) => o.id === side.message);
      if (!operation) {
        return unknown('message', 'mapping.message.unknown', side.message, `${spec} has no message or operation \`${side.message}\``, [...all.flatMap((m) => m.names), ...operationIds]);
      }
      const one = onlyMessage(operation, operationMessages(operation, targets), 'message');
      if ('problem' in one) return one;
      message = one;
    }
  }
  if (!message) return { on: 'message', code: 'mapping.message.unknown', problem: `Name a message of ${spec}.` };
  const schema = messageSchema(targets, analysis.version, message.message, 'payload');
  if (!schema) return { on: side.message !== undefined ? 'message' : 'operation', code: 'mapping.message.noPayload', problem: `The message \`${messageLabel(message)}\` has no payload.` };
  if ('unsupported' in schema) {
    return { on: side.message !== undefined ? 'message' : 'operation', code: 'mapping.message.noPayload', problem: `The payload of \`${messageLabel(message)}\` is written as \`${schema.unsupported}\`; mappings read JSON Schema, AsyncAPI, OpenAPI and Avro schemas.` };
  }
  return schema;
}

/** The one message an operation carries, or why there is not exactly one. */
function onlyMessage(operation: AsyncOperation, carried: NamedMessage[], on: SideProblem['on']): NamedMessage | SideProblem {
  if (carried.length === 1) return carried[0];
  if (!carried.length) return { on, code: 'mapping.message.noPayload', problem: `The operation \`${operation.id}\` carries no message.` };
  return { on, code: 'mapping.message.unknown', problem: `The operation \`${operation.id}\` carries ${carried.length} messages (${list(carried.map(messageLabel))}); name one with \`message:\`.` };
}

/** How an AsyncAPI operation reads in a list: `send orders.dlq`. */
export function asyncOperationLabel(operation: AsyncOperation): string {
  const address = operation.channel?.address ?? operation.channel?.id;
  return address ? `${operation.action} ${address}` : operation.action;
}

/** The operations of an AsyncAPI document a side can name, with where each id is written. */
export function asyncOperationChoices(analysis: AsyncApiAnalysis): { id: string; label: string; at: AsyncOperation['idAt'] }[] {
  return analysis.model.operations.filter((o) => o.id !== undefined).map((o) => ({ id: o.id!, label: asyncOperationLabel(o), at: o.idAt }));
}

/** The messages a side can name: those of its operation, else every message of the document. */
export function asyncMessageChoices(analysis: AsyncApiAnalysis, operation: string | undefined): NamedMessage[] {
  const op = operation !== undefined ? analysis.model.operations.find((o) => o.id === operation) : undefined;
  if (op) return operationMessages(op, analysis.set.targets);
  return documentMessages(analysis.set.root.uri, analysis.set.root.parse.root!, analysis.model, analysis.set.targets);
}
