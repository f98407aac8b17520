import { personas } from '../sandbox/data/personas.ts';
import type { RuleDemo } from '../sandbox/data/rule-demos.ts';
import type { SandboxData } from '../sandbox/data/schema.ts';

/** One thing to try: who asks, what, with which body fields besides the child's CPR, and what it answers. */
export interface Example {
  readonly title: string;
  readonly persona: string;
  readonly fn: string;
  readonly path: string;
  readonly body:
    | Readonly<Record<string, unknown>>
    | ((data: SandboxData) => Readonly<Record<string, unknown>>);
  /** Whether the body carries a child's CPR number. @default true */
  readonly aboutChild?: boolean;
  /** Whose demo child the body carries. @default persona */
  readonly childOf?: string;
  /** The sandbox child that shows a rule, instead of the persona's demo child. */
  readonly demo?: RuleDemo;
  /** Fields the shell fills in when the command runs, from another command's output (`$(…)`). */
  readonly fromShell?: (base: string) => Readonly<Record<string, string>>;
  /** What it answers, as the banner says it (functions/local/welcome.test.ts asks each). */
  readonly answers: { readonly status: number; readonly code?: string; readonly type?: string };
}

/** The caseworker's demo child's GP clinic: where the correspondence example writes to. */
const caseworkersClinic = (data: SandboxData) => {
  const caseworker = personas(data).find((p) => p.key === 'caseworker')!;
  return data.children.find((c) => c.cpr === caseworker.demoChildCpr)?.gpClinicSor ?? 'unknown';
};
const torvet = (data: SandboxData) => data.clinics.find((c) => c.name === 'Lægerne Torvet')?.sor ?? 'unknown';
const ok = { status: 200 } as const;
const refused = (code: string) => ({ status: 403, code });

export const EXAMPLES: readonly Example[] = [
  {
    title: 'The GP asks whether its listed child has a relevant active municipal case, and whom to call',
    persona: 'gp',
    fn: 'case-lookup',
    path: '/v1/relevant-cases/search',
    body: { purpose: 'treatment' },
    answers: ok,
  },
  {
    title: 'The same for a listed child without any case: an explicit "no relevant case"',
    persona: 'gp',
    demo: 'no-case',
    fn: 'case-lookup',
    path: '/v1/relevant-cases/search',
    body: { purpose: 'treatment' },
    answers: ok,
  },
  {
    title: 'A child whose guardian blocked this GP by name (Min Spærring): refused, an override is possible',
    persona: 'gp',
    demo: 'blocked-gp',
    fn: 'case-lookup',
    path: '/v1/relevant-cases/search',
    body: { purpose: 'treatment' },
    answers: refused('blocked_by_citizen'),
  },
  {
    title: 'The same with the guardian’s consent (værdispring): answered, flagged and logged as an override',
    persona: 'gp',
    demo: 'blocked-gp',
    fn: 'case-lookup',
    path: '/v1/relevant-cases/search',
    body: {
      purpose: 'treatment',
      override: { reason: 'citizen_consent', justification: 'The guardian consented by phone just now' },
    },
    answers: ok,
  },
  {
    title: 'A child whose guardian blocked the whole clinic as a place: refused',
    persona: 'gp',
    demo: 'blocked-clinic',
    fn: 'case-lookup',
    path: '/v1/relevant-cases/search',
    body: { purpose: 'treatment' },
    answers: refused('blocked_by_citizen'),
  },
  {
    title: 'A GP at another clinic asks about the gp persona’s child: no relation, refused',
    persona: 'gp-other-clinic',
    childOf: 'gp',
    fn: 'case-lookup',
    path: '/v1/relevant-cases/search',
    body: { purpose: 'treatment' },
    answers: refused('no_relation_to_child'),
  },
  {
    title: 'The psychiatrist asks about the child in its running BUP course (the VIP case stays hidden)',
    persona: 'psychiatrist',
    fn: 'case-lookup',
    path: '/v1/relevant-cases/search',
    body: { purpose: 'treatment' },
    answers: ok,
  },
  {
    title: 'Which school or daycare the GP’s listed child attends, and whom to call there',
    persona: 'gp',
    fn: 'school-lookup',
    path: '/v1/school-or-daycare/search',
    body: { purpose: 'treatment' },
    answers: ok,
  },
  {
    title: 'The school of a child with name and address protection: refused',
    persona: 'gp',
    demo: 'protected',
    fn: 'school-lookup',
    path: '/v1/school-or-daycare/search',
    body: { purpose: 'treatment' },
    answers: refused('address_protected'),
  },
  {
    title: 'The BUP appointments of the child on the caseworker’s case',
    persona: 'caseworker',
    fn: 'appointments',
    path: '/v1/appointments/search',
    body: { purpose: 'case_handling' },
    answers: ok,
  },
  {
    title: 'The BUP appointments of the child on the PPR psychologist’s PPR case',
    persona: 'ppr',
    fn: 'appointments',
    path: '/v1/appointments/search',
    body: { purpose: 'case_handling' },
    answers: ok,
  },
  {
    title: 'The leader reads cases in scope but not appointments: refused',
    persona: 'leader',
    fn: 'appointments',
    path: '/v1/appointments/search',
    body: { purpose: 'case_handling' },
    answers: refused('no_relation_to_child'),
  },
  {
    title:
      'Its guardian (custody holder, MitID) sees who looked — organisation, role, purpose, decision — newest first (after the GP’s case-lookup)',
    persona: 'guardian',
    fn: 'access-log',
    path: '/v1/access-log/search',
    body: { purpose: 'guardian_insight' },
    answers: ok,
  },
  {
    title:
      'Aalborg’s auditor also sees request id, function, reason code and employee; here only case-lookup, 10 a page',
    persona: 'auditor',
    fn: 'access-log',
    path: '/v1/access-log/search',
    body: { purpose: 'routine_inspection', filter: { function: 'case-lookup' }, limit: 10 },
    answers: ok,
  },
  {
    title: 'The GP looks up the child whose notification case names one parent as a party',
    persona: 'gp',
    demo: 'party',
    fn: 'case-lookup',
    path: '/v1/relevant-cases/search',
    body: { purpose: 'treatment' },
    answers: ok,
  },
  {
    title:
      'That parent is not shown accesses to the case that names them (POL-007.14); the other parent would be',
    persona: 'guardian-party',
    fn: 'access-log',
    path: '/v1/access-log/search',
    body: { purpose: 'guardian_insight' },
    answers: ok,
  },
  {
    title: 'The GP looks up the 16-year-old listed at the clinic',
    persona: 'gp',
    demo: 'teen',
    fn: 'case-lookup',
    path: '/v1/relevant-cases/search',
    body: { purpose: 'treatment' },
    answers: ok,
  },
  {
    title: 'The 16-year-old sees its own access log (MitID, POL-007.11)',
    persona: 'child',
    fn: 'access-log',
    path: '/v1/access-log/search',
    body: { purpose: 'own_insight' },
    answers: ok,
  },
  {
    title: 'Lægerne Torvet’s auditor exports its GPs’ accesses across children as CSV (POL-007.13)',
    persona: 'clinic-auditor',
    fn: 'access-log',
    path: '/v1/access-log/inspection/search',
    aboutChild: false,
    body: (data) => ({
      organisation: { type: 'gp_clinic', sor: torvet(data) },
      purpose: 'routine_inspection',
      format: 'csv',
    }),
    answers: { status: 200, type: 'text/csv' },
  },
  {
    title: 'Aalborg’s auditor inspects its own employees’ accesses, one employee’s unit, as JSON',
    persona: 'auditor',
    fn: 'access-log',
    path: '/v1/access-log/inspection/search',
    aboutChild: false,
    body: {
      organisation: { type: 'municipality', code: '851' },
      purpose: 'routine_inspection',
      filter: { unit: '851-myndighed-oest' },
    },
    answers: ok,
  },
  {
    title: 'The clinic’s auditor asks for another organisation’s accesses: refused',
    persona: 'clinic-auditor',
    fn: 'access-log',
    path: '/v1/access-log/inspection/search',
    aboutChild: false,
    body: { organisation: { type: 'municipality', code: '851' }, purpose: 'routine_inspection' },
    answers: refused('not_organisation_auditor'),
  },
  {
    title:
      'The caseworker writes to the demo child’s GP clinic (MedCom; the sandbox acknowledges as the VANS peer)',
    persona: 'caseworker',
    fn: 'correspondence',
    path: '/v1/messages',
    body: (data) => ({
      purpose: 'care_coordination',
      receiver: { sor: caseworkersClinic(data) },
      category: 'psychiatry-social-disability',
      topic: 'Samarbejde om barnet',
      text: 'Kan vi aftale et møde om barnet?',
      contactPhone: '99311111',
    }),
    answers: { status: 202 },
  },
  {
    title:
      'The caseworker’s unit inbox (each message shown only where can_read_correspondence on its child allows)',
    persona: 'caseworker',
    fn: 'correspondence',
    path: '/v1/inbox/list',
    body: { purpose: 'care_coordination' },
    aboutChild: false,
    answers: ok,
  },
  {
    title:
      'Where the newest message in that inbox stands (queued → sent → acknowledged / failed / dead-letter)',
    persona: 'caseworker',
    fn: 'correspondence',
    path: '/v1/messages/status',
    body: { purpose: 'care_coordination' },
    fromShell: (base) => ({
      id: `$(curl -s -X POST ${base}/correspondence/v1/inbox/list -H 'content-type: application/json' -H "authorization: Bearer $(npm run -s dev:token -- caseworker)" -d '{"purpose":"care_coordination","limit":1}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).messages[0].id')`,
    }),
    answers: ok,
  },
  {
    title: 'The child’s correspondence thread',
    persona: 'caseworker',
    fn: 'correspondence',
    path: '/v1/threads/search',
    body: { purpose: 'care_coordination' },
    answers: ok,
  },
  {
    title: 'The leader in scope reads the same thread (POL-006.1)',
    persona: 'leader',
    fn: 'correspondence',
    path: '/v1/threads/search',
    body: { purpose: 'care_coordination' },
    answers: ok,
  },
];
