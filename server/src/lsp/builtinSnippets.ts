import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import type { LanguageService } from '../service/languageService';
import { snippetRegistry } from '../service/snippets/registry';

/** The built-in libraries shipped beside the bundle (`snippets/*.code-snippets`); the host reads them, the service stays pure. */
export function loadBuiltinSnippets(service: LanguageService, folder = join(__dirname, '..', 'snippets')): void {
  if (!existsSync(folder)) return;
  const files = readdirSync(folder).filter((f) => f.endsWith('.code-snippets')).sort();
  snippetRegistry(service).setBuiltins(files.map((f) => ({ uri: URI.file(join(folder, f)).toString(), text: readFileSync(join(folder, f), 'utf8') })));
}
