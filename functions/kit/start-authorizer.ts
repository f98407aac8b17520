import * as z from 'zod/mini';
import type { FkOrganisation } from '../contracts/fk-organisation.ts';
import type { HealthOrganisation } from '../contracts/health-organisation.ts';
import { loadAuthzConfig } from '../runtime/authz/config.ts';
import { createAuthorizer } from '../runtime/authz/create-authorizer.ts';
import { authzFilesShape } from '../runtime/authz/files-config.ts';
import { readModelFile } from '../runtime/authz/model-file.ts';
import type { Authorizer } from '../runtime/authz/port.ts';
import { loadTuplePolicy } from '../runtime/authz/tuple-policy.ts';
import { parseEnv } from '../runtime/config/parse-env.ts';
import { loadOwnChoices } from './org-sync/municipal-choices.ts';
import { organisationTuples } from './org-sync/organisation-tuples.ts';
import { loadRelevantCasesPolicy } from './org-sync/relevant-cases-policy.ts';

const files = z.object(authzFilesShape);

/** Where the embedded evaluator reads the organisation from at start. */
export interface AuthorizerSources {
  readonly fkOrganisation: FkOrganisation;
  readonly health: HealthOrganisation;
}

/**
 * The authorizer of a function process, by configuration (POL-001 guard
 * included). Embedded: the model from `AUTHZ_MODEL_FILE` (`.fga`, or `.json` as
 * compiled by `npm run build`) over the organisation
 * the production sync reads from FK Organisation and the health side.
 */
/** The authorizer's settings, parsed as `startAuthorizer` parses them, without starting anything. */
export function checkAuthorizerConfig(env: Readonly<Record<string, string | undefined>>): void {
  loadAuthzConfig(env);
  parseEnv(files, env);
}

export async function startAuthorizer(
  env: Readonly<Record<string, string | undefined>>,
  sources: AuthorizerSources,
  /** The manifest's `permissionsChecked`: what an OpenFGA replica copies (AUTHZ_REPLICA). */
  permissions: readonly string[] = [],
): Promise<Authorizer> {
  const config = loadAuthzConfig(env);
  const paths = parseEnv(files, env);
  const policy = await loadTuplePolicy(paths.AUTHZ_TUPLE_POLICY_FILE);
  return createAuthorizer(
    config,
    policy,
    async () => ({
      model: await readModelFile(paths.AUTHZ_MODEL_FILE),
      tuples: await organisationTuples({
        municipalities: paths.AUTHZ_MUNICIPALITIES.split(','),
        fkOrganisation: sources.fkOrganisation,
        health: sources.health,
        relevantCases: await loadRelevantCasesPolicy(paths.RELEVANT_CASES_FILE),
        ownRelevantCases: await loadOwnChoices(paths.RELEVANT_CASES_BY_MUNICIPALITY),
        klePlans: paths.KLE_PLAN_BY_MUNICIPALITY,
      }),
    }),
    permissions,
  );
}
