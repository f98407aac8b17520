import type { Hono } from 'hono';
import { inspectRoutes } from 'hono/dev';
import { TrieRouter } from 'hono/router/trie-router';

/** What a request that no handler serves is logged as: its path may hold anything a caller typed. */
export const UNMATCHED = 'unmatched';

/**
 * Which of an app's route templates serves a request (`/units/:id` for
 * `/units/851-ppr`), by Hono's own matching over the app's handlers (not its
 * middleware), so a log line names the route without the path's values.
 */
export function routeTemplates(app: Hono): (method: string, path: string) => string {
  const router = new TrieRouter<string>();
  for (const route of inspectRoutes(app)) {
    if (!route.isMiddleware) router.add(route.method, route.path, route.path);
  }
  return (method, path) => router.match(method === 'HEAD' ? 'GET' : method, path)[0][0]?.[0] ?? UNMATCHED;
}
