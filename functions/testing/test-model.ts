import { createEmbeddedAuthorizer, type EmbeddedAuthorizer } from '../openfga-embedded/index.ts';
import type { TupleKey } from '../openfga-embedded/vocabulary/types.ts';
import { modelFromDsl } from '../runtime/authz/model.ts';

/**
 * Test shorthand: `tuple('document:1#viewer@user:anne')` and an embedded
 * authorizer built from DSL lines, so each test shows its whole model.
 */
export function tuple(text: string, condition?: TupleKey['condition']): TupleKey {
  const at = text.lastIndexOf('@');
  const hash = text.lastIndexOf('#', at);
  const key = { object: text.slice(0, hash), relation: text.slice(hash + 1, at), user: text.slice(at + 1) };
  return condition === undefined ? key : { ...key, condition };
}

export function authorizerFor(dsl: string, tuples: readonly string[] = []): EmbeddedAuthorizer {
  return createEmbeddedAuthorizer({
    model: modelFromDsl(`model\n  schema 1.1\n${dsl}`),
    tuples: tuples.map((t) => tuple(t)),
  });
}

/** Resolves to the AuthzError code a rejected promise carries. */
export async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code: string }).code;
  }
  throw new Error('expected the request to fail');
}
