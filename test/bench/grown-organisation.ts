/**
 * The bench's sandbox grown to more municipalities: the pilot's data (its
 * children, cases and organisation) untouched, and for each further
 * municipality of the size the synthetic FK Organisation of `bench:authz`
 * (authz/organisation.ts) with its GP clinics. case-lookup then answers the
 * same lookups over an organisation of that size: in a store the sync fills
 * (production) or an organisation the embedded evaluator loads at start.
 */
import type { RelevantCasesPolicy } from '../../functions/kit/org-sync/relevant-cases-policy.ts';
import { municipalityName } from '../../functions/runtime/reference/municipalities.ts';
import type { SandboxData } from '../../functions/sandbox/data/schema.ts';
import { type OrganisationSize, syntheticOrganisation } from './authz/organisation.ts';

export function grownSandboxData(
  data: SandboxData,
  size: OrganisationSize,
  relevantCases: RelevantCasesPolicy,
): SandboxData {
  const synthetic = syntheticOrganisation(size, relevantCases);
  const pilot = new Set(data.municipalities.map((m) => m.code));
  const added = synthetic.municipalities.filter((code) => !pilot.has(code));
  const of = (code: string) => synthetic.byMunicipality.get(code)!;
  const clinicSors = new Set(data.clinics.map((c) => c.sor));
  return {
    ...data,
    municipalities: [
      ...data.municipalities,
      ...added.map((code) => ({ code, name: municipalityName(code) })),
    ],
    units: [...data.units, ...added.flatMap((code) => of(code).units)],
    employees: [...data.employees, ...added.flatMap((code) => of(code).employees)],
    auditors: [...data.auditors, ...added.flatMap((code) => of(code).auditors)],
    clinics: [...data.clinics, ...synthetic.clinics.filter((c) => !clinicSors.has(c.sor))],
  };
}
