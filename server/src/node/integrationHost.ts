import type { CancellationToken } from '../service/cancellation';
import type { Environment } from '../service/configuration';
import type { LanguageService } from '../service/languageService';
import type { FlowRunResult } from '../service/runs/flowRun';
import type { IntegrationEvents, IntegrationHost } from '../service/runs/host';
import { runFlowOnHost, startMocks } from './integration';
import type { RunningMock } from './mockServer';

/** The language server's mocks and runs: mocks stay up until stopped (or the server exits). */
export class NodeIntegrationHost implements IntegrationHost {
  private readonly mocks = new Map<string, RunningMock>();

  constructor(private readonly events: IntegrationEvents) {}

  trusted(): boolean {
    return this.events.trusted();
  }

  async startMocks(service: LanguageService, specUris: string[]): Promise<{ specUri: string; url: string }[]> {
    const missing = specUris.filter((uri) => !this.mocks.has(uri));
    const started = await startMocks(service, missing, (uri, call) => this.events.mockCall(uri, call), undefined, (uri, change) => this.events.specChanged?.(uri, change));
    for (const mock of started) this.mocks.set(mock.specUri, mock);
    return this.runningMocks();
  }

  async stopMocks(): Promise<void> {
    const running = [...this.mocks.values()];
    this.mocks.clear();
    await Promise.all(running.map((m) => m.close()));
  }

  runningMocks(): { specUri: string; url: string }[] {
    return [...this.mocks.values()].map((m) => ({ specUri: m.specUri, url: m.url }));
  }

  async runFlow(service: LanguageService, uri: string, environment: string | undefined, environments: Record<string, Environment>, token: CancellationToken): Promise<FlowRunResult> {
    const evaluator = service.host.evaluator;
    if (!evaluator) return { uri, title: '', environment: environment ?? 'mocks', passed: false, steps: [], problem: 'This server cannot run JSONata, so mappings cannot run.' };
    return runFlowOnHost(service, uri, {
      environment,
      environments,
      evaluator,
      timeoutMs: this.events.timeoutMs(),
      log: (specUri, call) => this.events.mockCall(specUri, call),
      onStep: (step) => this.events.stepDone(uri, step),
    }, token);
  }
}
