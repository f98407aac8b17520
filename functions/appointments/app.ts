import type { Hono } from 'hono';
import type { PsychiatryAppointment } from '../contracts/appointments.ts';
import { childAccess } from '../kit/child-access/pipeline.ts';
import { childAccessProblems } from '../kit/child-access/problems.ts';
import { functionApp } from '../kit/function-app.ts';
import type { Kit } from '../kit/kit.ts';
import type { ApiOperation } from '../runtime/openapi/operation.ts';
import {
  type AppointmentsResponse,
  appointmentsRequest,
  appointmentsResponse,
  type ShownAppointment,
  WINDOW_DAYS,
} from './appointments-request.ts';

/** What `/openapi.json` and `/docs` show of the route below: the schemas are the ones it validates with. */
export const SEARCH_APPOINTMENTS: ApiOperation = {
  method: 'post',
  path: '/v1/appointments/search',
  operationId: 'searchAppointments',
  summary: 'The child’s recent and upcoming child and youth psychiatry appointments',
  description:
    'For a caseworker or PPR psychologist whose unit, role, KLE task and clearance cover an active case of the ' +
    `child. Appointments from ${WINDOW_DAYS.back} days back to ${WINDOW_DAYS.ahead} days ahead: time, unit and its ` +
    'phone, kind and status — no diagnosis, no clinical text. Pulled from Aftaleoversigten for this request and ' +
    'never kept. Under a citizen block: 403 `blocked_by_citizen` (an override needs the guardian’s consent). ' +
    'The CPR number travels in the body, never in the URL; every decision is logged before anything is answered.',
  requestBody: { name: 'AppointmentsRequest', schema: appointmentsRequest },
  responses: {
    200: {
      description: 'The appointments in the window',
      body: { name: 'AppointmentsResponse', schema: appointmentsResponse },
    },
  },
  problems: childAccessProblems(),
};

const DAY_MS = 86_400_000;

/**
 * A child's BUP appointments for the caseworker or PPR psychologist on its
 * case, as SAPA shows them (POL-003): pulled from Aftaleoversigten only after
 * an allow and never kept (POL-003.10), within the window (POL-003.11),
 * without clinical content (POL-003.12); blocks respected (POL-003.13).
 */
export function createApp(kit: Kit): Hono {
  const app = functionApp(kit, [SEARCH_APPOINTMENTS]);
  app.post(
    SEARCH_APPOINTMENTS.path,
    childAccess(kit, {
      action: 'appointments.search',
      body: appointmentsRequest,
      // The model's case tuples (case_handler) and Min Spærring.
      facts: ['cases', 'blocks'],
      gate: 'can_view_appointments',
      prepare: async ({ cpr }) => {
        const now = kit.clock();
        const window = {
          from: new Date(now.getTime() - WINDOW_DAYS.back * DAY_MS),
          to: new Date(now.getTime() + WINDOW_DAYS.ahead * DAY_MS),
        };
        return { now, window, appointments: await kit.upstreams.appointments.appointmentsOf(cpr, window) };
      },
      answer: ({ prepared: { now, window, appointments }, overrideUsed }): AppointmentsResponse => {
        const startOf = (a: PsychiatryAppointment) => Date.parse(a.start);
        // The window holds whatever the upstream answers (POL-003.11).
        const shown = appointments.filter(
          (a) => window.from.getTime() <= startOf(a) && startOf(a) < window.to.getTime(),
        );
        return {
          window: { from: window.from.toISOString(), to: window.to.toISOString() },
          upcoming: shown
            .filter((a) => startOf(a) >= now.getTime())
            .sort((a, b) => startOf(a) - startOf(b))
            .map(show),
          recent: shown
            .filter((a) => startOf(a) < now.getTime())
            .sort((a, b) => startOf(b) - startOf(a))
            .map(show),
          overrideUsed,
        };
      },
      allowReason: 'case_handler',
      denials: {
        no_relation_to_child:
          'You handle no active case of this child that covers its psychiatry appointments',
        blocked_by_citizen:
          'The citizen has blocked access to this child’s health data for you; an override needs the guardian’s consent given now',
      },
    }),
  );
  return app;
}

/** Only the listed fields: no document id, no indication, no instruction (POL-003.12). */
function show(a: PsychiatryAppointment): ShownAppointment {
  return {
    start: a.start,
    end: a.end,
    status: a.status,
    kind: a.kind,
    kindTitle: a.kindTitle,
    unit: { sor: a.unit.sor, name: a.unit.name, phone: a.unit.phone },
  };
}
