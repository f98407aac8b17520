import type { Appointments } from '../contracts/appointments.ts';
import type { CaseFiling } from '../contracts/case-filing.ts';
import type { CaseIndex } from '../contracts/case-index.ts';
import type { CasePartiesIndex } from '../contracts/case-parties.ts';
import type { CitizenBlocks } from '../contracts/citizen-blocks.ts';
import type { CprRegister } from '../contracts/cpr-register.ts';
import type { FkOrganisation } from '../contracts/fk-organisation.ts';
import type { GpListingRegister } from '../contracts/gp-listing.ts';
import type { HealthOrganisation } from '../contracts/health-organisation.ts';
import type { Institutions } from '../contracts/institutions.ts';
import type { KlePlan } from '../contracts/kle-plan.ts';
import type { MessageGateway } from '../contracts/message-gateway.ts';
import type { MessagingLocations } from '../contracts/messaging-locations.ts';
import type { PsychiatryCourses } from '../contracts/psychiatry-courses.ts';
import type { AuditLog } from '../runtime/audit/audit-log.ts';
import type { TokenVerifier } from '../runtime/auth/token-verifier.ts';
import type { Authorizer } from '../runtime/authz/port.ts';
import type { Database } from '../runtime/db/database.ts';
import type { ReadinessCheck } from '../runtime/http/health.ts';
import type { FunctionManifest } from './define-function.ts';

export type Env = Readonly<Record<string, string | undefined>>;

/** The adapters of the upstream contracts, one per `UpstreamName`. */
export interface Upstreams {
  readonly caseIndex: CaseIndex;
  /** The case index again, read for each case's secondary parties (as pseudonyms; needs `pseudonyms`). */
  readonly caseParties: CasePartiesIndex;
  readonly gpListing: GpListingRegister;
  readonly courses: PsychiatryCourses;
  readonly blocks: CitizenBlocks;
  readonly organisation: FkOrganisation;
  readonly health: HealthOrganisation;
  readonly klePlan: KlePlan;
  readonly cprRegister: CprRegister;
  readonly institutions: Institutions;
  readonly appointments: Appointments;
  /** SOR's messaging locations (SOR code ↔ EAN), on the `sor` upstream. */
  readonly locations: MessagingLocations;
  readonly messageGateway: MessageGateway;
  readonly caseFiling: CaseFiling;
}

/**
 * Everything shared a function is built from, made once at start from the
 * environment (`createKit`) or, in a test, from parts (functions/testing). A
 * part the manifest does not declare is not built: reaching for it throws.
 */
export interface Kit {
  readonly manifest: FunctionManifest;
  /** The environment, for the function's own settings: parse them once, in `createApp`. */
  readonly env: Env;
  readonly verifyToken: TokenVerifier;
  readonly authorizer: Authorizer;
  readonly database: Database;
  readonly audit: AuditLog;
  readonly upstreams: Upstreams;
  /** The key of the child's pseudonym (≥ 32 bytes). */
  readonly pseudonymKey: Uint8Array;
  readonly clock: () => Date;
  /** The built parts that must answer before the function takes traffic. */
  readonly readiness: readonly ReadinessCheck[];
  /** @default 10000 */
  readonly requestTimeoutMs?: number;
}

/** A function's code: its `app.ts` exports this as `createApp`. */
export type CreateApp = (kit: Kit) => import('hono').Hono | Promise<import('hono').Hono>;

/** A started function: the app and what closes the kit's parts once in-flight requests drained. */
export interface StartedKit {
  readonly kit: Kit;
  readonly close: () => Promise<void>;
  /** Milliseconds each start step took (they run side by side), for the start's log line. */
  readonly startMs: Readonly<Record<string, number>>;
}
