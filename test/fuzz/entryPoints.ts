// What the fuzz tests share: the example workspace as in-memory files, mutations of a document,
// and one call of every service entry point at a set of positions, each bounded in time.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { Diagnostic } from 'vscode-languageserver-types';
import { CancellationToken, CancelledError } from '../../server/src/service/cancellation';
import { LanguageService } from '../../server/src/service/languageService';
import { codeActions } from '../../server/src/service/openapi/features/codeActions';
import { completion } from '../../server/src/service/openapi/features/completion';
import { hover } from '../../server/src/service/openapi/features/hover';
import { codeLenses, definition, references } from '../../server/src/service/openapi/features/navigation';
import { prepareRename } from '../../server/src/service/openapi/features/rename';
import { documentSymbols } from '../../server/src/service/openapi/features/symbols';
import { flowCompletion, flowDefinition, flowHover, flowReferences } from '../../server/src/service/flow/language';
import { flowDiagram } from '../../server/src/service/flow/toMermaid';
import { mermaidFileDiagram } from '../../server/src/service/mermaid/diagram';
import { snippetCompletions } from '../../server/src/service/snippets';
import { mappingCodeLenses, mappingCompletions, mappingDefinition, mappingHover } from '../../server/src/service/mapping/features';
import { RenameRefused } from '../../server/src/service/kinds';
import type { KindFeatures } from '../../server/src/service/kinds';

export { FUZZ_RUNS, FUZZ_SEED, runs } from './runs';

/**
 * How long a single answer may take before the call counts as hung. Answers come in milliseconds
 * (the slowest, on a mutated example, in about a second on a busy machine: `npm run bench` reports
 * it); the limit is far above that so that a busy machine never fails a test that looks for hangs.
 */
export const CALL_LIMIT_MS = 30_000;

/** The slowest call seen so far by bounded(), for the bench's report. */
export const slowestCall = { name: '', ms: 0 };

/**
 * Every text file of examples/ (and the built-in snippet libraries, as a team library), keyed by
 * workspace path; or of another folder, placed at `under` in the workspace.
 */
export function exampleFiles(root = 'examples', under?: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ya?ml|json|code-snippets|mmd|md|csv|xml|avsc)$/.test(name)) files[(under ?? '') + relative(root, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(root);
  if (under !== undefined) return files;
  for (const name of readdirSync('snippets')) {
    if (name.endsWith('.code-snippets')) files[`.interface-studio/snippets/builtin-${name}`] = readFileSync(join('snippets', name), 'utf8');
  }
  return files;
}

/** One edit a person (or a broken tool) could make to a text. */
export type Mutation =
  | { op: 'deleteLine' | 'duplicateLine'; line: number }
  | { op: 'swapLines'; a: number; b: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'truncate'; at: number }
  | { op: 'hugeString'; at: number; size: number }
  | { op: 'deepNesting'; at: number; depth: number; json: boolean }
  | { op: 'aliasBomb'; at: number }
  | { op: 'replaceValue'; line: number; value: string };

const junk = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.uint8Array({ maxLength: 30 }).map((bytes) => String.fromCharCode(...bytes)),
  fc.constantFrom(':', ': ', '- ', '  ', '\t', '\n', '"', "'", '{', '}', '[', ']', '#', '&a ', '*a', '!!', '$ref: ', "$ref: '#/'", '$ref: other.yaml#/x', '${1:x}', '${', '\\', '\r\n', '\uFEFF', '\u0000', '---\n', '...', '? ', '|', '>'),
);

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constantFrom('deleteLine' as const, 'duplicateLine' as const), line: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: junk }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('hugeString' as const), at: fc.nat(), size: fc.integer({ min: 10_000, max: 300_000 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('deepNesting' as const), at: fc.nat(), depth: fc.constantFrom(50, 999, 1001, 10_000), json: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('aliasBomb' as const), at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('replaceValue' as const), line: fc.nat(), value: fc.oneof(junk, fc.constantFrom('null', '~', '[]', '{}', '7', 'true', '"#/components/schemas/Nope"', "'../nowhere.yaml'", '{ $ref: "#" }')) }) },
);

const ALIAS_BOMB = ['x-a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefghi'.split('').map((c, i) => `x-${c}: &${c} [${Array(9).fill('*' + 'abcdefghi'[i]).join(',')}]`)].join('\n') + '\n';

export function applyMutation(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const at = (n: number) => (text.length ? n % (text.length + 1) : 0);
  const line = (n: number) => n % Math.max(1, lines.length);
  switch (m.op) {
    case 'deleteLine':
      lines.splice(line(m.line), 1);
      return lines.join('\n');
    case 'duplicateLine':
      lines.splice(line(m.line), 0, lines[line(m.line)] ?? '');
      return lines.join('\n');
    case 'swapLines': {
      const [a, b] = [line(m.a), line(m.b)];
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return lines.join('\n');
    }
    case 'insert':
      return text.slice(0, at(m.at)) + m.text + text.slice(at(m.at));
    case 'truncate':
      return text.slice(0, at(m.at));
    case 'hugeString':
      return text.slice(0, at(m.at)) + 'x'.repeat(m.size) + text.slice(at(m.at));
    case 'deepNesting': {
      const nest = m.json ? '['.repeat(m.depth) + ']'.repeat(m.depth) : '{a: '.repeat(m.depth) + '1' + '}'.repeat(m.depth);
      const l = line(m.at);
      lines.splice(l, 0, `x-deep: ${nest}`);
      return lines.join('\n');
    }
    case 'aliasBomb': {
      lines.splice(line(m.at), 0, ALIAS_BOMB);
      return lines.join('\n');
    }
    case 'replaceValue': {
      const l = line(m.line);
      const colon = lines[l]?.indexOf(': ') ?? -1;
      if (colon >= 0) lines[l] = lines[l].slice(0, colon + 2) + m.value;
      return lines.join('\n');
    }
  }
}

/** Resolves with the call's result, or rejects with what a user would see go wrong (a throw or a hang). */
export async function bounded<T>(name: string, call: () => Promise<T> | T, limit = CALL_LIMIT_MS): Promise<T> {
  const start = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await Promise.race([
      Promise.resolve().then(call),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${name} did not answer within ${limit} ms`)), limit))),
    ]);
    // A synchronous call blocks the timer above: its time is looked at once it returns.
    const elapsed = performance.now() - start;
    if (elapsed > limit) throw new Error(`${name} took ${Math.round(elapsed)} ms`);
    if (elapsed > slowestCall.ms) Object.assign(slowestCall, { name, ms: elapsed });
    return result;
  } catch (error) {
    if (error instanceof CancelledError) throw new Error(`${name} was cancelled although nobody cancelled it`);
    throw new Error(`${name} failed: ${(error as Error)?.stack ?? error}`);
  } finally {
    clearTimeout(timer);
  }
}

const never: CancellationToken = { isCancellationRequested: false };

/** A few places in a text: starts, ends and middles of lines, and the given raw offsets. */
export function positionsIn(text: string, offsets: number[]): { offset: number; line: number; character: number }[] {
  // Line breaks as LSP counts them: \n, \r\n and a lone \r.
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\r' && text[i + 1] === '\n') lineStarts.push(++i + 1);
    else if (text[i] === '\n' || text[i] === '\r') lineStarts.push(i + 1);
  }
  return offsets.map((raw) => {
    const offset = raw % (text.length + 1);
    let line = 0;
    while (line + 1 < lineStarts.length && lineStarts[line + 1] <= offset) line++;
    return { offset, line, character: offset - lineStarts[line] };
  });
}

/**
 * Every read-only feature a user can trigger on a document, at the given offsets. Each call must
 * answer within the limit and throw nothing; `extra` adds entry points of newer document kinds.
 */
export async function exerciseEverything(service: LanguageService, uri: string, offsets: number[], extra: ExtraEntryPoint[] = [], firstCallLimit = CALL_LIMIT_MS): Promise<void> {
  const diagnostics: Diagnostic[] = await bounded(`diagnose ${uri}`, () => service.diagnose(uri, never), firstCallLimit);
  await bounded('codeActions', () => codeActions(service, uri, diagnostics, never));
  await bounded('documentSymbols', () => documentSymbols(service, uri, never));
  await bounded('codeLenses', () => codeLenses(service, uri, never));
  await bounded('mapping codeLenses', () => mappingCodeLenses(service, uri, never));
  await bounded('sequenceDiagram', async () => {
    const doc = await service.documents.get(uri);
    if (doc?.kind.kind === 'mermaid') return mermaidFileDiagram(doc);
    return flowDiagram(service, uri, never);
  });
  await bounded('documentKind', () => service.documentKind(uri));
  const doc = await service.documents.get(uri);
  // AsyncAPI documents answer through their kind's features (the calls above are OpenAPI's, flows' and mappings').
  const kind = doc && (await service.kindOf(doc, never));
  const asyncApi: Partial<KindFeatures> | undefined = kind?.id === 'asyncapi' ? kind.features : undefined;
  if (asyncApi && doc) {
    await bounded('asyncapi documentSymbols', () => asyncApi.documentSymbols!({ service, doc, token: never }));
    const range = { start: { line: 0, character: 0 }, end: doc.lines.positionAt(doc.text.length) };
    await bounded('asyncapi codeActions', () => asyncApi.codeActions!({ service, doc, token: never, range, diagnostics }));
  }
  for (const p of positionsIn(doc?.text ?? '', offsets)) {
    const at = `${uri}@${p.line}:${p.character}`;
    await bounded(`completion ${at}`, () => completion(service, uri, p.offset, never));
    await bounded(`snippet completion ${at}`, () => snippetCompletions(service, uri, { line: p.line, character: p.character }, never));
    await bounded(`flow completion ${at}`, () => flowCompletion(service, uri, p.offset, never));
    await bounded(`hover ${at}`, () => hover(service, uri, p.offset, never));
    await bounded(`flow hover ${at}`, () => flowHover(service, uri, p.offset, never));
    await bounded(`definition ${at}`, () => definition(service, uri, p.offset, never));
    await bounded(`flow definition ${at}`, () => flowDefinition(service, uri, p.offset, never));
    await bounded(`references ${at}`, () => references(service, uri, p.offset, true, never));
    await bounded(`flow references ${at}`, () => flowReferences(service, uri, p.offset, true, never));
    const position = { line: p.line, character: p.character };
    await bounded(`mapping completion ${at}`, () => mappingCompletions(service, uri, position, never));
    await bounded(`mapping hover ${at}`, () => mappingHover(service, uri, position, never));
    await bounded(`mapping definition ${at}`, () => mappingDefinition(service, uri, position, never));
    await bounded(`prepareRename ${at}`, () => prepareRename(service, uri, p.offset, never));
    if (asyncApi && doc) {
      const request = { service, doc, token: never, offset: p.offset, position };
      await bounded(`asyncapi completion ${at}`, () => asyncApi.completion!(request));
      await bounded(`asyncapi hover ${at}`, () => asyncApi.hover!(request));
      await bounded(`asyncapi definition ${at}`, () => asyncApi.definition!(request));
      await bounded(`asyncapi references ${at}`, () => asyncApi.references!({ ...request, includeDeclaration: true }));
      await bounded(`asyncapi rename ${at}`, () => refusedIsAnAnswer(() => asyncApi.prepareRename!(request)));
      await bounded(`asyncapi rename ${at}`, () => refusedIsAnAnswer(() => asyncApi.rename!({ ...request, newName: 'renamed' })));
    }
    for (const entry of extra) await bounded(`${entry.name} ${at}`, () => entry.call(service, uri, p.offset, p));
  }
}

/** A rename refused with a reason is what the user sees as an answer, not a failure. */
async function refusedIsAnAnswer<T>(call: () => Promise<T>): Promise<T | string> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof RenameRefused) return error.message;
    throw error;
  }
}

export interface ExtraEntryPoint {
  name: string;
  call(service: LanguageService, uri: string, offset: number, position: { line: number; character: number }): Promise<unknown> | unknown;
}
