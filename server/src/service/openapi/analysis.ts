import { CancellationToken, throwIfCancelled, yieldToEventLoop } from '../cancellation';
import { DocumentCache, OasVersion, ParsedDocument } from '../documents';
import { Finding, FindingSink } from '../findings';
import { openApiVersion } from './version';
import { DocumentSet, DocumentSetOptions, loadDocumentSet } from './documentSet';
import { OpenApiRule, RuleContext } from './ruleContext';
import { validateOasSchema } from './schemaValidation';
import { buildValidationView, locateInView } from './validationView';
import { checkReferences } from './rules/references';
import { checkOperationIds } from './rules/operationIds';
import { checkPathParameters } from './rules/pathParameters';
import { checkSecurity } from './rules/security';
import { checkEquivalentPaths, checkOperationDescriptions } from './rules/paths';
import { checkUnusedComponents } from './rules/unusedComponents';
import { checkExamples } from './rules/examples';
import { RuleMemory } from './ruleMemory';

/** The semantic rules, run in this order after the references are checked (the early stage) and before the schema check. */
export const openApiRules: OpenApiRule[] = [
  checkOperationIds,
  checkPathParameters,
  checkSecurity,
  checkEquivalentPaths,
  checkUnusedComponents,
  checkOperationDescriptions,
  checkExamples,
];

/**
 * What is known of a root before its rules run: the files it reaches, parsed, with their `$ref`s
 * resolved, and the `$ref`s that lead nowhere. The API reference is built from this much.
 */
export interface OpenApiStage {
  set: DocumentSet;
  version: OasVersion;
  /** The findings of the references check (broken `$ref`s), in the order it made them. */
  references: Finding[];
}

export interface OpenApiAnalysis extends OpenApiStage {
  /** Findings per document of the set (the root and the fragments it reaches). */
  findings: FindingSink;
}

/**
 * Checks a root OpenAPI document and the files it references: the references first (then `early`
 * is told that stage, and the check goes on when it says), then the semantic rules, then the schema.
 */
export async function analyzeOpenApi(
  root: ParsedDocument,
  cache: DocumentCache,
  options: DocumentSetOptions & { incomingRefs?: { targetPath: string[] | undefined }[]; memory?: RuleMemory },
  token: CancellationToken,
  early?: (stage: OpenApiStage) => Promise<void>,
): Promise<OpenApiAnalysis | undefined> {
  const version = openApiVersion(root);
  if (!version) return undefined;
  const set = await loadDocumentSet(root, cache, options, token);
  throwIfCancelled(token);
  const findings = new FindingSink(version);
  const context = new RuleContext(set, version, findings, options.allowRemoteRefs, options.incomingRefs, options.memory);
  checkReferences(context);
  const references = [...findings.byUri.values()].flat();
  if (early) await early({ set, version, references });
  else await yieldToEventLoop();
  throwIfCancelled(token);

  // Give other requests (hover, completion, the details of an API reference opened meanwhile) a
  // turn between the rules of a big document, each of which takes a while.
  for (const rule of openApiRules) {
    rule(context);
    await yieldToEventLoop();
    throwIfCancelled(token);
  }

  // A path parameter without `required: true` is the one defect both a semantic rule and the schema
  // find; the rule says it better (it names the parameter, and has a quick fix). Any other finding
  // at the same place is about something else (an operation without a description may also lack
  // its responses), so the schema's finding stays.
  const notRequired = [...findings.byUri.values()].flat().filter((f) => f.code === 'oas.path.parameterNotRequired');

  const view = buildValidationView(set);
  for (const finding of validateOasSchema(view, version)) {
    const located = locateInView(set, finding.path);
    if (!located) continue;
    // A missing key is reported on the object's own key; an unknown key on the key itself.
    const node = located.node;
    const onKey = finding.on === 'key' && node.keyOffset >= 0;
    const offset = onKey ? node.keyOffset : node.offset;
    if (finding.data?.expected === true && notRequired.length > 0) {
      // The schema's path-parameter finding (the only one expecting `true`): on the parameter when
      // `required` is missing, else on its value.
      const parameter = finding.data.missing === 'required' ? node : node.parent;
      if (parameter && notRequired.some((f) => f.uri === located.uri && f.offset >= parameter.offset && f.offset < parameter.offset + parameter.length)) continue;
    }
    findings.add({
      uri: located.uri,
      code: finding.code,
      message: finding.message,
      offset,
      length: onKey ? node.keyLength : Math.min(node.length, firstLineLength(set, located.uri, node.offset, node.length)),
      data: finding.data,
    });
  }
  return { set, version, references, findings };
}

/** A whole object as a range would cover many lines; the first line is enough to point at it. */
function firstLineLength(set: DocumentSet, uri: string, offset: number, length: number): number {
  const text = set.documents.get(uri)?.text ?? '';
  const newline = text.indexOf('\n', offset);
  return newline === -1 || newline > offset + length ? length : Math.max(1, newline - offset);
}
