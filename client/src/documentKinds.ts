import type { LanguageClient } from 'vscode-languageclient/node';
import { DocumentKindInfo, kindOfFileName } from '../../server/src/protocol/fileNames';

/** The document kinds the server announced when it started (their ids and file-name patterns). */
export function serverKinds(client: LanguageClient | undefined): DocumentKindInfo[] {
  const experimental = client?.initializeResult?.capabilities.experimental as { documentKinds?: DocumentKindInfo[] } | undefined;
  return experimental?.documentKinds ?? [];
}

/** Whether a file's name makes it a document of a kind (`mapping`, `flow`, `mermaid`…), as the server decides. */
export function isKindFile(client: LanguageClient | undefined, uriOrPath: string, ...kinds: string[]): boolean {
  const kind = kindOfFileName(serverKinds(client), uriOrPath);
  return kind !== undefined && kinds.includes(kind);
}

/** How the kinds' patterns read to a person: `*.mapping.yaml, *.mapping.yml, *.mapping.json`. */
export function fileNamesOf(client: LanguageClient | undefined, kind: string): string {
  return serverKinds(client).find((k) => k.id === kind)?.fileNames.join(', ') ?? kind;
}
