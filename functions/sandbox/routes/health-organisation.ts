import { Hono } from 'hono';
import type * as z from 'zod/mini';
import type { clinicsAnswer, psychiatryUnitsAnswer } from '../../contracts/health-organisation.ts';
import type { SandboxData } from '../data/schema.ts';

/** SOR and the region's staff lists (CONTRACTS.md § health organisation). */
export function healthOrganisationRoutes(data: SandboxData): Hono {
  const routes = new Hono();
  routes.get('/health/clinics', (c) => {
    const answer: z.infer<typeof clinicsAnswer> = { clinics: data.clinics };
    return c.json(answer);
  });
  routes.get('/health/psychiatry-units', (c) => {
    const answer: z.infer<typeof psychiatryUnitsAnswer> = { units: data.psychiatryUnits };
    return c.json(answer);
  });
  return routes;
}
