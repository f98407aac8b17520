import { Hono, type MiddlewareHandler } from 'hono';
import { PROBLEM_CONTENT_TYPE } from '../http/problem.ts';
import { REQUEST_ID_HEADER } from '../http/request-id.ts';
import type { Logger } from './logger.ts';
import { routeTemplates, UNMATCHED } from './route-templates.ts';

export interface AccessLogOptions {
  readonly logger: Logger;
  /** The function's name, on every line. */
  readonly function: string;
  /** The route template serving a request. @default every request is `unmatched` */
  readonly routeOf?: (method: string, path: string) => string;
}

/** The kit's probes (`/health/liveness`, `/health/readiness`): Knative calls them every few seconds. */
const HEALTH = /^\/health\//;

/**
 * One access-log line per request, written when the answer is known: method,
 * route template, status, duration, the request id the answer carries and,
 * for a problem, its stable code. Never the path's values, the query, a
 * header or a body: those may hold a CPR number or a token. A health probe
 * is logged only when it fails.
 */
export function accessLog(options: AccessLogOptions): MiddlewareHandler {
  const logger = options.logger.child({ function: options.function });
  const routeOf = options.routeOf ?? (() => UNMATCHED);
  return async (c, next) => {
    const started = performance.now();
    await next();
    const status = c.res.status;
    const route = routeOf(c.req.method, c.req.path);
    if (HEALTH.test(route) && status < 400) return;
    const fields = {
      requestId: c.res.headers.get(REQUEST_ID_HEADER) ?? undefined,
      method: c.req.method,
      route,
      status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      code: await problemCode(c.res),
    };
    if (status >= 500) logger.error('request', fields);
    else logger.info('request', fields);
  };
}

/**
 * Serves `app` behind the access log, leaving the app itself as it is (its
 * tests keep calling `app.request()`); route templates come from the app.
 */
export function withAccessLog(app: Hono, options: Omit<AccessLogOptions, 'routeOf'>): Hono {
  const logged = new Hono();
  logged.use(accessLog({ ...options, routeOf: routeTemplates(app) }));
  logged.all('*', (c) => app.fetch(c.req.raw, c.env));
  return logged;
}

async function problemCode(res: Response): Promise<string | undefined> {
  if (res.headers.get('content-type') !== PROBLEM_CONTENT_TYPE) return undefined;
  try {
    const { code } = (await res.clone().json()) as { code?: unknown };
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}
