import type { KindFeatures } from '../../kinds';

/** The editing features of AsyncAPI documents. */
export function asyncApiFeatures(): Partial<KindFeatures> {
  return {};
}
