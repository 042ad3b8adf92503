import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  CancellationTokenSource,
  Diagnostic,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  PublishDiagnosticsParams,
  ResponseError,
} from 'vscode-languageserver-protocol/node';
import { LspTestClient, uriOf } from '../support/lspClient';
import { applyMutation, FUZZ_SEED, mutation, positionsIn, runs } from '../fuzz/entryPoints';

/** The test client, plus what the server logs and the version of the diagnostics it published last. */
class WatchingClient extends LspTestClient {
  readonly logged: string[] = [];
  constructor() {
    super();
    this.connection.onNotification('window/logMessage', (m: { message: string }) => void this.logged.push(m.message));
  }
  published(uri: string): PublishDiagnosticsParams | undefined {
    return (this as unknown as { latest: Map<string, PublishDiagnosticsParams> }).latest.get(uri);
  }
  /** The diagnostics published for one version, waited for; the deadline only catches a server that never publishes them. */
  async settled(uri: string, version: number, timeoutMs = 60_000): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const last = this.published(uri);
      if (last && last.version === version) return last.diagnostics;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no diagnostics for version ${version} of ${uri} within ${timeoutMs / 1000} s; last: ${JSON.stringify(this.published(uri)?.version)}`);
  }
}

/** The range edit that turns one text into another (the changed middle), as an editor sends it. */
function rangeEdit(before: string, after: string) {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  // A position between \r and \n does not exist in LSP: widen the edit to whole line breaks.
  if (start > 0 && before[start - 1] === '\r') start--;
  if (end > 0 && before[before.length - end] === '\n' && before[before.length - end - 1] === '\r') end--;
  const [from, to] = positionsIn(before, [start, before.length - end]);
  return { range: { start: { line: from.line, character: from.character }, end: { line: to.line, character: to.character } }, text: after.slice(start, after.length - end) };
}

const normalise = (d: Diagnostic[]) => d.map((x) => JSON.stringify([x.range, x.code, x.severity, x.message])).sort();

describe('random edits with cancellations against the running server', function () {
  // A sequence takes about half a second against the real server; `npm run fuzz` runs a thousand per file.
  this.timeout(Math.max(300_000, runs(3) * 2_000));
  let folder: string;
  let editor: WatchingClient;
  let fresh: WatchingClient;

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'is-edits-'));
    cpSync('examples', folder, { recursive: true });
    editor = new WatchingClient();
    fresh = new WatchingClient();
    await editor.initialize(folder);
    await fresh.initialize(folder);
  });

  after(async () => {
    await editor?.dispose();
    await fresh?.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  const requests = [
    'textDocument/completion',
    'textDocument/hover',
    'textDocument/definition',
    'textDocument/references',
    'textDocument/documentSymbol',
    'textDocument/codeLens',
    'interfaceStudio/sequenceDiagram',
  ];

  function paramsFor(method: string, uri: string, position: { line: number; character: number }): object {
    if (method === 'interfaceStudio/sequenceDiagram') return { uri };
    if (method === 'textDocument/references') return { textDocument: { uri }, position, context: { includeDeclaration: true } };
    return { textDocument: { uri }, position };
  }

  // Each open takes versions no earlier open used, so diagnostics still arriving from an earlier
  // sequence (or the empty ones a close publishes) never pass for this one's.
  let lastVersion = 0;

  for (const path of ['specs/shop.openapi.yaml', 'flows/order-to-cash.flow.yaml', 'specs/erp/schemas/customer.yaml', 'specs/order-events.asyncapi.yaml', 'mappings/order-to-parked.mapping.yaml']) {
    it(`${path}: the server stays alive and ends where a fresh open of the final text ends`, async () => {
      const uri = uriOf(join(folder, path));
      const original = readFileSync(join(folder, path), 'utf8');
      const step = fc.record({ edit: mutation, request: fc.constantFrom(...requests), at: fc.nat(), cancel: fc.boolean(), pause: fc.constantFrom(0, 0, 5, 80) });
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
          let text = original;
          let version = ++lastVersion;
          await editor.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version, text } });
          const answers: Promise<unknown>[] = [];
          for (const s of steps) {
            const next = applyMutation(text, s.edit);
            const change = rangeEdit(text, next);
            text = next;
            await editor.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: ++version }, contentChanges: [change] });
            const [position] = positionsIn(text, [s.at]);
            const source = new CancellationTokenSource();
            answers.push(editor.connection.sendRequest(s.request, paramsFor(s.request, uri, position), source.token).catch((error: unknown) => {
              // Only a cancellation may come back as an error; anything else is a failure a user would see.
              if (error instanceof ResponseError && (error.code === -32800 || error.code === -32802) && s.cancel) return undefined;
              throw new Error(`${s.request} failed: ${(error as Error).message}`);
            }));
            if (s.cancel) source.cancel();
            if (s.pause) await new Promise((r) => setTimeout(r, s.pause));
          }
          await Promise.all(answers);
          const edited = await editor.settled(uri, version);
          const freshVersion = ++version;
          lastVersion = freshVersion;
          await fresh.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: freshVersion, text } });
          const reference = await fresh.settled(uri, freshVersion);
          await editor.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
          await fresh.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
          assert.deepEqual(normalise(edited), normalise(reference));
          assert.ok(editor.alive, 'the server process is alive');
        }),
        { numRuns: runs(3), seed: FUZZ_SEED + path.length, endOnFailure: true },
      );
      assert.deepEqual(editor.logged.filter((m) => /Uncaught|Unhandled rejection|could not check/.test(m)), []);
    });
  }
});
