import { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Workspace, WorkspaceFile } from '../service/workspace';

/** The service's view of the workspace from inside the editor: open buffers first, then disk. */
export class EditorWorkspace implements Workspace {
  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly disk: Workspace,
  ) {}

  async readFile(uri: string): Promise<WorkspaceFile | undefined> {
    const open = this.documents.get(uri);
    if (open) return { uri, text: open.getText(), version: `open:${open.version}` };
    return this.disk.readFile(uri);
  }

  async listFiles(): Promise<string[]> {
    const files = new Set(await this.disk.listFiles());
    for (const doc of this.documents.all()) files.add(doc.uri);
    return [...files];
  }

  fetchRemote(url: string): Promise<string> {
    if (!this.disk.fetchRemote) return Promise.reject(new Error('remote references are not available'));
    return this.disk.fetchRemote(url);
  }

  folderOf(uri: string): string | undefined {
    return this.disk.folderOf?.(uri);
  }
}
