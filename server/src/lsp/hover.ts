import { LanguageService } from '../service/languageService';
import { hover } from '../service/openapi/features/hover';
import { FeatureProviders } from './featureProviders';
import { offsetOf } from './requests';

export function registerHover(providers: FeatureProviders, service: LanguageService): void {
  providers.hover.push(async ({ uri, position }, token) => {
    const offset = await offsetOf(service, uri, position);
    return offset === undefined ? undefined : hover(service, uri, offset, token);
  });
}
