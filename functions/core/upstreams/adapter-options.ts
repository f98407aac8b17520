import { createUpstreamClient, type UpstreamClient } from '../upstream/upstream-client.ts';

/** What every adapter factory takes. Other upstream-client settings keep the kit's defaults. */
export interface AdapterOptions {
  readonly baseUrl: string;
  /** Deadline of one call, retries included. */
  readonly timeoutMs: number;
  /** Extra attempts for idempotent calls. @default 2 */
  readonly retries?: number;
  /** For tests and in-process upstreams: the fetch to use. @default the kit's keep-alive transport */
  readonly fetch?: typeof fetch;
}

/** The kit's client for one upstream. */
export function adapterClient(name: string, options: AdapterOptions): UpstreamClient {
  return createUpstreamClient({
    name,
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
    ...(options.retries === undefined ? {} : { retries: options.retries }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
}
