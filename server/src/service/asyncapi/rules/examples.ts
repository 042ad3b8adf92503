import { Type as AvroType } from 'avsc';
import { AstNode, findProperty } from '../../parser/ast';
import { valueAtPath } from '../../pointer';
import type { Located } from '../../openapi/ruleContext';
import { firstLine, label, nodeAt } from '../../openapi/rules/examples';
import { Mismatch, plain, SchemaChecker, SchemaConverter, showList, TooComplex } from '../../openapi/schemaToJsonSchema';
import { code } from '../../openapi/schema/wording';
import type { AsyncRule, AsyncRuleInput } from '../analysis';
import { derefIn, itemsOf, membersOf } from '../model';
import { messageSchema, MessageSchema as SchemaAt } from '../messages';

/** The schema of a payload or headers that the examples are checked against (formats we cannot read are left out). */
function schemaOf({ context, model }: AsyncRuleInput, message: Located, part: 'payload' | 'headers'): SchemaAt | undefined {
  const found = messageSchema(context.set.targets, model.version, message, part);
  return found && 'at' in found ? found : undefined;
}

/** Message examples whose payload or headers do not match the message's schemas. */
export const checkMessageExamples: AsyncRule = (input) => {
  const { context, model } = input;
  const targets = context.set.targets;
  const messages: Located[] = [];
  for (const channel of model.channels) messages.push(...channel.messages);
  for (const op of model.operations) messages.push(...op.messages);
  for (const node of membersOf(findProperty(findProperty(context.root, 'components'), 'messages'))) messages.push({ uri: context.rootUri, node });
  const done = new Set<AstNode>();
  const checker = new ExampleChecker(input);
  for (const written of messages) {
    const message = derefIn(targets, written);
    if (!message || message.node.type !== 'object' || done.has(message.node)) continue;
    done.add(message.node);
    const examples = itemsOf(findProperty(message.node, 'examples'));
    if (!examples.length) continue;
    const payload = schemaOf(input, message, 'payload');
    const headers = schemaOf(input, message, 'headers');
    for (const example of examples) {
      for (const [part, schema] of [['payload', payload], ['headers', headers]] as const) {
        const value = findProperty(example, part);
        if (value && schema) checker.check({ uri: message.uri, node: value }, schema, part);
      }
    }
  }
};

class ExampleChecker {
  private readonly converters = new Map<string, SchemaConverter>();
  private readonly avroTypes = new Map<AstNode, AvroType | null>();

  constructor(private readonly input: AsyncRuleInput) {}

  check(value: Located, schema: SchemaAt, part: 'payload' | 'headers'): void {
    const data = this.valueOf(value);
    const mismatches = schema.format === 'avro' ? this.avroMismatches(schema.at, data) : this.jsonMismatches(schema, data);
    const seen = new Set<string>();
    for (const mismatch of mismatches) {
      const id = JSON.stringify([mismatch.path, mismatch.predicate]);
      if (seen.has(id) || seen.size >= 20) continue;
      seen.add(id);
      this.report(value, data, mismatch, part, schema.at);
    }
  }

  private jsonMismatches(schema: SchemaAt, data: unknown): Mismatch[] {
    const version = schema.format === 'openapi' ? '3.0' : '3.1';
    let converter = this.converters.get(version);
    if (!converter) this.converters.set(version, (converter = new SchemaConverter(this.input.context.set, version)));
    const converted = converter.schemaAt(schema.at);
    if (converted === true) return [];
    const checker = new SchemaChecker((id) => converter!.unit(id), (s) => converter!.hiddenRequired(s));
    try {
      return checker.check(converted, data);
    } catch (error) {
      if (error instanceof TooComplex || error instanceof RangeError) return []; // too costly to decide: say nothing
      throw error;
    }
  }

  private avroMismatches(schemaAt: Located, data: unknown): Mismatch[] {
    const target = derefIn(this.input.context.set.targets, schemaAt);
    if (!target) return [];
    let type = this.avroTypes.get(target.node);
    if (type === undefined) {
      try {
        type = AvroType.forSchema(this.valueOf(target) as never);
      } catch {
        type = null; // not a valid Avro schema: the schema check of the document says so
      }
      this.avroTypes.set(target.node, type);
    }
    if (!type) return [];
    const mismatches: Mismatch[] = [];
    type.isValid(data, {
      errorHook: (avroPath: string[], found: unknown, expected: AvroType) => {
        const path = arrayIndexes(avroPath, data);
        const typeName = expected.typeName ?? String(expected);
        if (found === undefined && path.length > 0) {
          mismatches.push({ path: path.slice(0, -1), on: 'value', kind: 'required', predicate: `must have the field \`${path[path.length - 1]}\` (${avroPhrase(expected, typeName)})` });
          return;
        }
        mismatches.push({ path, on: 'value', kind: 'type', predicate: `must be ${avroPhrase(expected, typeName)}` });
      },
    });
    return mismatches;
  }

  private valueOf(at: Located): unknown {
    const path: (string | number)[] = [];
    for (let node: AstNode | undefined = at.node; node?.parent; node = node.parent) path.push(node.key!);
    const doc = this.input.context.set.documents.get(at.uri);
    const value = doc ? valueAtPath(doc.parse.value, path.reverse()) : undefined;
    return value === undefined ? plain(at.node) : value;
  }

  private report(value: Located, data: unknown, mismatch: Mismatch, part: 'payload' | 'headers', schemaAt: Located): void {
    const subject = `The example ${part}`;
    const { path } = mismatch;
    let message: string;
    if (path.length === 0 && mismatch.kind === 'enum') message = `${subject} ${code(data)} is not one of ${showList(mismatch.allowed ?? [])}.`;
    else if (path.length === 0) message = `${subject} ${mismatch.predicate}.`;
    else message = `${subject} ${part === 'headers' ? 'do' : 'does'} not match ${part === 'headers' ? 'their' : 'its'} schema: \`${label(path)}\` ${mismatch.predicate}.`;
    const { context } = this.input;
    const node = nodeAt(value.node, path);
    const text = context.set.documents.get(value.uri)?.text ?? '';
    const onKey = mismatch.on === 'key' && node.keyOffset >= 0;
    const schemaText = context.set.documents.get(schemaAt.uri)?.text ?? '';
    context.report({ uri: value.uri, node }, 'value', 'asyncapi.example.mismatch', message, {
      offset: onKey ? node.keyOffset : node.offset,
      length: onKey ? node.keyLength : firstLine(text, node.offset, node.length),
      related: [{ uri: schemaAt.uri, offset: schemaAt.node.offset, length: firstLine(schemaText, schemaAt.node.offset, schemaAt.node.length), message: `the ${part} schema` }],
    });
  }
}

/** Avro names array items by their index as a string; they are items (`lines[0]`), not keys. */
function arrayIndexes(path: string[], data: unknown): (string | number)[] {
  const result: (string | number)[] = [];
  let node = data;
  for (const segment of path) {
    const item = Array.isArray(node) && /^\d+$/.test(segment);
    result.push(item ? Number(segment) : segment);
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[segment] : undefined;
  }
  return result;
}

const AVRO_PHRASES: Record<string, string> = {
  null: 'null', boolean: 'a boolean', int: 'an int (32-bit integer)', long: 'a long (integer)', float: 'a float', double: 'a double',
  bytes: 'bytes', string: 'a string', record: 'a record (an object)', array: 'an array', map: 'a map (an object)', fixed: 'a fixed-size value',
};

function avroPhrase(type: AvroType, typeName: string): string {
  if (typeName === 'enum') return `one of ${showList((type as unknown as { symbols: string[] }).symbols ?? [])}`;
  if (typeName.startsWith('union')) return `one of the union's types (${(type as unknown as { types: AvroType[] }).types.map((t) => t.typeName).join(', ')})`;
  return AVRO_PHRASES[typeName] ?? `of Avro type \`${typeName}\``;
}
