/**
 * npm run authz:explain -- <user> <permission> <object> [contextual-tuples.yaml] [--store <file.fga.yaml>]
 *
 * Prints allowed/denied and the path of relations that decided it. The stored
 * organisation comes from a store test file's model and global tuples
 * (default: openfga/tests/appointments.fga.yaml); with AUTHZ_MODE=openfga and the
 * FGA_* variables it asks the configured OpenFGA server instead (decision by the
 * server, path from its model and stored tuples).
 */
import { parseArgs } from 'node:util';
import { embeddedAuthorizerFactory } from '../../functions/openfga-embedded/index.ts';
import { loadAuthzConfig } from '../../functions/runtime/authz/config.ts';
import { createOpenFgaAuthorizer } from '../../functions/runtime/authz/openfga-adapter.ts';
import type { Authorizer } from '../../functions/runtime/authz/port.ts';
import { loadContextualFile } from './contextual-file.ts';
import { formatExplanation } from './explain-format.ts';
import { loadStoreFile } from './store-file.ts';

const USAGE =
  'usage: npm run authz:explain -- <user> <permission> <object> [contextual-tuples.yaml] [--store <file.fga.yaml>]';

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { store: { type: 'string', default: 'openfga/tests/appointments.fga.yaml' } },
  });
  const [user, relation, object, contextFile] = positionals;
  if (!user || !relation || !object) {
    console.error(USAGE);
    return 2;
  }
  const facts = contextFile ? await loadContextualFile(contextFile) : { tuples: [], context: undefined };
  const config = loadAuthzConfig(process.env);
  let authorizer: Authorizer;
  if (config.mode === 'openfga') {
    authorizer = createOpenFgaAuthorizer(config, embeddedAuthorizerFactory);
  } else {
    const store = await loadStoreFile(values.store);
    authorizer = await embeddedAuthorizerFactory({ model: store.model, tuples: store.tuples });
  }
  const request = {
    user,
    relation,
    object,
    contextualTuples: facts.tuples,
    context: { current_time: new Date().toISOString(), ...facts.context },
  };
  const result = await authorizer.explain(request);
  console.log(formatExplanation(request, result));
  return result.allowed ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`authz:explain: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
