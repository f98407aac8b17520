import type { AuditLog } from '../core/audit/audit-log.ts';
import type { TokenVerifier } from '../core/auth/token-verifier.ts';
import type { Authorizer } from '../core/authz/port.ts';
import type { ReadinessCheck } from '../core/http/health.ts';
import type { CaseIndex } from '../core/upstreams/case-index.ts';
import type { CitizenBlocks } from '../core/upstreams/citizen-blocks.ts';
import type { FkOrganisation } from '../core/upstreams/fk-organisation.ts';
import type { GpListingRegister } from '../core/upstreams/gp-listing.ts';
import type { PsychiatryCourses } from '../core/upstreams/psychiatry-courses.ts';

/** Everything `case-lookup` needs, built by main.ts (or a test) and passed in. */
export interface CaseLookupDeps {
  readonly verifyToken: TokenVerifier;
  readonly authorizer: Authorizer;
  readonly audit: AuditLog;
  readonly upstreams: {
    readonly caseIndex: CaseIndex;
    readonly gpListing: GpListingRegister;
    readonly courses: PsychiatryCourses;
    readonly blocks: CitizenBlocks;
    readonly organisation: FkOrganisation;
  };
  /** KLE titles by number, from the municipality's plan (reference data, read at start). */
  readonly kleTitles: ReadonlyMap<string, string>;
  /** The key of the child's pseudonym (≥ 32 bytes). */
  readonly pseudonymKey: Uint8Array;
  readonly clock?: () => Date;
  readonly readiness?: readonly ReadinessCheck[];
  /** @default 10000 */
  readonly requestTimeoutMs?: number;
}
