import { LanguageService } from '../service/languageService';
import { references } from '../service/openapi/features/navigation';
import { FeatureProviders } from './featureProviders';
import { offsetOf } from './requests';

export function registerReferences(providers: FeatureProviders, service: LanguageService): void {
  providers.references.push(async ({ uri, position, includeDeclaration }, token) => {
    const offset = await offsetOf(service, uri, position);
    return offset === undefined ? null : references(service, uri, offset, includeDeclaration, token);
  });
}
