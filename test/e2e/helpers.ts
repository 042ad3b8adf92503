// Shared by the end-to-end suites, which run inside the VS Code extension host.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'interface-studio.interface-studio';

/**
 * Polls until probe() returns something truthy, or fails naming `what` after timeoutMs. The
 * deadline only catches what never happens: it is far above what a busy machine needs.
 */
export async function waitFor<T>(
  what: string | (() => string),
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Documents whose diagnostics the language server has published since VS Code last opened or
 * changed them. Before that, an empty list means "not checked yet", not "nothing found".
 */
const published = new Set<string>();
vscode.languages.onDidChangeDiagnostics((event) => event.uris.forEach((uri) => published.add(uri.toString())));
vscode.workspace.onDidOpenTextDocument((document) => published.delete(document.uri.toString()));
vscode.workspace.onDidChangeTextDocument((event) => {
  if (event.contentChanges.length) published.delete(event.document.uri.toString());
});

/** The examples/ folder the suites run on. */
export function examplesFolder(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  return folder.uri;
}

export function exampleUri(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(examplesFolder(), relativePath);
}

/** Files below examples/ whose workspace-relative path matches, sorted. */
export function exampleFiles(pattern: RegExp): string[] {
  const root = examplesFolder().fsPath;
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const relative = path.relative(root, full).split(path.sep).join('/');
        if (pattern.test(relative)) out.push(relative);
      }
    }
  };
  walk(root);
  return out.sort();
}

/** The extension, activated by its own activation events (opening a document of a kind it checks if needed). */
export async function activeExtension(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  if (!extension.isActive) {
    const [document] = await vscode.workspace.findFiles('**/*.{yaml,yml,json}', '**/node_modules/**', 1);
    if (document) await vscode.window.showTextDocument(document);
  }
  await waitFor(`${EXTENSION_ID} to activate`, () => extension.isActive);
  return extension;
}

/** Whether the extension under test contributes a command (its package.json, as installed). */
export function contributesCommand(command: string): boolean {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  const commands = (extension?.packageJSON as { contributes?: { commands?: { command: string }[] } } | undefined)?.contributes?.commands ?? [];
  return commands.some((c) => c.command === command);
}

export async function open(relativePath: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(exampleUri(relativePath));
  return vscode.window.showTextDocument(document);
}

/** A diagnostic's code as a string (VS Code gives `string | number | { value, target }`). */
export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return String(typeof code === 'object' && code !== null ? code.value : (code ?? ''));
}

export function errors(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
}

/** `line:code` for each diagnostic (1-based lines, as the CLI and the Problems panel show them), sorted. */
export function lineCodes(diagnostics: readonly vscode.Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.range.start.line + 1}:${codeOf(d)}`).sort();
}

/**
 * Waits until the server has published diagnostics for the document's current text, they satisfy
 * a predicate, and they stay unchanged for a moment (a document that others depend on can be
 * published again when they are re-checked).
 */
export async function settledDiagnostics(
  uri: vscode.Uri,
  predicate: (list: vscode.Diagnostic[]) => boolean = () => true,
  timeoutMs = 60_000,
): Promise<vscode.Diagnostic[]> {
  let last = '';
  let stableSince = Date.now();
  const name = vscode.workspace.asRelativePath(uri);
  const what = () => published.has(uri.toString()) ? `diagnostics on ${name} to match and settle; the last were ${last}` : `the server to publish diagnostics for ${name}`;
  return waitFor(what, () => {
    if (!published.has(uri.toString())) return false;
    const list = vscode.languages.getDiagnostics(uri);
    const key = JSON.stringify(lineCodes(list));
    if (key !== last) {
      last = key;
      stableSince = Date.now();
      return false;
    }
    return predicate(list) && Date.now() - stableSince > 1500 && list;
  }, timeoutMs);
}

/** The folder the extension under test was installed into (or loaded from). */
export function extensionPath(): string {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  return extension.extensionPath;
}

/** Environment for running the extension's Node scripts from the extension host (Electron or Node). */
function nodeEnv(): NodeJS.ProcessEnv {
  return { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
}

/** `interface-studio check FILE --format json` from the installed extension: the CLI's findings as `line:code`. */
export function cliLineCodes(relativePath: string): string[] {
  const cli = path.join(extensionPath(), 'dist', 'cli.js');
  const result = spawnSync(process.execPath, [cli, 'check', relativePath, '--format', 'json'], { cwd: examplesFolder().fsPath, env: nodeEnv(), encoding: 'utf8' });
  if (result.status !== 0 && result.status !== 1) throw new Error(`the CLI failed (${result.status}): ${result.stderr}`);
  const report = JSON.parse(result.stdout) as unknown;
  const findings: { line?: number; code?: string; range?: { start: { line: number } } }[] = [];
  const collect = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') {
      const v = value as Record<string, unknown>;
      if (typeof v.code === 'string' && (typeof v.line === 'number' || v.range)) findings.push(v as never);
      else Object.values(v).forEach(collect);
    }
  };
  collect(report);
  return findings.map((f) => `${f.line ?? f.range!.start.line + 1}:${f.code}`).sort();
}

/** Labels of completion items (VS Code gives `string | { label }`). */
export function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

export async function completionLabels(uri: vscode.Uri, position: vscode.Position): Promise<string[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
  return (list?.items ?? []).map(labelOf);
}

/** Every open tab that shows a webview. */
export function webviewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputWebview);
}

/** Drops unsaved edits of the active editor and closes every editor. */
export async function closeAll(): Promise<void> {
  for (const document of vscode.workspace.textDocuments) {
    if (document.isDirty) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Replaces one whole line of an open document (unsaved, as a person typing). */
export async function replaceLine(editor: vscode.TextEditor, line: number, text: string): Promise<void> {
  const ok = await editor.edit((edit) => edit.replace(editor.document.lineAt(line).range, text));
  if (!ok) throw new Error(`could not edit line ${line + 1}`);
}
