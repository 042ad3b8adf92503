#!/usr/bin/env node
// `npm start`: builds the extension and opens examples/ in VS Code with it.
//
//   npm start                 desktop VS Code when `code` is on PATH, else code-server in the browser
//   npm start -- --web        code-server even when a desktop VS Code is there
//   npm start -- --port 8080  code-server on a chosen port
//   npm start -- FOLDER       another folder instead of examples/
//
// With code-server the extension is packed from the fresh build and reinstalled on every start,
// and the command keeps running until Ctrl-C, which stops code-server.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findDesktopCode, installExtension, log, packageDevVsix, repoRoot, runDirs, startCodeServer } from './vscode-host.mjs';

function parseArgs(argv) {
  const options = { web: false, port: undefined, folder: join(repoRoot, 'examples') };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--web') options.web = true;
    else if (arg === '--port') options.port = Number(argv[++i]);
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: npm start -- [--web] [--port N] [FOLDER]');
      process.exit(0);
    } else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
    else options.folder = resolve(arg);
  }
  return options;
}

function build() {
  log('building (node esbuild.mjs)');
  const result = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('the build failed');
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(options.folder)) throw new Error(`${options.folder} does not exist`);
  build();

  const desktop = options.web ? undefined : findDesktopCode();
  if (desktop) {
    log(`opening ${options.folder} in ${desktop.path} with the extension from ${repoRoot}`);
    const child = spawn(desktop.path, [`--extensionDevelopmentPath=${repoRoot}`, '--new-window', options.folder], {
      stdio: 'inherit',
      detached: desktop.kind === 'executable',
    });
    if (desktop.kind === 'executable') child.unref();
    return;
  }

  const dirs = runDirs('start');
  const vsix = await packageDevVsix();
  await installExtension(vsix, dirs);
  const server = await startCodeServer(options.folder, {
    name: 'start',
    dirs,
    port: options.port,
    settingsIfMissing: { 'workbench.startupEditor': 'none' },
  });

  console.log(`\nInterface Studio is running in VS Code (code-server) at:\n\n    ${server.folderUrl()}\n\nOpen it in a browser. Ctrl-C stops it. Log: ${server.logFile}\n`);

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    log('stopping code-server');
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  process.on('SIGHUP', shutdown);
  const result = await server.exited;
  if (!stopping) {
    log(`code-server exited on its own (${JSON.stringify(result)}); see ${server.logFile}`);
    process.exit(1);
  }
}

main().catch((error) => {
  log(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
