import type { FlowStepInfo, FlowStepsResult, RunFlowParams, RunFlowResult, StartMocksParams, StartMocksResult } from '../../protocol';
import { CONFIG_FILE_NAME, Environment, parseConfigFile } from '../configuration';
import type { CustomRequest } from '../kinds';
import type { LanguageService } from '../languageService';
import { openApiVersion } from '../openapi/version';
import { resolveUri } from '../uris';
import { planSteps, participantsWithSpecs, readFlowAt } from './flowRun';
import type { IntegrationHost } from './host';

const UNTRUSTED = 'This workspace is not trusted, so no mock server is started and no flow is run. Trust the workspace to run them.';

function hostOf(service: LanguageService): IntegrationHost | string {
  const host = service.host.integration;
  if (!host) return 'This editor cannot start servers or send requests.';
  return host.trusted() ? host : UNTRUSTED;
}

function uriParam(params: unknown): string {
  const uri = (params as { uri?: unknown } | null)?.uri;
  if (typeof uri !== 'string') throw new Error('The request needs the `uri` of a flow or spec.');
  return uri;
}

/**
 * The environments of the `.interface-studio.yaml` that governs a file: the one of its workspace
 * folder, else the nearest one above it.
 */
export async function environmentsOf(service: LanguageService, uri: string): Promise<Record<string, Environment>> {
  const folder = service.workspace.folderOf?.(uri);
  const candidates = folder ? [resolveUri(folder.endsWith('/') ? folder : folder + '/', CONFIG_FILE_NAME)] : [];
  for (let dir = resolveUri(uri, '.'), i = 0; i < 12; i++) {
    candidates.push(resolveUri(dir, CONFIG_FILE_NAME));
    const parent = resolveUri(dir, '..');
    if (parent === dir) break;
    dir = parent;
  }
  for (const candidate of candidates) {
    const file = await service.workspace.readFile(candidate);
    if (file) return parseConfigFile(file.text, service.rules).environments;
  }
  return {};
}

/** The custom requests of running: mocks, the steps of a flow, a run. */
export const runRequests: CustomRequest[] = [
  {
    method: 'interfaceStudio/startMocks',
    target: 'service',
    async handle(service, params): Promise<StartMocksResult> {
      const host = hostOf(service);
      if (typeof host === 'string') return { mocks: [], problem: host };
      const uri = uriParam(params as StartMocksParams);
      const doc = await service.documents.get(uri);
      let specs: string[];
      if (openApiVersion(doc)) specs = [uri];
      else {
        const flow = await readFlowAt(service, uri);
        if (typeof flow === 'string') return { mocks: host.runningMocks(), problem: `Open a flow or an OpenAPI document to start mock servers (${flow}).` };
        specs = (await participantsWithSpecs(service, flow)).map((p) => p.specUri);
        if (!specs.length) return { mocks: host.runningMocks(), problem: 'No participant of this flow has an OpenAPI `spec`, so there is nothing to mock.' };
      }
      try {
        await host.startMocks(service, specs);
      } catch (error) {
        return { mocks: host.runningMocks(), problem: `The mock servers could not start: ${(error as Error).message}` };
      }
      return { mocks: host.runningMocks() };
    },
  },
  {
    method: 'interfaceStudio/stopMocks',
    target: 'service',
    async handle(service): Promise<StartMocksResult> {
      const host = service.host.integration;
      await host?.stopMocks();
      return { mocks: host?.runningMocks() ?? [] };
    },
  },
  {
    method: 'interfaceStudio/flowSteps',
    target: 'service',
    async handle(service, params): Promise<FlowStepsResult | null> {
      const uri = uriParam(params);
      const flow = await readFlowAt(service, uri);
      if (typeof flow === 'string') return null;
      const steps: FlowStepInfo[] = planSteps(flow);
      return { title: flow.title ?? '', steps, environments: Object.keys(await environmentsOf(service, uri)) };
    },
  },
  {
    method: 'interfaceStudio/runFlow',
    target: 'service',
    async handle(service, params, token): Promise<RunFlowResult> {
      const { environment } = params as RunFlowParams;
      const uri = uriParam(params);
      const host = hostOf(service);
      if (typeof host === 'string') return { uri, title: '', environment: environment ?? 'mocks', passed: false, steps: [], problem: host };
      return host.runFlow(service, uri, typeof environment === 'string' && environment ? environment : undefined, await environmentsOf(service, uri), token);
    },
  },
];
