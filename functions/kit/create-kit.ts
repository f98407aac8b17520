import { createAppointments } from '../contracts/appointments.ts';
import { createCaseFiling } from '../contracts/case-filing.ts';
import { createCaseIndex } from '../contracts/case-index.ts';
import { createCaseParties } from '../contracts/case-parties.ts';
import { createCitizenBlocks } from '../contracts/citizen-blocks.ts';
import { createCprRegister } from '../contracts/cpr-register.ts';
import { createFkOrganisation } from '../contracts/fk-organisation.ts';
import { createGpListingRegister } from '../contracts/gp-listing.ts';
import { createHealthOrganisation } from '../contracts/health-organisation.ts';
import { createInstitutions } from '../contracts/institutions.ts';
import { createKlePlan } from '../contracts/kle-plan.ts';
import { createMessageGateway } from '../contracts/message-gateway.ts';
import { createMessagingLocations } from '../contracts/messaging-locations.ts';
import { createPsychiatryCourses } from '../contracts/psychiatry-courses.ts';
import { createAuditLog } from '../runtime/audit/audit-log.ts';
import { loadTrustDomains } from '../runtime/auth/config.ts';
import { createTokenVerifier } from '../runtime/auth/token-verifier.ts';
import type { Authorizer } from '../runtime/authz/port.ts';
import { parseKey } from '../runtime/config/secret-key.ts';
import { loadUpstreamUrls } from '../runtime/config/upstream-urls.ts';
import { loadDatabaseConfig } from '../runtime/db/config.ts';
import type { Database } from '../runtime/db/database.ts';
import { openDatabase } from '../runtime/db/open-database.ts';
import type { ReadinessCheck } from '../runtime/http/health.ts';
import { type FunctionManifest, UPSTREAM_URL_VARIABLES, type UpstreamName } from './define-function.ts';
import type { Env, Kit, StartedKit, Upstreams } from './kit.ts';
import { declaredOnly } from './parts.ts';
import { type AuthorizerSources, startAuthorizer } from './start-authorizer.ts';
import { warmUp } from './warm-up.ts';

/**
 * Builds the parts `manifest` declares from the environment, once, at start: a
 * bad value stops the process naming the variable (ConfigError). Independent
 * steps (authorizer, database) run side by side: start-up is the cold start.
 */
export async function createKit(
  manifest: FunctionManifest,
  env: Env,
  shared: SharedParts = {},
): Promise<StartedKit> {
  const uses = new Set(manifest.uses);
  const upstreams = buildUpstreams(manifest, env, uses.has('pseudonyms'));
  const pseudonymKey = uses.has('pseudonyms') ? parseKey(env, 'PSEUDONYM_KEY') : undefined;
  if (uses.has('citizen-tokens') && !(uses.has('tokens') && pseudonymKey))
    throw new Error(`${manifest.name}: citizen-tokens needs the tokens and pseudonyms parts`);
  const citizens = uses.has('citizen-tokens') && pseudonymKey ? { pseudonymKey } : undefined;
  const databaseConfig = uses.has('audit') ? loadDatabaseConfig(env) : undefined;
  const sources = () => ({ fkOrganisation: upstreams.organisation, health: upstreams.health });
  const startOwnAuthorizer = () => startAuthorizer(env, sources(), manifest.permissionsChecked);
  const startMs: Record<string, number> = {};
  const timed = async <T>(step: string, run: () => Promise<T>): Promise<T> => {
    const began = performance.now();
    try {
      return await run();
    } finally {
      startMs[step] = Math.round(performance.now() - began);
    }
  };
  const [trustDomains, authorizer, database] = await Promise.all([
    uses.has('tokens') ? timed('tokens', () => loadTrustDomains(env, citizens)) : undefined,
    uses.has('authorizer')
      ? timed('authorizer', async () => {
          const started = await (shared.authorizer ? shared.authorizer(sources()) : startOwnAuthorizer());
          await warmUp(started, manifest.permissionsChecked);
          return started;
        })
      : undefined,
    databaseConfig
      ? timed('database', () => (shared.database ?? (() => openDatabase(databaseConfig)))())
      : undefined,
  ]);
  const readiness: ReadinessCheck[] = [];
  if (authorizer) readiness.push({ name: 'authorizer', check: () => authorizer.ready() });
  if (database) {
    readiness.push({
      name: 'audit',
      check: async () => (await database.query('SELECT 1 AS ok')).rows.length === 1,
    });
  }
  const kit: Kit = declaredOnly(manifest.name, {
    manifest,
    env,
    verifyToken: trustDomains && createTokenVerifier(trustDomains),
    authorizer,
    database,
    audit: database && createAuditLog(database),
    upstreams,
    pseudonymKey,
    clock: () => new Date(),
    readiness,
  });
  return {
    kit,
    startMs,
    // Shared parts belong to whoever shared them.
    close: async () => {
      if (!shared.authorizer) await authorizer?.close();
      if (!shared.database) await database?.close();
    },
  };
}

/**
 * Parts several functions in one process use together (the local platform): one
 * audit database (PGlite on disk opens once) and one embedded authorizer.
 */
export interface SharedParts {
  readonly database?: () => Promise<Database>;
  /** Given the organisation sources of the first function that asks. */
  readonly authorizer?: (sources: AuthorizerSources) => Promise<Authorizer>;
}

/** Clients for the declared upstreams only; each base URL falls back to UPSTREAM_BASE_URL. */
function buildUpstreams(manifest: FunctionManifest, env: Env, withPseudonyms: boolean): Upstreams {
  const variables = manifest.upstreams.map((name) => UPSTREAM_URL_VARIABLES[name]);
  const { urls, timeoutMs } = loadUpstreamUrls(env, variables);
  const at = (name: UpstreamName) => ({ baseUrl: urls[UPSTREAM_URL_VARIABLES[name]], timeoutMs });
  const declared = new Set(manifest.upstreams);
  const build = <T>(name: UpstreamName, create: () => T): T | undefined =>
    declared.has(name) ? create() : undefined;
  return declaredOnly(`${manifest.name} upstreams`, {
    caseIndex: build('case-index', () => createCaseIndex(at('case-index'))),
    // Only where pseudonyms are declared: the parties leave the adapter as pseudonyms alone.
    caseParties: build('case-index', () =>
      withPseudonyms
        ? createCaseParties({ ...at('case-index'), pseudonymKey: parseKey(env, 'PSEUDONYM_KEY') })
        : undefined,
    ),
    gpListing: build('gp-listing', () => createGpListingRegister(at('gp-listing'))),
    courses: build('psychiatry', () => createPsychiatryCourses(at('psychiatry'))),
    blocks: build('min-spaerring', () => createCitizenBlocks(at('min-spaerring'))),
    organisation: build('fk-organisation', () => createFkOrganisation(at('fk-organisation'))),
    health: build('sor', () => createHealthOrganisation(at('sor'))),
    klePlan: build('kle-plan', () => createKlePlan(at('kle-plan'))),
    cprRegister: build('cpr', () => {
      if (!withPseudonyms) throw new Error(`${manifest.name}: the cpr upstream needs the pseudonyms part`);
      return createCprRegister({ ...at('cpr'), pseudonymKey: parseKey(env, 'PSEUDONYM_KEY') });
    }),
    institutions: build('institutions', () => createInstitutions(at('institutions'))),
    appointments: build('appointments', () => createAppointments(at('appointments'))),
    locations: build('sor', () => createMessagingLocations(at('sor'))),
    messageGateway: build('message-gateway', () => createMessageGateway(at('message-gateway'))),
    caseFiling: build('case-filing', () => createCaseFiling(at('case-filing'))),
  });
}
