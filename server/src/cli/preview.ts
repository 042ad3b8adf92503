import { relative } from 'node:path';
import { URI } from 'vscode-uri';
import { neverCancelled } from '../service/cancellation';
import type { LanguageService } from '../service/languageService';
import { formatOfName } from '../service/mapping/model';
import { PreviewResult, previewMapping } from '../service/preview/preview';
import { renderPayload } from '../service/preview/payload';
import { WorkerEvaluator } from '../node/jsonataHost';
import { cliService } from './session';
import { CliIO, exists, fileUri, parseOptions, UsageError } from './options';

/** The CLI's preview session: the file system as workspace, user JSONata in a bounded worker thread. */
export async function previewSession(cwd: string): Promise<{ service: LanguageService; evaluator: WorkerEvaluator }> {
  const service = await cliService(cwd);
  return { service, evaluator: new WorkerEvaluator() };
}

export function timeoutFrom(options: Record<string, string | true>): number {
  if (options.timeout === undefined) return 2000;
  const ms = Number(options.timeout);
  if (!Number.isFinite(ms) || ms < 50) throw new UsageError('`--timeout` needs a number of milliseconds ≥ 50.');
  return ms;
}

/** Problems of a preview that a person must see, one line each (field errors at file:line:col). */
export function previewProblems(result: PreviewResult, mappingPath: string): string[] {
  const lines: string[] = [];
  const at = (range: { start: { line: number; character: number } }): string => `${mappingPath}:${range.start.line + 1}:${range.start.character + 1}`;
  if (result.problem) lines.push(`${mappingPath}: ${result.problem}`);
  for (const t of result.trace) if (t.error) lines.push(`${at(t.range)} ${t.target}: ${t.error}`);
  for (const v of result.sourceViolations) lines.push(`${mappingPath}: sample ${v.path || '/'} ${v.message}`);
  for (const v of result.targetViolations) lines.push(`${v.range ? at(v.range) : mappingPath} output ${v.path || '/'} ${v.message}`);
  return lines;
}

/** `interface-studio preview MAPPING [--sample FILE] [--timeout MS]`: prints the transformed output. */
export async function previewCommand(args: string[], io: CliIO, cwd = process.cwd()): Promise<number> {
  const { positional, options } = parseOptions(args, { sample: 'value', timeout: 'value' });
  if (positional.length !== 1) throw new UsageError('`preview` takes one mapping file: interface-studio preview MAPPING [--sample FILE].');
  const mapping = positional[0];
  if (!(await exists(mapping))) throw new UsageError(`\`${mapping}\` does not exist.`);
  const sample = options.sample as string | undefined;
  if (sample !== undefined && !(await exists(sample))) throw new UsageError(`\`${sample}\` does not exist.`);
  const { service, evaluator } = await previewSession(cwd);
  try {
    const sampleUri = sample !== undefined ? fileUri(sample) : undefined;
    const result = await previewMapping(service, fileUri(mapping), {
      evaluator,
      timeoutMs: timeoutFrom(options),
      trusted: true,
      sample: sampleUri ? { uri: sampleUri, format: formatOfName(sample!) } : undefined,
    }, neverCancelled);
    const path = relative(cwd, URI.parse(fileUri(mapping)).fsPath) || mapping;
    if (result.output !== undefined) io.stdout(result.outputText ?? renderPayload(result.output, 'json'));
    const problems = previewProblems(result, path);
    for (const line of problems) io.stderr(line + '\n');
    return result.output === undefined || result.trace.some((t) => t.error) ? 1 : 0;
  } finally {
    evaluator.dispose();
  }
}
