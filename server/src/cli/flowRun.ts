import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { URI } from 'vscode-uri';
import { WorkerEvaluator } from '../node/jsonataHost';
import { runFlowOnHost } from '../node/integration';
import { neverCancelled } from '../service/cancellation';
import { CONFIG_FILE_NAME, Environment, parseConfigFile } from '../service/configuration';
import { FLOW_KIND } from '../service/flow/identity';
import type { RuleCatalog } from '../service/rules';
import type { FlowRunResult } from '../service/runs/flowRun';
import { formatMockCall } from '../service/runs/mock';
import { cliService } from './session';
import { CliIO, exists, fileUri, parseOptions, UsageError } from './options';

const REPORTERS = ['text', 'json', 'junit'];

/**
 * `interface-studio run FLOW [--env NAME] [--reporter text|json|junit] [--timeout MS]`: the flow
 * as an integration test, against an environment of `.interface-studio.yaml` or, without `--env`,
 * against mocks of its participants' specs. Exit 0 when every step passes, 1 otherwise.
 */
export async function runFlowCommand(args: string[], io: CliIO, cwd = process.cwd()): Promise<number> {
  const { positional, options } = parseOptions(args, { env: 'value', reporter: 'value', timeout: 'value' });
  if (positional.length !== 1) throw new UsageError('`run` takes one flow file: interface-studio run FLOW [--env NAME] [--reporter text|json|junit].');
  const reporter = (options.reporter as string | undefined) ?? 'text';
  if (!REPORTERS.includes(reporter)) throw new UsageError(`\`--reporter\` is one of ${REPORTERS.join(', ')}.`);
  let timeoutMs = 10_000;
  if (options.timeout !== undefined) {
    timeoutMs = Number(options.timeout);
    if (!Number.isFinite(timeoutMs) || timeoutMs < 50) throw new UsageError('`--timeout` needs a number of milliseconds ≥ 50.');
  }
  const [path] = positional;
  const uri = fileUri(path);
  const fsPath = URI.parse(uri).fsPath;
  if (!(await exists(fsPath))) throw new UsageError(`\`${path}\` does not exist.`);
  const service = await cliService(cwd, [cwd, dirname(fsPath)]);
  if (service.kinds.byFileName(uri)?.id !== FLOW_KIND) throw new UsageError(`\`${path}\` is not a flow file (${service.kinds.get(FLOW_KIND)!.fileNames!.map((n) => `\`${n}\``).join(', ')}).`);
  const environments = await environmentsFor(cwd, dirname(fsPath), service.rules);
  const evaluator = new WorkerEvaluator();
  let result: FlowRunResult;
  try {
    result = await runFlowOnHost(service, uri, {
      environment: options.env as string | undefined,
      environments,
      evaluator,
      timeoutMs,
      log: (specUri, call) => io.stderr(`mock ${relative(cwd, URI.parse(specUri).fsPath)}: ${formatMockCall(call)}\n`),
    }, neverCancelled);
  } finally {
    evaluator.dispose();
  }
  const name = relative(cwd, fsPath) || path;
  if (result.problem) io.stderr(`interface-studio: ${result.problem}\n`);
  if (reporter === 'json') io.stdout(JSON.stringify(toJson(result, name), null, 2) + '\n');
  else if (reporter === 'junit') io.stdout(toJunit(result, name));
  else io.stdout(toText(result, name));
  return result.passed && !result.problem ? 0 : 1;
}

/** `.interface-studio.yaml` of the current folder, else of the nearest folder above the flow that has one. */
async function environmentsFor(cwd: string, flowDir: string, rules: RuleCatalog): Promise<Record<string, Environment>> {
  const candidates = [cwd];
  for (let dir = flowDir; ; dir = dirname(dir)) {
    candidates.push(dir);
    if (dirname(dir) === dir) break;
  }
  for (const dir of candidates) {
    const file = join(dir, CONFIG_FILE_NAME);
    if (!(await exists(file))) continue;
    const parsed = parseConfigFile(await readFile(file, 'utf8'), rules);
    if (parsed.problems.length) throw new UsageError(parsed.problems.join('\n'));
    return parsed.environments;
  }
  return {};
}

/** The JSON report: `{ flow, passed, steps: [{ index, from, to, operation?, status?, ok, ms, error? }] }`. */
export function toJson(result: FlowRunResult, flow: string): unknown {
  return {
    flow,
    passed: result.passed && !result.problem,
    steps: result.steps.map((s) => ({ index: s.index, from: s.from, to: s.to, ...(s.operation ? { operation: s.operation } : {}), ...(s.status !== undefined ? { status: s.status } : {}), ok: s.ok, ms: s.ms, ...(s.error ? { error: s.error } : {}) })),
  };
}

function stepName(s: FlowRunResult['steps'][number]): string {
  return `${s.index} ${s.from} → ${s.to}${s.operation ? ` ${s.operation}` : ''}`;
}

function toText(result: FlowRunResult, flow: string): string {
  const lines = [`${result.title || flow} (${flow}) against ${result.environment}`];
  for (const s of result.steps) {
    const detail = s.recorded ? 'recorded, not sent' : `${s.status ?? '—'} in ${s.ms} ms`;
    lines.push(`  ${s.ok ? '✓' : '✗'} ${stepName(s)} (line ${s.range.start.line + 1}): ${detail}`);
    if (s.error) lines.push(`      ${s.error}`);
  }
  const failed = result.steps.filter((s) => !s.ok).length;
  lines.push(result.problem ? `not run: ${result.problem}` : `${result.steps.length - failed} passed, ${failed} failed`);
  return lines.join('\n') + '\n';
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function toJunit(result: FlowRunResult, flow: string): string {
  const failures = result.steps.filter((s) => !s.ok).length + (result.problem ? 1 : 0);
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const total = result.steps.reduce((sum, s) => sum + s.ms, 0);
  const cases = result.steps.map((s) => {
    const open = `    <testcase classname="${xml(flow)}" name="${xml(stepName(s))}" time="${seconds(s.ms)}"`;
    return s.ok ? `${open}/>` : `${open}>\n      <failure message="${xml(s.error ?? 'failed')}">${xml(`${flow}:${s.range.start.line + 1}: ${s.error ?? ''}`)}</failure>\n    </testcase>`;
  });
  if (result.problem) cases.push(`    <testcase classname="${xml(flow)}" name="run"><error message="${xml(result.problem)}"/></testcase>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites tests="${result.steps.length}" failures="${failures}" time="${seconds(total)}">\n  <testsuite name="${xml(result.title || flow)}" tests="${result.steps.length}" failures="${failures}" time="${seconds(total)}">\n${cases.join('\n')}\n  </testsuite>\n</testsuites>\n`;
}
