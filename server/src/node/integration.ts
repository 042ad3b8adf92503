import type { CancellationToken } from '../service/cancellation';
import type { Environment } from '../service/configuration';
import type { LanguageService } from '../service/languageService';
import type { ExpressionEvaluator } from '../service/preview/evaluator';
import { Api, liveApi, loadApi } from '../service/runs/api';
import { FlowRunResult, participantsWithSpecs, readFlowAt, runFlow, StepResult } from '../service/runs/flowRun';
import type { MockCall, SpecChange } from '../service/runs/mock';
import { httpSender } from './httpClient';
import { RunningMock, startMock } from './mockServer';

/**
 * Starts one mock per spec (ports from `firstPort` on, or free ones); on a failure the ones started
 * are stopped. Each mock serves its spec as it is at each request: an edit (in the editor, or on disk
 * for the CLI) is served from the next request on; while the spec cannot be read, the last good one is.
 */
export async function startMocks(
  service: LanguageService,
  specUris: string[],
  log: (specUri: string, call: MockCall) => void,
  firstPort?: number,
  onSpec?: (specUri: string, event: SpecChange) => void,
): Promise<RunningMock[]> {
  const running: RunningMock[] = [];
  try {
    for (const [i, uri] of [...new Set(specUris)].entries()) {
      const api = await loadApi(service, uri);
      if ('problem' in api) throw new Error(`${uri}: ${api.problem}.`);
      const live = liveApi(service, uri, api);
      let told: string | undefined;
      const current = async (): Promise<Api> => {
        const now = await live();
        if (now.reloaded) onSpec?.(uri, { kind: 'reloaded', operations: now.api!.operations.length });
        if (now.problem && now.problem !== told) onSpec?.(uri, { kind: 'unreadable', problem: now.problem });
        told = now.problem;
        return now.api!;
      };
      const mock = await startMock(uri, current, { port: firstPort ? firstPort + i : 0, log: (call) => log(uri, call) });
      mock.basePath = api.basePath;
      running.push(mock);
    }
  } catch (error) {
    await Promise.all(running.map((m) => m.close()));
    throw error;
  }
  return running;
}

/** The specs of a flow's participants, for "Start Mock Servers" on a flow. */
export async function flowSpecs(service: LanguageService, flowUri: string): Promise<{ id: string; specUri: string }[] | string> {
  const flow = await readFlowAt(service, flowUri);
  return typeof flow === 'string' ? flow : participantsWithSpecs(service, flow);
}

export interface FlowRunRequest {
  /** An environment of `.interface-studio.yaml`; without one the flow runs against mocks started for it. */
  environment?: string;
  environments: Record<string, Environment>;
  evaluator: ExpressionEvaluator;
  timeoutMs: number;
  log(specUri: string, call: MockCall): void;
  onStep?(step: StepResult): void;
  env?(name: string): string | undefined;
}

/** Runs a flow against an environment, or against mocks of its participants' specs started and stopped here. */
export async function runFlowOnHost(service: LanguageService, flowUri: string, request: FlowRunRequest, token: CancellationToken): Promise<FlowRunResult> {
  const env = request.env ?? ((name: string) => process.env[name]);
  const failed = (problem: string): FlowRunResult => ({ uri: flowUri, title: '', environment: request.environment ?? 'mocks', passed: false, steps: [], problem });
  if (request.environment !== undefined) {
    const environment = request.environments[request.environment];
    if (!environment) {
      const names = Object.keys(request.environments);
      return failed(`There is no environment \`${request.environment}\` in .interface-studio.yaml${names.length ? ` (it has ${names.map((n) => `\`${n}\``).join(', ')})` : ' (it has none)'}.`);
    }
    return runFlow(service, flowUri, {
      targets: environment,
      environment: request.environment,
      placeholderCredentials: false,
      send: httpSender(Object.values(environment).map((t) => t.url)),
      evaluator: request.evaluator,
      env,
      timeoutMs: request.timeoutMs,
      onStep: request.onStep,
    }, token);
  }
  const participants = await flowSpecs(service, flowUri);
  if (typeof participants === 'string') return failed(`The flow cannot run: ${participants}.`);
  let mocks: RunningMock[];
  try {
    mocks = await startMocks(service, participants.map((p) => p.specUri), request.log);
  } catch (error) {
    return failed(`The mocks could not start: ${(error as Error).message}`);
  }
  try {
    const targets: Environment = {};
    for (const p of participants) {
      const mock = mocks.find((m) => m.specUri === p.specUri)!;
      targets[p.id] = { url: mock.url + (mock.basePath ?? ''), headers: {}, query: {} };
    }
    return await runFlow(service, flowUri, {
      targets,
      environment: 'mocks',
      placeholderCredentials: true,
      send: httpSender(mocks.map((m) => m.url)),
      evaluator: request.evaluator,
      env,
      timeoutMs: request.timeoutMs,
      onStep: request.onStep,
    }, token);
  } finally {
    await Promise.all(mocks.map((m) => m.close()));
  }
}
