/**
 * The registry of document kinds. A kind (OpenAPI, mapping, flow…) is one object, defined in its own
 * folder: how a file is recognised, its label, its rules and every editing feature it offers. The
 * service, the LSP layer, the CLI and (through the protocol) the client ask this registry; none of
 * them knows a kind by name.
 */
import type {
  CodeAction,
  CodeLens,
  CompletionItem,
  Diagnostic,
  DocumentSymbol,
  Hover,
  Location,
  Position,
  Range,
  SymbolInformation,
  WorkspaceEdit,
} from 'vscode-languageserver-types';
import { CancellationToken } from './cancellation';
import type { DocumentKind, ParsedDocument } from './documents';
import { matchesFileName } from '../protocol/fileNames';
import type { Finding } from './findings';
import type { LanguageService } from './languageService';
import type { AstNode } from './parser/ast';
import { RuleInfo } from './rules';

/** What every feature of a kind is given: the service, the document (already of this kind) and a token. */
export interface KindRequest {
  service: LanguageService;
  doc: ParsedDocument;
  token: CancellationToken;
}

export interface PositionRequest extends KindRequest {
  position: Position;
  /** The position as an offset into `doc.text`. */
  offset: number;
}

/** A name declared in one document that documents of other kinds use (found by references, changed by rename). */
export type SharedSymbol =
  | { type: 'operationId'; specUri: string; name: string }
  | { type: 'schemaProperty'; specUri: string; name: string; node: AstNode }
  /** An AsyncAPI message by the key it is written under (`components/messages/<name>`, a 3.0 channel's `messages/<name>`). */
  | { type: 'message'; specUri: string; name: string };

/** One place that uses a shared symbol: `range` covers exactly the name; `newText` is what a rename writes there. */
export interface SymbolUse {
  uri: string;
  range: Range;
  newText(newName: string): string;
}

/** Raised by prepareRename/rename when nothing here can be renamed; the message is shown to the user. */
export class RenameRefused extends Error {}

export interface KindFeatures {
  /** Findings beyond syntax, and the files they depend on (re-checked when any of them changes). */
  diagnose(request: KindRequest): Promise<{ findings: Finding[]; dependencies: string[] }>;
  completion(request: PositionRequest): Promise<CompletionItem[]>;
  /** Fills in an item this kind's completion returned (its `data` as the kind gave it). */
  resolveCompletion(service: LanguageService, item: CompletionItem): Promise<CompletionItem>;
  hover(request: PositionRequest): Promise<Hover | undefined>;
  definition(request: PositionRequest): Promise<Location[]>;
  references(request: PositionRequest & { includeDeclaration: boolean }): Promise<Location[]>;
  /** The range and current name of what can be renamed here; undefined or RenameRefused when nothing can. */
  prepareRename(request: PositionRequest): Promise<{ range: Range; placeholder: string } | undefined>;
  rename(request: PositionRequest & { newName: string }): Promise<WorkspaceEdit | undefined>;
  codeLenses(request: KindRequest): Promise<CodeLens[]>;
  codeActions(request: KindRequest & { range: Range; diagnostics: Diagnostic[] }): Promise<CodeAction[]>;
  documentSymbols(request: KindRequest): Promise<DocumentSymbol[]>;
}

/** A custom request (`interfaceStudio/…`): addressed to a document of a kind, or to the service as a whole. */
export interface CustomRequest {
  method: string;
  /**
   * `document`: the params carry a `uri`; the request goes to the kind of that document (several
   * kinds may answer the same method for their own documents). `service`: one kind answers it.
   */
  target: 'document' | 'service';
  handle(service: LanguageService, params: unknown, token: CancellationToken, doc?: ParsedDocument): Promise<unknown>;
}

export interface KindDefinition {
  /** A stable id (`openapi`, `mapping`…): shown to clients, used by snippet libraries' `kind`. */
  id: string;
  /** File-name patterns that decide the kind by name alone (`*.mapping.yaml`); matched against the base name. */
  fileNames?: readonly string[];
  /** File extensions (`.yaml`) whose files may be of this kind by content, for kinds recognised by `recognise`. */
  extensions?: readonly string[];
  /** Recognises the kind from a parsed root value (OpenAPI's `openapi: 3.1.0`), with its version. */
  recognise?(value: unknown): DocumentKind | undefined;
  /** A cheap look at raw text: could it be of this kind? Lets the workspace index skip unrelated files. */
  mightBe?(text: string): boolean;
  /** Documents that are not of this kind by name or root, but belong to it (fragments reached by `$ref`). */
  claims?(service: LanguageService, doc: ParsedDocument, token: CancellationToken): Promise<boolean>;
  /** Other files its documents depend on, as globs (CSV samples, say): the editor reports their changes on disk. */
  watches?: readonly string[];
  /** The text is not YAML or JSON: it is not parsed and has no syntax findings of ours (Mermaid, Markdown). */
  plainText?: boolean;
  /** The label shown in the status bar ("OpenAPI 3.1", "Mapping"). */
  label(kind: DocumentKind): string;
  rules?: readonly RuleInfo[];
  /** Characters that trigger completion in this kind's documents. */
  completionTriggers?: readonly string[];
  features?: Partial<KindFeatures>;
  /**
   * Answered for documents of any kind: team snippets are offered in specs, mappings and flows;
   * changes since a revision are found in all; team rulesets add their findings to the documents
   * they apply to.
   */
  everywhere?: Partial<Pick<KindFeatures, 'completion' | 'diagnose'>>;
  /** Where documents of this kind use a symbol declared in another document (an operationId, a schema property). */
  usesOf?(service: LanguageService, symbol: SharedSymbol, token: CancellationToken): Promise<SymbolUse[]>;
  /** Every symbol of the workspace matching a query (workspace symbols), for documents of this kind. */
  workspaceSymbols?(service: LanguageService, query: string, token: CancellationToken): Promise<SymbolInformation[]>;
  requests?: readonly CustomRequest[];
  /** Told when a file is created, changed on disk or deleted (kinds that keep their own caches). */
  fileChanged?(service: LanguageService, uri: string, change: 'created' | 'changed' | 'deleted'): void;
}

/** Every kind of one service instance, in the order they were registered (the first to match wins). */
export class KindRegistry {
  private readonly kinds: KindDefinition[] = [];
  private readonly byId = new Map<string, KindDefinition>();

  register(kind: KindDefinition): void {
    if (this.byId.has(kind.id)) throw new Error(`A document kind \`${kind.id}\` is already registered.`);
    this.kinds.push(kind);
    this.byId.set(kind.id, kind);
  }

  all(): readonly KindDefinition[] {
    return this.kinds;
  }

  get(id: string): KindDefinition | undefined {
    return this.byId.get(id);
  }

  /** The kind a file's name alone decides. */
  byFileName(uri: string): KindDefinition | undefined {
    return this.kinds.find((k) => k.fileNames && matchesFileName(k.fileNames, uri));
  }

  /** The kind of a parsed root value (and its version), for files whose name decides nothing. */
  recognise(value: unknown): DocumentKind | undefined {
    for (const kind of this.kinds) {
      const found = kind.recognise?.(value);
      if (found) return found;
    }
    return undefined;
  }

  /** Whether a file can be a document of some kind: by its name, or by an extension a kind reads by content. */
  isCandidateFile(uri: string): boolean {
    if (this.byFileName(uri)) return true;
    const lower = uri.toLowerCase();
    return this.kinds.some((k) => k.extensions?.some((ext) => lower.endsWith(ext)));
  }

  /** Whether raw text could be of a kind recognised by content. */
  mightBeRecognised(text: string): boolean {
    return this.kinds.some((k) => k.mightBe?.(text));
  }

  /** The rules of every kind (the README's table, settings validation, SARIF). */
  rules(): RuleInfo[] {
    return this.kinds.flatMap((k) => k.rules ?? []);
  }

  /** Where documents of every kind use a symbol declared in a spec (for references and rename). */
  async usesOf(service: LanguageService, symbol: SharedSymbol, token: CancellationToken): Promise<SymbolUse[]> {
    const uses: SymbolUse[] = [];
    for (const kind of this.kinds) if (kind.usesOf) uses.push(...(await kind.usesOf(service, symbol, token)));
    return uses;
  }

  /** The files whose changes on disk matter: every kind's documents and what they depend on. */
  watchedGlobs(): string[] {
    const globs = this.kinds.flatMap((k) => [
      ...(k.fileNames ?? []).map((name) => `**/${name}`),
      ...(k.extensions ?? []).map((ext) => `**/*${ext}`),
      ...(k.watches ?? []),
    ]);
    return [...new Set(globs)];
  }

  completionTriggers(): string[] {
    return [...new Set(this.kinds.flatMap((k) => k.completionTriggers ?? []))];
  }

  /**
   * The custom requests of every kind by method. Several kinds may answer a document request, each
   * for its own documents; two kinds answering the same service-wide request is a mistake.
   */
  requests(): Map<string, { kind: KindDefinition; request: CustomRequest }[]> {
    const methods = new Map<string, { kind: KindDefinition; request: CustomRequest }[]>();
    for (const kind of this.kinds) {
      for (const request of kind.requests ?? []) {
        const list = methods.get(request.method) ?? [];
        if (list.length && (request.target === 'service' || list[0].request.target === 'service')) {
          throw new Error(`The request \`${request.method}\` is answered by two kinds; a service-wide request has one.`);
        }
        list.push({ kind, request });
        methods.set(request.method, list);
      }
    }
    return methods;
  }
}
