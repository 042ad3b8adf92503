import { CompletionItem, CompletionItemKind, InsertTextFormat, MarkupKind, Position } from 'vscode-languageserver-types';
import { CancellationToken, neverCancelled } from '../cancellation';
import { ParsedDocument, UNRECOGNISED } from '../documents';
import type { LanguageService } from '../languageService';
import { pointerSegments } from '../pointer';
import { expandBody } from '../../protocol/snippetBody';
import { Snippet, SNIPPET_KINDS, SnippetKind } from './library';
import { snippetRegistry } from './registry';

/** The snippet kind and format version of a document, when snippets apply to it. */
export function snippetContext(doc: ParsedDocument, empty = doc.text.trim() === ''): { kind: SnippetKind; version?: string; empty: boolean } | undefined {
  const kind = SNIPPET_KINDS.find((k) => k === doc.kind.kind);
  if (kind) {
    // A kind without a version of its own (mappings, flows) has its format version under its own name (`flow: "1.0"`).
    const root = doc.parse.value as Record<string, unknown> | undefined;
    const version = doc.kind.version ?? (root && typeof root === 'object' ? root[kind] : undefined);
    return { kind, version: typeof version === 'string' || typeof version === 'number' ? String(version) : undefined, empty };
  }
  // An empty YAML or JSON file can become an OpenAPI document: offer the document skeletons.
  if (doc.kind.kind === UNRECOGNISED.kind && empty && /\.(ya?ml|json)$/i.test(doc.uri)) return { kind: 'openapi', empty };
  return undefined;
}

/** Whether a snippet fits a document: its kind, version and syntax. */
export function snippetFits(snippet: Snippet, context: { kind: SnippetKind; version?: string }, language: 'yaml' | 'json'): boolean {
  if (snippet.kind !== context.kind || snippet.syntax !== language) return false;
  if (snippet.versions && context.version && !snippet.versions.includes(context.version)) return false;
  return true;
}

/**
 * The key path of the block a new line belongs to, read from the lines above it (sequence items
 * are left out): `["components", "schemas"]` for a line indented under `schemas:`. `item` says
 * the line starts a sequence item (`- `). Undefined when the line cannot start a key there.
 */
export function yamlParentPath(lines: string[], line: number, indent: number, item = false): string[] | undefined {
  const path: string[] = [];
  let limit = indent;
  let sequenceAtLimit = item;
  for (let i = line - 1; i >= 0; i--) {
    const text = lines[i];
    if (text.trim() === '' || /^\s*#/.test(text) || /^(---|\.\.\.)\s*$/.test(text)) continue;
    const m = /^( *)(- +)?(.*)$/s.exec(text)!; // s: a line may hold \r or \u2028
    const lineIndent = m[1].length;
    if (lineIndent > limit) continue;
    const contentColumn = lineIndent + (m[2]?.length ?? 0);
    const key = yamlKey(m[3]);
    const opens = !!key && (key.value === '' || key.value.startsWith('#'));
    const name = key?.name ?? '';
    if (m[2]) {
      if (lineIndent === limit) {
        sequenceAtLimit = true;
        continue;
      }
      if (contentColumn < limit) {
        if (!opens) return undefined;
        path.unshift(name);
      }
      limit = lineIndent;
      sequenceAtLimit = true;
      continue;
    }
    if (lineIndent === limit) {
      if (sequenceAtLimit && opens) {
        path.unshift(name);
        sequenceAtLimit = false;
      }
      continue;
    }
    if (!opens) return undefined;
    path.unshift(name);
    limit = lineIndent;
    sequenceAtLimit = false;
  }
  return path;
}

/**
 * The key a YAML line's content starts with (`"a b": x`, `name:`, `-x: 1`), and the value written
 * after it, trimmed. Read by hand, not by a regular expression: patterns that try every split of
 * a long run of blanks take quadratic time on a line of a few hundred thousand characters.
 */
function yamlKey(content: string): { name: string; value: string } | undefined {
  let colon: number;
  let name: string;
  const first = content[0];
  if (first === '"' || first === "'") {
    const close = content.indexOf(first, 1);
    if (close < 0) return undefined;
    name = content.slice(1, close);
    colon = close + 1;
    while (colon < content.length && /\s/.test(content[colon])) colon++;
    if (content[colon] !== ':') return undefined;
  } else {
    if (first === undefined || /[\s#'"]/.test(first) || (first === '-' && /^(?:$|[\s:#])/.test(content.slice(1, 2)))) return undefined;
    colon = content.indexOf(':');
    const hash = content.indexOf('#');
    if (colon < 0 || (hash >= 0 && hash < colon)) return undefined;
    name = content.slice(0, colon).trimEnd();
  }
  const rest = content.slice(colon + 1);
  // A value must be set off by a blank (`a:b` is a plain scalar), and stays on this line.
  if (rest !== '' && !/^\s/.test(rest)) return undefined;
  const value = rest.trim();
  if (/[\n\r\u2028\u2029]/.test(value)) return undefined;
  return { name, value };
}

/**
 * Snippet completions for a document: the built-in and team snippets of its kind (and OpenAPI
 * version), offered where a key may start, and only where the snippet's `at` says it belongs.
 */
export async function snippetCompletions(service: LanguageService, uri: string, position: Position, token: CancellationToken = neverCancelled): Promise<CompletionItem[]> {
  const doc = await service.getDocument(uri);
  if (!doc) return [];
  const lineStart = doc.lines.offsetAt({ line: position.line, character: 0 });
  const offset = doc.lines.offsetAt(position);
  const before = doc.text.slice(lineStart, offset);
  const word = /^( *)(- +)?([\w.$/-]*)$/.exec(before);
  if (!word) return [];
  // Nothing but the prefix being typed: a new document, where whole-document snippets fit.
  const empty = (doc.text.slice(0, offset - word[3].length) + doc.text.slice(offset)).trim() === '';
  const context = snippetContext(doc, empty);
  if (!context) return [];
  const lines = doc.text.split(/\r?\n/);
  const indent = word[1].length;
  const parent = context.empty ? undefined : yamlParentPath(lines, position.line, indent, !!word[2]);
  const wordRange = { start: { line: position.line, character: before.length - word[3].length }, end: position };
  const itemRange = { start: { line: position.line, character: indent }, end: position };
  const items: CompletionItem[] = [];
  for (const library of await snippetRegistry(service).libraries(uri, token)) {
    for (const snippet of library.snippets) {
      if (!snippet.prefixes.length || !snippetFits(snippet, context, doc.language)) continue;
      if (snippet.at !== undefined) {
        // `at` is a JSON pointer: `/paths/~1orders` is the key `/orders` under `paths`
        const wanted = pointerSegments(snippet.at);
        if (snippet.at === '' ? !context.empty : !parent || wanted.length !== parent.length || wanted.some((key, i) => key !== parent[i])) continue;
      } else if (context.empty) continue;
      const source = library.builtin ? 'Interface Studio' : `${library.name} (team library)`;
      for (const prefix of snippet.prefixes) {
        items.push({
          label: prefix,
          labelDetails: { description: source },
          kind: CompletionItemKind.Snippet,
          detail: `${snippet.name} — ${source}`,
          documentation: { kind: MarkupKind.Markdown, value: `${snippet.description ? snippet.description + '\n\n' : ''}\`\`\`${doc.language}\n${expandBody(snippet.body).text}\n\`\`\`` },
          filterText: prefix,
          sortText: (library.builtin ? '1' : '0') + prefix,
          insertTextFormat: InsertTextFormat.Snippet,
          // A body that is a sequence item replaces the `- ` typed before the prefix.
          textEdit: { range: snippet.body.startsWith('- ') ? itemRange : wordRange, newText: snippet.body },
          data: { snippetLibrary: library.name, snippet: snippet.name },
        });
      }
    }
  }
  return items;
}
