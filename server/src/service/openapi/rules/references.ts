import { findNodeAtPath } from '../../parser/ast';
import { formatPointer } from '../../pointer';
import { didYouMean } from '../../suggest';
import type { RefUse } from '../references';
import { RuleContext } from '../ruleContext';

/**
 * `$ref`s that point at nothing: a missing file, a missing pointer, or a remote file left unfetched.
 * `prefix` starts the codes (`oas.ref.…`, `asyncapi.ref.…`); `skip` leaves `$ref`s another rule words better.
 */
export function checkReferences(context: RuleContext<string>, prefix = 'oas', skip?: (use: RefUse) => boolean): void {
  const { set } = context;
  for (const use of set.refs) {
    if (skip?.(use)) continue;
    // Most `$ref`s lead somewhere: that is known without taking the text apart again.
    if (!use.remote && use.targetPath && set.documents.has(use.targetUri) && set.targets.resolve(use.uri, use.ref, use).target) continue;
    const at = { uri: use.uri, node: use.node };
    if (use.remote) {
      if (!set.remote.has(use.targetUri) && !set.documents.has(use.targetUri)) {
        const allowed = context.allowRemoteRefs;
        const reason = set.remoteFailures?.get(use.targetUri);
        context.report(
          at,
          'value',
          allowed ? `${prefix}.ref.remoteFailed` : `${prefix}.ref.remoteDisabled`,
          allowed
            ? `The remote reference \`${use.ref}\` could not be fetched${reason ? `: ${reason}` : ''}.`
            : `The remote reference \`${use.ref}\` was not fetched: remote references are off (setting \`interfaceStudio.allowRemoteRefs\`).`,
        );
      }
      continue;
    }
    const doc = set.documents.get(use.targetUri);
    if (!doc) {
      context.report(at, 'value', `${prefix}.ref.fileNotFound`, `The file \`${use.ref.split('#')[0]}\` does not exist.`);
      continue;
    }
    if (!use.targetPath) {
      context.report(at, 'value', `${prefix}.ref.unresolved`, `\`${use.ref}\` is not a JSON pointer (it should look like \`#/components/schemas/Name\`).`);
      continue;
    }
    if (set.targets.target(use.uri, use.node)) continue;
    // Say which part is missing, and offer the closest sibling.
    let depth = 0;
    while (depth < use.targetPath.length && findNodeAtPath(doc.parse.root, use.targetPath.slice(0, depth + 1))) depth++;
    const parent = findNodeAtPath(doc.parse.root, use.targetPath.slice(0, depth));
    const missing = use.targetPath[depth];
    const siblings = parent?.type === 'object' ? parent.children!.map((c) => String(c.key)) : [];
    const where = use.targetUri === use.uri ? 'this document' : `\`${use.ref.split('#')[0]}\``;
    const suggestion = didYouMean(missing, siblings);
    const replacement = suggestion.startsWith(';') ? siblings.find((s) => suggestion.includes(`\`${s}\``)) : undefined;
    context.report(
      at,
      'value',
      `${prefix}.ref.unresolved`,
      `\`${use.ref}\` cannot be resolved: ${where} has no \`${missing}\` at \`${formatPointer(use.targetPath.slice(0, depth))}\`${suggestion}`,
      { data: { missing, ...(replacement ? { suggestion: replacement } : {}) } },
    );
  }
}
