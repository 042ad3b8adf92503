import type { CancellationToken } from '../cancellation';
import type { Environment } from '../configuration';
import type { LanguageService } from '../languageService';
import type { FlowRunResult, StepResult } from './flowRun';
import type { MockCall, SpecChange } from './mock';

/**
 * What running needs from the host process: servers and an HTTP client. The language server and
 * the CLI provide it (server/src/node); the service only describes the work.
 */
export interface IntegrationHost {
  /** False in an untrusted workspace: nothing is started or sent. */
  trusted(): boolean;
  startMocks(service: LanguageService, specUris: string[]): Promise<{ specUri: string; url: string }[]>;
  stopMocks(): Promise<void>;
  runningMocks(): { specUri: string; url: string }[];
  runFlow(service: LanguageService, uri: string, environment: string | undefined, environments: Record<string, Environment>, token: CancellationToken): Promise<FlowRunResult>;
}

/** What the language server tells its integration host, and where the host reports. */
export interface IntegrationEvents {
  trusted(): boolean;
  /** Every call a mock answers (the editor's output channel). */
  mockCall(specUri: string, call: MockCall): void;
  /** A running mock now serves the edited spec, or cannot read it and goes on with the last good one. */
  specChanged?(specUri: string, change: SpecChange): void;
  /** Each step of a run as it ends (the Test Explorer). */
  stepDone(uri: string, step: StepResult): void;
  /** The time limit of one request. */
  timeoutMs(): number;
}
