import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Api } from '../service/runs/api';
import { handleMockRequest, MockCall } from '../service/runs/mock';

/** A mock server of one spec, listening on 127.0.0.1 only. */
export interface RunningMock {
  specUri: string;
  url: string;
  port: number;
  /** Where the spec's operations are, below `url` (its first server's path, or Swagger's `basePath`); '' for the root. */
  basePath?: string;
  close(): Promise<void>;
}

/** Bodies above this are refused (413): a mock holds test payloads, not uploads. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface MockOptions {
  /** 0 or absent: a free port. */
  port?: number;
  /** Told of every call, with its validation result. */
  log(call: MockCall): void;
}

/**
 * Starts a mock of the spec; rejects with a message when the port is taken. `current` gives the
 * spec as it is at each request, so that an edited spec is served without a restart.
 */
export function startMock(specUri: string, current: () => Promise<Api>, options: MockOptions): Promise<RunningMock> {
  const server = createServer((req, res) => void serve(current, req, res, options.log));
  // A malformed request line or header gets a 400 and the server goes on serving.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    options.log({ method: '?', path: '?', status: 400, violations: [{ in: 'header', name: 'request', message: `malformed HTTP request (${error.code ?? error.message})` }] });
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nMalformed HTTP request.\n');
    else socket.destroy();
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(error.code === 'EADDRINUSE' ? `port ${options.port} is already in use` : error.message)),
    );
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      resolve({ specUri, url: `http://127.0.0.1:${port}`, port, close: () => closeServer(server) });
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

async function serve(current: () => Promise<Api>, req: IncomingMessage, res: ServerResponse, log: (call: MockCall) => void): Promise<void> {
  let body: string;
  try {
    body = await readBody(req);
  } catch (error) {
    const tooLarge = (error as Error).message === 'too large';
    const status = tooLarge ? 413 : 400;
    const detail = tooLarge ? `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB.` : `The request body could not be read: ${(error as Error).message}.`;
    log({ method: req.method ?? '?', path: req.url ?? '?', status, violations: [{ in: 'body', name: '', message: detail }] });
    send(res, status, { 'content-type': 'application/problem+json', connection: 'close' }, JSON.stringify({ type: 'urn:interface-studio:mock:BAD_REQUEST', title: 'Invalid request', status, detail }));
    return;
  }
  try {
    const { response, call } = handleMockRequest(await current(), { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body });
    log(call);
    send(res, response.status, response.headers, response.body);
  } catch (error) {
    const detail = `The mock failed on this request: ${(error as Error).message}`;
    log({ method: req.method ?? '?', path: req.url ?? '?', status: 500, violations: [{ in: 'body', name: '', message: detail }] });
    send(res, 500, { 'content-type': 'application/problem+json' }, JSON.stringify({ type: 'urn:interface-studio:mock:INTERNAL', title: 'Mock failure', status: 500, detail }));
  }
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners('data');
        req.resume();
        reject(new Error('too large'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
