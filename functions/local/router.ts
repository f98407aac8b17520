import { type Context, Hono } from 'hono';

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
  app.get('/', (c) => c.json({ functions: names.filter((n) => n !== 'sandbox'), sandbox: '/sandbox/' }));
  app.all('/:name{[a-z0-9-]+}/*', (c) => forward(c));
  app.all('/:name{[a-z0-9-]+}', (c) => forward(c));
  app.notFound((c) => problem(c, 404, 'not_found', 'No such function on this platform'));

  function forward(c: Context) {
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

function problem(c: Context, status: 404 | 503, code: string, detail: string) {
  return c.json(
    {
      type: `urn:hoi:problem:${code}`,
      title: status === 404 ? 'Not Found' : 'Service Unavailable',
      status,
      code,
      detail,
    },
    status,
    { 'content-type': 'application/problem+json' },
  );
}
