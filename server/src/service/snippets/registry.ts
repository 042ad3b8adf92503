import { CancellationToken, neverCancelled, throwIfCancelled } from '../cancellation';
import { defaultConfiguration } from '../configuration';
import { ParsedDocument, parseDocumentText } from '../documents';
import { Finding } from '../findings';
import type { LanguageService } from '../languageService';
import { readLibrary, SnippetLibrary } from './library';

/** The built-in libraries and the team libraries of the configured folders, kept current. */
export class SnippetRegistry {
  private builtins: SnippetLibrary[] = [];
  /** Library files of the workspace, per configured folder list; dropped when a library file appears or goes. */
  private listed = new Map<string, Promise<string[]>>();
  private readonly read = new WeakMap<ParsedDocument, { library: SnippetLibrary; findings: Finding[] }>();

  constructor(private readonly service: LanguageService) {}

  /** The libraries shipped with the extension (the host reads them; the service stays pure). */
  setBuiltins(files: { uri: string; text: string }[]): void {
    this.builtins = files.map((file) => readLibrary(parseDocumentText(file.uri, file.text, 0), true).library);
  }

  get builtinLibraries(): SnippetLibrary[] {
    return this.builtins;
  }

  /** Called for every created, changed or deleted file; only snippet files matter. */
  fileChanged(uri: string): void {
    if (/\.code-snippets$/i.test(uri)) this.listed.clear();
  }

  /** The configured library folders for a document (workspace-relative, normalised). */
  folders(uri: string): string[] {
    const configured = this.service.configuration(uri).snippetLibraries ?? defaultConfiguration.snippetLibraries ?? [];
    return configured.map((f) => f.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '')).filter((f) => f && f !== '.');
  }

  /** Whether a file is a team library: a `*.code-snippets` file inside a configured library folder. */
  isLibraryFile(uri: string): boolean {
    if (!/\.code-snippets$/i.test(uri)) return false;
    const folder = this.service.workspace.folderOf?.(uri);
    const libraries = this.folders(uri).map((f) => f.split('/').map(encodeURIComponent).join('/'));
    if (folder) {
      const base = folder.replace(/\/?$/, '/');
      if (!uri.startsWith(base)) return false;
      const relative = uri.slice(base.length);
      return libraries.some((lib) => relative.startsWith(lib + '/'));
    }
    return libraries.some((lib) => uri.includes('/' + lib + '/'));
  }

  private async libraryFiles(uri: string): Promise<string[]> {
    const key = this.folders(uri).join('\n');
    let files = this.listed.get(key);
    if (!files) {
      files = this.service.workspace.listFiles().then((all) => all.filter((f) => this.isLibraryFile(f)).sort());
      this.listed.set(key, files);
      files.catch(() => this.listed.delete(key));
    }
    return files;
  }

  /** A team library file read (once per version), with its problems. */
  async readTeamLibrary(uri: string): Promise<{ library: SnippetLibrary; findings: Finding[] } | undefined> {
    const doc = await this.service.documents.get(uri);
    if (!doc) return undefined;
    let result = this.read.get(doc);
    if (!result) this.read.set(doc, (result = readLibrary(doc, false)));
    return result;
  }

  /** The team libraries that apply to a document. */
  async teamLibraries(contextUri: string, token: CancellationToken = neverCancelled): Promise<SnippetLibrary[]> {
    const libraries: SnippetLibrary[] = [];
    for (const file of await this.libraryFiles(contextUri)) {
      throwIfCancelled(token);
      const read = await this.readTeamLibrary(file);
      if (read) libraries.push(read.library);
    }
    return libraries;
  }

  /** Built-in libraries first, then the team's. */
  async libraries(contextUri: string, token: CancellationToken = neverCancelled): Promise<SnippetLibrary[]> {
    return [...this.builtins, ...(await this.teamLibraries(contextUri, token))];
  }
}

/** The snippet libraries of a service (made on first use). */
export function snippetRegistry(service: LanguageService): SnippetRegistry {
  return service.part(SnippetRegistry, (s) => new SnippetRegistry(s));
}
