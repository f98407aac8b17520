import type { EmbeddedAuthorizer } from '../../openfga-embedded/index.ts';
import type { StoreFixture } from '../../openfga-embedded/vocabulary/types.ts';
import type { AuthzConfig } from './config.ts';
import { guardedAuthorizer } from './guarded-authorizer.ts';
import type { Authorizer } from './port.ts';
import { scopedAuthorizer } from './scoped-authorizer.ts';
import type { TuplePolicy } from './tuple-policy.ts';

/**
 * The authorizer a function uses, by configuration: the embedded evaluator over
 * the given model and organisation tuples, or the OpenFGA server (whose store
 * already holds the organisation). Both sit behind the POL-001 guard, which sees
 * every fact the caller sent; each query then carries only the facts its
 * relation can read under the deciding side's model (scoped-authorizer.ts). Only the
 * configured side's code is loaded: the OpenFGA SDK (with axios) and the
 * evaluator (with CEL) are each a large part of a function's bundle, and
 * parsing the unused one would lengthen every cold start.
 */
export async function createAuthorizer(
  config: AuthzConfig,
  policy: TuplePolicy,
  embedded: () => Promise<StoreFixture>,
  /** The `type#relation`s the function checks (its manifest's): what a replica copies (replica-authorizer.ts). */
  permissions: readonly string[] = [],
): Promise<Authorizer> {
  if (config.mode === 'openfga') {
    const { createOpenFgaAuthorizer } = await import('./openfga-adapter.ts');
    const server = createOpenFgaAuthorizer(config, loadEmbeddedAuthorizer);
    const replica = config.replica;
    const deciding = replica
      ? (await import('./replica-authorizer.ts')).replicaAuthorizer(server, {
          config: replica,
          permissions,
          stored: policy.stored,
        })
      : server;
    return guardedAuthorizer(
      scopedAuthorizer(deciding, () => server.model()),
      policy,
    );
  }
  const fixture = await embedded();
  policy.assertStorable(fixture.tuples);
  const inner = await loadEmbeddedAuthorizer(fixture);
  return guardedAuthorizer(
    scopedAuthorizer(inner, () => Promise.resolve(fixture.model)),
    policy,
  );
}

async function loadEmbeddedAuthorizer(fixture: StoreFixture): Promise<EmbeddedAuthorizer> {
  const { embeddedAuthorizerFactory } = await import('../../openfga-embedded/index.ts');
  return embeddedAuthorizerFactory(fixture);
}
