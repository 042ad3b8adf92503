#!/usr/bin/env node
// Runs the end-to-end suites (out/test/e2e/index.js, built by `node esbuild.mjs --tests`) inside a
// real VS Code extension host, on the examples/ workspace, and exits with the suite's exit code.
//
//   node scripts/run-e2e.mjs [--web] [--timeout SECONDS] [--grep PATTERN]
//
// With $VSCODE_EXECUTABLE_PATH set or a desktop VS Code on PATH: @vscode/test-electron's runTests.
// Otherwise (or with --web): code-server with the smoke-test driver, opened in headless Chromium;
// the workbench loads the extension from this folder and reports the suite's exit code to the page.

import { existsSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { format } from 'node:util';
import { launchBrowser } from './browser.mjs';
import { ensureCodeServer, findDesktopCode, log, repoRoot, runDirs, startCodeServer } from './vscode-host.mjs';

const testsEntry = join(repoRoot, 'out', 'test', 'e2e', 'index.js');
const workspace = join(repoRoot, 'examples');
const resultsDir = join(repoRoot, 'test-results');

function parseArgs(argv) {
  const options = { web: false, timeout: Number(process.env.E2E_TIMEOUT ?? 300), grep: process.env.E2E_GREP ?? '' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--web') options.web = true;
    else if (arg === '--timeout') options.timeout = Number(argv[++i]);
    else if (arg === '--grep') options.grep = argv[++i] ?? '';
    else throw new Error(`unknown argument ${arg}; usage: node scripts/run-e2e.mjs [--web] [--timeout SECONDS] [--grep PATTERN]`);
  }
  if (!(options.timeout > 0)) throw new Error('--timeout takes a number of seconds');
  return options;
}

/** The Electron binary behind a desktop `code` launcher, or undefined. */
function electronBehind(desktop) {
  if (desktop.kind === 'executable') return desktop.path;
  const launcher = realpathSync(desktop.path);
  const candidates =
    process.platform === 'darwin'
      ? // …/Visual Studio Code.app/Contents/Resources/app/bin/code
        ['Electron', 'Code', 'Code - Insiders'].map((name) => resolve(dirname(launcher), '..', '..', '..', 'MacOS', name))
      : process.platform === 'win32'
        ? // …\Microsoft VS Code\bin\code.cmd
          ['Code.exe', 'Code - Insiders.exe', 'VSCodium.exe'].map((name) => resolve(dirname(launcher), '..', name))
        : // /usr/share/code/bin/code
          ['code', 'code-insiders', 'codium', 'code-oss'].map((name) => resolve(dirname(launcher), '..', name));
  return candidates.find((candidate) => existsSync(candidate) && candidate !== launcher);
}

async function runInDesktop(executable, options) {
  log(`running the suites in ${executable}`);
  const require = createRequire(join(repoRoot, 'package.json'));
  const { runTests } = require('@vscode/test-electron');
  const dirs = runDirs('e2e-desktop', { fresh: true });
  try {
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: testsEntry,
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${dirs.userData}`,
        `--extensions-dir=${dirs.extensions}`,
      ],
      extensionTestsEnv: { E2E_GREP: options.grep },
    });
    return 0;
  } catch (error) {
    log(`the suites failed: ${error instanceof Error ? error.message : error}`);
    return 1;
  }
}

// The page reports every console message of the workbench, not only the extension host's. These
// are the workbench's own chatter (its components tag their messages like "[Name] ..."), hidden
// unless E2E_VERBOSE is set.
const WORKBENCH_CHATTER = [
  /^\[[A-Za-z][\w .-]*(:[\w-]+)?\] /,
  /^(Creating a socket|Resolving connection token|Resolved connection token|Updating additional builtin extensions cache|Creation of workbench contribution|Ignoring fetching additional builtin extensions)/,
  /Timed out waiting for authentication provider/,
  // Pending work cancelled while the extension host shuts down after the suites.
  /^Canceled: Canceled/,
];

function formatLog(args) {
  const list = Array.isArray(args) ? args : [args];
  return typeof list[0] === 'string' ? format(...list) : list.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
}

async function runInCodeServer(options) {
  await ensureCodeServer(); // once per machine: a few minutes, not part of the run's time
  const started = Date.now();
  const server = await startCodeServer(workspace, {
    name: 'e2e',
    fresh: true,
    smokeTestDriver: true,
    settings: { 'workbench.startupEditor': 'none' },
    env: { E2E_GREP: options.grep },
  });
  log(`code-server is up at ${server.url} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  let browser;
  try {
    browser = await launchBrowser();
    const { page } = browser;
    let finish;
    const finished = new Promise((resolveFinish) => (finish = resolveFinish));
    // Both must exist before the workbench loads: it looks for them once, at startup.
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = formatLog(args);
      if (!process.env.E2E_VERBOSE && WORKBENCH_CHATTER.some((pattern) => pattern.test(line))) return;
      if (type === 'error') process.stderr.write(line + '\n');
      else process.stdout.write(line + '\n');
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish({ code: Number(code) }));
    page.on('pageerror', (error) => log(`page error: ${error.message}`));
    server.exited.then((result) => finish({ code: 1, reason: `code-server exited during the run (${JSON.stringify(result)})` }));

    const remote = (path) => `vscode-remote://${server.host}${path}`;
    const payload = [
      ['extensionDevelopmentPath', remote(repoRoot)],
      ['extensionTestsPath', remote(testsEntry)],
    ];
    const url = server.folderUrl(workspace, { payload: JSON.stringify(payload) });
    log(`opening ${url}`);
    await page.goto(url, { waitUntil: 'domcontentloaded' });

    const timer = setTimeout(() => finish({ code: 1, reason: `timed out after ${options.timeout} s waiting for the suites to finish` }), options.timeout * 1000);
    const result = await finished;
    clearTimeout(timer);
    if (result.reason) {
      log(result.reason);
      mkdirSync(resultsDir, { recursive: true });
      const shot = join(resultsDir, 'e2e-failure.png');
      await page.screenshot({ path: shot }).then(
        () => log(`the workbench at that moment: ${shot}`),
        () => undefined,
      );
      const tail = readFileSync(server.logFile, 'utf8').trim().split('\n').slice(-40).join('\n');
      log(`last lines of ${server.logFile}:\n${tail}`);
    }
    log(`suites finished with exit code ${result.code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return result.code;
  } finally {
    await browser?.close();
    await server.stop();
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(testsEntry)) throw new Error(`${testsEntry} is missing: build the tests first (node esbuild.mjs --tests), or run npm run test:e2e`);
  if (!existsSync(join(repoRoot, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: build first (node esbuild.mjs)');

  const desktop = options.web ? undefined : findDesktopCode();
  const executable = desktop && electronBehind(desktop);
  if (desktop && !executable) log(`found ${desktop.path} but not the VS Code binary behind it; using code-server`);
  const code = executable ? await runInDesktop(executable, options) : await runInCodeServer(options);
  process.exit(code);
}

main().catch((error) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
