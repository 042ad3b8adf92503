import assert from 'node:assert/strict';
import { createServer as createHttpServer, Server } from 'node:http';
import { AddressInfo, createServer as createTcpServer, Server as TcpServer, Socket } from 'node:net';
import { httpSender } from '../../server/src/node/httpClient';
import type { HttpOutcome } from '../../server/src/service/runs/flowRun';

/** The failure of an outcome, or undefined when an answer came. */
const errorOf = (outcome: HttpOutcome): string | undefined => ('error' in outcome ? outcome.error : undefined);
const statusOf = (outcome: HttpOutcome): number | undefined => ('status' in outcome ? outcome.status : undefined);

/** Targets that misbehave as real systems do, each on 127.0.0.1: the runner's step must say exactly what went wrong. */
describe('flow runs: targets that do not answer properly', function () {
  this.timeout(30_000);
  const servers: (Server | TcpServer)[] = [];
  const sockets: Socket[] = [];

  async function listen(server: Server | TcpServer): Promise<string> {
    servers.push(server);
    server.on('connection', (s: Socket) => sockets.push(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  });

  const get = (url: string, timeoutMs = 500) => ({ method: 'GET', url, headers: {}, timeoutMs });

  it('a target that accepts the connection and never answers: timed out at its limit', async () => {
    const base = await listen(createTcpServer(() => undefined));
    const outcome = await httpSender([base])(get(`${base}/orders`, 300));
    assert.equal(errorOf(outcome), 'no answer within 300 ms (timed out)');
    assert.equal(statusOf(outcome), undefined);
  });

  it('a target that sends its headers and stalls in the body: the answer is incomplete at the limit', async () => {
    const base = await listen(createHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id": 1,');
    }));
    const outcome = await httpSender([base])(get(`${base}/orders`, 300));
    assert.equal(errorOf(outcome), 'no complete answer within 300 ms (timed out)');
  });

  it('a target that closes the connection, or answers with something that is not HTTP', async () => {
    const closing = await listen(createTcpServer((socket) => socket.once('data', () => socket.destroy())));
    assert.equal(errorOf(await httpSender([closing])(get(`${closing}/x`))), 'the request failed (the connection was closed before a complete answer came)');
    const garbage = await listen(createTcpServer((socket) => socket.once('data', () => socket.end('SSH-2.0-OpenSSH_9.6\r\n\r\n'))));
    assert.match(errorOf(await httpSender([garbage])(get(`${garbage}/x`))) ?? '', /^the request failed \((the answer is not HTTP|the connection was closed before a complete answer came)\)$/);
  });

  it('goes only to the hosts of the environment, and does not follow a redirect elsewhere', async () => {
    let visited = false;
    const elsewhere = await listen(createHttpServer((_req, res) => {
      visited = true;
      res.end('{}');
    }));
    const target = await listen(createHttpServer((_req, res) => {
      res.writeHead(302, { location: `${elsewhere}/steal` });
      res.end();
    }));
    const send = httpSender([target]);
    const redirected = await send(get(`${target}/orders`));
    assert.equal(statusOf(redirected), 302);
    assert.equal(visited, false);
    const refused = await send(get(`${elsewhere}/orders`));
    assert.equal(errorOf(refused), `${elsewhere} is not a host of the chosen environment; the request was not sent`);
    assert.equal(visited, false);
  });
});
