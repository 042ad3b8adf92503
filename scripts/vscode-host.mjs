#!/usr/bin/env node
// Finds or sets up a real VS Code to run the extension in.
//
// A desktop `code` on PATH is used as it is. Without one, code-server (a real VS Code workbench
// with a Node extension host, served to a browser) is installed once into .cache/vscode-host/,
// together with the Node.js version it needs, both from the npm registry.
//
// As a library:  ensureCodeServer(), startCodeServer(), installExtension(), packageDevVsix(), findDesktopCode()
// As a command:  node scripts/vscode-host.mjs install        set up code-server (idempotent)
//                node scripts/vscode-host.mjs serve [FOLDER]  run code-server on FOLDER until Ctrl-C
//                node scripts/vscode-host.mjs info           what would be used, and where it lives

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, openSync, closeSync, accessSync, constants, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_MAJOR = 24;
export const HOST = '127.0.0.1';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const cacheDir = join(repoRoot, '.cache', 'vscode-host');
const nodePrefix = join(cacheDir, 'node');
const codeServerPrefix = join(cacheDir, 'code-server');
const markerFile = join(cacheDir, 'installed.json');

const nodePackage = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;

export function log(message) {
  process.stderr.write(`[vscode-host] ${message}\n`);
}

/** The absolute path of an executable on PATH, or undefined. */
export function which(name) {
  const exts = process.platform === 'win32' ? (process.env.PATHEXT ?? '.EXE;.CMD').split(';') : [''];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = join(dir, name + ext);
      try {
        accessSync(candidate, constants.X_OK);
        if (statSync(candidate).isFile()) return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/**
 * A desktop VS Code: $VSCODE_EXECUTABLE_PATH (the Electron binary, for @vscode/test-electron) or
 * `code` on PATH (the launcher script). Returns undefined when neither exists.
 */
export function findDesktopCode() {
  const fromEnv = process.env.VSCODE_EXECUTABLE_PATH;
  if (fromEnv && existsSync(fromEnv)) return { kind: 'executable', path: fromEnv };
  const cli = which('code');
  // A `code` that is really code-server's wrapper does not take --extensionDevelopmentPath.
  if (cli && !/code-server/.test(cli)) return { kind: 'cli', path: cli };
  return undefined;
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
  }
  return result;
}

/**
 * The environment without what an enclosing `npm run` adds: its npm_* variables would override
 * the inner npm's own settings (code-server's install script reads the Node.js version from
 * npm_config_user_agent, which would then name the outer Node.js).
 */
function cleanEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'NODE' && key !== 'INIT_CWD'));
}

/** Like run(), for long steps: says every 20 s that it is still working. */
function runLong(what, command, args, options = {}) {
  return new Promise((resolveRun, reject) => {
    const started = Date.now();
    const ticker = setInterval(() => log(`still ${what} (${Math.round((Date.now() - started) / 1000)} s)`), 20_000);
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    child.on('error', (error) => {
      clearInterval(ticker);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearInterval(ticker);
      if (code === 0) resolveRun();
      else reject(new Error(`${what} failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

function readMarker() {
  try {
    return JSON.parse(readFileSync(markerFile, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Paths of the Node.js that runs code-server (the running one when it is already the right major). */
function nodePaths() {
  if (Number(process.versions.node.split('.')[0]) === NODE_MAJOR) {
    const binDir = dirname(process.execPath);
    return { node: process.execPath, binDir, home: dirname(binDir), own: true };
  }
  const home = join(nodePrefix, 'node_modules', nodePackage);
  const binDir = process.platform === 'win32' ? home : join(home, 'bin');
  const node = join(binDir, process.platform === 'win32' ? 'node.exe' : 'node');
  return { node, binDir, home, own: false };
}

/** The npm to install code-server with: the one shipped beside that Node.js, else the one on PATH. */
function npmCommand(nodeInfo) {
  const candidates = [
    join(nodeInfo.home, 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
    join(nodeInfo.home, 'node_modules', 'npm', 'bin', 'npm-cli.js'),
  ];
  const cli = candidates.find((c) => existsSync(c));
  if (cli) return { command: nodeInfo.node, args: [cli] };
  // npm's launcher starts with `#!/usr/bin/env node`: with nodeInfo.binDir first on PATH it runs on that Node.js.
  const onPath = which(process.platform === 'win32' ? 'npm-cli.js' : 'npm');
  if (onPath) return { command: nodeInfo.node, args: [onPath] };
  throw new Error('npm not found: install npm (it comes with Node.js) and try again');
}

function codeServerEntry() {
  return join(codeServerPrefix, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/** code-server's native modules build against Kerberos headers (libkrb5-dev on Debian/Ubuntu). */
function ensureKerberosHeaders() {
  if (process.platform !== 'linux') return;
  const present = ['/usr/include/gssapi/gssapi.h', '/usr/include/krb5.h'].some((f) => existsSync(f)) || which('krb5-config');
  if (present) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !which('apt-get')) {
    throw new Error(
      'code-server needs the Kerberos development headers to build its native modules.\n' +
        '  Debian/Ubuntu: sudo apt-get install -y libkrb5-dev\n' +
        '  Fedora/RHEL:   sudo dnf install -y krb5-devel\n' +
        'Install them, then run this command again.',
    );
  }
  aptInstall(['libkrb5-dev']);
}

/** apt-get install, running apt-get update first when the package lists do not know the package. */
export function aptInstall(packages) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  log(`apt-get install -y ${packages.join(' ')}`);
  const first = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], { stdio: 'inherit', env });
  if (first.status === 0) return;
  log('apt-get update');
  run('apt-get', ['update'], { env });
  run('apt-get', ['install', '-y', '--no-install-recommends', ...packages], { env });
}

/**
 * Installs Node.js 24 and code-server into .cache/vscode-host/ unless the marker says they are
 * already there. Returns { node, binDir, entry }: run code-server as `node entry ...`.
 */
export async function ensureCodeServer() {
  const nodeInfo = nodePaths();
  const marker = readMarker();
  const entry = codeServerEntry();
  const wanted = { codeServer: CODE_SERVER_VERSION, node: nodeInfo.own ? process.versions.node : `${nodePackage}@${NODE_MAJOR}` };
  if (marker && marker.codeServer === wanted.codeServer && marker.nodePackage === wanted.node && existsSync(entry) && existsSync(nodeInfo.node)) {
    return { node: nodeInfo.node, binDir: nodeInfo.binDir, entry };
  }

  const started = Date.now();
  mkdirSync(cacheDir, { recursive: true });
  rmSync(markerFile, { force: true });
  const npmEnv = { ...cleanEnv(), npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

  if (!nodeInfo.own && !existsSync(nodeInfo.node)) {
    log(`installing Node.js ${NODE_MAJOR} (npm package ${nodePackage}) into ${nodePrefix}`);
    mkdirSync(nodePrefix, { recursive: true });
    writeFileSync(join(nodePrefix, 'package.json'), '{ "private": true }\n');
    run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['install', '--prefix', nodePrefix, '--no-save', '--no-package-lock', `${nodePackage}@${NODE_MAJOR}`], {
      env: npmEnv,
      shell: process.platform === 'win32',
    });
  }
  const version = spawnSync(nodeInfo.node, ['--version'], { encoding: 'utf8' }).stdout?.trim();
  if (!version || !version.startsWith(`v${NODE_MAJOR}.`)) throw new Error(`expected Node.js ${NODE_MAJOR} at ${nodeInfo.node}, found ${version ?? 'nothing'}`);
  log(`using Node.js ${version} at ${nodeInfo.node}`);

  ensureKerberosHeaders();

  const npm = npmCommand(nodeInfo);
  log(`installing code-server ${CODE_SERVER_VERSION} into ${codeServerPrefix} (takes about 2-3 minutes)`);
  rmSync(codeServerPrefix, { recursive: true, force: true });
  mkdirSync(codeServerPrefix, { recursive: true });
  writeFileSync(join(codeServerPrefix, 'package.json'), '{ "private": true }\n');
  await runLong('installing code-server', npm.command, [...npm.args, 'install', '--prefix', codeServerPrefix, '--no-save', '--no-package-lock', '--loglevel', 'warn', `code-server@${CODE_SERVER_VERSION}`], {
    env: {
      ...npmEnv,
      // Its own Node first on PATH: code-server's install scripts run `node` and `npm` from PATH.
      PATH: nodeInfo.binDir + delimiter + (process.env.PATH ?? ''),
      // Native modules must build against the headers of the Node.js that will load them.
      npm_config_nodedir: nodeInfo.home,
    },
  });
  if (!existsSync(entry)) throw new Error(`code-server installed, but ${entry} is missing`);

  writeFileSync(markerFile, JSON.stringify({ codeServer: wanted.codeServer, nodePackage: wanted.node, nodeVersion: version, installedAt: new Date().toISOString() }, null, 2) + '\n');
  log(`code-server ready after ${Math.round((Date.now() - started) / 1000)} s`);
  return { node: nodeInfo.node, binDir: nodeInfo.binDir, entry };
}

/** A TCP port that is free on the loopback address right now. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** Folders for one named use of code-server (start, screenshot, e2e): user data, extensions, XDG dirs, temp. */
export function runDirs(name, { fresh = false } = {}) {
  const root = join(cacheDir, 'runs', name);
  if (fresh) rmSync(root, { recursive: true, force: true });
  const dirs = {
    root,
    userData: join(root, 'user-data'),
    extensions: join(root, 'extensions'),
    config: join(root, 'xdg', 'config'),
    data: join(root, 'xdg', 'data'),
    cache: join(root, 'xdg', 'cache'),
    tmp: join(root, 'tmp'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  return dirs;
}

function hostEnv(dirs, binDir) {
  return {
    ...cleanEnv(),
    PATH: binDir + delimiter + (process.env.PATH ?? ''),
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    TMPDIR: dirs.tmp,
    TMP: dirs.tmp,
    TEMP: dirs.tmp,
    // No extension gallery: nothing is fetched from a marketplace, and nothing fails trying.
    EXTENSIONS_GALLERY: '{}',
    // A parent's VS Code environment would confuse the server's own extension host.
    VSCODE_IPC_HOOK_CLI: '',
    ELECTRON_RUN_AS_NODE: '',
  };
}

/** User settings that keep a test or demo instance from reaching out or nagging. */
export const QUIET_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
};

/** Installs a .vsix into the extensions folder of a run (replacing an installed copy). */
export async function installExtension(vsix, dirs) {
  const { node, binDir, entry } = await ensureCodeServer();
  const result = spawnSync(
    node,
    [entry, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--install-extension', vsix, '--force'],
    { env: hostEnv(dirs, binDir), encoding: 'utf8' },
  );
  if (result.status !== 0) {
    throw new Error(`installing ${vsix} failed (exit code ${result.status}):\n${result.stdout}${result.stderr}`);
  }
  log(result.stdout.trim().split('\n').pop() ?? `installed ${vsix}`);
}

/**
 * Packs the extension as it is built now (dist/ from `node esbuild.mjs`) into a .vsix under
 * .cache/, without running vscode:prepublish (which would replace the build with a production one).
 */
export async function packageDevVsix() {
  const require = createRequire(join(repoRoot, 'package.json'));
  const { pack } = require('@vscode/vsce/out/package');
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const packagePath = join(cacheDir, `${manifest.name}-${manifest.version}-dev.vsix`);
  mkdirSync(cacheDir, { recursive: true });
  // vsce prints a summary of the packed files; keep the console quiet unless it fails.
  const original = console.log;
  const captured = [];
  console.log = (...args) => captured.push(args.join(' '));
  try {
    await pack({ cwd: repoRoot, packagePath, dependencies: false, allowMissingRepository: true, rewriteRelativeLinks: false });
  } catch (error) {
    original(captured.join('\n'));
    throw error;
  } finally {
    console.log = original;
  }
  return packagePath;
}

/**
 * Starts code-server on FOLDER in its own process group, waits until /healthz answers and
 * returns { url, port, folderUrl, process, logFile, stop() }. stop() ends the whole group.
 *
 * Options: name (the run folder), fresh (start from empty user data), smokeTestDriver (lets a test
 * suite inside the extension host report its exit code to the page), disableWorkspaceTrust
 * (default true: the examples are ours, and a trust prompt would stop extensions from starting),
 * settings (user settings, replacing settings.json), settingsIfMissing (written only when there is
 * no settings.json yet, so a person's changes survive restarts), env (extra environment for the
 * server and so its extension hosts), port, timeoutMs.
 */
export async function startCodeServer(folder, options = {}) {
  const { name = 'default', fresh = false, smokeTestDriver = false, disableWorkspaceTrust = true, timeoutMs = 180_000 } = options;
  const { node, binDir, entry } = await ensureCodeServer();
  const dirs = options.dirs ?? runDirs(name, { fresh });
  const settingsFile = join(dirs.userData, 'User', 'settings.json');
  const settings = options.settings ?? (existsSync(settingsFile) ? undefined : options.settingsIfMissing);
  if (settings) {
    mkdirSync(dirname(settingsFile), { recursive: true });
    writeFileSync(settingsFile, JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2) + '\n');
  }
  const port = options.port ?? (await freePort());
  const args = [
    entry,
    '--bind-addr', `${HOST}:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
  ];
  if (disableWorkspaceTrust) args.push('--disable-workspace-trust');
  if (smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  if (folder) args.push(resolve(folder));

  const logFile = join(dirs.root, 'code-server.log');
  const out = openSync(logFile, 'w');
  // detached: a new session and process group (setsid), so stop() can end code-server and the
  // extension hosts, file watchers and terminals it spawned all at once.
  const child = spawn(node, args, { env: { ...hostEnv(dirs, binDir), ...options.env }, cwd: dirs.root, detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  let exited = null;
  const exitPromise = new Promise((resolveExit) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolveExit(exited);
    });
  });

  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  // If this process dies without calling stop(), do not leave a server holding the port.
  const onExit = () => killGroup('SIGKILL');
  process.on('exit', onExit);

  let stopping;
  const stop = () => {
    stopping ??= (async () => {
      process.off('exit', onExit);
      killGroup('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), 5000);
      await Promise.race([exitPromise, new Promise((r) => setTimeout(r, 6000))]);
      clearTimeout(timer);
      killGroup('SIGKILL'); // children that outlived the main process
    })();
    return stopping;
  };

  const url = `http://${HOST}:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      throw new Error(`code-server exited early (${JSON.stringify(exited)}); its log:\n${readFileSync(logFile, 'utf8')}`);
    }
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs / 1000} s; its log:\n${readFileSync(logFile, 'utf8')}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    url,
    port,
    host: `${HOST}:${port}`,
    dirs,
    logFile,
    process: child,
    exited: exitPromise,
    /** The workbench address for a folder, with optional extra query parameters. */
    folderUrl(folderPath = folder, query = {}) {
      const params = new URLSearchParams({ folder: resolve(folderPath), ...query });
      return `${url}/?${params.toString().replace(/%2F/g, '/')}`;
    },
    stop,
  };
}

async function main(argv) {
  const [command = 'info', ...rest] = argv;
  if (command === 'install') {
    const desktop = findDesktopCode();
    if (desktop && !rest.includes('--force')) log(`a desktop VS Code is available (${desktop.path}); setting up code-server anyway`);
    const { node, entry } = await ensureCodeServer();
    log(`code-server ${CODE_SERVER_VERSION}: ${node} ${entry}`);
  } else if (command === 'serve') {
    const folder = rest[0] ?? join(repoRoot, 'examples');
    const server = await startCodeServer(folder, { name: 'serve' });
    console.log(server.folderUrl());
    let stopping = false;
    const shutdown = async () => {
      stopping = true;
      await server.stop();
      process.exit(0);
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
    const result = await server.exited;
    if (!stopping) {
      log(`code-server exited on its own (${JSON.stringify(result)}); see ${server.logFile}`);
      process.exit(1);
    }
  } else if (command === 'info') {
    const desktop = findDesktopCode();
    const marker = readMarker();
    console.log(JSON.stringify({ desktop: desktop ?? null, codeServer: marker ?? null, cacheDir }, null, 2));
  } else {
    console.error('usage: node scripts/vscode-host.mjs install | serve [FOLDER] | info');
    process.exit(2);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((error) => {
    log(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
