import * as z from 'zod/mini';

const ENTRIES = /^(\d{3}=[^,=\s]+(,\d{3}=[^,=\s]+)*)?$/;

/**
 * Where a process finds the authorization model, the policies and which
 * municipalities' organisation to load: one set of variables for every function
 * and job that reads them (`dist/` JSON forms in the image, the sources locally).
 */
export const authzFilesShape = {
  AUTHZ_MODEL_FILE: z._default(z.string(), 'openfga/model/model.fga'),
  AUTHZ_TUPLE_POLICY_FILE: z._default(z.string(), 'policies/tuple-storage.yaml'),
  RELEVANT_CASES_FILE: z._default(z.string(), 'policies/relevant-cases.yaml'),
  /**
   * Municipalities with relevant-case choices of their own (POL-004.7), as
   * `<code>=<file>` entries (`860=policies/municipalities/860-relevant-cases.yaml`);
   * the others take RELEVANT_CASES_FILE's. Derived from the target.
   */
  RELEVANT_CASES_BY_MUNICIPALITY: z._default(
    z
      .string()
      .check(z.regex(ENTRIES, 'must be entries like 860=policies/municipalities/860-relevant-cases.yaml')),
    '',
  ),
  /** Municipalities' KLE plans (`kle-emneplan.xml`) as `<code>=<file>` entries, which guard their choices. */
  KLE_PLAN_BY_MUNICIPALITY: z._default(
    z.string().check(z.regex(ENTRIES, 'must be entries like 860=/etc/hoi/kle-plan/860/kle-emneplan.xml')),
    '',
  ),
  /** Municipalities whose organisation is loaded (embedded authorizer) or synced (authz-sync). */
  AUTHZ_MUNICIPALITIES: z._default(
    z.string().check(z.regex(/^\d{3}(,\d{3})*$/, 'must be codes like 851,810')),
    '851,810,849,840,787',
  ),
};
