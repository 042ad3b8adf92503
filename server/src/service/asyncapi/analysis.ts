import { CancellationToken, throwIfCancelled, yieldToEventLoop } from '../cancellation';
import { DocumentCache, ParsedDocument } from '../documents';
import { FindingSink } from '../findings';
import { findNodeAtPath } from '../parser/ast';
import { DocumentSet, DocumentSetOptions, loadDocumentSet } from '../openapi/documentSet';
import type { RefUse } from '../openapi/references';
import { RuleContext } from '../openapi/ruleContext';
import { checkReferences } from '../openapi/rules/references';
import { firstLine } from '../openapi/rules/examples';
import { AsyncApiModel, asyncApiModel } from './model';
import { checkChannelParameters } from './rules/channels';
import { checkMessageExamples } from './rules/examples';
import { checkOperationChannels, checkUniqueIds } from './rules/operations';
import { checkSecurity } from './rules/security';
import { checkUnusedComponents } from './rules/unusedComponents';
import { validateAsyncApiSchema } from './schemaValidation';
import { asyncApiFormat, AsyncApiVersion, asyncApiVersion } from './version';

export interface AsyncRuleInput {
  context: RuleContext<AsyncApiVersion>;
  model: AsyncApiModel;
  /** `$ref`s from other documents of the workspace into this root (they count as uses). */
  incomingRefs: { targetPath: string[] | undefined }[];
}

export type AsyncRule = (input: AsyncRuleInput) => void;

/** The semantic rules, run in this order before the schema check. */
const asyncApiRules: AsyncRule[] = [
  ({ context, model }) => checkReferences(context, 'asyncapi', (use) => model.version === '3' && isOperationChannel(use)),
  checkChannelParameters,
  checkOperationChannels,
  checkUniqueIds,
  checkSecurity,
  checkUnusedComponents,
  checkMessageExamples,
];

/** A 3.0 operation's `channel` `$ref`: the operation rule words its problems. */
function isOperationChannel(use: RefUse): boolean {
  const holder = use.holder;
  return holder.key === 'channel' && holder.parent?.parent?.key === 'operations' && holder.parent.parent.parent?.parent === undefined;
}

export interface AsyncApiAnalysis {
  set: DocumentSet;
  version: AsyncApiVersion;
  model: AsyncApiModel;
  findings: FindingSink;
}

/** Checks a root AsyncAPI document and the files it references: the semantic rules, then the official schema. */
export async function analyzeAsyncApi(
  root: ParsedDocument,
  cache: DocumentCache,
  options: DocumentSetOptions & { incomingRefs?: { targetPath: string[] | undefined }[] },
  token: CancellationToken,
): Promise<AsyncApiAnalysis | undefined> {
  const version = asyncApiVersion(root);
  if (!version || !root.parse.root) return undefined;
  const set = await loadDocumentSet(root, cache, options, token);
  await yieldToEventLoop();
  throwIfCancelled(token);
  const findings = new FindingSink(asyncApiFormat(version));
  const context = new RuleContext<AsyncApiVersion>(set, version, findings, options.allowRemoteRefs, options.incomingRefs);
  const model = asyncApiModel(root.uri, root.parse.root, version, set.targets);
  const input = { context, model, incomingRefs: options.incomingRefs ?? [] };
  for (const rule of asyncApiRules) rule(input);
  await yieldToEventLoop();
  throwIfCancelled(token);

  const semantic = new Set<string>();
  for (const list of findings.byUri.values()) for (const f of list) semantic.add(`${f.uri}:${f.offset}`);
  for (const finding of validateAsyncApiSchema(root.parse.value, version)) {
    const node = findNodeAtPath(root.parse.root, finding.path);
    if (!node) continue;
    const onKey = finding.on === 'key' && node.keyOffset >= 0;
    const offset = onKey ? node.keyOffset : node.offset;
    if (semantic.has(`${root.uri}:${offset}`)) continue;
    findings.add({
      uri: root.uri,
      code: finding.code,
      message: finding.message,
      offset,
      length: onKey ? node.keyLength : firstLine(root.text, node.offset, node.length),
      data: finding.data,
    });
  }
  return { set, version, model, findings };
}
