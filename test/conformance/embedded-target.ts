import { EmbeddedStore } from '../../functions/openfga-embedded/index.ts';
import type { StagedStore } from './server-tests.ts';

/** The embedded evaluator as a conformance target: one in-memory store whose model changes per stage. */
export async function embeddedStagedStore(): Promise<StagedStore> {
  const store = new EmbeddedStore();
  return {
    writeModel: async (model) => store.writeModel(model),
    write: async (tuples) => store.write(tuples),
    check: async (request) => store.evaluator.check(request),
    listObjects: async (request) => store.evaluator.listObjects(request),
    listUsers: async (request) => store.evaluator.listUsers(request),
  };
}
