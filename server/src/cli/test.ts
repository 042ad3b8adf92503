import { relative } from 'node:path';
import { URI } from 'vscode-uri';
import { neverCancelled } from '../service/cancellation';
import { readMapping } from '../service/mapping/model';
import { previewMapping } from '../service/preview/preview';
import { basename } from '../service/uris';
import { expandPaths } from './files';
import { isMappingFile } from '../service/mapping/identity';
import { previewProblems, previewSession, timeoutFrom } from './preview';
import { CliIO, parseOptions } from './options';

/**
 * `interface-studio test [paths…]`: runs every sample of every mapping, compares golden outputs
 * (`expect:`), and checks outputs against the target schema. Exit code 1 when anything differs.
 */
export async function testCommand(args: string[], io: CliIO, cwd = process.cwd()): Promise<number> {
  const { positional, options } = parseOptions(args, { timeout: 'value' });
  const timeoutMs = timeoutFrom(options);
  const { service, evaluator } = await previewSession(cwd);
  const files = (await expandPaths(positional, cwd, (name) => service.kinds.isCandidateFile(name))).filter(isMappingFile);
  let failed = 0;
  let passed = 0;
  try {
    for (const file of files) {
      const uri = URI.file(file).toString();
      const path = relative(cwd, file) || file;
      const doc = await service.documents.get(uri);
      if (!doc) continue;
      const model = readMapping(doc);
      if (!model.samples.length) {
        io.stdout(`- ${path}: no samples\n`);
        continue;
      }
      for (const sample of model.samples) {
        const result = await previewMapping(service, uri, { evaluator, timeoutMs, trusted: true, sample: { uri: sample.uri, format: sample.format } }, neverCancelled);
        const problems = previewProblems(result, path);
        for (const d of result.expected?.diff ?? []) {
          const describe = (v: unknown): string => (JSON.stringify(v) ?? 'nothing').slice(0, 120);
          problems.push(
            d.kind === 'changed' ? `  ${d.path}: expected ${describe(d.expected)}, got ${describe(d.actual)}`
            : d.kind === 'added' ? `  ${d.path || '/'}: ${result.expected?.missing ? 'no expected file yet' : 'not expected'}: ${describe(d.actual)}`
            : `  ${d.path}: missing (expected ${describe(d.expected)})`,
          );
        }
        const label = `${path} ← ${basename(sample.uri)}${sample.expectUri ? ` (expect ${basename(sample.expectUri)})` : ''}`;
        if (problems.length) {
          failed++;
          io.stdout(`✗ ${label}\n${problems.map((p) => `    ${p}`).join('\n')}\n`);
        } else {
          passed++;
          io.stdout(`✓ ${label}\n`);
        }
      }
    }
  } finally {
    evaluator.dispose();
  }
  io.stdout(`\n${passed} passed, ${failed} failed\n`);
  return failed ? 1 : 0;
}
