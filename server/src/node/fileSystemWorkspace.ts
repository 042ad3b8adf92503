import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import { Workspace, WorkspaceFile } from '../service/workspace';

/** Folders never worth walking for specs, mappings or flows. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', '.cache', '.vscode-test']);

/** How many files a workspace walk reads at most; larger trees are cut off rather than stalling. */
const MAX_LISTED_FILES = 20_000;

export interface RemoteOptions {
  timeoutMs: number;
  maxBytes: number;
}

/** A workspace read from disk: the CLI's, and the language server's view of files not open in the editor. */
export class FileSystemWorkspace implements Workspace {
  private readonly cache = new Map<string, WorkspaceFile & { mtime: number }>();

  constructor(
    private readonly folders: string[],
    private readonly remote: RemoteOptions = { timeoutMs: 10_000, maxBytes: 20 * 1024 * 1024 },
    /** Which files to list: those some document kind may be (the service's kinds decide). */
    private readonly isCandidate: (name: string) => boolean = () => true,
  ) {}

  async readFile(uri: string): Promise<WorkspaceFile | undefined> {
    const parsed = URI.parse(uri);
    if (parsed.scheme !== 'file') return undefined;
    const path = parsed.fsPath;
    try {
      const stat = await fs.stat(path);
      if (!stat.isFile()) return undefined;
      const cached = this.cache.get(uri);
      if (cached && cached.mtime === stat.mtimeMs && cached.text.length >= 0) return cached;
      let text = await fs.readFile(path, 'utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      const file = { uri, text, version: `disk:${stat.mtimeMs}:${stat.size}`, mtime: stat.mtimeMs };
      this.cache.set(uri, file);
      return file;
    } catch {
      this.cache.delete(uri);
      return undefined;
    }
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  async listFiles(): Promise<string[]> {
    const result: string[] = [];
    for (const folder of this.folders) await this.walk(folder, result);
    return result;
  }

  folderOf(uri: string): string | undefined {
    const path = URI.parse(uri).fsPath;
    const folder = this.folders.filter((f) => path.startsWith(f)).sort((a, b) => b.length - a.length)[0];
    return folder ? URI.file(folder).toString() : undefined;
  }

  private async walk(dir: string, result: string[]): Promise<void> {
    if (result.length >= MAX_LISTED_FILES) return;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (result.length >= MAX_LISTED_FILES) return;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) await this.walk(path, result);
      } else if (entry.isFile() && this.isCandidate(entry.name)) {
        result.push(URI.file(path).toString());
      }
    }
  }

  /** Fetches a remote `$ref` target with a time limit and a size limit. */
  fetchRemote(url: string): Promise<string> {
    const { timeoutMs, maxBytes } = this.remote;
    return new Promise((resolve, reject) => {
      // Settles once, with our own reason: destroying a request makes Node emit further errors
      // ("socket hang up", the destroy reason again on the response) that must not escape.
      let settled = false;
      const settle = (error: Error | undefined, text?: string): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) {
          reject(error);
          request.destroy();
        } else {
          resolve(text!);
        }
      };
      const timer = setTimeout(() => settle(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
      const client = url.startsWith('https:') ? https : http;
      const request = client.get(url, { headers: { accept: 'application/json, application/yaml, text/yaml, */*' } }, (response) => {
        response.on('error', (error) => settle(error));
        if ((response.statusCode ?? 0) >= 400) {
          response.resume();
          settle(new Error(`the server answered HTTP ${response.statusCode}`));
          return;
        }
        let size = Number(response.headers['content-length'] ?? 0);
        if (size > maxBytes) {
          settle(new Error(`the answer is larger than ${formatBytes(maxBytes)}`));
          return;
        }
        size = 0;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) settle(new Error(`the answer is larger than ${formatBytes(maxBytes)}`));
          else chunks.push(chunk);
        });
        response.on('end', () => settle(undefined, Buffer.concat(chunks).toString('utf8')));
      });
      request.on('error', (error) => settle(error));
    });
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${bytes} bytes`;
}
