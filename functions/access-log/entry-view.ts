import type { AuditRecord } from '../runtime/audit/record.ts';
import { CITIZEN } from '../runtime/auth/citizen-principal.ts';
import { municipalityName } from '../runtime/reference/municipalities.ts';
import type { AccessEntry } from './access-log-request.ts';

/**
 * The words a citizen reads (Danish, as MinLog and sundhed.dk show them), by
 * the code the audit record holds. A code not listed is shown by a safe
 * fallback, never left out: a new function's accesses still appear.
 */
const ROLES: Readonly<Record<string, string>> = {
  gp: 'Praktiserende læge',
  psychiatrist: 'Læge i børne- og ungdomspsykiatrien',
  caseworker: 'Sagsbehandler',
  ppr_psychologist: 'PPR-psykolog',
  leader: 'Leder',
  auditor: 'Intern revisor',
  [CITIZEN]: 'Borger',
};
const DATA: Readonly<Record<string, string>> = {
  'case-lookup': 'Om barnet har en aktiv sag i kommunen, og hvem man kan kontakte',
  'school-lookup': 'Barnets skole eller dagtilbud',
  appointments: 'Barnets aftaler i børne- og ungdomspsykiatrien',
  'access-log': 'Hvem der har set barnets oplysninger (denne log)',
};
const PURPOSES: Readonly<Record<string, string>> = {
  treatment: 'Behandling',
  care_coordination: 'Koordinering af barnets forløb',
  referral: 'Henvisning',
  guardian_insight: 'Forælders indsigt',
  own_insight: 'Egen indsigt',
  routine_inspection: 'Intern kontrol',
  complaint: 'Behandling af en klage',
  citizen_request: 'Borgers anmodning om indsigt',
};

/** Who is asking decides the view; the gate already decided that they may. */
export type Viewer = 'guardian' | 'child' | 'auditor';

/** The citizens a record's actor may be told apart as: the child's custody holders, and the child itself. */
export interface KnownCitizens {
  readonly holders: ReadonlySet<string>;
  readonly child: string;
}

/**
 * One audit record as the viewer may see it. All see who looked as role and
 * organisation, never the employee's name or id (POL-007.6); only the auditor
 * gets what traces the access (POL-007.7). A citizen actor is never named to
 * anyone: the child's custody holders and the child itself are told apart from other citizens.
 */
export function entryOf(record: AuditRecord, viewer: Viewer, citizens: KnownCitizens): AccessEntry {
  const { actor } = record;
  const citizen = isCitizen(record);
  const entry: AccessEntry = {
    time: record.time.toISOString(),
    organisation: citizen
      ? { name: 'Borger (MitID)', municipality: null }
      : { name: actor.organisationName, municipality: municipalityOf(actor.organisationId) },
    role: citizen
      ? { code: CITIZEN, text: citizenText(actor.id, citizens) }
      : { code: actor.role, text: ROLES[actor.role] ?? 'Medarbejder' },
    data: { code: record.functionName, text: DATA[record.functionName] ?? 'Oplysninger om barnet' },
    purpose: { code: record.purpose, text: PURPOSES[record.purpose] ?? record.purpose },
    decision:
      record.decision.outcome === 'allow'
        ? { code: 'allowed', text: 'Oplysninger vist' }
        : { code: 'refused', text: 'Adgang afvist, intet vist' },
    override: record.override,
  };
  if (viewer !== 'auditor') return entry;
  return {
    ...entry,
    audit: {
      seq: record.seq,
      requestId: record.requestId,
      traceId: record.traceId,
      function: record.functionName,
      action: record.action,
      reasonCode: record.decision.reasonCode,
      callingSystem: record.callingSystem,
      organisationId: actor.organisationId,
      actor: citizen
        ? { id: null, name: entry.role.text, role: CITIZEN }
        : { id: actor.id, name: actor.name, role: actor.role },
    },
  };
}

function citizenText(id: string, { holders, child }: KnownCitizens): string {
  if (id === child) return 'Barnet selv';
  return holders.has(id) ? 'Forældremyndighedsindehaver' : 'Borger';
}

/** As citizen-principal.ts records a citizen: role, organisation and a keyed pseudonym as id. */
function isCitizen(record: AuditRecord): boolean {
  const { actor } = record;
  return actor.role === CITIZEN && actor.organisationId === CITIZEN && /^p-[0-9a-f]{32}$/.test(actor.id);
}

/** A municipal unit's id starts with its municipality's code (`851-myndighed-oest`). */
function municipalityOf(organisationId: string): string | null {
  const code = /^(\d{3})-/.exec(organisationId)?.[1];
  return code ? municipalityName(code) : null;
}
