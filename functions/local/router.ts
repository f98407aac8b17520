import { type Context, Hono } from 'hono';
import { AppError } from '../runtime/http/app-error.ts';
import { PROBLEM_CONTENT_TYPE, toProblem } from '../runtime/http/problem.ts';

const FORWARDED_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

interface Fetcher {
  fetch(request: Request): Response | Promise<Response>;
}

/** A function's subscription to a CloudEvent type, as its manifest's `triggers` give it. */
export interface LocalTrigger {
  readonly fn: string;
  readonly type: string;
  readonly path?: string | undefined;
}

/** Where functions send events locally: the local platform's `K_SINK`. */
export const LOCAL_BROKER_PATH = '/_broker';

/**
 * The local platform's one port: `/<function-name>/…` handed to that function
 * as `/…`. A function still starting answers 503 `not_ready`; one that could not
 * start here answers 503 `function_unavailable` with its reason; any other first
 * segment is a 404 problem, like every function's own. `POST /_broker` plays the
 * Knative Broker: a CloudEvent in binary mode is handed, headers and body as
 * they came, to every function whose trigger names its `ce-type` (at the
 * trigger's path), and taken with 202.
 */
export function platformRouter(names: readonly string[], triggers: readonly LocalTrigger[] = []) {
  const apps = new Map<string, Fetcher>();
  const failures = new Map<string, string>();
  const app = new Hono();
  app.get('/', (c) =>
    c.json({ functions: names.filter((n) => n !== 'sandbox' && n !== 'dev-ehr'), sandbox: '/sandbox/' }),
  );
  app.post(LOCAL_BROKER_PATH, async (c) => {
    const type = c.req.header('ce-type');
    if (
      c.req.header('ce-specversion') !== '1.0' ||
      !type ||
      !c.req.header('ce-id') ||
      !c.req.header('ce-source')
    )
      return problem(
        c,
        400,
        'invalid_cloudevent',
        'A CloudEvent 1.0 in binary mode needs ce-specversion, ce-id, ce-source and ce-type',
      );
    const body = await c.req.arrayBuffer();
    await Promise.all(
      triggers
        .filter((t) => t.type === type && apps.has(t.fn))
        .map(async (t) => {
          const url = new URL(c.req.url);
          url.pathname = t.path ?? '/';
          const res = await apps
            .get(t.fn)!
            .fetch(new Request(url, { method: 'POST', headers: c.req.raw.headers, body }));
          await res.body?.cancel();
        }),
    );
    return c.body(null, 202);
  });
  app.all('/:name{[a-z0-9-]+}/*', (c) => forward(c));
  app.all('/:name{[a-z0-9-]+}', (c) => forward(c));
  app.notFound((c) => problem(c, 404, 'not_found', 'No such function on this platform'));
  app.onError((_error, c) => problem(c, 500, 'internal_error', 'Internal error'));

  function forward(c: Context) {
    // TRACE and CONNECT cannot be handed on (fetch refuses them) and no function serves them.
    if (!FORWARDED_METHODS.has(c.req.method)) {
      return problem(c, 405, 'method_not_allowed', `${c.req.method} is not served here`);
    }
    const name = c.req.param('name')!;
    if (!names.includes(name)) return problem(c, 404, 'not_found', 'No such function on this platform');
    const failure = failures.get(name);
    if (failure) return problem(c, 503, 'function_unavailable', `${name} could not start here: ${failure}`);
    const target = apps.get(name);
    if (!target) return problem(c, 503, 'not_ready', `/${name} is starting`);
    const url = new URL(c.req.url);
    url.pathname = url.pathname.slice(name.length + 1) || '/';
    return target.fetch(new Request(url, c.req.raw));
  }

  return {
    app,
    mount: (name: string, target: Fetcher) => apps.set(name, target),
    fail: (name: string, reason: string) => failures.set(name, reason),
  };
}

function problem(c: Context, status: 400 | 404 | 405 | 500 | 503, code: string, detail: string) {
  return c.body(JSON.stringify(toProblem(new AppError(status, code, detail), undefined)), status, {
    'content-type': PROBLEM_CONTENT_TYPE,
  });
}
