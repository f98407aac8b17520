import type { OrganisationRead } from '../kit/org-sync/organisation-tuples.ts';
import type { AuthorizationModel, TupleKey } from '../openfga-embedded/vocabulary/types.ts';
import type { TuplePolicy } from '../runtime/authz/tuple-policy.ts';

/** The OpenFGA store the job keeps in step; failures reject with an AuthzError. */
export interface SyncedStore {
  readTuples(): Promise<TupleKey[]>;
  /** The store's latest model, or undefined for a store without one. */
  latestModel(): Promise<{ id: string; model: AuthorizationModel } | undefined>;
  /** Writes a model version and answers its id. */
  writeModel(model: AuthorizationModel): Promise<string>;
  writeTuples(modelId: string, tuples: readonly TupleKey[]): Promise<void>;
  deleteTuples(modelId: string, tuples: readonly TupleKey[]): Promise<void>;
}

/** Everything `authz-sync` needs, built by main.ts (or a test) and passed in. */
export interface AuthzSyncDeps {
  readonly store: SyncedStore;
  /**
   * The organisation as stored tuples, with the municipalities whose choices were withheld
   * (`readOrganisation`); upstream failures reject.
   */
  readonly organisation: () => Promise<OrganisationRead>;
  /** The model the functions run with (`readModelFile`). */
  readonly model: AuthorizationModel;
  /** POL-001 (`loadTuplePolicy`). */
  readonly policy: TuplePolicy;
  /** The shared secret a caller presents as `Authorization: Bearer …` (from a Kubernetes Secret). */
  readonly syncToken: string;
  /** Largest share of the stored tuples one sync may delete. @default 0.2 */
  readonly maxDeleteShare?: number;
  readonly clock?: () => number;
}
