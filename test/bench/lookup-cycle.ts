/**
 * Whom `npm run bench` has ask case-lookup, and about which child: every
 * child listed at a pilot clinic, each asked by a GP of its own clinic whom
 * none of its blocks covers, in the data's order (consecutive requests come
 * from different clinics and families). Production sees a child looked up now
 * and then, not the same child hundreds of times a second: a load of one
 * request measures OpenFGA's caches, not its checks.
 */
import type { CitizenBlock } from '../../functions/contracts/citizen-blocks.ts';
import { turnsAgeAt } from '../../functions/runtime/cpr/age.ts';
import { parseCpr } from '../../functions/runtime/cpr/cpr.ts';
import type { Persona } from '../../functions/sandbox/data/personas.ts';
import type { ChildRecord, SandboxData } from '../../functions/sandbox/data/schema.ts';

/** The cases case-lookup shows health (policies/relevant-cases.yaml covers every subject the sandbox uses). */
export function visibleCases(child: ChildRecord) {
  return child.cases.filter((k) => k.progressState !== 'Afsluttet' && k.sensitivity !== 'VIP_SAGER');
}

/** The gp persona as each clinic's GPs, each about one listed child none of whose blocks covers them. */
export function gpLookups(data: SandboxData, gp: Persona, now: Date = new Date()): Persona[] {
  const clinics = new Map(data.clinics.map((clinic) => [clinic.sor, clinic]));
  const asked: Persona[] = [];
  for (const child of data.children) {
    const clinic = child.gpClinicSor === null ? undefined : clinics.get(child.gpClinicSor);
    if (!clinic || child.blocks.some((b) => coversClinic(b, clinic.sor, now))) continue;
    const staff = clinic.staff.find((s) => !child.blocks.some((b) => coversProfessional(b, s.subject)));
    if (!staff) continue;
    asked.push({
      ...gp,
      subject: staff.subject,
      name: staff.name,
      organisation: { id: clinic.sor, name: clinic.name },
      demoChildCpr: child.cpr,
    });
  }
  return asked;
}

function coversClinic(block: CitizenBlock, sor: string, now: Date): boolean {
  if (block.kind === 'period')
    return Date.parse(block.start) <= now.getTime() && now.getTime() < Date.parse(block.end);
  return block.kind === 'place' && block.place.type === 'gp_clinic' && block.place.sor === sor;
}

function coversProfessional(block: CitizenBlock, subject: string): boolean {
  return block.kind === 'professional' && block.municipality === undefined && block.professional === subject;
}

/**
 * The guardian persona as each child's first custody holder, about that child: every child
 * under 15 the sandbox data gives a custody holder, in the data's order. MinLog is read by
 * many families now and then; a load of one guardian asking again and again reads a log
 * made of its own views, which it is never shown (POL-007), so every request skips more.
 */
export function guardianViews(data: SandboxData, guardian: Persona, now: Date = new Date()): Persona[] {
  const adults = new Map(data.adults.map((adult) => [adult.cpr, adult]));
  const asked: Persona[] = [];
  for (const child of data.children) {
    const holder = child.custodyHolders[0];
    const adult = holder === undefined ? undefined : adults.get(holder);
    const parsed = parseCpr(child.cpr);
    if (!adult || !parsed.ok || turnsAgeAt(parsed.cpr.birthDate, 15).getTime() <= now.getTime()) continue;
    asked.push({
      ...guardian,
      subject: `mitid-guardian-${asked.length + 1}`,
      name: adult.name,
      cpr: adult.cpr,
      demoChildCpr: child.cpr,
    });
  }
  return asked;
}
