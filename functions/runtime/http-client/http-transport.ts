import {
  type AgentOptions,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Transport, TransportRequest, TransportResponse } from './transport.ts';

export interface HttpTransportOptions {
  /** Connections per upstream host; further calls wait for a free one. @default 64 */
  readonly maxSockets?: number;
  /**
   * How long an idle connection is kept for the next call. A shorter `Keep-Alive: timeout`
   * announced by the upstream wins, so a connection is not reused just as the server closes it.
   * @default 4000
   */
  readonly idleTimeoutMs?: number;
}

/** A network failure: a `TypeError`, as `fetch`'s are, so the client retries both transports alike. */
export class ConnectionError extends TypeError {
  override readonly name = 'ConnectionError';
}

const utf8 = new TextDecoder();

/**
 * The upstream client's transport: `node:http(s)` over a keep-alive agent of its
 * own. Per call it costs a fraction of `fetch`'s CPU (undici plus web streams),
 * which dominated a case lookup's five upstream calls.
 */
export function createHttpTransport(options: HttpTransportOptions = {}): Transport {
  const maxSockets = options.maxSockets ?? 64;
  if (!Number.isInteger(maxSockets) || maxSockets < 1)
    throw new RangeError('maxSockets must be a positive integer');
  const agentOptions: AgentOptions = {
    keepAlive: true,
    maxSockets,
    maxFreeSockets: maxSockets,
    timeout: options.idleTimeoutMs ?? 4000,
  };
  const plain = new HttpAgent(agentOptions);
  const secure = new HttpsAgent(agentOptions);
  return (url, request) => {
    if (url.protocol === 'http:') return exchange(url, request, httpRequest, plain);
    if (url.protocol === 'https:') return exchange(url, request, httpsRequest, secure);
    return Promise.reject(new ConnectionError(`unsupported protocol ${url.protocol}`));
  };
}

function exchange(
  url: URL,
  { method, headers, body, signal }: TransportRequest,
  send: typeof httpRequest,
  agent: HttpAgent,
): Promise<TransportResponse> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(abortError(signal));
      return;
    }
    // Until the answer's head arrives a failure rejects the call; after, it rejects the body.
    let fail: (error: Error) => void = reject;
    const onAbort = () => {
      fail(abortError(signal));
      req.destroy();
    };
    const release = () => signal.removeEventListener('abort', onAbort);
    const req = send(url, {
      method,
      agent,
      headers:
        body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
    });
    signal.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error) => {
      release();
      fail(new ConnectionError(`${method} ${url.host} failed`, { cause: error }));
    });
    req.on('response', (res) => {
      const answer = Promise.withResolvers<string>();
      fail = answer.reject;
      collect(res, answer);
      const text = answer.promise.finally(release);
      // A discarded body may still fail; nobody is waiting for it then.
      text.catch(() => {});
      resolve({
        status: res.statusCode ?? 0,
        text: () => text,
        discard: async () => {
          release();
          // Reading on would hold the connection for a body nobody wants; a complete one is kept.
          if (!res.complete) res.destroy();
        },
      });
    });
    req.end(body);
  });
}

/** Reads the body as it arrives, so a discarded one does not stall the connection. */
function collect(res: IncomingMessage, answer: PromiseWithResolvers<string>): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => answer.resolve(utf8.decode(Buffer.concat(chunks))));
  res.on('error', (error) => answer.reject(new ConnectionError('the answer broke off', { cause: error })));
  res.on('close', () => {
    if (!res.complete) answer.reject(new ConnectionError('the answer broke off'));
  });
}

function abortError(signal: AbortSignal): Error {
  // Like fetch: the signal's reason, which is an `AbortError` unless the aborter gave another.
  return signal.reason instanceof Error
    ? signal.reason
    : new DOMException('This operation was aborted', 'AbortError');
}
