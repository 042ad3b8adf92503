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
    let answered = false; // the status line came: a timeout then means the body stalled
    try {
      const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body, redirect: 'manual', signal: controller.signal });
      answered = true;
      const body = await readLimited(response);
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => (headers[name] = value));
      return { status: response.status, headers, body, ms: Date.now() - started };
    } catch (error) {
      const ms = Date.now() - started;
      if (controller.signal.aborted) return { error: `no ${answered ? 'complete ' : ''}answer within ${request.timeoutMs} ms (timed out)`, ms };
      return { error: `the request failed (${failureReason(error)})`, ms };
    } finally {
      clearTimeout(timer);
    }
  };
}

/** Why a request failed, in words, from the network error's code. */
function failureReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  switch (cause?.code) {
    case 'ECONNREFUSED':
      return 'connection refused: nothing answers there';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'EPIPE':
      return 'the connection was closed before a complete answer came';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name cannot be resolved';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'the host cannot be reached';
    case 'HPE_INVALID_CONSTANT':
    case 'HPE_INVALID_STATUS':
    case 'HPE_INVALID_HEADER_TOKEN':
    case 'UND_ERR_INVALID_ARG':
      return 'the answer is not HTTP';
    default:
      return cause?.code ?? cause?.message ?? (error as Error).message;
  }
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
