import { Connection } from 'vscode-languageserver';
import { LanguageService } from '../service/languageService';
import { completion, resolveCompletion } from '../service/openapi/features/completion';
import { FeatureProviders } from './featureProviders';
import { offsetOf } from './requests';

export const COMPLETION_TRIGGERS = ['"', "'", ':', '/', '#', ' '];

/** OpenAPI completion (keys, values, `$ref` targets…); `$ref` previews are filled in on resolve. */
export function registerCompletion(providers: FeatureProviders, connection: Connection, service: LanguageService): void {
  providers.completion.push(async ({ uri, position }, token) => {
    const offset = await offsetOf(service, uri, position);
    return offset === undefined ? [] : completion(service, uri, offset, token);
  });
  connection.onCompletionResolve((item) => resolveCompletion(service, item));
}
