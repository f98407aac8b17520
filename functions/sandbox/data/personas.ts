import type { CaseWire } from '../../contracts/case-index.ts';
import type { Employee, EmployeeRole } from '../../contracts/fk-organisation.ts';
import { SENSITIVITY_LEVELS, type SensitivityLevel } from '../../contracts/wire.ts';
import { ruleDemo } from './rule-demos.ts';
import type { ChildRecord, SandboxData } from './schema.ts';

/**
 * Who a developer can be locally. Each persona is a real employee of the
 * sandbox data (so the organisation sync gives them their relations), in the
 * shape the local identity provider signs (subject, name, role, organisation,
 * trust domain), with a child whose data shows what the persona may see.
 */
export const PERSONA_ABOUT = {
  gp: 'A GP at Lægerne Torvet. The child is listed there, has an active case health may see (POL-004) and a school (POL-005).',
  'gp-other-clinic':
    'A GP at Toldbodlægerne with a listed child of their own; the gp persona’s child is not their patient (POL-002).',
  psychiatrist:
    'A psychiatrist at BUP, Ambulatorium for unge. The child has a running course there, a shareable PPR case and a VIP case health never sees.',
  caseworker:
    'A caseworker in Myndighed Øst, Aalborg. The child’s active case is theirs and the child has a running BUP course (POL-003).',
  ppr: 'A PPR psychologist in Aalborg. The child’s active PPR case is in their unit and the child has a running BUP course (POL-003).',
  leader:
    'The head of Familieafdelingen, Aalborg: reads the caseworker’s case and its correspondence, but not appointments.',
  auditor:
    'Aalborg’s internal auditor: reads the access log of a child living in Aalborg (POL-007), nothing else. The child is the gp persona’s.',
  guardian:
    'A parent holding custody of the gp persona’s child, signed in with (dev) MitID: sees who looked at the child (POL-007).',
  'clinic-auditor':
    'Lægerne Torvet’s auditor: inspects the clinic’s own GPs’ accesses across children (POL-007.13), and sees no child’s log.',
  child:
    'A 16-year-old listed at Lægerne Torvet, signed in with (dev) MitID: sees its own access log (POL-007.11); its parents no longer do.',
  'guardian-party':
    'A parent holding custody whom the child’s notification case names as a party: not shown the accesses to that case (POL-007.14).',
} as const;
export type PersonaKey = keyof typeof PERSONA_ABOUT;
export const PERSONA_KEYS = Object.keys(PERSONA_ABOUT) as PersonaKey[];

export interface Persona {
  readonly key: PersonaKey;
  /** The identity provider's subject; in OpenFGA `user:health/<subject>` or `user:<municipality>/<subject>`. */
  readonly subject: string;
  readonly name: string;
  readonly role: 'gp' | 'psychiatrist' | EmployeeRole | 'auditor' | 'custody_holder' | 'citizen';
  /** A unit id (`851-myndighed-oest`) or a SOR code, and its name. */
  readonly organisation: { readonly id: string; readonly name: string };
  readonly domain: 'municipal' | 'health' | 'citizen';
  /** For municipal staff: the municipality whose IdP vouches for them. */
  readonly municipality?: string;
  /** A citizen's own synthetic CPR number, which the dev MitID vouches for (citizens only). */
  readonly cpr?: string;
  /** A synthetic CPR number (substitute) that makes a good demo for this persona. */
  readonly demoChildCpr: string;
  /** What the persona and the child show, for a local sign-in page. */
  readonly about: string;
}

const rank = (level: SensitivityLevel) => SENSITIVITY_LEVELS.indexOf(level);
const active = (c: CaseWire) => c.progressState !== 'Afsluttet';
/** What policies/relevant-cases.yaml lets health see, for the KLE subjects the sandbox uses. */
const shareable = (c: CaseWire) => active(c) && c.sensitivity !== 'VIP_SAGER';

/** The personas of this data set, `now` deciding which psychiatry courses run. */
export function personas(data: SandboxData, now: Date = new Date()): Persona[] {
  const running = (child: ChildRecord, unitSor?: string) =>
    child.courses.some(
      (c) =>
        (unitSor === undefined || c.unitSor === unitSor) &&
        Date.parse(c.start) <= now.getTime() &&
        (c.end === null || now.getTime() < Date.parse(c.end)),
    );
  const childWhere = (what: string, test: (child: ChildRecord) => boolean) => {
    const child = data.children.find((c) => !c.addressProtected && test(c));
    if (!child) throw new Error(`the sandbox data has no demo child for ${what}`);
    return child;
  };
  const clinic = (name: string) => {
    const found = data.clinics.find((c) => c.name === name);
    if (!found?.staff[0]) throw new Error(`the sandbox data has no GP at ${name}`);
    return { clinic: found, gp: found.staff[0] };
  };
  const unitName = (id: string) => data.units.find((u) => u.id === id)?.name ?? id;
  const staffOf = (what: string, test: (e: Employee) => boolean) => {
    const found = data.employees.find(test);
    if (!found) throw new Error(`the sandbox data has no ${what}`);
    return found;
  };
  const municipal = (key: PersonaKey, e: Employee, role: Persona['role'], child: ChildRecord): Persona => ({
    key,
    subject: e.subject,
    name: e.name,
    role,
    organisation: { id: e.unitId, name: unitName(e.unitId) },
    domain: 'municipal',
    municipality: e.municipality,
    demoChildCpr: child.cpr,
    about: PERSONA_ABOUT[key],
  });
  // Cleared for the case, and with the health-data clearance psychiatry appointments need (POL-003.17).
  const cleared = (e: Employee, c: CaseWire) =>
    e.clearance !== null &&
    rank(e.clearance) >= rank(c.sensitivity) &&
    rank(e.clearance) >= rank('FOELSOMME_PERSONOPLYSNINGER');

  const torvet = clinic('Lægerne Torvet');
  const gpChild = childWhere(
    'gp',
    (c) => c.gpClinicSor === torvet.clinic.sor && c.institution !== null && c.cases.some(shareable),
  );
  const toldbod = clinic('Toldbodlægerne');
  const otherChild = childWhere(
    'gp-other-clinic',
    (c) => c.gpClinicSor === toldbod.clinic.sor && c.cases.some(shareable),
  );
  const unge = data.psychiatryUnits.find((u) => u.name === 'Ambulatorium for unge');
  if (!unge?.staff[0]) throw new Error('the sandbox data has no psychiatrist at Ambulatorium for unge');
  const bupChild = childWhere('psychiatrist', (c) => running(c, unge.sor) && c.cases.some(shareable));

  const oestCase = (c: ChildRecord) =>
    // A child assessment: a subject that justifies psychiatry appointments (policies/relevant-cases.yaml).
    c.cases.find((k) => active(k) && k.responsibleUnitId === '851-myndighed-oest' && k.kle === '34.10.10');
  const cwChild = childWhere('caseworker', (c) => oestCase(c) !== undefined && running(c));
  const cwCase = oestCase(cwChild)!;
  const caseworker = staffOf(
    'caseworker in Myndighed Øst',
    (e) => e.unitId === cwCase.responsibleUnitId && e.roles.includes('caseworker') && cleared(e, cwCase),
  );
  const pprCase = (c: ChildRecord) =>
    c.cases.find((k) => active(k) && k.kle === '17.03.04' && k.responsibleUnitId.startsWith('851-ppr-'));
  const pprChild = childWhere('ppr', (c) => pprCase(c) !== undefined && running(c));
  const theirs = pprCase(pprChild)!;
  const ppr = staffOf(
    'PPR psychologist',
    (e) =>
      e.unitId === theirs.responsibleUnitId && e.roles.includes('ppr_psychologist') && cleared(e, theirs),
  );
  const leader = staffOf(
    'leader of Familieafdelingen',
    (e) => e.unitId === '851-familieafdelingen' && e.roles.includes('leader'),
  );
  const auditor = data.auditors.find((a) => a.municipality === '851');
  if (!auditor) throw new Error('the sandbox data has no auditor in Aalborg');
  const auditorEmployee = staffOf('auditor employee', (e) => e.subject === auditor.subject);

  const health = (
    key: PersonaKey,
    who: { subject: string; name: string },
    role: Persona['role'],
    org: { sor: string; name: string },
    child: ChildRecord,
  ): Persona => ({
    key,
    subject: who.subject,
    name: who.name,
    role,
    organisation: { id: org.sor, name: org.name },
    domain: 'health',
    demoChildCpr: child.cpr,
    about: PERSONA_ABOUT[key],
  });
  const custodian = data.adults.find((a) => a.cpr === gpChild.custodyHolders[0]);
  if (!custodian) throw new Error('the sandbox data has no custody holder of the gp persona’s child');
  if (gpChild.residenceMunicipality !== auditor.municipality)
    throw new Error('the gp persona’s child must live in the auditor’s municipality');
  const guardian: Persona = {
    key: 'guardian',
    // NemLog-in's opaque subject; the identity is the CPR number the token carries.
    subject: 'mitid-guardian-1',
    name: custodian.name,
    role: 'custody_holder',
    organisation: { id: 'citizen', name: 'Borger (MitID)' },
    domain: 'citizen',
    cpr: custodian.cpr,
    demoChildCpr: gpChild.cpr,
    about: PERSONA_ABOUT.guardian,
  };
  const citizen = (
    key: PersonaKey,
    subject: string,
    cpr: string,
    name: string,
    child: ChildRecord,
  ): Persona => ({
    key,
    // NemLog-in's opaque subject; the identity is the CPR number the token carries.
    subject,
    name,
    role: key === 'child' ? 'citizen' : 'custody_holder',
    organisation: { id: 'citizen', name: 'Borger (MitID)' },
    domain: 'citizen',
    cpr,
    demoChildCpr: child.cpr,
    about: PERSONA_ABOUT[key],
  });
  const clinicAuditor = torvet.clinic.auditors?.[0];
  if (!clinicAuditor) throw new Error('the sandbox data has no auditor at Lægerne Torvet');
  const teen = ruleDemo(data.children, data, 'teen', now);
  const party = ruleDemo(data.children, data, 'party', now);
  const partyParent = data.adults.find((a) => a.cpr === party?.custodyHolders[0]);
  if (!teen || !party || !partyParent) throw new Error('the sandbox data has no demo child for the citizens');
  return [
    health('gp', torvet.gp, 'gp', torvet.clinic, gpChild),
    health('gp-other-clinic', toldbod.gp, 'gp', toldbod.clinic, otherChild),
    health('psychiatrist', unge.staff[0], 'psychiatrist', unge, bupChild),
    municipal('caseworker', caseworker, 'caseworker', cwChild),
    municipal('ppr', ppr, 'ppr_psychologist', pprChild),
    municipal('leader', leader, 'leader', cwChild),
    // The gp persona's child: after the case-lookup example its log has something to show.
    municipal('auditor', auditorEmployee, 'auditor', gpChild),
    guardian,
    health('clinic-auditor', clinicAuditor, 'auditor', torvet.clinic, gpChild),
    citizen('child', 'mitid-child-1', teen.cpr, teen.name, teen),
    citizen('guardian-party', 'mitid-guardian-2', partyParent.cpr, partyParent.name, party),
  ];
}
