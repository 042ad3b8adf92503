import { ParseResult } from './parser/ast';
import { parseText, SyntaxLanguage, syntaxOf } from './parser';
import { LineIndex } from './lineIndex';
import { changeBetween, reparseChange } from './parser/reparse';
import { Workspace } from './workspace';

export type OasVersion = '2.0' | '3.0' | '3.1';

export type DocumentKind =
  | { kind: 'openapi'; version: OasVersion; versionText: string }
  | { kind: 'mapping' }
  | { kind: 'flow' }
  | { kind: 'snippets' }
  | { kind: 'mermaid' }
  | { kind: 'other' };

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

/** The kind a file name alone decides (mappings, flows, snippets, Mermaid). */
export function kindFromName(uri: string): DocumentKind | undefined {
  if (/\.mapping\.(ya?ml|json)$/i.test(uri)) return { kind: 'mapping' };
  if (/\.flow\.(ya?ml|json)$/i.test(uri)) return { kind: 'flow' };
  if (/\.code-snippets$/i.test(uri)) return { kind: 'snippets' };
  if (/\.mmd$/i.test(uri)) return { kind: 'mermaid' };
  return undefined;
}

/** OpenAPI documents are recognised by their root, in any file name. */
export function detectKind(uri: string, value: unknown): DocumentKind {
  const byName = kindFromName(uri);
  if (byName) return byName;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const root = value as Record<string, unknown>;
    if (root.swagger === '2.0' || root.swagger === 2) return { kind: 'openapi', version: '2.0', versionText: '2.0' };
    const openapi = root.openapi;
    if (typeof openapi === 'string') {
      if (/^3\.0(\.\d+)?(-.+)?$/.test(openapi)) return { kind: 'openapi', version: '3.0', versionText: openapi };
      if (/^3\.1(\.\d+)?(-.+)?$/.test(openapi)) return { kind: 'openapi', version: '3.1', versionText: openapi };
    }
  }
  return { kind: 'other' };
}

/** A cheap look at the first part of a text: could it be an OpenAPI root? Used to skip unrelated files. */
export function mightBeOpenApi(text: string): boolean {
  return /(^|["\s{,])(swagger|openapi)["']?\s*:/m.test(text.slice(0, 64 * 1024));
}

export function isCandidateFile(uri: string): boolean {
  return /\.(ya?ml|json|code-snippets|mmd)$/i.test(uri);
}

export function kindLabel(kind: DocumentKind): string | undefined {
  switch (kind.kind) {
    case 'openapi':
      return kind.version === '2.0' ? 'Swagger 2.0' : `OpenAPI ${kind.versionText}`;
    case 'mapping':
      return 'Mapping';
    case 'flow':
      return 'Flow';
    case 'snippets':
      return 'Snippet library';
    case 'mermaid':
      return 'Mermaid';
    default:
      return undefined;
  }
}

/** Parses each document version once; later requests for the same version share the result. */
export class DocumentCache {
  private readonly entries = new Map<string, ParsedDocument>();

  constructor(
    private readonly workspace: Workspace,
    private readonly maxFileSize: () => number,
  ) {}

  async get(uri: string): Promise<ParsedDocument | undefined> {
    const file = await this.workspace.readFile(uri);
    if (!file) {
      this.entries.delete(uri);
      return undefined;
    }
    const cached = this.entries.get(uri);
    if (cached && cached.version === file.version && cached.text.length === file.text.length) return cached;
    const parsed = (cached && reparseDocumentText(cached, file.text, file.version, this.maxFileSize())) ?? parseDocumentText(uri, file.text, file.version, this.maxFileSize());
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

export function parseDocumentText(uri: string, text: string, version: string | number, maxFileSize = Infinity): ParsedDocument {
  const language = syntaxOf(uri, text);
  const byName = kindFromName(uri);
  if (text.length > maxFileSize || looksBinary(text) || byName?.kind === 'mermaid') {
    return {
      uri,
      version,
      text,
      language,
      parse: { root: undefined, value: undefined, problems: [], comments: [] },
      lines: new LineIndex(byName?.kind === 'mermaid' ? text : ''),
      kind: byName?.kind === 'mermaid' ? byName : { kind: 'other' },
      tooLarge: text.length > maxFileSize,
    };
  }
  const parse = parseText(text, language);
  return { uri, version, text, language, parse, lines: new LineIndex(text), kind: detectKind(uri, parse.value) };
}

/**
 * The next version of a document from its previous one when an edit allows re-parsing only part of
 * it (see reparse.ts); undefined when the whole text must be parsed. The previous version's tree is
 * taken over: it must not be used afterwards.
 */
export function reparseDocumentText(previous: ParsedDocument, text: string, version: string | number, maxFileSize = Infinity): ParsedDocument | undefined {
  if (previous.tooLarge || text.length > maxFileSize || previous.kind.kind === 'mermaid' || looksBinary(text)) return undefined;
  const change = changeBetween(previous.text, text);
  if (!change) return { ...previous, version };
  const parse = reparseChange(previous.parse, text, previous.language, change);
  if (!parse) return undefined;
  return { uri: previous.uri, version, text, language: previous.language, parse, lines: previous.lines.afterChange(text, change), kind: detectKind(previous.uri, parse.value) };
}

function looksBinary(text: string): boolean {
  return text.slice(0, 8192).includes('\u0000');
}
