import type { CaseWire } from '../../contracts/case-index.ts';
import type { CitizenBlock } from '../../contracts/citizen-blocks.ts';
import type { GpClinic } from '../../contracts/health-organisation.ts';
import { ageOn, substituteCpr } from './calendar.ts';
import { makeCase } from './cases.ts';
import type { FamilyContext } from './families.ts';
import { birthDateOf } from './families.ts';
import { adultName } from './names.ts';
import type { Rng } from './random.ts';
import type { AdultRecord, ChildRecord } from './schema.ts';

/**
 * Children that each show one rule to a newcomer, all in Aalborg and listed at
 * Lægerne Torvet (the gp persona's clinic), added after everything else from
 * a random stream of their own so the rest of the data stays as it was.
 * `ruleDemo` finds each by its facts, not by position.
 */
export const RULE_DEMOS = {
  'no-case': 'No case at all: the GP is told so, explicitly (POL-004)',
  'blocked-gp': 'The guardian has blocked the gp persona by name (Min Spærring, POL-008.1)',
  'blocked-clinic': 'The guardian has blocked Lægerne Torvet as a place (POL-008.2)',
  protected: 'Name and address protection: the school is hidden (POL-005.2)',
  party: 'A notification case names one custody holder as a party (POL-007.14)',
  teen: '15 or older: sees its own access log, its custody holders no longer do (POL-007.11, POL-007.12)',
} as const;
export type RuleDemo = keyof typeof RULE_DEMOS;
export const RULE_DEMO_KEYS = Object.keys(RULE_DEMOS) as RuleDemo[];

const TORVET = 'Lægerne Torvet';
const shareable = (c: CaseWire) => c.progressState !== 'Afsluttet' && c.sensitivity !== 'VIP_SAGER';
const torvetOf = (data: { readonly clinics: readonly GpClinic[] }) =>
  data.clinics.find((c) => c.name === TORVET);

/** Adds one child per rule (and its custody holders), unless the data holds one already. */
export function addRuleDemos(
  rng: Rng,
  ctx: FamilyContext,
  data: { adults: AdultRecord[]; children: ChildRecord[] },
): void {
  const clinic = ctx.clinics.find((c) => c.name === TORVET);
  const gp = clinic?.staff[0];
  if (!clinic || !gp) throw new Error('the sandbox data has no GP at Lægerne Torvet');
  const school = (ctx.institutions.get('851') ?? []).find((i) => i.type === 'school') ?? null;
  const local = { ...ctx, rng };
  const parents = (surname: string, count: number) =>
    Array.from({ length: count }, (_, i) => {
      const sex = i === 0 ? 'female' : 'male';
      const adult = {
        cpr: substituteCpr(rng, 1982 + i, sex, ctx.usedCprs),
        name: adultName(rng, sex, surname),
        residenceMunicipality: '851',
        addressProtected: false,
      };
      data.adults.push(adult);
      return adult.cpr;
    });
  const support = () =>
    makeCase(local, 'Barn', {
      municipality: '851',
      active: true,
      kle: '34.10.10',
      unitId: '851-myndighed-oest',
      sensitivity: 'FORTROLIGE_PERSONOPLYSNINGER',
      progressState: 'Oplyst',
    });
  const add = (demo: RuleDemo, name: string, born: number, rest: Partial<ChildRecord>, holders = 2) => {
    if (ruleDemo(data.children, { clinics: ctx.clinics }, demo, ctx.today)) return;
    const custody = parents(name.split(' ')[1]!, holders);
    data.children.push({
      cpr: substituteCpr(rng, born, 'female', ctx.usedCprs),
      name,
      residenceMunicipality: '851',
      custodyHolders: custody,
      addressProtected: false,
      gpClinicSor: clinic.sor,
      institution: school,
      cases: [support()],
      courses: [],
      blocks: [],
      appointments: [],
      ...rest,
      ...(demo === 'party' ? { cases: [support(), notificationAbout(local, custody[0]!)] } : {}),
    });
  };
  const block = (b: CitizenBlock) => ({ blocks: [b] });
  add('no-case', 'Alma Demo', 2018, { cases: [] });
  add('blocked-gp', 'Clara Demo', 2017, block({ kind: 'professional', professional: gp.subject }));
  add(
    'blocked-clinic',
    'Ella Demo',
    2015,
    block({ kind: 'place', place: { type: 'gp_clinic', sor: clinic.sor } }),
  );
  add('protected', 'Ida Demo', 2016, { addressProtected: true });
  add('party', 'Karla Demo', 2014, {});
  add('teen', 'Laura Demo', ctx.today.getUTCFullYear() - 16, {});
}

/** A notification (underretning) about a parent: the parent is a secondary party of the child's case. */
function notificationAbout(ctx: FamilyContext, parent: string): CaseWire {
  return makeCase(ctx, 'Barn', {
    municipality: '851',
    active: true,
    kle: '34.10.30',
    unitId: '851-modtagelsen',
    sensitivity: 'FOELSOMME_PERSONOPLYSNINGER',
    progressState: 'Opstaaet',
    secondaryParties: [parent],
  });
}

/** The first child of the data that shows `demo`, or undefined. */
export function ruleDemo(
  children: readonly ChildRecord[],
  data: { readonly clinics: readonly GpClinic[] },
  demo: RuleDemo,
  today: Date = new Date(),
): ChildRecord | undefined {
  const clinic = torvetOf(data);
  if (!clinic) return undefined;
  const gp = clinic.staff[0]?.subject;
  const plain = (c: ChildRecord) =>
    c.residenceMunicipality === '851' && c.gpClinicSor === clinic.sor && c.custodyHolders.length > 0;
  const unblocked = (c: ChildRecord) => c.blocks.length === 0;
  const tests: Record<RuleDemo, (c: ChildRecord) => boolean> = {
    'no-case': (c) => plain(c) && unblocked(c) && !c.addressProtected && c.cases.length === 0,
    'blocked-gp': (c) =>
      plain(c) &&
      c.cases.some(shareable) &&
      c.blocks.length === 1 &&
      c.blocks.some((b) => b.kind === 'professional' && b.professional === gp),
    'blocked-clinic': (c) =>
      plain(c) &&
      c.cases.some(shareable) &&
      c.blocks.length === 1 &&
      c.blocks.some((b) => b.kind === 'place' && b.place.type === 'gp_clinic' && b.place.sor === clinic.sor),
    protected: (c) =>
      plain(c) && unblocked(c) && c.addressProtected && c.institution !== null && c.cases.some(shareable),
    party: (c) =>
      plain(c) &&
      unblocked(c) &&
      !c.addressProtected &&
      c.custodyHolders.length === 2 &&
      c.cases.some(
        (k) => k.progressState !== 'Afsluttet' && k.secondaryParties.includes(c.custodyHolders[0]!),
      ),
    teen: (c) =>
      plain(c) &&
      unblocked(c) &&
      !c.addressProtected &&
      c.cases.some(shareable) &&
      ageOn(today, birthDateOf(c.cpr)) >= 15,
  };
  return children.find(tests[demo]);
}
