import { Hono } from 'hono';
import { unavailable } from './app-error.ts';
import { problemResponse } from './problem.ts';

/** A dependency the function needs before it may take traffic (authorizer, database, …). */
export interface ReadinessCheck {
  readonly name: string;
  readonly check: () => Promise<boolean>;
}

const CHECK_TIMEOUT_MS = 2000;

/** `/health/liveness` answers while the process runs; `/health/readiness` only when every dependency answers. */
export function healthRoutes(checks: readonly ReadinessCheck[]): Hono {
  const routes = new Hono();
  routes.get('/liveness', (c) => c.json({ status: 'ok' }));
  routes.get('/readiness', async (c) => {
    const results = await Promise.all(
      checks.map(async ({ name, check }) => ({ name, ready: await settle(check) })),
    );
    const failing = results.filter((r) => !r.ready).map((r) => r.name);
    if (failing.length > 0) {
      return problemResponse(c, unavailable('not_ready', `Not ready: ${failing.join(', ')}`));
    }
    return c.json({ status: 'ready', checks: results.map((r) => r.name) });
  });
  return routes;
}

async function settle(check: () => Promise<boolean>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check().catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
