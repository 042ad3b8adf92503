/**
 * The worker thread that checks the workspace's unopened files for the Problems panel. It keeps a
 * language service of its own over the files on disk, so that checking a large spec nobody opened
 * (GitHub's, 13 MB) never holds up the server's thread, where the open documents are checked.
 */
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { Diagnostic } from 'vscode-languageserver-types';
import { createLanguageService } from '../service/builtinKinds';
import { WorkerRulesetFunctions } from './rulesetFunctionHost';
import { Configuration, defaultConfiguration } from '../service/configuration';
import type { LanguageService } from '../service/languageService';
import { FileSystemWorkspace } from './fileSystemWorkspace';

export type BackgroundRequest =
  | { id: number; type: 'configure'; configuration: Configuration }
  | { id: number; type: 'diagnose'; uri: string }
  | { id: number; type: 'changed'; uri: string; change: 'created' | 'changed' | 'deleted' };

export type BackgroundAnswer = { id: number; diagnostics?: Diagnostic[]; dependents?: string[]; error?: string };

if (parentPort) {
  const port = parentPort;
  const folders = (workerData as { folders: string[] }).folders;
  let configuration = defaultConfiguration;
  const workspace = new FileSystemWorkspace(folders, undefined, (name) => service.kinds.isCandidateFile(name));
  // Unopened files get the same ruleset custom functions as open ones, in a worker of their own.
  const trusted = (workerData as { trusted?: boolean }).trusted === true;
  const rulesetFunctions = new WorkerRulesetFunctions({ script: join(__dirname, 'rulesetFunctionWorker.js'), trusted: () => trusted });
  const service: LanguageService = createLanguageService({ workspace, configuration: () => configuration, host: { rulesetFunctions } });
  port.on('message', async (request: BackgroundRequest) => {
    try {
      if (request.type === 'configure') {
        configuration = request.configuration;
        port.postMessage({ id: request.id } satisfies BackgroundAnswer);
      } else if (request.type === 'diagnose') {
        port.postMessage({ id: request.id, diagnostics: await service.diagnose(request.uri) } satisfies BackgroundAnswer);
      } else {
        workspace.forget(request.uri);
        service.fileChanged(request.uri, request.change);
        port.postMessage({ id: request.id, dependents: service.dependentsOf(request.uri) } satisfies BackgroundAnswer);
      }
    } catch (error) {
      port.postMessage({ id: request.id, error: (error as Error)?.message ?? String(error) } satisfies BackgroundAnswer);
    }
  });
}
