import assert from 'node:assert/strict';
import type { Connection } from 'vscode-languageserver';
import { CodeLensRequest } from 'vscode-languageserver-protocol';
import { onceOnly } from '../../server/src/lsp/handlers';

describe('a connection that takes one handler per method', () => {
  // A stand-in for vscode-languageserver's connection, which keeps only the last handler of a method.
  const fake = () => {
    const handlers = new Map<string, unknown>();
    return {
      handlers,
      connection: {
        onCodeLens: (h: unknown) => handlers.set('textDocument/codeLens', h),
        onRequest: (type: string | { method: string }, h: unknown) => handlers.set(typeof type === 'string' ? type : type.method, h),
        console: { log: () => undefined },
      } as unknown as Connection,
    };
  };

  it('throws on a second handler, naming the method, and keeps the first', () => {
    const { handlers, connection } = fake();
    const guarded = onceOnly(connection);
    const first = async () => [];
    guarded.onCodeLens(first);
    assert.throws(() => guarded.onCodeLens(() => []), /second handler for `onCodeLens`/);
    assert.equal(handlers.get('textDocument/codeLens'), first);
  });

  it('tells request methods apart by name, whether given as a string or a request type', () => {
    const { connection } = fake();
    const guarded = onceOnly(connection);
    guarded.onRequest('interfaceStudio/a', () => 1);
    guarded.onRequest(CodeLensRequest.type, () => []);
    guarded.onRequest('interfaceStudio/b', () => 1);
    assert.throws(() => guarded.onRequest('interfaceStudio/a', () => 2), /`interfaceStudio\/a`/);
    assert.throws(() => guarded.onRequest(CodeLensRequest.method, () => 2), /`textDocument\/codeLens`/);
  });

  it('leaves everything that is not a handler registration alone', () => {
    const { connection } = fake();
    assert.equal(onceOnly(connection).console, connection.console);
  });
});
