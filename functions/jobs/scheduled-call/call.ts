import * as z from 'zod/mini';
import { parseEnv } from '../../runtime/config/parse-env.ts';
import type { Logger } from '../../runtime/log/logger.ts';

const schema = z.object({
  CALL_URL: z.url({ protocol: /^https?$/ }),
  CALL_METHOD: z._default(z.enum(['POST', 'PUT', 'GET']), 'POST'),
  CALL_TOKEN: z.string().check(z.minLength(16)),
  CALL_TIMEOUT_MS: z._default(z.coerce.number().check(z.int(), z.gte(1000), z.lte(3_600_000)), 330_000),
});

export interface CallConfig {
  /** The function's in-cluster URL with the path, e.g. `http://authz-sync.hoi-platform.svc.cluster.local/v1/sync`. */
  readonly url: string;
  readonly method: 'POST' | 'PUT' | 'GET';
  /** Sent as `Authorization: Bearer …`; never logged. */
  readonly token: string;
  readonly timeoutMs: number;
}

export function loadCallConfig(env: Readonly<Record<string, string | undefined>>): CallConfig {
  const parsed = parseEnv(schema, env);
  return {
    url: parsed.CALL_URL,
    method: parsed.CALL_METHOD,
    token: parsed.CALL_TOKEN,
    timeoutMs: parsed.CALL_TIMEOUT_MS,
  };
}

export interface CallDeps {
  readonly logger: Logger;
  readonly fetch?: typeof fetch;
  readonly clock?: () => number;
}

/**
 * One scheduled call of a function that wants a bearer token (which a Knative
 * PingSource cannot send): answers whether it succeeded, so the CronJob's pod
 * fails on anything but 2xx. Logs the answer's body (the function's report or
 * its problem), never the token.
 */
export async function scheduledCall(config: CallConfig, deps: CallDeps): Promise<boolean> {
  const clock = deps.clock ?? Date.now;
  const started = clock();
  const route = new URL(config.url).pathname;
  const log = deps.logger.child({ method: config.method, route });
  let response: Response;
  try {
    response = await (deps.fetch ?? fetch)(config.url, {
      method: config.method,
      headers: { authorization: `Bearer ${config.token}`, accept: 'application/json' },
      signal: AbortSignal.timeout(config.timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    log.error(timedOut ? `no answer within ${config.timeoutMs} ms` : 'call failed: no answer', {
      durationMs: clock() - started,
    });
    return false;
  }
  // Bounded: a log line, not a dump of whatever the function answered.
  const body = (await response.text()).slice(0, 4000);
  const fields = { status: response.status, durationMs: clock() - started };
  if (response.ok) {
    log.info(`answered: ${body}`, fields);
    return true;
  }
  log.error(`refused: ${body}`, { ...fields, ...problemCode(body) });
  return false;
}

/** The stable `code` of an RFC 9457 problem answer, when there is one. */
function problemCode(body: string): { code?: string } {
  try {
    const code = (JSON.parse(body) as { code?: unknown }).code;
    return typeof code === 'string' ? { code } : {};
  } catch {
    return {};
  }
}
