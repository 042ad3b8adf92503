// Bundles the extension client, the language server, the CLI and the webview scripts into dist/,
// and (with --tests) each test file into out/ so mocha can run them without a TypeScript loader.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  // jsonc-parser and vscode-languageserver-types ship UMD builds that esbuild cannot follow; prefer their ES modules.
  mainFields: ['module', 'main'],
};

/** Every *.ts file below a folder (recursively). */
function filesBelow(dir, suffix) {
  const out = [];
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesBelow(path, suffix));
    else if (path.endsWith(suffix)) out.push(path);
  }
  return out;
}

/**
 * The OpenAPI schema validators are generated code (scripts/oasValidators.ts): made again when a
 * schema or the Ajv set-up changed, before anything that imports them is bundled.
 */
async function generateOasValidators() {
  const outDir = 'server/src/service/openapi/schema/generated';
  const inputs = ['schemas/oas/2.0.json', 'schemas/oas/3.0.json', 'schemas/oas/3.1.json', 'scripts/oasValidators.ts', 'scripts/rememberValidObjects.ts', 'server/src/service/openapi/schema/oasAjv.ts', 'package-lock.json'];
  const outputs = ['2.0', '3.0', '3.1'].flatMap((v) => [join(outDir, `oas-${v}.js`), join(outDir, `oas-${v}.d.ts`)]);
  const newestInput = Math.max(...inputs.filter(existsSync).map((f) => statSync(f).mtimeMs));
  if (outputs.every((f) => existsSync(f) && statSync(f).mtimeMs >= newestInput)) return;
  const generator = join('.cache', 'oas-validators.cjs');
  await esbuild.build({ ...common, sourcemap: false, entryPoints: ['scripts/oasValidators.ts'], outfile: generator, packages: 'external' });
  execFileSync(process.execPath, [generator, outDir], { stdio: 'inherit' });
}
await generateOasValidators();

/** The AsyncAPI schema validators, generated the same way (scripts/asyncapiValidators.ts). */
async function generateAsyncApiValidators() {
  const outDir = 'server/src/service/asyncapi/generated';
  const inputs = ['schemas/asyncapi/2.6.0.json', 'schemas/asyncapi/3.0.0.json', 'scripts/asyncapiValidators.ts', 'scripts/rememberValidObjects.ts', 'server/src/service/asyncapi/asyncApiAjv.ts', 'package-lock.json'];
  const outputs = ['2', '3'].flatMap((v) => [join(outDir, `asyncapi-${v}.js`), join(outDir, `asyncapi-${v}.d.ts`)]);
  const newestInput = Math.max(...inputs.filter(existsSync).map((f) => statSync(f).mtimeMs));
  if (outputs.every((f) => existsSync(f) && statSync(f).mtimeMs >= newestInput)) return;
  const generator = join('.cache', 'asyncapi-validators.cjs');
  await esbuild.build({ ...common, sourcemap: false, entryPoints: ['scripts/asyncapiValidators.ts'], outfile: generator, packages: 'external' });
  execFileSync(process.execPath, [generator, outDir], { stdio: 'inherit' });
}
await generateAsyncApiValidators();

/** The validators of `spectral:oas`'s document-schema rules, generated the same way (scripts/spectralOasValidators.ts). */
async function generateSpectralOasValidators() {
  const outDir = 'server/src/service/rulesets/generated';
  const inputs = ['scripts/spectralOasValidators.ts', 'package-lock.json'];
  const outputs = ['2.0', '3.0', '3.1'].flatMap((v) => [join(outDir, `spectral-oas-${v}.js`), join(outDir, `spectral-oas-${v}.d.ts`)]);
  const newestInput = Math.max(...inputs.filter(existsSync).map((f) => statSync(f).mtimeMs));
  if (outputs.every((f) => existsSync(f) && statSync(f).mtimeMs >= newestInput)) return;
  const generator = join('.cache', 'spectral-oas-validators.cjs');
  await esbuild.build({ ...common, sourcemap: false, entryPoints: ['scripts/spectralOasValidators.ts'], outfile: generator, packages: 'external' });
  execFileSync(process.execPath, [generator, outDir], { stdio: 'inherit' });
}
await generateSpectralOasValidators();
// `--generated-only`: just the generated sources (for type-checking a fresh clone).
if (args.has('--generated-only')) process.exit(0);

const builds = [
  { ...common, entryPoints: { extension: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  { ...common, entryPoints: { server: 'server/src/node/main.ts' }, outdir: 'dist' },
  { ...common, entryPoints: { jsonataWorker: 'server/src/node/jsonataWorker.ts' }, outdir: 'dist' },
  { ...common, entryPoints: { rulesetFunctionWorker: 'server/src/node/rulesetFunctionWorker.ts' }, outdir: 'dist' },
  // fdir (under tinyglobby) is an ES module reading import.meta.url, which a CommonJS bundle must supply.
  {
    ...common,
    entryPoints: { cli: 'server/src/cli/main.ts' },
    outdir: 'dist',
    banner: { js: "#!/usr/bin/env node\nconst __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__importMetaUrl' },
  },
  { ...common, entryPoints: { backgroundCheck: 'server/src/node/backgroundCheckWorker.ts' }, outdir: 'dist' },
];
const webviewEntries = filesBelow('client/webview-src', '.ts').filter((f) => !f.includes('/lib/'));
if (webviewEntries.length) {
  builds.push({
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: webviewEntries,
    outdir: 'dist/webview',
  });
}

if (args.has('--tests')) {
  rmSync('out', { recursive: true, force: true });
  builds.length = 0;
  builds.push({
    ...common,
    sourcemap: 'inline',
    entryPoints: filesBelow('test', '.ts').filter((f) => !f.startsWith('test/fixtures/')),
    outbase: '.',
    outdir: 'out',
    packages: 'external',
    external: ['vscode'],
  });
}

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('esbuild: watching for changes');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
