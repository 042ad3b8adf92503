// The service core must stay pure: no editor, LSP, file-system, network or process imports.
// Everything it needs from the outside comes through the injected Workspace.
import tseslint from 'typescript-eslint';

const forbiddenInService = ['vscode', 'vscode-languageserver', 'vscode-languageclient', 'fs', 'fs/promises', 'net', 'http', 'https', 'http2', 'child_process', 'worker_threads', 'dgram', 'tls'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', '.cache/**', 'examples/**', 'test/fixtures/**', '**/*.js', '**/*.mjs'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {},
  },
  {
    files: ['server/src/service/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: forbiddenInService.flatMap((name) => [
          { name, message: 'server/src/service is the pure core: reach I/O through the injected Workspace.' },
          { name: `node:${name}`, message: 'server/src/service is the pure core: reach I/O through the injected Workspace.' },
        ]),
        patterns: [{ group: ['vscode-languageserver/*', 'vscode-languageclient/*'], message: 'server/src/service is the pure core: LSP wiring belongs in server/src/lsp.' }],
      }],
    },
  },
);
