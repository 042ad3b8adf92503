import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../server';
import { FileSystemWorkspace } from './fileSystemWorkspace';
import { GitRevisions } from './gitRevisions';
import { WorkerEvaluator } from './jsonataHost';
import { NodeIntegrationHost } from './integrationHost';
import { fileHistory } from './gitHistory';
import { drawMermaidSvg } from './mermaidSvg';
import { WorkerBackgroundChecker } from './backgroundChecker';
import { ignoredFiles } from './ignoredFiles';
import { WorkerRulesetFunctions } from './rulesetFunctionHost';
import { createHeapTrimmer } from './heapTrimmer';

// `node dist/server.js --stdio` for any LSP editor; the VS Code client starts it over IPC.
const connection = createConnection(ProposedFeatures.all);

process.on('uncaughtException', (error) => connection.console.error(`Uncaught: ${error?.stack ?? error}`));
process.on('unhandledRejection', (error) => connection.console.error(`Unhandled rejection: ${(error as Error)?.stack ?? error}`));

startServer(connection, {
  createDiskWorkspace: (folders, isCandidate) => new FileSystemWorkspace(folders, undefined, isCandidate),
  createEvaluator: (memoryLimitMb) => new WorkerEvaluator({ memoryLimitMb }),
  createIntegrationHost: (events) => new NodeIntegrationHost(events),
  createRulesetFunctions: (trusted) => new WorkerRulesetFunctions({ trusted }),
  revisions: new GitRevisions(),
  drawMermaid: (mermaid) => drawMermaidSvg(mermaid),
  fileHistory,
  createBackgroundChecker: (folders, trusted) => new WorkerBackgroundChecker(folders, undefined, trusted),
  ignoredFiles,
  afterCheck: createHeapTrimmer(),
});
