import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../server';
import { FileSystemWorkspace } from './fileSystemWorkspace';
import { WorkerEvaluator } from './jsonataHost';
import { WorkerBackgroundChecker } from './backgroundChecker';
import { ignoredFiles } from './ignoredFiles';

// `node dist/server.js --stdio` for any LSP editor; the VS Code client starts it over IPC.
const connection = createConnection(ProposedFeatures.all);

process.on('uncaughtException', (error) => connection.console.error(`Uncaught: ${error?.stack ?? error}`));
process.on('unhandledRejection', (error) => connection.console.error(`Unhandled rejection: ${(error as Error)?.stack ?? error}`));

startServer(connection, {
  createDiskWorkspace: (folders, isCandidate) => new FileSystemWorkspace(folders, undefined, isCandidate),
  createEvaluator: (memoryLimitMb) => new WorkerEvaluator({ memoryLimitMb }),
  createBackgroundChecker: (folders) => new WorkerBackgroundChecker(folders),
  ignoredFiles,
});
