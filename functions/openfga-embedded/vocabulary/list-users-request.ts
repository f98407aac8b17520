import type { TupleKey } from './types.ts';

/**
 * OpenFGA's ListUsers: who has `relation` on `object`, limited to the user
 * filters (`{ type: 'user' }` for users and `user:*`, `{ type: 'group',
 * relation: 'member' }` for usersets). Not part of the authorizer port.
 */
export interface ListUsersRequest {
  readonly object: string;
  readonly relation: string;
  readonly userFilters: readonly { readonly type: string; readonly relation?: string }[];
  readonly contextualTuples?: readonly TupleKey[];
  readonly context?: Readonly<Record<string, unknown>>;
}

export interface ListUsersResult {
  /** `type:id`, `type:*` or `type:id#relation`. */
  readonly users: readonly string[];
}
