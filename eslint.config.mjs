// The service core must stay pure: no editor, LSP, file-system, network or process imports.
// Everything it needs from the outside comes through the injected Workspace.
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

const forbiddenInService = ['vscode', 'vscode-languageserver', 'vscode-languageclient', 'fs', 'fs/promises', 'net', 'http', 'https', 'http2', 'child_process', 'worker_threads', 'dgram', 'tls'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', '.cache/**', 'examples/**', 'test/fixtures/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    // An import cycle makes module start-up order matter and hides a missing seam: none in the product code.
    files: ['server/src/**/*.ts', 'client/src/**/*.ts', 'client/webview-src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/extensions': ['.ts', '.js'],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
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
  {
    // Webview and client code never parses strings as HTML: text goes through textContent, elements through the DOM API.
    files: ['client/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error',
        { selector: "MemberExpression[property.name=/^(innerHTML|outerHTML)$/]", message: 'Do not build HTML from strings: use textContent or DOM nodes (the webview shows document text).' },
        { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'Do not build HTML from strings: use insertAdjacentText or DOM nodes.' },
        { selector: "CallExpression[callee.object.name='document'][callee.property.name=/^(write|writeln)$/]", message: 'document.write parses strings as HTML.' },
      ],
    },
  },
);
