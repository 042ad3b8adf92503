// Shared by the end-to-end suites, which run inside the VS Code extension host.

import * as vscode from 'vscode';

export const EXTENSION_ID = 'interface-studio.interface-studio';

/** Polls until probe() returns something truthy, or fails naming `what` after timeoutMs. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The examples/ folder the suites run on. */
export function examplesFolder(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  return folder.uri;
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
