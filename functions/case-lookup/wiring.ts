import { createAuditLog } from '../core/audit/audit-log.ts';
import { loadTrustDomains } from '../core/auth/config.ts';
import { createTokenVerifier } from '../core/auth/token-verifier.ts';
import { startAuthorizer } from '../core/authz/start-authorizer.ts';
import { parseKey } from '../core/config/secret-key.ts';
import { loadUpstreamUrls } from '../core/config/upstream-urls.ts';
import { loadDatabaseConfig } from '../core/db/config.ts';
import type { Database } from '../core/db/database.ts';
import { openDatabase } from '../core/db/open-database.ts';
import { createCaseIndex } from '../core/upstreams/case-index.ts';
import { createCitizenBlocks } from '../core/upstreams/citizen-blocks.ts';
import { createFkOrganisation } from '../core/upstreams/fk-organisation.ts';
import { createGpListingRegister } from '../core/upstreams/gp-listing.ts';
import { createHealthOrganisation } from '../core/upstreams/health-organisation.ts';
import { createKlePlan } from '../core/upstreams/kle-plan.ts';
import { createPsychiatryCourses } from '../core/upstreams/psychiatry-courses.ts';
import type { CaseLookupDeps } from './deps.ts';
import { warmUp } from './warm-up.ts';

const UPSTREAMS = [
  'CASE_INDEX_URL',
  'GP_LISTING_URL',
  'PSYCHIATRY_URL',
  'MIN_SPAERRING_URL',
  'FK_ORGANISATION_URL',
  'SOR_URL',
  'KLE_PLAN_URL',
] as const;

/**
 * Builds case-lookup's dependencies from the environment, once, at start: a bad
 * value stops the process naming the variable. Also used by the local platform.
 */
export async function buildCaseLookupDeps(
  env: Readonly<Record<string, string | undefined>>,
): Promise<{ deps: CaseLookupDeps; database: Database }> {
  const { urls, timeoutMs } = loadUpstreamUrls(env, UPSTREAMS);
  const pseudonymKey = parseKey(env, 'PSEUDONYM_KEY');
  const trustDomains = await loadTrustDomains(env);
  const at = (baseUrl: string) => ({ baseUrl, timeoutMs });
  const organisation = createFkOrganisation(at(urls.FK_ORGANISATION_URL));
  const databaseConfig = loadDatabaseConfig(env);
  // Independent start-up steps run side by side: start-up is the function's cold start.
  const [authorizer, database, kleTitles] = await Promise.all([
    startAuthorizer(env, {
      fkOrganisation: organisation,
      health: createHealthOrganisation(at(urls.SOR_URL)),
    }).then(async (started) => {
      await warmUp(started);
      return started;
    }),
    openDatabase(databaseConfig),
    createKlePlan(at(urls.KLE_PLAN_URL)).titles(),
  ]);
  return {
    database,
    deps: {
      verifyToken: createTokenVerifier(trustDomains),
      authorizer,
      audit: createAuditLog(database),
      upstreams: {
        caseIndex: createCaseIndex(at(urls.CASE_INDEX_URL)),
        gpListing: createGpListingRegister(at(urls.GP_LISTING_URL)),
        courses: createPsychiatryCourses(at(urls.PSYCHIATRY_URL)),
        blocks: createCitizenBlocks(at(urls.MIN_SPAERRING_URL)),
        organisation,
      },
      kleTitles,
      pseudonymKey,
      readiness: [
        { name: 'authorizer', check: () => authorizer.ready() },
        { name: 'audit', check: async () => (await database.query('SELECT 1 AS ok')).rows.length === 1 },
      ],
    },
  };
}
