import type { FkOrganisation } from '../../contracts/fk-organisation.ts';
import type { HealthOrganisation } from '../../contracts/health-organisation.ts';
import type { TupleKey } from '../../openfga-embedded/vocabulary/types.ts';
import { mapOrganisation, type OrganisationSnapshot, withheldChoices } from './map-organisation.ts';
import { loadPlans, type MunicipalChoices, type WithheldChoices } from './municipal-choices.ts';
import type { RelevantCasesPolicy } from './relevant-cases-policy.ts';

/** Where a sync reads the organisation from: the adapters, and the policy file already parsed. */
export interface OrganisationSources {
  /** Municipality codes to sync, e.g. the pilot's `851`, `810`, `849`, `840`, `787`. */
  readonly municipalities: readonly string[];
  readonly fkOrganisation: Pick<FkOrganisation, 'units' | 'employees' | 'auditors'>;
  readonly health: HealthOrganisation;
  /** policies/relevant-cases.yaml (parseRelevantCasesPolicy). */
  readonly relevantCases: RelevantCasesPolicy;
  /** Municipalities' own choices (loadOwnChoices). @default none */
  readonly ownRelevantCases?: MunicipalChoices['own'];
  /** KLE_PLAN_BY_MUNICIPALITY (`860=<path>`): each plan is read at every sync. @default none */
  readonly klePlans?: string;
  /** @default Date.now */
  readonly clock?: () => number;
}

/** What a sync writes, and the municipalities whose choices it left out (POL-004.7). */
export interface OrganisationRead {
  readonly tuples: TupleKey[];
  readonly withheld?: readonly WithheldChoices[];
}

/** Reads everything a sync needs. Any upstream failure rejects: a sync never writes half an organisation. */
export async function fetchOrganisation(sources: OrganisationSources): Promise<OrganisationSnapshot> {
  const [municipalities, clinics, psychiatryUnits, klePlans] = await Promise.all([
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
    loadPlans(sources.klePlans ?? ''),
  ]);
  return {
    municipalities,
    clinics,
    psychiatryUnits,
    relevantCases: sources.relevantCases,
    ...(sources.ownRelevantCases ? { ownRelevantCases: sources.ownRelevantCases } : {}),
    klePlans,
    day: new Date((sources.clock ?? Date.now)()).toISOString().slice(0, 10),
  };
}

/** The organisation as the stored tuples of openfga/model/model.fga (sorted, without duplicates). */
export async function organisationTuples(sources: OrganisationSources): Promise<TupleKey[]> {
  return mapOrganisation(await fetchOrganisation(sources));
}

/** The tuples, with the municipalities whose choices were withheld: what authz-sync reports. */
export async function readOrganisation(sources: OrganisationSources): Promise<OrganisationRead> {
  const snapshot = await fetchOrganisation(sources);
  return { tuples: mapOrganisation(snapshot), withheld: withheldChoices(snapshot) };
}
