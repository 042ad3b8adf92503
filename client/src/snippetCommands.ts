import * as vscode from 'vscode';
import { parse } from 'jsonc-parser';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DocumentKindRequest } from '../../server/src/protocol';
import { selectionToSnippetBody } from '../../server/src/protocol/snippetBody';
import { addSnippetToLibrary, SNIPPET_KINDS, SnippetKind } from '../../server/src/protocol/snippetLibraryEdit';

export const SnippetCommands = {
  saveSelection: 'interfaceStudio.saveSelectionAsSnippet',
  insertFromLibrary: 'interfaceStudio.insertFromSnippetLibrary',
} as const;

type Kind = SnippetKind;

interface LibrarySnippet {
  name: string;
  library: string;
  prefix?: string;
  description?: string;
  kind?: Kind;
  body: string;
}

const DEFAULT_LIBRARIES = ['.interface-studio/snippets'];

/** The snippet kind of the document being edited: its kind as the server recognises it, when snippets are written for that kind. */
async function kindOf(client: LanguageClient | undefined, document: vscode.TextDocument): Promise<Kind | undefined> {
  const kind = client ? (await client.sendRequest(DocumentKindRequest, { uri: document.uri.toString() }).catch(() => undefined))?.kind : undefined;
  return SNIPPET_KINDS.find((k) => k === kind);
}

/** The configured library folders of a workspace folder, as URIs. */
function libraryFolders(resource: vscode.Uri | undefined): vscode.Uri[] {
  const folders = resource ? [vscode.workspace.getWorkspaceFolder(resource)].filter((f): f is vscode.WorkspaceFolder => !!f) : [...(vscode.workspace.workspaceFolders ?? [])];
  if (!folders.length && vscode.workspace.workspaceFolders?.length) folders.push(vscode.workspace.workspaceFolders[0]);
  return folders.flatMap((folder) => {
    const configured = vscode.workspace.getConfiguration('interfaceStudio', folder.uri).get<string[]>('snippetLibraries', DEFAULT_LIBRARIES);
    return configured.filter((f) => typeof f === 'string' && f.trim()).map((f) => vscode.Uri.joinPath(folder.uri, f.replace(/\\/g, '/').replace(/^\.\//, '')));
  });
}

async function libraryFiles(folder: vscode.Uri): Promise<vscode.Uri[]> {
  try {
    const entries = await vscode.workspace.fs.readDirectory(folder);
    return entries.filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.code-snippets')).map(([name]) => vscode.Uri.joinPath(folder, name)).sort((a, b) => a.path.localeCompare(b.path));
  } catch {
    return [];
  }
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

function libraryName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1).replace(/\.code-snippets$/i, '');
}

async function readSnippets(uri: vscode.Uri, label: string): Promise<LibrarySnippet[]> {
  const text = await readText(uri);
  const value = text ? (parse(text) as Record<string, Record<string, unknown>> | undefined) : undefined;
  if (!value || typeof value !== 'object') return [];
  const meta = (value.$library ?? {}) as Record<string, unknown>;
  const result: LibrarySnippet[] = [];
  for (const [name, snippet] of Object.entries(value)) {
    if (name === '$library' || !snippet || typeof snippet !== 'object') continue;
    const body = typeof snippet.body === 'string' ? snippet.body : Array.isArray(snippet.body) ? snippet.body.join('\n') : undefined;
    if (body === undefined) continue;
    const prefix = Array.isArray(snippet.prefix) ? snippet.prefix[0] : snippet.prefix;
    result.push({ name, library: label, body, prefix: typeof prefix === 'string' ? prefix : undefined,
      description: typeof snippet.description === 'string' ? snippet.description : undefined,
      kind: (snippet.kind ?? meta.kind) as Kind | undefined });
  }
  return result;
}

async function saveSelectionAsSnippet(client: LanguageClient | undefined): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) {
    void vscode.window.showInformationMessage('Select the text to save as a snippet first.');
    return;
  }
  const { document, selection } = editor;
  const before = document.lineAt(selection.start.line).text.slice(0, selection.start.character);
  const body = selectionToSnippetBody(document.getText(selection), /^\s*$/.test(before) ? before.length : 0);
  const name = await vscode.window.showInputBox({ title: 'Save Selection as Team Snippet (1/4)', prompt: 'Snippet name', validateInput: (v) => (v.trim() ? undefined : 'A snippet needs a name.') });
  if (!name) return;
  const suggested = name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const prefix = await vscode.window.showInputBox({ title: 'Save Selection as Team Snippet (2/4)', prompt: 'Prefix: what to type for completion to offer it', value: suggested, validateInput: (v) => (/^\S+$/.test(v) ? undefined : 'A prefix is one word.') });
  if (!prefix) return;
  const description = await vscode.window.showInputBox({ title: 'Save Selection as Team Snippet (3/4)', prompt: 'Description (optional)' });
  if (description === undefined) return;
  const folders = libraryFolders(document.uri);
  if (!folders.length) {
    void vscode.window.showWarningMessage('Team snippet libraries live in a workspace folder: open one first.');
    return;
  }
  const existing = (await Promise.all(folders.map(libraryFiles))).flat();
  const picked = await vscode.window.showQuickPick(
    [...existing.map((uri) => ({ label: libraryName(uri), description: vscode.workspace.asRelativePath(uri), uri })), { label: '$(add) New library…', description: vscode.workspace.asRelativePath(folders[0]), uri: undefined }],
    { title: 'Save Selection as Team Snippet (4/4)', placeHolder: 'Library' },
  );
  if (!picked) return;
  let target = picked.uri;
  if (!target) {
    const file = await vscode.window.showInputBox({ prompt: 'Library name (its file name)', value: 'team', validateInput: (v) => (/^[\w.-]+$/.test(v) ? undefined : 'Letters, digits, `.`, `_` and `-` only.') });
    if (!file) return;
    target = vscode.Uri.joinPath(folders[0], `${file}.code-snippets`);
  }
  const text = await readText(target);
  const current = text ? (parse(text) as Record<string, unknown> | undefined) : undefined;
  if (current && typeof current === 'object' && name in current) {
    const replace = await vscode.window.showWarningMessage(`${libraryName(target)} already has a snippet "${name}".`, { modal: true }, 'Replace');
    if (replace !== 'Replace') return;
  }
  const updated = addSnippetToLibrary(text, { name, prefix, description: description || undefined, kind: await kindOf(client, document), body }, {
    insertSpaces: editor.options.insertSpaces !== false,
    tabSize: typeof editor.options.tabSize === 'number' ? editor.options.tabSize : 2,
  });
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(updated));
  const open = await vscode.window.showInformationMessage(`Saved "${name}" to ${libraryName(target)}; type ${prefix} to insert it.`, 'Open Library');
  if (open) await vscode.window.showTextDocument(target);
}

async function insertFromLibrary(context: vscode.ExtensionContext, client: LanguageClient | undefined): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  const kind = await kindOf(client, editor.document);
  const builtin = await libraryFiles(vscode.Uri.joinPath(context.extensionUri, 'snippets'));
  const team = (await Promise.all(libraryFolders(editor.document.uri).map(libraryFiles))).flat();
  const snippets = [
    ...(await Promise.all(team.map((uri) => readSnippets(uri, `${libraryName(uri)} (team library)`)))).flat(),
    ...(await Promise.all(builtin.map((uri) => readSnippets(uri, `${libraryName(uri)} (built-in)`)))).flat(),
  ];
  if (!snippets.length) {
    void vscode.window.showInformationMessage('No snippet libraries found.');
    return;
  }
  const fits = (s: LibrarySnippet) => !!kind && s.kind === kind;
  const toItem = (s: LibrarySnippet) => ({
    label: s.prefix ? `${s.prefix}` : s.name,
    description: `${s.name} · ${s.library}`,
    detail: s.body.split('\n').map((l) => l.trim()).join(' ⏎ ').slice(0, 240),
    snippet: s,
  });
  const items: (vscode.QuickPickItem & { snippet?: LibrarySnippet })[] = [];
  const matching = snippets.filter(fits);
  if (matching.length) items.push({ label: `For this ${kind} document`, kind: vscode.QuickPickItemKind.Separator }, ...matching.map(toItem));
  const others = snippets.filter((s) => !fits(s));
  if (others.length) items.push({ label: matching.length ? 'Other kinds' : 'All snippets', kind: vscode.QuickPickItemKind.Separator }, ...others.map(toItem));
  const picked = await vscode.window.showQuickPick(items, { title: 'Insert from Snippet Library', matchOnDescription: true, matchOnDetail: true, placeHolder: 'Snippet' });
  if (!picked?.snippet) return;
  await editor.insertSnippet(new vscode.SnippetString(picked.snippet.body));
}

export function registerSnippetCommands(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(SnippetCommands.saveSelection, () => saveSelectionAsSnippet(client())),
    vscode.commands.registerCommand(SnippetCommands.insertFromLibrary, () => insertFromLibrary(context, client())),
  );
}
