#!/usr/bin/env node
// The end-to-end run behind `npm run test:e2e`, in three parts, each of which fails the run:
//
//   suites  test/e2e/**/*.e2e.ts with mocha inside a real VS Code extension host, on examples/,
//           against the packaged extension: the production .vsix is built and installed into
//           the host like a user installs it (--dev loads this folder in development mode instead)
//   ui      scripts/drive-ui.mjs: a person's clicks in the workbench, with screenshots
//   nvim    test/nvim/*.test.ts: the language server in headless Neovim
//
//   node scripts/run-e2e.mjs [--web] [--dev | --vsix FILE] [--only suites,ui,nvim] [--timeout SECONDS] [--grep PATTERN]
//
// The suites run in a desktop VS Code through @vscode/test-electron when $VSCODE_EXECUTABLE_PATH
// is set or `code` is on PATH; otherwise (or with --web) in code-server with the smoke-test
// driver, opened in headless Chromium, which reports the suite's exit code to the page.

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { format } from 'node:util';
import { launchBrowser } from './browser.mjs';
import { driveUi } from './drive-ui.mjs';
import { aptInstall, cacheDir, ensureCodeServer, findDesktopCode, installExtension, log, repoRoot, runDirs, startCodeServer, which } from './vscode-host.mjs';

const testsEntry = join(repoRoot, 'out', 'test', 'e2e', 'index.js');
const examples = join(repoRoot, 'examples');

/**
 * The suites edit documents as a person would; they run on a copy of examples/ in the run's
 * folder so that nothing they do (a save, an unreverted edit) can reach the repository.
 */
function workspaceCopy(root) {
  const copy = join(root, 'examples');
  rmSync(copy, { recursive: true, force: true });
  cpSync(examples, copy, { recursive: true });
  return copy;
}
const resultsDir = join(repoRoot, 'test-results');
const nvimTests = join(repoRoot, 'out', 'test', 'nvim');

const PARTS = ['suites', 'ui', 'nvim'];
const USAGE = 'usage: node scripts/run-e2e.mjs [--web] [--dev | --vsix FILE] [--only suites,ui,nvim] [--timeout SECONDS] [--grep PATTERN]';

function parseArgs(argv) {
  const options = {
    web: false,
    dev: false,
    vsix: undefined,
    only: PARTS,
    // The whole suites part; it only catches a hang (a run takes a few minutes even on a busy machine).
    timeout: Number(process.env.E2E_TIMEOUT ?? 900),
    grep: process.env.E2E_GREP ?? '',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--web') options.web = true;
    else if (arg === '--dev') options.dev = true;
    else if (arg === '--vsix') options.vsix = resolve(argv[++i] ?? '');
    else if (arg === '--only') options.only = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (arg === '--timeout') options.timeout = Number(argv[++i]);
    else if (arg === '--grep') options.grep = argv[++i] ?? '';
    else throw new Error(`unknown argument ${arg}; ${USAGE}`);
  }
  if (!(options.timeout > 0)) throw new Error('--timeout takes a number of seconds');
  const unknown = options.only.filter((part) => !PARTS.includes(part));
  if (unknown.length || !options.only.length) throw new Error(`--only takes some of ${PARTS.join(',')}`);
  if (options.dev && options.vsix) throw new Error('--dev and --vsix exclude each other');
  if (options.vsix && !existsSync(options.vsix)) throw new Error(`${options.vsix} does not exist`);
  // A grep names suites: it runs only them.
  if (options.grep && options.only === PARTS) options.only = ['suites'];
  return options;
}

/**
 * Builds the production .vsix exactly as `npm run package` does (its vscode:prepublish step
 * replaces dist/ with the production bundles) and returns its path.
 */
function packageProductionVsix() {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const out = join(cacheDir, `${manifest.name}-${manifest.version}.vsix`);
  mkdirSync(cacheDir, { recursive: true });
  rmSync(out, { force: true });
  log(`packaging the extension (npm run package) into ${out}`);
  const started = Date.now();
  const result = spawnSync('npm', ['run', '--silent', 'package', '--', '--out', out], {
    cwd: repoRoot,
    encoding: 'utf8',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0 || !existsSync(out)) {
    throw new Error(`npm run package failed (exit code ${result.status}):\n${result.stdout}${result.stderr}`);
  }
  log(`packaged in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return out;
}

/**
 * VS Code runs extension tests only in a window with a development extension. When the suites
 * test the installed .vsix, that development extension is this empty one: it contributes
 * nothing, so the extension under test is the installed copy, loaded as a user's would be.
 */
function writeHarnessExtension(root) {
  const folder = join(root, 'test-harness');
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(folder, 'package.json'),
    JSON.stringify({ name: 'e2e-harness', publisher: 'interface-studio-tests', version: '0.0.0', engines: { vscode: '*' } }, null, 2) + '\n',
  );
  return folder;
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

async function runInDesktop(executable, options, vsix) {
  log(`running the suites in ${executable}${vsix ? ` against ${vsix}` : ' with this folder as a development extension'}`);
  const require = createRequire(join(repoRoot, 'package.json'));
  const { runTests, resolveCliArgsFromVSCodeExecutablePath } = require('@vscode/test-electron');
  const dirs = runDirs('e2e-desktop', { fresh: true });
  const workspace = workspaceCopy(dirs.root);
  if (vsix) {
    const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(executable);
    const installed = spawnSync(cli, [...cliArgs, `--user-data-dir=${dirs.userData}`, `--extensions-dir=${dirs.extensions}`, '--install-extension', vsix, '--force'], {
      encoding: 'utf8',
      shell: process.platform === 'win32',
    });
    if (installed.status !== 0) throw new Error(`installing ${vsix} failed:\n${installed.stdout}${installed.stderr}`);
  }
  try {
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: vsix ? writeHarnessExtension(dirs.root) : repoRoot,
      extensionTestsPath: testsEntry,
      launchArgs: [
        workspace,
        // Only ours: with the .vsix, the installed copy in this run's extensions folder.
        ...(vsix ? [] : ['--disable-extensions']),
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${dirs.userData}`,
        `--extensions-dir=${dirs.extensions}`,
      ],
      extensionTestsEnv: { E2E_GREP: options.grep, E2E_PACKAGED: vsix ? '1' : '' },
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

async function runInCodeServer(options, vsix) {
  await ensureCodeServer(); // once per machine: a few minutes, not part of the run's time
  const started = Date.now();
  const dirs = runDirs('e2e', { fresh: true });
  const workspace = workspaceCopy(dirs.root);
  if (vsix) await installExtension(vsix, dirs);
  const server = await startCodeServer(workspace, {
    name: 'e2e',
    dirs,
    smokeTestDriver: true,
    settings: { 'workbench.startupEditor': 'none', 'files.autoSave': 'off' },
    env: { E2E_GREP: options.grep, E2E_PACKAGED: vsix ? '1' : '' },
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
      ['extensionDevelopmentPath', remote(vsix ? writeHarnessExtension(dirs.root) : repoRoot)],
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

/** Neovim for the nvim part: on PATH, or installed with apt-get when run as root. */
function ensureNeovim() {
  if (process.env.NVIM_PATH) return process.env.NVIM_PATH;
  let path = which('nvim');
  if (!path && process.platform === 'linux' && typeof process.getuid === 'function' && process.getuid() === 0 && which('apt-get')) {
    aptInstall(['neovim']);
    path = which('nvim');
  }
  if (!path) throw new Error('Neovim is needed for the nvim part: install it (Debian/Ubuntu: sudo apt-get install -y neovim) or set NVIM_PATH');
  return path;
}

function runNeovimTests() {
  const nvim = ensureNeovim();
  const files = existsSync(nvimTests) ? readdirSync(nvimTests).filter((f) => f.endsWith('.test.js')).map((f) => join(nvimTests, f)) : [];
  if (!files.length) throw new Error(`no tests in ${nvimTests}: build them first (node esbuild.mjs --tests)`);
  log(`running ${files.length} Neovim test file(s) with ${nvim}`);
  const require = createRequire(join(repoRoot, 'package.json'));
  const mocha = join(dirname(require.resolve('mocha/package.json')), 'bin', 'mocha.js');
  const result = spawnSync(process.execPath, ['--enable-source-maps', mocha, '--no-config', '--no-package', '--timeout', '300000', ...files], {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, NVIM_PATH: nvim },
  });
  return result.status ?? 1;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(testsEntry)) throw new Error(`${testsEntry} is missing: build the tests first (node esbuild.mjs --tests), or run npm run test:e2e`);
  if (!existsSync(join(repoRoot, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: build first (node esbuild.mjs)');

  const started = Date.now();
  const needsVsix = options.only.includes('suites') || options.only.includes('ui');
  const vsix = options.dev || !needsVsix ? undefined : (options.vsix ?? packageProductionVsix());
  const results = [];
  const part = async (name, run) => {
    if (!options.only.includes(name)) return;
    const partStarted = Date.now();
    let code;
    try {
      code = await run();
    } catch (error) {
      log(`${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      code = 1;
    }
    results.push({ name, code, seconds: (Date.now() - partStarted) / 1000 });
  };

  await part('suites', async () => {
    const desktop = options.web ? undefined : findDesktopCode();
    const executable = desktop && electronBehind(desktop);
    if (desktop && !executable) log(`found ${desktop.path} but not the VS Code binary behind it; using code-server`);
    return executable ? await runInDesktop(executable, options, vsix) : await runInCodeServer(options, vsix);
  });
  await part('ui', () => driveUi({ vsix, resultsDir }));
  await part('nvim', () => runNeovimTests());

  log('summary:');
  for (const result of results) log(`  ${result.name.padEnd(6)} ${result.code === 0 ? 'passed' : 'FAILED'} (${result.seconds.toFixed(1)} s)`);
  log(`total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(results.every((result) => result.code === 0) ? 0 : 1);
}

main().catch((error) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
