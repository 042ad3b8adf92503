// Bundles the extension client, the language server, the CLI and the webview scripts into dist/,
// and (with --tests) each test file into out/ so mocha can run them without a TypeScript loader.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';

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
 * Schema validators are generated code: a generator script bundled into .cache and run, made again
 * only when one of its inputs is newer than its outputs, before anything that imports them is bundled.
 */
async function generateValidators({ script, outDir, inputs, outputs }) {
  const newestInput = Math.max(...[script, 'package-lock.json', ...inputs].filter(existsSync).map((f) => statSync(f).mtimeMs));
  if (outputs.every((f) => existsSync(join(outDir, f)) && statSync(join(outDir, f)).mtimeMs >= newestInput)) return;
  const generator = join('.cache', basename(script).replace(/\.ts$/, '.cjs'));
  await esbuild.build({ ...common, sourcemap: false, entryPoints: [script], outfile: generator, packages: 'external' });
  execFileSync(process.execPath, [generator, outDir], { stdio: 'inherit' });
}
const withTypes = (names) => names.flatMap((name) => [`${name}.js`, `${name}.d.ts`]);
// The OpenAPI schemas (scripts/oasValidators.ts).
await generateValidators({
  script: 'scripts/oasValidators.ts',
  outDir: 'server/src/service/openapi/schema/generated',
  inputs: ['schemas/oas/2.0.json', 'schemas/oas/3.0.json', 'schemas/oas/3.1.json', 'scripts/rememberValidObjects.ts', 'server/src/service/openapi/schema/oasAjv.ts'],
  outputs: withTypes(['oas-2.0', 'oas-3.0', 'oas-3.1']),
});
// The AsyncAPI schemas (scripts/asyncapiValidators.ts).
await generateValidators({
  script: 'scripts/asyncapiValidators.ts',
  outDir: 'server/src/service/asyncapi/generated',
  inputs: ['schemas/asyncapi/2.6.0.json', 'schemas/asyncapi/3.0.0.json', 'scripts/rememberValidObjects.ts', 'server/src/service/asyncapi/asyncApiAjv.ts'],
  outputs: withTypes(['asyncapi-2', 'asyncapi-3']),
});
// The document-schema rules of `spectral:oas` (scripts/spectralOasValidators.ts).
await generateValidators({
  script: 'scripts/spectralOasValidators.ts',
  outDir: 'server/src/service/rulesets/generated',
  inputs: [],
  outputs: withTypes(['spectral-oas-2.0', 'spectral-oas-3.0', 'spectral-oas-3.1']),
});
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
