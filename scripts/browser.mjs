// Headless Chromium for driving the code-server workbench: the system's Chromium (Debian's
// `chromium` package), driven by playwright-core. Nothing downloads a browser of its own.

import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { aptInstall, cacheDir, log, repoRoot, which } from './vscode-host.mjs';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** The Chromium to use: $CHROMIUM_PATH, /usr/bin/chromium, or one on PATH; installed with apt-get when root. */
export function ensureChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  const found = () =>
    ['/usr/bin/chromium'].find((p) => existsSync(p)) ??
    which('chromium') ??
    which('chromium-browser') ??
    which('google-chrome');
  let path = found();
  if (path) return path;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && which('apt-get')) {
    aptInstall(['chromium']);
    path = found();
  }
  if (!path) {
    throw new Error(
      'Chromium is needed to drive the VS Code workbench headless.\n' +
        '  Debian/Ubuntu: sudo apt-get install -y chromium\n' +
        'or point CHROMIUM_PATH at a Chromium or Chrome binary.',
    );
  }
  return path;
}

/**
 * Launches headless Chromium with a fresh profile. Returns { context, page, close() }.
 * viewport: the page size in CSS pixels; deviceScaleFactor for sharper screenshots.
 */
export async function launchBrowser({ viewport = { width: 1440, height: 900 }, deviceScaleFactor = 1 } = {}) {
  const executablePath = ensureChromium();
  const require = createRequire(join(repoRoot, 'package.json'));
  const { chromium } = require('playwright-core');
  mkdirSync(cacheDir, { recursive: true });
  const profile = mkdtempSync(join(cacheDir, 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    deviceScaleFactor,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close().catch((error) => log(`closing Chromium: ${error.message}`));
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
