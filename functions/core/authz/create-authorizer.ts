import type { AuthzConfig } from './config.ts';
import { embeddedAuthorizerFactory } from './embedded/authorizer.ts';
import { guardedAuthorizer } from './guarded-authorizer.ts';
import { createOpenFgaAuthorizer } from './openfga-server/adapter.ts';
import type { Authorizer } from './port.ts';
import type { TuplePolicy } from './tuple-policy.ts';
import type { StoreFixture } from './types.ts';

/**
 * The authorizer a function uses, by configuration: the embedded evaluator over
 * the given model and organisation tuples, or the OpenFGA server (whose store
 * already holds the organisation). Both sit behind the POL-001 guard.
 */
export async function createAuthorizer(
  config: AuthzConfig,
  policy: TuplePolicy,
  embedded: () => Promise<StoreFixture>,
): Promise<Authorizer> {
  if (config.mode === 'openfga') {
    return guardedAuthorizer(createOpenFgaAuthorizer(config, embeddedAuthorizerFactory), policy);
  }
  const fixture = await embedded();
  policy.assertStorable(fixture.tuples);
  return guardedAuthorizer(await embeddedAuthorizerFactory(fixture), policy);
}
