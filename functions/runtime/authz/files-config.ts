import * as z from 'zod/mini';

/**
 * Where a process finds the authorization model, the policies and which
 * municipalities' organisation to load: one set of variables for every function
 * and job that reads them (`dist/` JSON forms in the image, the sources locally).
 */
export const authzFilesShape = {
  AUTHZ_MODEL_FILE: z._default(z.string(), 'openfga/model/model.fga'),
  AUTHZ_TUPLE_POLICY_FILE: z._default(z.string(), 'policies/tuple-storage.yaml'),
  RELEVANT_CASES_FILE: z._default(z.string(), 'policies/relevant-cases.yaml'),
  /** Municipalities whose organisation is loaded (embedded authorizer) or synced (authz-sync). */
  AUTHZ_MUNICIPALITIES: z._default(
    z.string().check(z.regex(/^\d{3}(,\d{3})*$/, 'must be codes like 851,810')),
    '851,810,849,840,787',
  ),
};
