import { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Workspace, WorkspaceFile } from '../service/workspace';
import { EditorDocument } from './editorDocument';

/** The service's view of the workspace from inside the editor: open buffers first, then disk. */
export class EditorWorkspace implements Workspace {
  /**
   * Editor versions start again at 1 each time a document is opened, so `open:1` after a
   * close and reopen would look like the text cached before: each opening gets its own number.
   */
  private readonly openings = new WeakMap<TextDocument, number>();
  private openingCount = 0;

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly disk: Workspace,
  ) {}

  async readFile(uri: string): Promise<WorkspaceFile | undefined> {
    const open = this.documents.get(uri);
    if (!open) return this.disk.readFile(uri);
    const prefix = `open:${this.openingOf(open)}:`;
    const file: WorkspaceFile = { uri, text: open.getText(), version: prefix + open.version };
    if (open instanceof EditorDocument) {
      // The edits since a version of this opening, as the editor sent them.
      const edited = open;
      const current = open.version;
      file.lines = edited.lines;
      file.changeSince = (version) =>
        typeof version === 'string' && version.startsWith(prefix) && edited.version === current ? edited.changeSince(Number(version.slice(prefix.length))) : undefined;
    }
    return file;
  }

  private openingOf(document: TextDocument): number {
    let n = this.openings.get(document);
    if (n === undefined) this.openings.set(document, (n = ++this.openingCount));
    return n;
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
