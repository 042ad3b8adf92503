#!/usr/bin/env node
// Takes a screenshot of the extension at work in a real VS Code (code-server in headless Chromium),
// the way a person would see it: the workspace opens, a file is opened from the Explorer, and
// optionally the Problems panel or a command is shown.
//
//   node scripts/screenshot.mjs --file specs/petstore.openapi.yaml --problems --out images/screenshot.png
//
// Options:
//   --folder DIR      workspace to open (default examples/)
//   --file PATH       file to open from the Explorer, relative to the workspace
//   --line N          put the cursor on line N of that file (through Go to Line)
//   --problems        open the Problems panel
//   --command TEXT    run a command from the Command Palette (its label as shown there)
//   --wait SECONDS    time for the extension to do its work before the picture (default 5)
//   --out FILE        where to write the PNG (default images/screenshot.png)
//   --width N --height N --scale N   page size in CSS pixels and device scale factor (1440x900, 1)
//   --theme NAME      color theme (default "Default Dark Modern")
//   --no-build        use dist/ as it is

import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { launchBrowser } from './browser.mjs';
import { installExtension, log, packageDevVsix, repoRoot, runDirs, startCodeServer } from './vscode-host.mjs';

function parseArgs(argv) {
  const options = {
    folder: join(repoRoot, 'examples'),
    file: undefined,
    line: undefined,
    problems: false,
    command: undefined,
    wait: 5,
    out: join(repoRoot, 'images', 'screenshot.png'),
    width: 1440,
    height: 900,
    scale: 1,
    theme: 'Default Dark Modern',
    build: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    switch (arg) {
      case '--folder': options.folder = resolve(value()); break;
      case '--file': options.file = value(); break;
      case '--line': options.line = Number(value()); break;
      case '--problems': options.problems = true; break;
      case '--command': options.command = value(); break;
      case '--wait': options.wait = Number(value()); break;
      case '--out': options.out = resolve(value()); break;
      case '--width': options.width = Number(value()); break;
      case '--height': options.height = Number(value()); break;
      case '--scale': options.scale = Number(value()); break;
      case '--theme': options.theme = value(); break;
      case '--no-build': options.build = false; break;
      default: throw new Error(`unknown argument ${arg} (see the top of scripts/screenshot.mjs)`);
    }
  }
  return options;
}

/** Clicks an Explorer row by its exact name; folders are expanded only when collapsed. */
async function clickExplorerRow(page, name, { isFolder }) {
  const row = page.locator('.explorer-folders-view .monaco-list-row', {
    has: page.locator('.label-name', { hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }),
  }).first();
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  if (isFolder && (await row.getAttribute('aria-expanded')) === 'true') return;
  await row.click();
}

async function runCommand(page, label) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${label}`);
  await page.waitForTimeout(500);
  await page.keyboard.press('Enter');
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const started = Date.now();
  if (options.build) {
    const result = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
    if (result.status !== 0) throw new Error('the build failed');
  }
  const dirs = runDirs('screenshot', { fresh: true });
  await installExtension(await packageDevVsix(), dirs);
  const server = await startCodeServer(options.folder, {
    name: 'screenshot',
    dirs,
    settings: {
      'workbench.startupEditor': 'none',
      'workbench.colorTheme': options.theme,
      'window.commandCenter': false,
      'chat.commandCenter.enabled': false,
      'workbench.layoutControl.enabled': false,
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
    },
  });
  let browser;
  try {
    browser = await launchBrowser({ viewport: { width: options.width, height: options.height }, deviceScaleFactor: options.scale });
    const { page } = browser;
    await page.goto(server.folderUrl(options.folder), { waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: 60_000 });
    // Only the editor, the Explorer and the panel: close the secondary side bar if it opened.
    if (await page.locator('.part.auxiliarybar').isVisible()) {
      await runCommand(page, 'View: Toggle Secondary Side Bar Visibility');
    }

    if (options.file) {
      const parts = relative(options.folder, resolve(options.folder, options.file)).split(sep);
      for (const [index, part] of parts.entries()) {
        await clickExplorerRow(page, part, { isFolder: index < parts.length - 1 });
      }
      const name = parts[parts.length - 1];
      await page.locator(`.tab[aria-label^="${name}"]`).first().waitFor({ state: 'visible', timeout: 30_000 });
      // Keep the editor focused, not the Explorer row.
      await page.locator('.editor-instance .monaco-editor .view-lines').first().click({ position: { x: 5, y: 5 } });
      if (options.line) {
        await page.keyboard.press('Control+G');
        await page.keyboard.type(String(options.line));
        await page.keyboard.press('Enter');
      }
    }
    if (options.problems) {
      await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
      await page.locator('.markers-panel').first().waitFor({ state: 'visible', timeout: 15_000 });
    }
    // Toasts (such as a failed look-up of recommended extensions) would cover the editor.
    await runCommand(page, 'Notifications: Clear All Notifications');
    if (options.command) await runCommand(page, options.command);

    await page.waitForTimeout(options.wait * 1000);
    // Toasts shown since: closed with their own buttons (a panel that has the focus keeps the Command Palette shut).
    for (const clear of await page.locator('.notifications-toasts .notification-toast .codicon-notifications-clear').all()) {
      await clear.click({ force: true }).catch(() => undefined);
    }
    await page.waitForTimeout(500);

    mkdirSync(dirname(options.out), { recursive: true });
    await page.screenshot({ path: options.out });
    log(`wrote ${options.out} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await browser?.close();
    await server.stop();
  }
}

main().catch((error) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
