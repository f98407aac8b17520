/** One HTTP exchange as the upstream client needs it: both `fetch` and `node:http` fit. */
export interface TransportRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Aborting it abandons the exchange: the call or its body read rejects with an `AbortError`. */
  readonly signal: AbortSignal;
}

export interface TransportResponse {
  readonly status: number;
  /** The whole body, decoded as UTF-8. */
  text(): Promise<string>;
  /** Gives up on the body unread. */
  discard(): Promise<void>;
}

/** Rejects on a network failure with a `TypeError`, as `fetch` does. */
export type Transport = (url: URL, request: TransportRequest) => Promise<TransportResponse>;

/** A transport over an injected `fetch`: tests and in-process upstreams. */
export function fetchTransport(doFetch: typeof fetch): Transport {
  return async (url, { method, headers, body, signal }) => {
    const res = await doFetch(url, { method, signal, headers, ...(body === undefined ? {} : { body }) });
    return {
      status: res.status,
      text: () => res.text(),
      discard: async () => {
        await res.body?.cancel();
      },
    };
  };
}
