/** Names shared by the client's manifest, code and tests. */
export const EXTENSION_ID = 'interface-studio.interface-studio';
export const CONFIG_SECTION = 'interfaceStudio';

export const Commands = {
  restartServer: 'interfaceStudio.restartServer',
  showOutput: 'interfaceStudio.showOutput',
  showReferences: 'interfaceStudio.showReferences',
} as const;

/** Files whose changes on disk the server hears about: documents of its kinds, and samples and schemas they read. */
export const WATCHED_FILES = '**/*.{yaml,yml,json,code-snippets,mmd,xml,csv,avsc}';

/** The documents the server handles; everything else never reaches it. */
export const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'yaml' },
  { scheme: 'file', language: 'json' },
  { scheme: 'file', language: 'jsonc' },
  { scheme: 'file', language: 'snippets' },
  { scheme: 'file', language: 'mermaid' },
  { scheme: 'file', language: 'markdown' },
  { scheme: 'untitled', language: 'yaml' },
  { scheme: 'untitled', language: 'json' },
];
