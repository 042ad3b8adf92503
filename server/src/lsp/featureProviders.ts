import { CancellationToken, CompletionItem, Connection, Definition, Hover, Location, LocationLink, Position } from 'vscode-languageserver';
import { CancelledError } from '../service/cancellation';

type Params = { uri: string; position: Position };

/**
 * Several document kinds answer the same LSP requests (OpenAPI, mappings, flows, snippets).
 * Each registers a provider here; one handler per request merges their answers, so the last
 * `connection.onX` registration never silently replaces the others.
 */
export class FeatureProviders {
  readonly completion: ((p: Params, token: CancellationToken) => Promise<CompletionItem[] | undefined>)[] = [];
  readonly hover: ((p: Params, token: CancellationToken) => Promise<Hover | null | undefined>)[] = [];
  readonly definition: ((p: Params, token: CancellationToken) => Promise<Definition | LocationLink[] | null | undefined>)[] = [];
  readonly references: ((p: Params & { includeDeclaration: boolean }, token: CancellationToken) => Promise<Location[] | null | undefined>)[] = [];

  /** Registers one handler per request; call once, after the providers are known or not (they are read per request). */
  listen(connection: Connection): void {
    connection.onCompletion(async ({ textDocument, position }, token) => {
      const lists = await Promise.all(this.completion.map((p) => safely(() => p({ uri: textDocument.uri, position }, token))));
      return { isIncomplete: false, items: lists.flatMap((items) => items ?? []) };
    });
    connection.onHover(async ({ textDocument, position }, token) => {
      for (const provider of this.hover) {
        const hover = await safely(() => provider({ uri: textDocument.uri, position }, token));
        if (hover) return hover;
      }
      return null;
    });
    connection.onDefinition(async ({ textDocument, position }, token) => {
      const results = await Promise.all(this.definition.map((p) => safely(() => p({ uri: textDocument.uri, position }, token))));
      const flat: unknown[] = results.flatMap((r): unknown[] => (r == null ? [] : Array.isArray(r) ? r : [r]));
      return flat as Location[];
    });
    connection.onReferences(async ({ textDocument, position, context }, token) => {
      const results = await Promise.all(this.references.map((p) => safely(() => p({ uri: textDocument.uri, position, includeDeclaration: context.includeDeclaration }, token))));
      const seen = new Set<string>();
      return results.flatMap((r) => r ?? []).filter((l) => {
        const key = `${l.uri}:${l.range.start.line}:${l.range.start.character}`;
        return seen.has(key) ? false : (seen.add(key), true);
      });
    });
  }
}

/** A cancelled provider contributes nothing; any other failure is the caller's to report. */
async function safely<T>(run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof CancelledError) return undefined;
    throw error;
  }
}
