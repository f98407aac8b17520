import { addAppointments } from './appointments.ts';
import { addCitizenBlocks } from './blocks.ts';
import { demoFamilies } from './demo-children.ts';
import { type FamilyContext, makeFamily } from './families.ts';
import { buildClinics, buildPsychiatryUnits, courseUnits } from './health.ts';
import { buildInstitutions } from './institutions.ts';
import { buildMunicipalOrganisation } from './organisation.ts';
import { createRng } from './random.ts';
import { addRuleDemos } from './rule-demos.ts';
import type { AdultRecord, ChildRecord, SandboxData } from './schema.ts';
import { PILOT_MUNICIPALITIES } from './unit-tree.ts';

export interface GenerateOptions {
  /** @default 851 */
  readonly seed?: number;
  /** Case and course dates are relative to this day, so the data stays current. @default now */
  readonly today?: Date;
  /** @default 240 */
  readonly minChildren?: number;
}

/**
 * The sandbox's synthetic world: the five pilot municipalities' FK Organisation
 * trees and staff, the pilot's GP clinics and the BUP centre, and households
 * of synthetic people (CPR substitute numbers only) with cases, GP listings,
 * psychiatry courses and schools. The same seed and day give the same data.
 */
export function generateSandboxData(options: GenerateOptions = {}): SandboxData {
  const seed = options.seed ?? 851;
  const today = options.today ?? new Date();
  const rng = createRng(seed);
  const municipalities = PILOT_MUNICIPALITIES.map((m) => ({ code: m.code, name: m.name }));
  const organisation = buildMunicipalOrganisation(rng, municipalities);
  const clinics = buildClinics(rng);
  const psychiatryUnits = buildPsychiatryUnits(rng);
  const codes = municipalities.map((m) => m.code);
  const ctx: FamilyContext = {
    rng,
    today,
    organisation,
    municipalities: codes,
    clinics,
    courseUnits: courseUnits(psychiatryUnits),
    institutions: buildInstitutions(rng, codes),
    usedCprs: new Set(),
  };

  const demo = demoFamilies(ctx);
  const adults: AdultRecord[] = [...demo.adults];
  const children: ChildRecord[] = [...demo.children];
  while (children.length < (options.minChildren ?? 240)) {
    const family = makeFamily(ctx);
    adults.push(...family.adults);
    children.push(...family.children);
  }

  addCitizenBlocks(
    createRng(seed ^ 0x5eed),
    { clinics, psychiatryUnits },
    children,
    demo.children.length,
    today,
  );
  addAppointments(createRng(seed ^ 0xa9d), psychiatryUnits, children, today);
  // Last, so neither blocks nor appointments are added to them at random.
  addRuleDemos(createRng(seed ^ 0xd3e0), ctx, { adults, children });

  return {
    synthetic: true,
    generator: { seed, today: today.toISOString().slice(0, 10) },
    municipalities,
    units: organisation.units,
    employees: organisation.employees,
    auditors: organisation.auditors,
    clinics,
    psychiatryUnits,
    adults,
    children,
  };
}
