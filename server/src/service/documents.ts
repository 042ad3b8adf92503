import { ParseResult } from './parser/ast';
import { parseText, SyntaxLanguage, syntaxOf } from './parser';
import { LineIndex } from './lineIndex';
import { changeBetween, changeWithin, reparseChange, TextChange } from './parser/reparse';
import { Workspace } from './workspace';
import type { KindRegistry } from './kinds';

export type OasVersion = '2.0' | '3.0' | '3.1';

/** What a document is: the id of its kind in the registry (`other` when no kind claims it), and a version where the kind has one. */
export interface DocumentKind {
  kind: string;
  version?: string;
  /** The version as the document writes it (`3.0.3`). */
  versionText?: string;
}

export const UNRECOGNISED: DocumentKind = { kind: 'other' };

/** One version of one document, parsed once and shared by every feature. */
export interface ParsedDocument {
  uri: string;
  version: string | number;
  text: string;
  language: SyntaxLanguage;
  parse: ParseResult;
  lines: LineIndex;
  kind: DocumentKind;
  /** Set when the text is above the size limit: only a light syntax check was done. */
  tooLarge?: boolean;
}

/** Parses each document version once; later requests for the same version share the result. */
export class DocumentCache {
  private readonly entries = new Map<string, ParsedDocument>();

  constructor(
    private readonly workspace: Workspace,
    private readonly maxFileSize: () => number,
    private readonly kinds?: KindRegistry,
  ) {}

  async get(uri: string): Promise<ParsedDocument | undefined> {
    const file = await this.workspace.readFile(uri);
    if (!file) {
      this.entries.delete(uri);
      return undefined;
    }
    const cached = this.entries.get(uri);
    if (cached && cached.version === file.version && cached.text.length === file.text.length) return cached;
    const known = cached && { change: file.changeSince?.(cached.version), lines: file.lines };
    const parsed = (cached && reparseDocumentText(cached, file.text, file.version, this.maxFileSize(), this.kinds, known)) ?? parseDocumentText(uri, file.text, file.version, this.maxFileSize(), this.kinds, file.lines);
    this.entries.set(uri, parsed);
    return parsed;
  }

  /** The cached parse, without reading the workspace. */
  peek(uri: string): ParsedDocument | undefined {
    return this.entries.get(uri);
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }
}

/**
 * Parses a text as the document of a uri. The kinds decide what it is (by name, else by its root);
 * without them every document is `other`. Plain-text kinds (Mermaid) are not parsed as YAML or JSON.
 */
export function parseDocumentText(uri: string, text: string, version: string | number, maxFileSize = Infinity, kinds?: KindRegistry, lines?: LineIndex): ParsedDocument {
  const language = syntaxOf(uri, text);
  const byName = kinds?.byFileName(uri);
  if (text.length > maxFileSize || looksBinary(text) || byName?.plainText) {
    const plain = !!byName?.plainText && text.length <= maxFileSize;
    return {
      uri,
      version,
      text,
      language,
      parse: { root: undefined, value: undefined, problems: [], comments: [] },
      lines: new LineIndex(plain ? text : ''),
      kind: plain ? { kind: byName!.id } : UNRECOGNISED,
      tooLarge: text.length > maxFileSize,
    };
  }
  const parse = parseText(text, language);
  return { uri, version, text, language, parse, lines: lines ?? new LineIndex(text), kind: recogniseKind(uri, parse.value, kinds) };
}

function recogniseKind(uri: string, value: unknown, kinds: KindRegistry | undefined): DocumentKind {
  const byName = kinds?.byFileName(uri);
  if (byName) return { kind: byName.id };
  return kinds?.recognise(value) ?? UNRECOGNISED;
}

/**
 * The next version of a document from its previous one when an edit allows re-parsing only part of
 * it (see reparse.ts); undefined when the whole text must be parsed. The previous version's tree is
 * taken over: it must not be used afterwards. `known` is what the workspace knows already: a change
 * covering the edits since the previous version (so the texts need not be compared from their
 * ends), and the new text's line starts.
 */
export function reparseDocumentText(previous: ParsedDocument, text: string, version: string | number, maxFileSize = Infinity, kinds?: KindRegistry, known?: { change?: TextChange; lines?: LineIndex }): ParsedDocument | undefined {
  if (previous.tooLarge || text.length > maxFileSize || !previous.parse.root || looksBinary(text)) return undefined;
  const change = known?.change ? changeWithin(previous.text, text, known.change) : changeBetween(previous.text, text);
  if (!change) return { ...previous, version };
  const parse = reparseChange(previous.parse, text, previous.language, change, previous.text.slice(change.start, change.start + change.removed));
  if (!parse) return undefined;
  return { uri: previous.uri, version, text, language: previous.language, parse, lines: known?.lines ?? previous.lines.afterChange(text, change), kind: recogniseKind(previous.uri, parse.value, kinds) };
}

function looksBinary(text: string): boolean {
  return text.slice(0, 8192).includes('\u0000');
}
