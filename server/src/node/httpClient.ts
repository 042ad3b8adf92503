import type { HttpOutcome, OutgoingRequest } from '../service/runs/flowRun';

/** Responses above this are cut off: a flow step's answer is a payload, not a download. */
const MAX_RESPONSE_BYTES = 20 * 1024 * 1024;

/**
 * Sends the runner's requests: only to the origins of the chosen environment (no redirects
 * followed), each stopped after its time limit with a message saying so.
 */
export function httpSender(allowedOrigins: Iterable<string>): (request: OutgoingRequest, token?: { isCancellationRequested: boolean }) => Promise<HttpOutcome> {
  const allowed = new Set([...allowedOrigins].map((o) => new URL(o).origin));
  return async (request) => {
    const started = Date.now();
    let origin: string;
    try {
      origin = new URL(request.url).origin;
    } catch {
      return { error: `${request.url} is not a URL`, ms: 0 };
    }
    if (!allowed.has(origin)) return { error: `${origin} is not a host of the chosen environment; the request was not sent`, ms: 0 };
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), request.timeoutMs);
    try {
      const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body, redirect: 'manual', signal: controller.signal });
      const body = await readLimited(response);
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => (headers[name] = value));
      return { status: response.status, headers, body, ms: Date.now() - started };
    } catch (error) {
      const ms = Date.now() - started;
      if (controller.signal.aborted) return { error: `no answer within ${request.timeoutMs} ms (timed out)`, ms };
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = cause?.code === 'ECONNREFUSED' ? 'connection refused: nothing answers there' : cause?.code ?? cause?.message ?? (error as Error).message;
      return { error: `the request failed (${reason})`, ms };
    } finally {
      clearTimeout(timer);
    }
  };
}

async function readLimited(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > MAX_RESPONSE_BYTES) {
      await reader.cancel();
      throw new Error(`the response is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MB`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
