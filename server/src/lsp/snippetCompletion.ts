import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompletionItem } from 'vscode-languageserver';
import { FeatureProviders } from './featureProviders';
import { URI } from 'vscode-uri';
import { CancelledError } from '../service/cancellation';
import { LanguageService } from '../service/languageService';
import { snippetCompletions, snippetRegistry } from '../service/snippets';

/** The built-in libraries shipped beside the bundle (`snippets/*.code-snippets`). */
export function loadBuiltinSnippets(service: LanguageService, folder = join(__dirname, '..', 'snippets')): void {
  if (!existsSync(folder)) return;
  const files = readdirSync(folder).filter((f) => f.endsWith('.code-snippets')).sort();
  snippetRegistry(service).setBuiltins(files.map((f) => ({ uri: URI.file(join(folder, f)).toString(), text: readFileSync(join(folder, f), 'utf8') })));
}

/** Snippet completions (the other completion providers' results are merged by the generic handler). */
export async function provideSnippetCompletions(service: LanguageService, uri: string, position: { line: number; character: number }, token: { isCancellationRequested: boolean }): Promise<CompletionItem[]> {
  try {
    return await snippetCompletions(service, uri, position, token);
  } catch (error) {
    if (error instanceof CancelledError) return [];
    throw error;
  }
}

export function registerSnippetCompletion(providers: FeatureProviders, service: LanguageService): void {
  loadBuiltinSnippets(service);
  providers.completion.push(({ uri, position }, token) => provideSnippetCompletions(service, uri, position, token));
}
