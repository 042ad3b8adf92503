import { applyEdits, modify, parse } from 'jsonc-parser';

/** The document kinds a snippet can be written for (the library format's `kind`). */
export const SNIPPET_KINDS = ['openapi', 'asyncapi', 'mapping', 'flow'] as const;
export type SnippetKind = (typeof SNIPPET_KINDS)[number];

export interface NewSnippet {
  name: string;
  prefix: string;
  description?: string;
  kind?: SnippetKind;
  body: string[];
}

/**
 * The text of a library file with one more snippet (or a replaced one of the same name), keeping
 * the file's formatting and comments. An empty or missing file becomes a new library.
 */
export function addSnippetToLibrary(text: string | undefined, snippet: NewSnippet, options: { insertSpaces?: boolean; tabSize?: number } = {}): string {
  const base = text && text.trim() ? text : '{}\n';
  const current = parse(base) as unknown;
  const source = current && typeof current === 'object' && !Array.isArray(current) ? base : '{}\n';
  const value: Record<string, unknown> = { prefix: snippet.prefix };
  if (snippet.description) value.description = snippet.description;
  if (snippet.kind) value.kind = snippet.kind;
  value.body = snippet.body;
  const edits = modify(source, [snippet.name], value, {
    formattingOptions: { insertSpaces: options.insertSpaces ?? true, tabSize: options.tabSize ?? 2, eol: '\n' },
  });
  const result = applyEdits(source, edits);
  return result.endsWith('\n') ? result : result + '\n';
}
