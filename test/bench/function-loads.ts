/**
 * What `npm run bench` sends each child-access function, as whom, and the
 * upstream calls the function makes for it — in the order it makes them (the
 * facts its pipeline pulls, in parallel, then the call its answer needs).
 * The reference bundle (hello/fan-out.ts) makes exactly these calls and
 * nothing else: the ceiling pulling per request sets for that function.
 */
import { WINDOW_DAYS } from '../../functions/appointments/appointments-request.ts';
import type { Persona, PersonaKey } from '../../functions/sandbox/data/personas.ts';
import type { SandboxData } from '../../functions/sandbox/data/schema.ts';
import { gpLookups, guardianViews, visibleCases } from './lookup-cycle.ts';

export interface UpstreamCall {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
}

export interface FunctionLoad {
  /** The function's folder name. */
  readonly fn: string;
  readonly path: string;
  readonly persona: PersonaKey;
  readonly body: (persona: Persona) => Record<string, unknown>;
  /**
   * Who asks about which child, in turn (each a persona whose `demoChildCpr` is the child):
   * the persona about its demo child when absent.
   */
  readonly cycle?: (data: SandboxData, persona: Persona) => readonly Persona[];
  /** Stages of calls: each stage's calls in parallel, the stages one after another. */
  readonly upstream: (cpr: string, data: SandboxData) => readonly (readonly UpstreamCall[])[];
  /** What a 200 about this child must hold for the bench to measure the intended answer. */
  readonly expect: (answer: Record<string, unknown>, cpr: string, data: SandboxData) => boolean;
}

const post = (path: string, body: unknown): UpstreamCall => ({ method: 'POST', path, body });
const digits = (cpr: string) => cpr.replace('-', '');
const DAY_MS = 86_400_000;
const byCpr = new WeakMap<SandboxData, Map<string, SandboxData['children'][number]>>();
const childOf = (data: SandboxData, cpr: string) => {
  let children = byCpr.get(data);
  if (!children) {
    children = new Map(data.children.map((c) => [c.cpr, c]));
    byCpr.set(data, children);
  }
  const child = children.get(cpr);
  if (!child) throw new Error('the bench asks about a child the sandbox data does not hold');
  return child;
};

export const FUNCTION_LOADS: readonly FunctionLoad[] = [
  {
    fn: 'case-lookup',
    path: '/v1/relevant-cases/search',
    persona: 'gp',
    body: (p) => ({ cpr: p.demoChildCpr, purpose: 'treatment' }),
    // Every GP's listed children in turn: production's lookups are of many children, each now and then.
    cycle: gpLookups,
    upstream: (cpr, data) => [
      [
        post('/cases/search', { partyCpr: digits(cpr) }),
        post('/gp-listing/lookup', { cpr: digits(cpr) }),
        post('/psychiatry/courses/lookup', { cpr: digits(cpr) }),
        post('/citizen-blocks/lookup', { cpr: digits(cpr) }),
      ],
      // The contact of each case it shows.
      visibleCases(childOf(data, cpr)).map((k) => ({
        method: 'GET' as const,
        path: `/units/${encodeURIComponent(k.responsibleUnitId)}`,
      })),
    ],
    expect: (a, cpr, data) => {
      const shown = visibleCases(childOf(data, cpr)).length;
      return a.hasRelevantCase === shown > 0 && Array.isArray(a.cases) && a.cases.length === shown;
    },
  },
  {
    fn: 'school-lookup',
    path: '/v1/school-or-daycare/search',
    persona: 'gp',
    body: (p) => ({ cpr: p.demoChildCpr, purpose: 'treatment' }),
    // As case-lookup's, of the children enrolled somewhere without name and address protection:
    // the answer that calls every upstream (STIL answers 404 for a child enrolled nowhere).
    cycle: (data, gp) =>
      gpLookups(data, gp).filter((p) => {
        const child = childOf(data, p.demoChildCpr);
        return child.institution !== null && !child.addressProtected;
      }),
    upstream: (cpr) => [
      [
        post('/gp-listing/lookup', { cpr: digits(cpr) }),
        post('/psychiatry/courses/lookup', { cpr: digits(cpr) }),
        post('/citizen-blocks/lookup', { cpr: digits(cpr) }),
        post('/persons/lookup', { cpr: digits(cpr) }),
      ],
      [post('/institutions/lookup', { cpr: digits(cpr) })],
    ],
    expect: (a) => a.enrolled === true,
  },
  {
    fn: 'appointments',
    path: '/v1/appointments/search',
    persona: 'caseworker',
    body: (p) => ({ cpr: p.demoChildCpr, purpose: 'case_handling' }),
    upstream: (cpr) => {
      const now = Date.now();
      return [
        [
          post('/cases/search', { partyCpr: digits(cpr) }),
          post('/citizen-blocks/lookup', { cpr: digits(cpr) }),
        ],
        [
          post('/appointments/search', {
            patientCpr: digits(cpr),
            serviceStartTimeFrom: new Date(now - WINDOW_DAYS.back * DAY_MS).toISOString(),
            serviceStartTimeTo: new Date(now + WINDOW_DAYS.ahead * DAY_MS).toISOString(),
          }),
        ],
      ];
    },
    expect: (a) => Array.isArray(a.upcoming) && Array.isArray(a.recent),
  },
  {
    fn: 'access-log',
    path: '/v1/access-log/search',
    persona: 'guardian',
    body: (p) => ({ cpr: p.demoChildCpr, purpose: 'guardian_insight' }),
    // Every family's first custody holder about its child in turn, not one guardian re-reading.
    cycle: guardianViews,
    // CPR's custody and residence; the records then come from the audit database, not an upstream.
    upstream: (cpr) => [[post('/persons/lookup', { cpr: digits(cpr) })]],
    expect: (a) => Array.isArray(a.entries),
  },
];
