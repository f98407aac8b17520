import { transformer } from '@openfga/syntax-transformer';
import type { AuthorizationModel, CheckRequest, TupleKey } from '../openfga-embedded/vocabulary/types.ts';

/**
 * Test-only: a small model of the shape the platform's has — a clinic's staff see a
 * child listed with the clinic (or on a course there, within its window), a unit's
 * members reach a child placed with the unit — for the authorizer adapters' tests.
 */
export const CLINIC_MODEL = transformer.transformDSLToJSONObject(`model
  schema 1.1
type user
type clinic
  relations
    define staff: [user]
type unit
  relations
    define member: [user]
type child
  relations
    define listed_clinic: [clinic]
    define course: [clinic with in_window]
    define can_see: staff from listed_clinic or staff from course
    define unit_of_child: [unit]
    define can_call: member from unit_of_child
condition in_window(current_time: timestamp, until: timestamp) {
  current_time < until
}
`) as unknown as AuthorizationModel;

/** `user` on the staff of clinic `clinic`: a stored organisation tuple of CLINIC_MODEL. */
export const staff = (user: string, clinic = 'c1'): TupleKey => ({
  user,
  relation: 'staff',
  object: `clinic:${clinic}`,
});

/** May `user` see child p-1, listed with clinic c1 (a contextual tuple)? */
export const canSee = (user: string): CheckRequest => ({
  user,
  relation: 'can_see',
  object: 'child:p-1',
  contextualTuples: [{ user: 'clinic:c1', relation: 'listed_clinic', object: 'child:p-1' }],
});
