import type { Authorizer } from '../runtime/authz/port.ts';

/** A child id no pseudonym has (POL-001.4 shape, all zeros): the warm-up asks about nobody. */
export const NOBODY = `child:p-${'0'.repeat(32)}`;

/**
 * One decision's path taken once at start, beside the other start steps' waits:
 * the authorizer's first batch (with the OpenFGA server: the client's
 * connection and code paths, the server's model) then costs the start instead
 * of the first caller (~50 ms, measured). It asks the function's first
 * permission on a child about nobody, so nothing is audited. Best effort: a
 * failure changes nothing, readiness reports the authorizer's state.
 */
export async function warmUp(authorizer: Authorizer, permissions: readonly string[]): Promise<void> {
  const onChild = permissions.find((p) => p.startsWith('child#'));
  if (!onChild) return;
  await authorizer
    .batchCheck([
      {
        user: 'user:warm-up',
        relation: onChild.slice('child#'.length),
        object: NOBODY,
        context: { current_time: new Date(0).toISOString() },
      },
    ])
    .catch(() => undefined);
}
