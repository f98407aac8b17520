import { Hono } from 'hono';
import type * as z from 'zod/mini';
import type { klePlanAnswer } from '../../contracts/kle-plan.ts';
import { KLE_CASE_PHRASES, KLE_GROUP_TITLES } from '../data/kle.ts';

/** The municipality's KLE plan: here only the numbers DOMAIN.md names and the groups above them. */
export function klePlanRoutes(): Hono {
  const routes = new Hono();
  routes.get('/kle/plan', (c) => {
    const answer: z.infer<typeof klePlanAnswer> = {
      numbers: Object.entries({ ...KLE_GROUP_TITLES, ...KLE_CASE_PHRASES }).map(([number, title]) => ({
        number,
        title,
      })),
    };
    return c.json(answer);
  });
  return routes;
}
