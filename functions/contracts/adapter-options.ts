import * as z from 'zod/mini';
import type { Cpr } from '../runtime/cpr/cpr.ts';
import { createUpstreamClient, type UpstreamClient } from '../runtime/http-client/upstream-client.ts';

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

/**
 * How every person lookup asks: the CPR number in the body (never the URL) of an
 * idempotent POST, the answer parsed by the contract's schema; any failure throws.
 */
export function lookupByCpr<S extends z.ZodMiniType>(
  client: UpstreamClient,
  path: string,
  schema: S,
  options: { readonly field?: string } = {},
): (cpr: Cpr, query?: Readonly<Record<string, string>>) => Promise<z.infer<S>> {
  const field = options.field ?? 'cpr';
  // `query`: the lookup's other parameters (a period), beside the number in the same body.
  return (cpr, query = {}) =>
    client.postJson<S, false>(path, { ...query, [field]: cpr.digits }, schema, { idempotent: true });
}

/** `lookupByCpr` where 404 means "nobody found": answers `null` then. */
export function findByCpr<S extends z.ZodMiniType>(
  client: UpstreamClient,
  path: string,
  schema: S,
): (cpr: Cpr) => Promise<z.infer<S> | null> {
  return (cpr) =>
    client.postJson<z.ZodMiniNullable<S>, true>(path, { cpr: cpr.digits }, z.nullable(schema), {
      idempotent: true,
      allowNotFound: true,
    }) as Promise<z.infer<S> | null>;
}
