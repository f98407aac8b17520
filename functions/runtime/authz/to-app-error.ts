import { AuthzError } from '../../openfga-embedded/vocabulary/errors.ts';
import { AppError } from '../http/app-error.ts';

/**
 * How an authorizer failure reaches a caller (POL-002.4): when it cannot answer,
 * 503 and no data; a request it refuses is the function's own bug, never the
 * caller's, so a plain 500.
 */
export function authzFailure(error: unknown): AppError {
  if (error instanceof AuthzError && error.code === 'unavailable') {
    return new AppError(503, 'authorizer_unavailable', 'The authorization service did not answer', {
      cause: error,
    });
  }
  return new AppError(500, 'internal_error', 'Internal error', { cause: error });
}
