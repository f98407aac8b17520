import { FgaApiValidationError } from '@openfga/sdk';
import { AuthzError } from '../../openfga-embedded/vocabulary/errors.ts';
import { AUTHZ_ERROR_CODES, type AuthzErrorCode } from '../../openfga-embedded/vocabulary/types.ts';

/**
 * Turns whatever the SDK threw into an AuthzError. Only a 400 with one of
 * OpenFGA's request-validation codes is the caller's fault; everything else
 * (network, timeout, 401/403, a store or model that does not exist — which
 * OpenFGA also answers with 400 —, 429, 5xx) means the authorizer cannot
 * answer: `unavailable`, which callers turn into deny/503.
 */
export function toAuthzError(error: unknown): AuthzError {
  if (error instanceof AuthzError) return error;
  if (error instanceof FgaApiValidationError) {
    const code = String(error.apiErrorCode);
    if (code in AUTHZ_ERROR_CODES) {
      return new AuthzError(code as AuthzErrorCode, error.apiErrorMessage ?? 'OpenFGA rejected the request', {
        cause: error,
      });
    }
  }
  return new AuthzError('unavailable', 'OpenFGA did not answer', { cause: error });
}

/** Rejects with `unavailable` when the call outlives its deadline, whatever the SDK's retries do. */
export async function withDeadline<T>(ms: number, call: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new AuthzError('unavailable', `OpenFGA did not answer within ${ms} ms`)),
      ms,
    );
  });
  try {
    return await Promise.race([call(), deadline]);
  } catch (error) {
    throw toAuthzError(error);
  } finally {
    clearTimeout(timer);
  }
}
