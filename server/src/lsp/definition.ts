import { LanguageService } from '../service/languageService';
import { definition } from '../service/openapi/features/navigation';
import { FeatureProviders } from './featureProviders';
import { offsetOf } from './requests';

export function registerDefinition(providers: FeatureProviders, service: LanguageService): void {
  providers.definition.push(async ({ uri, position }, token) => {
    const offset = await offsetOf(service, uri, position);
    return offset === undefined ? null : definition(service, uri, offset, token);
  });
}
