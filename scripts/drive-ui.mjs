#!/usr/bin/env node
// Uses the extension the way a person does, in a real VS Code (code-server in headless Chromium,
// without the smoke-test driver, so the workbench behaves as it does for a user): files are opened
// from the Explorer, commands run from the Command Palette, and what the editor, the Problems
// panel and the webview panels show is read and checked. Screenshots go to test-results/.
//
//   node scripts/drive-ui.mjs [--vsix FILE]     (without --vsix: a .vsix of the current dist/)
//
// Part of `npm run test:e2e`. Exit code 0 when every check passed.

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchBrowser } from './browser.mjs';
import { installExtension, log, packageDevVsix, repoRoot, runDirs, startCodeServer } from './vscode-host.mjs';

const workspace = join(repoRoot, 'examples');
const require = createRequire(join(repoRoot, 'package.json'));
const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Each wait ends as soon as what it waits for is there; the deadlines only catch what never comes,
// and leave room for a machine busy with other work (the workbench, Chromium and the language
// server share its cores).
const WAIT_MS = 60_000;
const WORKBENCH_START_MS = 180_000;

/** The Command Palette label of one of our commands ("Interface Studio: Preview Mapping"), or undefined. */
function paletteLabel(command) {
  const entry = manifest.contributes?.commands?.find((c) => c.command === command);
  return entry && (entry.category ? `${entry.category}: ${entry.title}` : entry.title);
}

async function runCommand(page, label) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: WAIT_MS });
  await input.fill(`>${label}`);
  // The exact entry, not whatever happens to be first.
  const row = page.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) }).first();
  await row.waitFor({ state: 'visible', timeout: WAIT_MS });
  await row.click();
}

/** Opens a workspace file by clicking through the Explorer, and waits for its tab. */
async function openFromExplorer(page, relativePath) {
  const parts = relativePath.split('/');
  for (const [index, part] of parts.entries()) {
    const row = page.locator('.explorer-folders-view .monaco-list-row', {
      has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(part)}$`) }),
    }).first();
    await row.waitFor({ state: 'visible', timeout: WAIT_MS });
    const isFolder = index < parts.length - 1;
    if (isFolder && (await row.getAttribute('aria-expanded')) === 'true') continue;
    await row.click();
  }
  const name = parts[parts.length - 1];
  await page.locator(`.tab[aria-label^="${name}"]`).first().waitFor({ state: 'visible', timeout: WAIT_MS });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click({ position: { x: 5, y: 5 } });
}

/**
 * Waits for a webview frame (webviews are iframes inside iframes) for which probe(frame) returns
 * something, and returns { frame, value }.
 */
async function waitForWebview(page, what, probe, timeoutMs = WAIT_MS) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      try {
        const value = await probe(frame);
        if (value) return { frame, value };
      } catch (error) {
        lastError = error; // a frame that navigated or went away meanwhile
      }
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${lastError ? ` (last error: ${lastError.message})` : ''}`);
    await page.waitForTimeout(500);
  }
}

async function clearNotifications(page) {
  await runCommand(page, 'Notifications: Clear All Notifications').catch(() => undefined);
  await page.keyboard.press('Escape');
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** The checks, in the order a person would go; each returns normally or throws (a missing example or command is a failure). */
function scenarios(resultsDir) {
  const shot = (page, name) => page.screenshot({ path: join(resultsDir, name) }).then(() => log(`  screenshot ${join('test-results', name)}`));
  const yaml = require('yaml');
  return [
    {
      name: 'the draft spec shows its problems in the Problems panel',
      async run(page) {
        await openFromExplorer(page, 'specs/crm-draft.openapi.yaml');
        await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
        const panel = page.locator('.markers-panel').first();
        await panel.waitFor({ state: 'visible', timeout: WAIT_MS });
        const expected = ['is not allowed in an Operation Object; did you mean `summary`?', 'defines no scope `contacts.delete`'];
        await page.waitForFunction(
          (texts) => { const el = document.querySelector('.markers-panel'); return !!el && texts.every((t) => el.textContent.includes(t)); },
          expected,
          { timeout: WAIT_MS },
        ).catch(async () => {
          throw new Error(`the Problems panel does not show ${JSON.stringify(expected)}; it shows: ${(await panel.innerText()).slice(0, 800)}`);
        });
        const text = await panel.innerText();
        check(/oas\.schema\.unknownKey/.test(text), `the Problems panel names the rule code oas.schema.unknownKey: ${text.slice(0, 800)}`);
        // The status bar names the kind of the document.
        const status = page.locator('.statusbar-item', { hasText: /OpenAPI 3\.0\.3/ }).first();
        await status.waitFor({ state: 'visible', timeout: WAIT_MS }).catch(() => {
          throw new Error('the status bar does not show "OpenAPI 3.0.3"');
        });
        await clearNotifications(page);
        await shot(page, 'ui-openapi-problems.png');
      },
    },
    {
      name: 'Preview Mapping shows the transformed output',
      async run(page) {
        const label = paletteLabel('interfaceStudio.previewMapping');
        check(label, 'package.json contributes the command interfaceStudio.previewMapping');
        const mappings = existsSync(join(workspace, 'mappings')) ? readdirSync(join(workspace, 'mappings')).filter((f) => /\.mapping\.ya?ml$/.test(f)).sort() : [];
        check(mappings.length > 0, 'examples/mappings has a mapping file');
        const mapping = `mappings/${mappings[0]}`;
        const document = yaml.parse(readFileSync(join(workspace, mapping), 'utf8'));
        const targets = [...new Set((document.fields ?? []).map((f) => String(f.target).split('.')[0]))];
        check(targets.length > 0, `${mapping} has fields`);
        // What the output must contain: the command-line preview of the same mapping, when it has one.
        const cli = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'preview', mapping], { cwd: workspace, encoding: 'utf8' });
        const values = [];
        if (cli.status === 0) {
          try {
            const walk = (v) => (Array.isArray(v) ? v.forEach(walk) : v && typeof v === 'object' ? Object.values(v).forEach(walk) : typeof v === 'string' && v.length > 2 && values.push(v));
            walk(JSON.parse(cli.stdout));
          } catch {
            // not JSON: the targets are checked anyway
          }
        }
        await openFromExplorer(page, mapping);
        await runCommand(page, label);
        const wanted = [...targets, ...values.slice(0, 5)];
        const { value: text } = await waitForWebview(page, `the preview of ${mapping} showing ${JSON.stringify(wanted)}`, async (frame) => {
          const body = await frame.evaluate(() => document.body?.innerText ?? '');
          return wanted.every((w) => body.includes(w)) && body;
        });
        log(`  the preview shows ${wanted.length} expected target names and values (${text.length} characters)`);
        await clearNotifications(page);
        await shot(page, 'ui-mapping-preview.png');
      },
    },
    {
      name: 'Show Sequence Diagram draws the flow with its participants',
      async run(page) {
        const label = paletteLabel('interfaceStudio.showSequenceDiagram');
        const flow = 'flows/order-to-cash.flow.yaml';
        check(label, 'package.json contributes the command interfaceStudio.showSequenceDiagram');
        check(existsSync(join(workspace, flow)), `examples/${flow} exists`);
        const document = yaml.parse(readFileSync(join(workspace, flow), 'utf8'));
        const names = Object.entries(document.participants ?? {}).map(([id, p]) => String(p?.name ?? id));
        check(names.length > 1, `${flow} has participants`);
        await openFromExplorer(page, flow);
        await runCommand(page, label);
        const { value: svgText } = await waitForWebview(page, `the diagram of ${flow} naming ${JSON.stringify(names)}`, async (frame) => {
          const text = await frame.evaluate(() => [...document.querySelectorAll('svg')].map((svg) => svg.textContent ?? '').join('\n'));
          return names.every((n) => text.includes(n)) && text;
        });
        log(`  the diagram's SVG names ${names.join(', ')} (${svgText.length} characters of text)`);
        await clearNotifications(page);
        await shot(page, 'ui-flow-diagram.png');
      },
    },
    {
      name: 'Preview API Reference shows the multi-file ERP spec, its operations and a schema from another file',
      async run(page) {
        const label = paletteLabel('interfaceStudio.previewApiReference');
        const spec = 'specs/erp/erp.openapi.yaml';
        if (!label || !existsSync(join(workspace, spec))) return 'the API reference (interfaceStudio.previewApiReference, examples/specs/erp) is not in this build';
        const document = yaml.parse(readFileSync(join(workspace, spec), 'utf8'));
        const paths = Object.keys(document.paths ?? {});
        check(paths.length > 0, `${spec} has paths`);
        await openFromExplorer(page, spec);
        // The button in the editor title is there for OpenAPI documents.
        await page.locator('.editor-actions .action-label[aria-label^="Preview API Reference"]').first().waitFor({ state: 'visible', timeout: 30_000 }).catch(() => {
          throw new Error('the editor title of an OpenAPI document shows no "Preview API Reference" button');
        });
        await runCommand(page, label);
        const title = String(document.info?.title ?? '');
        const { frame } = await waitForWebview(page, `the API reference of ${spec} naming ${title} and ${JSON.stringify(paths)}`, async (f) => {
          const body = await f.evaluate(() => document.body?.innerText ?? '');
          return body.includes(title) && paths.every((p) => body.includes(p)) && body;
        });
        // Open the first POST and find its request body schema, which lives in another file.
        const post = frame.locator('details.operation', { has: frame.locator('.method.post') }).first();
        await post.locator('.op-title').click();
        await post.locator('.op-body .schema-tree .type').first().waitFor({ state: 'visible', timeout: 15_000 });
        const typeName = await post.locator('.op-body .schema-tree .type').first().textContent();
        check(/^[A-Z]/.test(typeName ?? ''), `the request body of the first POST shows a named schema, not "${typeName}"`);
        log(`  the API reference lists ${paths.length} paths; the first POST's body is ${typeName}`);
        await clearNotifications(page);
        await shot(page, 'ui-api-reference.png');
      },
    },
    {
      name: 'Interface Studio: Get Started opens the walkthrough with its steps',
      async run(page) {
        const label = paletteLabel('interfaceStudio.getStarted');
        const [walkthrough] = manifest.contributes?.walkthroughs ?? [];
        if (!label || !walkthrough) return 'the walkthrough (interfaceStudio.getStarted) is not in this build';
        await runCommand(page, label);
        // The walkthrough's own slide in view: the Welcome page keeps the slides side by side and
        // slides the one shown into place, so text in the page alone proves nothing.
        const titles = [walkthrough.title, ...walkthrough.steps.map((s) => s.title)];
        await page.waitForFunction(
          (texts) => {
            const slide = document.querySelector('.gettingStartedSlideDetails');
            const list = document.querySelector('.gettingStartedSlideCategories')?.getBoundingClientRect();
            // Showing a walkthrough moves the list of them out to the left.
            return !!slide && !!list && list.left < 0 && texts.every((t) => slide.textContent.includes(t));
          },
          titles,
          { timeout: 30_000 },
        ).catch(async () => {
          const shown = await page.locator('.gettingStartedContainer').first().innerText().catch(() => '(no Get Started page)');
          throw new Error(`the walkthrough's steps ${JSON.stringify(titles)} are not in view; the page shows: ${shown.slice(0, 800)}`);
        });
        // Escape (as clearing notifications presses) would take the page back to its list: the picture comes first.
        await shot(page, 'ui-walkthrough.png');
        // The first step's button opens the draft spec of the workspace.
        await page.locator('.gettingStartedSlideDetails').getByText('Open the Draft Spec', { exact: true }).first().click();
        await page.locator('.tab[aria-label^="crm-draft.openapi.yaml"]').first().waitFor({ state: 'visible', timeout: 30_000 }).catch(() => {
          throw new Error('the step\'s "Open the Draft Spec" button did not open specs/crm-draft.openapi.yaml');
        });
      },
    },
  ];
}

/** Runs the drive; returns the exit code (0 when every check passed). */
export async function driveUi({ vsix, resultsDir = join(repoRoot, 'test-results') } = {}) {
  const started = Date.now();
  mkdirSync(resultsDir, { recursive: true });
  const dirs = runDirs('ui', { fresh: true });
  await installExtension(vsix ?? (await packageDevVsix()), dirs);
  // A copy: nothing done in the workbench can reach the repository's examples.
  const opened = join(dirs.root, 'examples');
  cpSync(workspace, opened, { recursive: true });
  const server = await startCodeServer(opened, {
    name: 'ui',
    dirs,
    settings: {
      'workbench.startupEditor': 'none',
      'window.commandCenter': false,
      'chat.commandCenter.enabled': false,
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'files.autoSave': 'off',
      'git.openRepositoryInParentFolders': 'never',
    },
  });
  let browser;
  let failures = 0;
  try {
    browser = await launchBrowser();
    const { page } = browser;
    await page.goto(server.folderUrl(opened), { waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: WORKBENCH_START_MS });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: WORKBENCH_START_MS });
    log(`the workbench is up after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    for (const scenario of scenarios(resultsDir)) {
      try {
        await scenario.run(page);
        log(`✓ ${scenario.name}`);
      } catch (error) {
        failures++;
        log(`✗ ${scenario.name}: ${error instanceof Error ? error.message : error}`);
        const file = join(resultsDir, `ui-failure-${failures}.png`);
        await page.screenshot({ path: file }).then(() => log(`  the workbench at that moment: ${file}`), () => undefined);
      }
      await page.keyboard.press('Escape');
      await runCommand(page, 'View: Close All Editors').catch(() => undefined);
    }
  } finally {
    await browser?.close();
    await server.stop();
  }
  log(`UI drive: ${failures ? `${failures} failed` : 'passed'} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return failures ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const argv = process.argv.slice(2);
  const vsix = argv[0] === '--vsix' ? resolve(argv[1]) : undefined;
  driveUi({ vsix }).then(
    (code) => process.exit(code),
    (error) => {
      log(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exit(1);
    },
  );
}
