import { AUTHZ_ERROR_CODES, type AuthzErrorCode } from './types.ts';

/**
 * A request the authorizer refused (`validation_error`, `invalid_tuple`, …) or
 * could not answer (`unavailable`). Callers treat every AuthzError as deny;
 * the HTTP layer maps `unavailable` to 503 and the rest to 400/500 by cause.
 */
export class AuthzError extends Error {
  readonly code: AuthzErrorCode;

  constructor(code: AuthzErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AuthzError';
    this.code = code;
  }

  /** The numeric OpenFGA ErrorCode, or undefined for `unavailable`. */
  get numericCode(): number | undefined {
    return this.code === 'unavailable' ? undefined : AUTHZ_ERROR_CODES[this.code];
  }
}
