import { relative } from 'node:path';
import { URI } from 'vscode-uri';
import { startMocks } from '../node/integration';
import { formatMockCall, formatSpecChange } from '../service/runs/mock';
import { cliService } from './session';
import { CliIO, exists, fileUri, parseOptions, UsageError } from './options';

/**
 * `interface-studio mock SPEC… [--port N]`: one mock server per spec on 127.0.0.1, each call
 * logged to stderr with its validation result, until SIGINT or SIGTERM. A spec changed on disk is
 * served from the next request on.
 */
export async function mockCommand(args: string[], io: CliIO, cwd = process.cwd(), stopped: Promise<void> = untilSignal()): Promise<number> {
  const { positional, options } = parseOptions(args, { port: 'value' });
  if (!positional.length) throw new UsageError('`mock` takes one or more OpenAPI documents: interface-studio mock SPEC… [--port N].');
  let port: number | undefined;
  if (options.port !== undefined) {
    port = Number(options.port);
    if (!Number.isInteger(port) || port < 1 || port + positional.length - 1 > 65535) throw new UsageError('`--port` needs a port number (1–65535); further specs take the ports after it.');
  }
  for (const spec of positional) if (!(await exists(spec))) throw new UsageError(`\`${spec}\` does not exist.`);
  const service = await cliService(cwd);
  const uris = positional.map(fileUri);
  const names = new Map(uris.map((u, i) => [u, positional[i]]));
  let mocks;
  try {
    const name = (uri: string) => names.get(uri) ?? relative(cwd, URI.parse(uri).fsPath);
    mocks = await startMocks(service, uris, (uri, call) => io.stderr(`[${name(uri)}] ${formatMockCall(call)}\n`), port, (uri, change) => io.stderr(`[${name(uri)}] ${formatSpecChange(change)}\n`));
  } catch (error) {
    io.stderr(`interface-studio: ${(error as Error).message.replace(/^file:\/\/\S+?: /, '')}\n`);
    return 1;
  }
  for (const mock of mocks) io.stdout(`${names.get(mock.specUri)} → ${mock.url}\n`);
  await stopped;
  await Promise.all(mocks.map((m) => m.close()));
  return 0;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}
