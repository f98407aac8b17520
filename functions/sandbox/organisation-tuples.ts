import { createFkOrganisation } from '../contracts/fk-organisation.ts';
import { createHealthOrganisation } from '../contracts/health-organisation.ts';
import { type OrganisationSources, organisationTuples } from '../kit/org-sync/organisation-tuples.ts';
import type { RelevantCasesPolicy } from '../kit/org-sync/relevant-cases-policy.ts';
import type { TupleKey } from '../openfga-embedded/vocabulary/types.ts';
import { createSandboxApp } from './app.ts';
import type { SandboxData } from './data/schema.ts';

/**
 * The stored tuples for sandbox data, made the production way: the
 * organisation sync reading the sandbox through the adapters (in process, no
 * port). For local runs and tests that need the organisation in an embedded
 * authorizer. `choices`: municipalities' own relevant-case choices and KLE plans (POL-004.7).
 */
export function sandboxOrganisationTuples(
  data: SandboxData,
  relevantCases: RelevantCasesPolicy,
  choices: Pick<OrganisationSources, 'ownRelevantCases' | 'klePlans' | 'clock'> = {},
): Promise<TupleKey[]> {
  const app = createSandboxApp(data);
  const options = {
    baseUrl: 'http://sandbox.internal',
    timeoutMs: 10_000,
    fetch: (async (input, init) => app.fetch(new Request(input, init))) satisfies typeof fetch,
  };
  return organisationTuples({
    municipalities: data.municipalities.map((m) => m.code),
    fkOrganisation: createFkOrganisation(options),
    health: createHealthOrganisation(options),
    relevantCases,
    ...choices,
  });
}
