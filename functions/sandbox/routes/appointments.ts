import { Hono } from 'hono';
import type * as z from 'zod/mini';
import { type appointmentSearchAnswer, appointmentSearchBody } from '../../contracts/appointments.ts';
import type { SandboxData } from '../data/schema.ts';
import { readBody } from './read-body.ts';

/**
 * Aftaleoversigten (CONTRACTS.md): the APD-DK appointments of a patient whose
 * start lies in the asked period, as the XDS query by service start time
 * finds them. A patient without appointments, or unknown, gets none.
 */
export function appointmentRoutes(data: SandboxData): Hono {
  const children = new Map(data.children.map((child) => [child.cpr, child]));
  const routes = new Hono();
  routes.post('/appointments/search', async (c) => {
    const { patientCpr, serviceStartTimeFrom, serviceStartTimeTo } = await readBody(c, appointmentSearchBody);
    const from = Date.parse(serviceStartTimeFrom);
    const to = Date.parse(serviceStartTimeTo);
    const answer: z.infer<typeof appointmentSearchAnswer> = {
      appointments: (children.get(patientCpr)?.appointments ?? []).filter((a) => {
        const start = Date.parse(a.effectiveTime.low);
        return from <= start && start < to;
      }),
    };
    return c.json(answer);
  });
  return routes;
}
