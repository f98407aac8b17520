import type { Context } from 'hono';

/** Hands a request under `/<prefix>/…` to an app as `/…`: one port, each function under its own path. */
export function forwardTo(
  prefix: string,
  app: () => { fetch: (request: Request) => Response | Promise<Response> } | undefined,
) {
  return (c: Context) => {
    const target = app();
    if (!target) {
      return c.json(
        {
          type: 'urn:hoi:problem:not_ready',
          title: 'Service Unavailable',
          status: 503,
          code: 'not_ready',
          detail: `${prefix} is starting`,
        },
        503,
        {
          'content-type': 'application/problem+json',
        },
      );
    }
    const url = new URL(c.req.url);
    url.pathname = url.pathname.slice(prefix.length + 1) || '/';
    return target.fetch(new Request(url, c.req.raw));
  };
}
