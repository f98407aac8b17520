import { createUpstreamClient, type UpstreamClient } from '../upstream/upstream-client.ts';
import { notFoundAsNull } from './internal/not-found-as-null.ts';

/** What every adapter factory takes. Other upstream-client settings keep the kit's defaults. */
export interface AdapterOptions {
  readonly baseUrl: string;
  /** Deadline of one call, retries included. */
  readonly timeoutMs: number;
  /** Extra attempts for idempotent calls. @default 2 */
  readonly retries?: number;
  /** For tests: the fetch to use. @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

/**
 * The kit's client for one upstream. With `lookups`, a 404 answer to a POST
 * lookup reads as "not found" (JSON `null`) instead of an error.
 */
export function adapterClient(name: string, options: AdapterOptions, lookups = false): UpstreamClient {
  const base = options.fetch ?? globalThis.fetch;
  return createUpstreamClient({
    name,
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
    ...(options.retries === undefined ? {} : { retries: options.retries }),
    fetch: lookups ? notFoundAsNull(base) : base,
  });
}
