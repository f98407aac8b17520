import type { Hono } from 'hono';
import type { Kit } from '../kit/kit.ts';
import { createFunctionApp } from '../runtime/http/create-function-app.ts';
import { loadSandboxConfig } from './config.ts';
import type { SandboxData } from './data/schema.ts';
import { injectFaults, type SandboxFault } from './faults.ts';
import { appointmentRoutes } from './routes/appointments.ts';
import { caseIndexRoutes } from './routes/case-index.ts';
import { fkOrganisationRoutes } from './routes/fk-organisation.ts';
import { healthOrganisationRoutes } from './routes/health-organisation.ts';
import { klePlanRoutes } from './routes/kle-plan.ts';
import { medcomPeerRoutes } from './routes/medcom-peer.ts';
import { personLookupRoutes } from './routes/person-lookups.ts';
import { sorLocationRoutes } from './routes/sor-locations.ts';

export interface SandboxOptions {
  /** Failures to stage, for tests of timeouts and upstream errors. @default none */
  readonly faults?: readonly SandboxFault[];
  /** The clock that decides which psychiatry courses have ended. @default the system clock */
  readonly now?: () => Date;
}

/** The sandbox as a function: its data generated from `SANDBOX_SEED` (or read from `SANDBOX_DATA_FILE`). */
export function createApp(kit: Kit): Hono {
  return createSandboxApp(loadSandboxConfig(kit.env).data);
}

/**
 * Synthetic stand-ins for the upstreams (FK Sags- og Dokumentindeks, FK
 * Organisation, CPR, sygesikring, SOR, the psychiatry record, STIL,
 * Aftaleoversigten), answering
 * exactly the contracts the adapters in functions/contracts call.
 */
export function createSandboxApp(data: SandboxData, options: SandboxOptions = {}): Hono {
  const app = createFunctionApp({ name: 'sandbox' });
  app.use(injectFaults(options.faults ?? []));
  app.route('/', caseIndexRoutes(data));
  app.route('/', fkOrganisationRoutes(data));
  app.route('/', personLookupRoutes(data, options.now ?? (() => new Date())));
  app.route('/', healthOrganisationRoutes(data));
  app.route('/', klePlanRoutes());
  app.route('/', appointmentRoutes(data));
  app.route('/', sorLocationRoutes(data));
  app.route('/', medcomPeerRoutes(data, options.now ?? (() => new Date())));
  return app;
}
