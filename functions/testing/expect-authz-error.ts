import { AuthzError } from '../openfga-embedded/vocabulary/errors.ts';

/** Test helper: runs `run` and returns the AuthzError it throws; anything else fails the test. */
export function expectAuthzError(run: () => unknown): AuthzError {
  try {
    run();
  } catch (error) {
    if (error instanceof AuthzError) return error;
    throw error;
  }
  throw new Error('expected an AuthzError');
}
