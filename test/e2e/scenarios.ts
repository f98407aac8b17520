import { expect } from 'vitest';
import type { PersonaKey } from '../../functions/sandbox/data/personas.ts';
import { E2E_CHILDREN, type World } from './support/world.ts';

export interface ScenarioRequest {
  /** Whose bearer token: a persona's from `npm run dev:token`, or one that must fail. */
  readonly as?: PersonaKey | 'untrusted_key' | 'expired' | 'cpr_number';
  /** An object is sent as JSON, a string as it is. */
  readonly body: unknown;
  /** @default application/json */
  readonly contentType?: string;
  /** After case-lookup's base URL. @default /v1/relevant-cases/search */
  readonly path?: string;
  /** Sent as `x-request-id` instead of the run's own id. */
  readonly requestId?: string;
}

/** The record an answer must leave in the audit log (POL-007.5). */
export interface ExpectedRecord {
  readonly cpr: string;
  readonly as: PersonaKey;
  readonly outcome: 'allow' | 'deny';
  readonly reasonCode: 'treating_relation' | 'no_relation_to_child' | 'blocked_by_citizen';
  readonly override: boolean;
  readonly purpose: string;
}

export interface Answer {
  readonly status: number;
  readonly type: string | null;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: a JSON answer, checked by the scenario
  readonly body: any;
  readonly ms: number;
}

export interface Scenario {
  readonly name: string;
  readonly request: ScenarioRequest;
  readonly status: number;
  /** The problem's stable code, for an error answer. */
  readonly code?: string;
  readonly check?: (answer: Answer) => void;
  readonly audit?: ExpectedRecord;
}

const ask = (cpr: string, extra: object = {}) => ({ cpr, purpose: 'treatment', ...extra });
const nothing = { hasRelevantCase: false, cases: [], overrideUsed: false };

/** "Er der gang i noget?" over real HTTP, in every variant the same. */
export function scenarios(world: World): Scenario[] {
  const gp = world.persona('gp');
  const emma = world.child(gp.demoChildCpr);
  const emmaCase = emma.cases.find((k) => k.progressState !== 'Afsluttet')!;
  const unit = world.data.units.find((u) => u.id === emmaCase.responsibleUnitId)!;
  const freja = world.persona('psychiatrist').demoChildCpr;
  const noCourse = world.persona('gp-other-clinic').demoChildCpr;
  const dashed = (cpr: string) => `${cpr.slice(0, 6)}-${cpr.slice(6)}`;
  const audited = (
    cpr: string,
    as: PersonaKey,
    reasonCode: ExpectedRecord['reasonCode'],
    override = false,
  ) => ({
    cpr,
    as,
    outcome: reasonCode === 'treating_relation' ? ('allow' as const) : ('deny' as const),
    reasonCode,
    override,
    purpose: 'treatment',
  });
  const noContact = (a: Answer) => expect(a.text).not.toContain(unit.name);

  return [
    {
      name: 'POL-004.1/POL-004.6: the child’s GP learns that a relevant active case exists and whom to call — no title, nothing more',
      request: { as: 'gp', body: ask(dashed(emma.cpr)) },
      status: 200,
      check: (a) => {
        expect(a.body).toEqual({
          hasRelevantCase: true,
          cases: [
            {
              municipality: { code: '851', name: 'Aalborg Kommune' },
              responsibleUnit: {
                name: unit.name,
                phone: unit.contact.phone,
                secureEmail: unit.contact.secureEmail,
              },
              since: emmaCase.stateSince,
            },
          ],
          overrideUsed: false,
        });
        for (const secret of [emmaCase.title, emmaCase.id, emma.name, emmaCase.kle]) {
          expect(a.text).not.toContain(secret);
        }
      },
      audit: audited(emma.cpr, 'gp', 'treating_relation'),
    },
    {
      name: 'POL-002.3: a closed case is not shown',
      request: { as: 'gp', body: ask(E2E_CHILDREN.closedOnly) },
      status: 200,
      check: (a) => expect(a.body).toEqual(nothing),
      audit: audited(E2E_CHILDREN.closedOnly, 'gp', 'treating_relation'),
    },
    {
      name: 'answers false for a listed child without cases',
      request: { as: 'gp', body: ask(E2E_CHILDREN.noCases) },
      status: 200,
      check: (a) => expect(a.body).toEqual(nothing),
      audit: audited(E2E_CHILDREN.noCases, 'gp', 'treating_relation'),
    },
    {
      name: 'POL-004.2: a VIP case is not revealed, not even as a count',
      request: { as: 'gp', body: ask(E2E_CHILDREN.vipOnly) },
      status: 200,
      check: (a) => expect(a.body).toEqual(nothing),
      audit: audited(E2E_CHILDREN.vipOnly, 'gp', 'treating_relation'),
    },
    {
      name: 'POL-004.2/POL-004.3: a psychiatrist with a running course sees the shareable PPR case, never the VIP case',
      request: { as: 'psychiatrist', body: ask(freja) },
      status: 200,
      check: (a) => {
        // Only the PPR case (KLE 17.03…, shareable), whose unit is a PPR unit; the VIP case stays unseen.
        const shareable = world
          .child(freja)
          .cases.filter((k) => k.progressState !== 'Afsluttet' && k.sensitivity !== 'VIP_SAGER');
        expect(shareable.map((k) => k.kle.slice(0, 5))).toEqual(['17.03']);
        const pprUnit = world.data.units.find((u) => u.id === shareable[0]!.responsibleUnitId)!;
        expect(
          a.body.cases.map((k: { responsibleUnit: { name: string } }) => k.responsibleUnit.name),
        ).toEqual([pprUnit.name]);
        expect(a.body).toMatchObject({ hasRelevantCase: true, overrideUsed: false });
      },
      audit: audited(freja, 'psychiatrist', 'treating_relation'),
    },
    {
      name: 'POL-004.5: a GP at another clinic is refused with 403 no_relation_to_child',
      request: { as: 'gp-other-clinic', body: ask(emma.cpr) },
      status: 403,
      code: 'no_relation_to_child',
      check: noContact,
      audit: audited(emma.cpr, 'gp-other-clinic', 'no_relation_to_child'),
    },
    {
      name: 'POL-004.3: a psychiatrist without a course is refused with 403 no_relation_to_child',
      request: { as: 'psychiatrist', body: ask(noCourse) },
      status: 403,
      code: 'no_relation_to_child',
      audit: audited(noCourse, 'psychiatrist', 'no_relation_to_child'),
    },
    {
      name: 'POL-008.1: a GP the citizen has blocked by name is refused with 403 blocked_by_citizen',
      request: { as: 'gp', body: ask(E2E_CHILDREN.blockedForGp) },
      status: 403,
      code: 'blocked_by_citizen',
      check: noContact,
      audit: audited(E2E_CHILDREN.blockedForGp, 'gp', 'blocked_by_citizen'),
    },
    {
      name: 'POL-008.2: a block of the GP’s clinic refuses its GPs too',
      request: { as: 'gp', body: ask(E2E_CHILDREN.blockedClinic) },
      status: 403,
      code: 'blocked_by_citizen',
      audit: audited(E2E_CHILDREN.blockedClinic, 'gp', 'blocked_by_citizen'),
    },
    {
      name: 'POL-008.4: with an override the blocked GP sees the case, flagged as overridden',
      request: {
        as: 'gp',
        body: ask(E2E_CHILDREN.blockedForGp, {
          override: { reason: 'citizen_consent', justification: 'Guardian consented by phone just now' },
        }),
      },
      status: 200,
      check: (a) => {
        expect(a.body).toMatchObject({ hasRelevantCase: true, overrideUsed: true });
        expect(a.body.cases).toHaveLength(1);
      },
      audit: audited(E2E_CHILDREN.blockedForGp, 'gp', 'treating_relation', true),
    },
    {
      name: 'a CPR number in the query string is ignored (the body decides) and never logged',
      request: {
        as: 'gp',
        body: ask(E2E_CHILDREN.noCases),
        path: `/v1/relevant-cases/search?cpr=${emma.cpr}`,
      },
      status: 200,
      check: (a) => expect(a.body).toEqual(nothing),
      audit: audited(E2E_CHILDREN.noCases, 'gp', 'treating_relation'),
    },
    ...badInput(emma.cpr),
  ];
}

/** Every way a request can be wrong; none reaches the audit log, none echoes the number. */
function badInput(cpr: string): Scenario[] {
  const rejected = (
    name: string,
    request: ScenarioRequest,
    status: number,
    code: string,
    check?: (a: Answer) => void,
  ): Scenario => ({ name, request, status, code, ...(check ? { check } : {}) });
  return [
    rejected(
      'a malformed CPR number → 400 invalid_cpr',
      { as: 'gp', body: ask('75011-67470') },
      400,
      'invalid_cpr',
    ),
    rejected(
      'an impossible birth date → 400 invalid_cpr_date',
      { as: 'gp', body: ask('753116-7470') },
      400,
      'invalid_cpr_date',
    ),
    rejected(
      'a CPR number too long → 400 invalid_request',
      { as: 'gp', body: ask(`${cpr}123`) },
      400,
      'invalid_request',
    ),
    rejected(
      'a missing purpose → 400 invalid_request',
      { as: 'gp', body: { cpr } },
      400,
      'invalid_request',
      (a) => expect(a.body.errors).toEqual([{ path: 'purpose', code: 'invalid_value' }]),
    ),
    rejected(
      'an unknown purpose → 400 invalid_request',
      { as: 'gp', body: ask(cpr, { purpose: 'curiosity' }) },
      400,
      'invalid_request',
    ),
    rejected(
      'an unknown override reason → 400 invalid_request',
      {
        as: 'gp',
        body: ask(cpr, {
          override: { reason: 'because', justification: 'Guardian consented by phone just now' },
        }),
      },
      400,
      'invalid_request',
    ),
    rejected(
      'an unknown field holding a CPR number → 400 invalid_request',
      { as: 'gp', body: ask(cpr, { mother: cpr }) },
      400,
      'invalid_request',
    ),
    rejected(
      'a body that is not JSON → 400 invalid_json',
      { as: 'gp', body: `{"cpr":"${cpr}",` },
      400,
      'invalid_json',
    ),
    rejected(
      'a body over 64 KiB → 413 body_too_large',
      { as: 'gp', body: ask(cpr, { pad: 'x'.repeat(70_000) }) },
      413,
      'body_too_large',
    ),
    rejected(
      'a form instead of JSON → 415 unsupported_media_type',
      { as: 'gp', body: `cpr=${cpr}&purpose=treatment`, contentType: 'application/x-www-form-urlencoded' },
      415,
      'unsupported_media_type',
    ),
    rejected('no bearer token → 401 missing_token', { body: ask(cpr) }, 401, 'missing_token'),
    rejected(
      'a token signed by an untrusted key → 401 invalid_token',
      { as: 'untrusted_key', body: ask(cpr) },
      401,
      'invalid_token',
    ),
    rejected('an expired token → 401 token_expired', { as: 'expired', body: ask(cpr) }, 401, 'token_expired'),
    rejected(
      'a CPR number as the bearer token → 401 missing_token',
      { as: 'cpr_number', body: ask(cpr) },
      401,
      'missing_token',
    ),
    rejected(
      'a CPR number as the request id is replaced by a fresh one',
      { body: ask(cpr), requestId: `req-${cpr}` },
      401,
      'missing_token',
      (a) => expect(a.body.requestId).not.toContain(cpr),
    ),
    rejected(
      'a CPR number in the path → 404 not_found',
      { as: 'gp', body: ask(cpr), path: `/v1/children/${cpr}` },
      404,
      'not_found',
    ),
  ];
}
