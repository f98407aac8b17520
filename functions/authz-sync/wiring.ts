import type { Kit } from '../kit/kit.ts';
import { loadOwnChoices } from '../kit/org-sync/municipal-choices.ts';
import { readOrganisation } from '../kit/org-sync/organisation-tuples.ts';
import { loadRelevantCasesPolicy } from '../kit/org-sync/relevant-cases-policy.ts';
import type { OpenFgaAuthzConfig } from '../runtime/authz/config.ts';
import { readModelFile } from '../runtime/authz/model-file.ts';
import { writeModel, writeTuples } from '../runtime/authz/openfga-store-admin.ts';
import { deleteTuples, readAllTuples, readLatestModel } from '../runtime/authz/openfga-store-reader.ts';
import { loadTuplePolicy } from '../runtime/authz/tuple-policy.ts';
import type { AuthzSyncDeps, SyncedStore } from './deps.ts';
import { loadSettings } from './settings.ts';

/** Builds authz-sync's dependencies from the kit and its own settings, once, at start; a bad value names the variable. */
export async function buildAuthzSyncDeps(kit: Kit): Promise<AuthzSyncDeps> {
  const settings = loadSettings(kit.env);
  const fga = settings.fga;
  const [model, policy, relevantCases, ownRelevantCases] = await Promise.all([
    readModelFile(settings.AUTHZ_MODEL_FILE),
    loadTuplePolicy(settings.AUTHZ_TUPLE_POLICY_FILE),
    loadRelevantCasesPolicy(settings.RELEVANT_CASES_FILE),
    loadOwnChoices(settings.RELEVANT_CASES_BY_MUNICIPALITY),
  ]);
  const sources = {
    municipalities: settings.AUTHZ_MUNICIPALITIES.split(','),
    fkOrganisation: kit.upstreams.organisation,
    health: kit.upstreams.health,
    relevantCases,
    ownRelevantCases,
    // Read at every sync: a ConfigMap's file changes under a running pod.
    klePlans: settings.KLE_PLAN_BY_MUNICIPALITY,
  };
  return {
    store: openFgaStore(fga),
    organisation: () => readOrganisation(sources),
    model,
    policy,
    syncToken: settings.SYNC_TOKEN,
    maxDeleteShare: settings.SYNC_MAX_DELETE_SHARE,
  };
}

/** The store on a real OpenFGA server, through the SDK (no retries of writes or deletes). */
export function openFgaStore(fga: Omit<OpenFgaAuthzConfig, 'mode' | 'maxRetries' | 'modelId'>): SyncedStore {
  return {
    readTuples: () => readAllTuples(fga),
    latestModel: () => readLatestModel(fga),
    writeModel: (next) => writeModel(fga, fga.storeId, next),
    writeTuples: (modelId, tuples) => writeTuples({ ...fga, modelId }, tuples),
    deleteTuples: (modelId, tuples) => deleteTuples({ ...fga, modelId }, tuples),
  };
}
