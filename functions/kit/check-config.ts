import { loadTrustDomains } from '../runtime/auth/config.ts';
import { createTokenVerifier } from '../runtime/auth/token-verifier.ts';
import { parseKey } from '../runtime/config/secret-key.ts';
import { loadUpstreamUrls } from '../runtime/config/upstream-urls.ts';
import { loadDatabaseConfig } from '../runtime/db/config.ts';
import { type FunctionManifest, UPSTREAM_URL_VARIABLES } from './define-function.ts';
import type { Env } from './kit.ts';
import { checkAuthorizerConfig } from './start-authorizer.ts';

/**
 * Everything `createKit` reads from the environment, parsed by the same loaders,
 * with nothing opened or called: a deployment's environment can be proven to
 * start a function (a ConfigError names the variable) without its databases,
 * OpenFGA or identity providers.
 */
export async function checkConfig(manifest: FunctionManifest, env: Env): Promise<void> {
  const uses = new Set(manifest.uses);
  loadUpstreamUrls(
    env,
    manifest.upstreams.map((name) => UPSTREAM_URL_VARIABLES[name]),
  );
  const pseudonymKey = uses.has('pseudonyms') ? parseKey(env, 'PSEUDONYM_KEY') : undefined;
  const citizens = uses.has('citizen-tokens') && pseudonymKey ? { pseudonymKey } : undefined;
  if (uses.has('tokens')) createTokenVerifier(await loadTrustDomains(env, citizens));
  if (uses.has('authorizer')) checkAuthorizerConfig(env);
  if (uses.has('audit')) loadDatabaseConfig(env);
}
