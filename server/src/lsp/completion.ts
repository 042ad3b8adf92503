import { Connection } from 'vscode-languageserver';
import { LanguageService } from '../service/languageService';
import { completion, resolveCompletion } from '../service/openapi/features/completion';
import { answer, offsetOf } from './requests';
import { provideSnippetCompletions } from './snippetCompletion';

export const COMPLETION_TRIGGERS = ['"', "'", ':', '/', '#', ' '];

/** The one completion handler: OpenAPI items, then snippet library items. */
export function registerCompletion(connection: Connection, service: LanguageService): void {
  connection.onCompletion((params, token) => answer(token, async () => {
    const offset = await offsetOf(service, params.textDocument.uri, params.position);
    const items = offset === undefined ? [] : await completion(service, params.textDocument.uri, offset, token);
    // Snippets from the built-in and team libraries come after the specification's own items.
    items.push(...(await provideSnippetCompletions(service, params.textDocument.uri, params.position, token)));
    return { isIncomplete: false, items };
  }));
  connection.onCompletionResolve((item) => resolveCompletion(service, item));
}
