import type { FkOrganisation } from '../../contracts/fk-organisation.ts';
import type { HealthOrganisation } from '../../contracts/health-organisation.ts';
import type { TupleKey } from '../../openfga-embedded/vocabulary/types.ts';
import { mapOrganisation, type OrganisationSnapshot } from './map-organisation.ts';
import type { RelevantCasesPolicy } from './relevant-cases-policy.ts';

/** Where a sync reads the organisation from: the adapters, and the policy file already parsed. */
export interface OrganisationSources {
  /** Municipality codes to sync, e.g. the pilot's `851`, `810`, `849`, `840`, `787`. */
  readonly municipalities: readonly string[];
  readonly fkOrganisation: Pick<FkOrganisation, 'units' | 'employees' | 'auditors'>;
  readonly health: HealthOrganisation;
  /** policies/relevant-cases.yaml (parseRelevantCasesPolicy). */
  readonly relevantCases: RelevantCasesPolicy;
}

/** Reads everything a sync needs. Any upstream failure rejects: a sync never writes half an organisation. */
export async function fetchOrganisation(sources: OrganisationSources): Promise<OrganisationSnapshot> {
  const [municipalities, clinics, psychiatryUnits] = await Promise.all([
    Promise.all(
      sources.municipalities.map(async (code) => {
        const [units, employees, auditors] = await Promise.all([
          sources.fkOrganisation.units(code),
          sources.fkOrganisation.employees(code),
          sources.fkOrganisation.auditors(code),
        ]);
        return { code, units, employees, auditors };
      }),
    ),
    sources.health.clinics(),
    sources.health.psychiatryUnits(),
  ]);
  return {
    municipalities,
    clinics,
    psychiatryUnits,
    relevantCases: sources.relevantCases,
  };
}

/** The organisation as the stored tuples of openfga/model/model.fga (sorted, without duplicates). */
export async function organisationTuples(sources: OrganisationSources): Promise<TupleKey[]> {
  return mapOrganisation(await fetchOrganisation(sources));
}
