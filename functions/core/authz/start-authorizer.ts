import * as z from 'zod/mini';
import { parseEnv } from '../config/parse-env.ts';
import { organisationTuples } from '../org-sync/organisation-tuples.ts';
import { loadRelevantCasesPolicy } from '../org-sync/relevant-cases-policy.ts';
import type { FkOrganisation } from '../upstreams/fk-organisation.ts';
import type { HealthOrganisation } from '../upstreams/health-organisation.ts';
import { loadAuthzConfig } from './config.ts';
import { createAuthorizer } from './create-authorizer.ts';
import { authzFilesShape } from './files-config.ts';
import { readModelFile } from './model-file.ts';
import type { Authorizer } from './port.ts';
import { loadTuplePolicy } from './tuple-policy.ts';

const files = z.object(authzFilesShape);

/**
 * The authorizer of a function process, by configuration (POL-001 guard
 * included). Embedded: the model from `AUTHZ_MODEL_FILE` (`.fga`, or `.json` as
 * compiled by `npm run build`) over the organisation
 * the production sync reads from FK Organisation and the health side.
 */
export async function startAuthorizer(
  env: Readonly<Record<string, string | undefined>>,
  sources: { readonly fkOrganisation: FkOrganisation; readonly health: HealthOrganisation },
): Promise<Authorizer> {
  const config = loadAuthzConfig(env);
  const paths = parseEnv(files, env);
  const policy = await loadTuplePolicy(paths.AUTHZ_TUPLE_POLICY_FILE);
  return createAuthorizer(config, policy, async () => ({
    model: await readModelFile(paths.AUTHZ_MODEL_FILE),
    tuples: await organisationTuples({
      municipalities: paths.AUTHZ_MUNICIPALITIES.split(','),
      fkOrganisation: sources.fkOrganisation,
      health: sources.health,
      relevantCases: await loadRelevantCasesPolicy(paths.RELEVANT_CASES_FILE),
    }),
  }));
}
