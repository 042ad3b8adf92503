/**
 * Everything the service needs from the outside world, injected by its host: the language
 * server (open buffers before disk), the CLI (the file system) or tests (in-memory maps).
 */
import type { LineIndex } from './lineIndex';
import type { TextChange } from './parser/reparse';
export interface WorkspaceFile {
  uri: string;
  text: string;
  /** Changes whenever the text changes: an editor version, a disk modification stamp, a counter. */
  version: string | number;
  /** The text's line starts, when the workspace keeps them already (an editor's open document). */
  lines?: LineIndex;
  /**
   * Where the text differs from an earlier version of it, when the workspace knows (an editor
   * sends its edits): one replacement covering them all, not necessarily the smallest one.
   */
  changeSince?(version: string | number): TextChange | undefined;
}

export interface Workspace {
  /** The file's current text, or undefined when it does not exist or is not readable text. */
  readFile(uri: string): Promise<WorkspaceFile | undefined>;
  /** The URIs of the workspace's candidate files (YAML, JSON, mapping, flow, snippet files). */
  listFiles(): Promise<string[]>;
  /** Reads a remote `$ref` target. Only called when remote references are allowed. */
  fetchRemote?(url: string): Promise<string>;
  /** The workspace folder a file belongs to, for `.interface-studio.yaml` lookup. */
  folderOf?(uri: string): string | undefined;
}

/** A workspace backed by a map, for tests and for single documents. */
export class InMemoryWorkspace implements Workspace {
  private readonly files = new Map<string, WorkspaceFile>();
  private counter = 0;
  /** Remote documents, when a test wants them reachable. */
  fetchRemote?: (url: string) => Promise<string>;

  constructor(initial: Record<string, string> = {}) {
    for (const [uri, text] of Object.entries(initial)) this.set(uri, text);
  }

  set(uri: string, text: string): void {
    this.files.set(uri, { uri, text, version: ++this.counter });
  }

  delete(uri: string): void {
    this.files.delete(uri);
  }

  async readFile(uri: string): Promise<WorkspaceFile | undefined> {
    return this.files.get(uri);
  }

  async listFiles(): Promise<string[]> {
    return [...this.files.keys()];
  }
}
