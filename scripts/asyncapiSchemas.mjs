// Copies the official AsyncAPI JSON Schemas the checker bundles (2.6.0 and 3.0.0) from
// @asyncapi/specs into schemas/asyncapi/. Run after upgrading @asyncapi/specs; a unit test fails
// while the copies differ from the package's.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
mkdirSync('schemas/asyncapi', { recursive: true });
for (const version of ['2.6.0', '3.0.0']) {
  copyFileSync(require.resolve(`@asyncapi/specs/schemas/${version}.json`), `schemas/asyncapi/${version}.json`);
}
