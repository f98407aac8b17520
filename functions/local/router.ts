import { type Context, Hono } from 'hono';
import { AppError } from '../runtime/http/app-error.ts';
import { PROBLEM_CONTENT_TYPE, toProblem } from '../runtime/http/problem.ts';

const FORWARDED_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

interface Fetcher {
  fetch(request: Request): Response | Promise<Response>;
}

/**
 * The local platform's one port: `/<function-name>/…` handed to that function
 * as `/…`. A function still starting answers 503 `not_ready`; one that could not
 * start here answers 503 `function_unavailable` with its reason; any other first
 * segment is a 404 problem, like every function's own.
 */
export function platformRouter(names: readonly string[]) {
  const apps = new Map<string, Fetcher>();
  const failures = new Map<string, string>();
  const app = new Hono();
  app.get('/', (c) =>
    c.json({ functions: names.filter((n) => n !== 'sandbox' && n !== 'dev-ehr'), sandbox: '/sandbox/' }),
  );
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

function problem(c: Context, status: 404 | 405 | 500 | 503, code: string, detail: string) {
  return c.body(JSON.stringify(toProblem(new AppError(status, code, detail), undefined)), status, {
    'content-type': PROBLEM_CONTENT_TYPE,
  });
}
