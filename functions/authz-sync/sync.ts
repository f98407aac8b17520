import { diffTuples } from '../kit/org-sync/diff-tuples.ts';
import { OrgSyncError } from '../kit/org-sync/map-organisation.ts';
import type { WithheldChoices } from '../kit/org-sync/municipal-choices.ts';
import type { OrganisationRead } from '../kit/org-sync/organisation-tuples.ts';
import { AuthzError } from '../openfga-embedded/vocabulary/errors.ts';
import type { AuthorizationModel, TupleKey } from '../openfga-embedded/vocabulary/types.ts';
import { objectTypeOf } from '../runtime/authz/fact-reach.ts';
import { sameModel } from '../runtime/authz/same-model.ts';
import { AppError } from '../runtime/http/app-error.ts';
import type { AuthzSyncDeps } from './deps.ts';

export interface SyncResult {
  readonly written: number;
  readonly deleted: number;
  readonly unchanged: number;
  /** Of the deletes, tuples of relations the model no longer has (a model change retired them). */
  readonly retired?: number;
  readonly durationMs: number;
  /** Present when the store's model differed from the model file and a new version was written. */
  readonly model?: { readonly id: string; readonly note: string };
  /**
   * Present when a municipality's relevant-case choices name a KLE number its plan does not
   * back: none of its choice tuples were written (POL-004.7), the rest of the sync was.
   */
  readonly withheld?: readonly WithheldChoices[];
}

/**
 * One sync: read the store and the organisation, refuse what POL-001.2
 * forbids, stop at the mass-delete guard, then write the model if it changed,
 * the writes, and the deletes. Nothing is written before every check passed.
 */
export async function runSync(deps: AuthzSyncDeps): Promise<SyncResult> {
  const clock = deps.clock ?? Date.now;
  const started = clock();
  const [current, latest] = await fromStore(() =>
    Promise.all([deps.store.readTuples(), deps.store.latestModel()]),
  );
  const { tuples: desired, withheld = [] } = await fromOrganisation(deps.organisation);
  try {
    deps.policy.assertStorable(desired);
  } catch (error) {
    // The message names the relation only, never an identifier (POL-001.4).
    throw new AppError(
      502,
      'tuple_policy_refused',
      'The organisation holds tuples POL-001.2 forbids storing',
      {
        cause: error,
      },
    );
  }
  const { writes, deletes } = diffTuples(current, desired);
  // A tuple of a relation the model no longer has decides nothing under it (OpenFGA ignores it
  // in checks): a model that renames or drops a relation retires every such tuple, and removing
  // them is no mass delete of the organisation. The guard weighs the rest of the store only.
  const relations = modelRelations(deps.model);
  const retired = deletes.filter((t) => !relations.has(typeRelation(t))).length;
  const maxShare = deps.maxDeleteShare ?? 0.2;
  if (deletes.length - retired > maxShare * (current.length - retired)) {
    throw new AppError(409, 'sync_guard_tripped', 'The sync would delete more of the store than allowed', {
      details: {
        current: current.length,
        desired: desired.length,
        deletes: deletes.length,
        ...(retired > 0 ? { retired } : {}),
        maxShare,
      },
    });
  }

  const modelChanged = !latest || !sameModel(latest.model, deps.model);
  const modelId = modelChanged ? await fromStore(() => deps.store.writeModel(deps.model)) : latest.id;
  // A tuple whose condition changed must go before its successor can be written.
  const written = new Set(writes.map(key));
  const replaced = deletes.filter((t) => written.has(key(t)));
  const gone = deletes.filter((t) => !written.has(key(t)));
  const progress = { written: 0, deleted: 0 };
  try {
    await deps.store.deleteTuples(modelId, replaced);
    progress.deleted = replaced.length;
    await deps.store.writeTuples(modelId, writes);
    progress.written = writes.length;
    await deps.store.deleteTuples(modelId, gone);
    progress.deleted = deletes.length;
  } catch (error) {
    throw new AppError(
      503,
      'openfga_unavailable',
      'OpenFGA failed during the sync; the store is partly synced',
      {
        cause: error,
        details: { ...progress, pendingWrites: writes.length - progress.written, modelId },
      },
    );
  }
  return {
    written: writes.length,
    deleted: deletes.length,
    unchanged: current.length - deletes.length,
    ...(retired > 0 ? { retired } : {}),
    durationMs: clock() - started,
    ...(modelChanged
      ? {
          model: {
            id: modelId,
            note: 'A new model was written: set FGA_MODEL_ID of the functions to its id',
          },
        }
      : {}),
    ...(withheld.length > 0 ? { withheld } : {}),
  };
}

const key = (t: TupleKey) => `${t.object}#${t.relation}@${t.user}`;
const typeRelation = (t: TupleKey) => `${objectTypeOf(t.object)}#${t.relation}`;

/** Every `type#relation` the model defines. */
function modelRelations(model: AuthorizationModel): ReadonlySet<string> {
  const types = model.type_definitions as readonly { type: string; relations?: Record<string, unknown> }[];
  return new Set(types.flatMap((td) => Object.keys(td.relations ?? {}).map((r) => `${td.type}#${r}`)));
}

async function fromStore<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof AuthzError || !(error instanceof AppError)) {
      throw new AppError(503, 'openfga_unavailable', 'OpenFGA did not answer', { cause: error });
    }
    throw error;
  }
}

async function fromOrganisation(read: () => Promise<OrganisationRead>): Promise<OrganisationRead> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof OrgSyncError) {
      throw new AppError(502, 'organisation_invalid', 'The upstream organisation is inconsistent', {
        cause: error,
      });
    }
    throw new AppError(502, 'upstream_error', 'The organisation could not be read', { cause: error });
  }
}
