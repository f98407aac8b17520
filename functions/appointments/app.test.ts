import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Appointments, PsychiatryAppointment } from '../contracts/appointments.ts';
import { createEmbeddedAuthorizer } from '../openfga-embedded/index.ts';
import type { AuditLog } from '../runtime/audit/audit-log.ts';
import { loadModel } from '../runtime/authz/model.ts';
import { AppError } from '../runtime/http/app-error.ts';
import {
  BUP,
  type ChildAccessFixture,
  childAccessFixture,
  type FixtureChild,
  NOW,
  PEOPLE,
} from '../testing/child-access-fixture.ts';
import { sampleCase } from '../testing/sample-case.ts';
import type { TestKitParts } from '../testing/test-kit.ts';
import { createApp } from './app.ts';
import { manifest } from './manifest.ts';

/** appointments through app.request() over the real model, a real audit log and synthetic children. */
const DAY = 86_400_000;
const at = (days: number) => new Date(NOW.getTime() + days * DAY).toISOString();
const unit = { sor: BUP, name: 'Ambulatorium for børn', phone: '+45 0990 0201' };
let n = 0;
const appt = (
  days: number,
  kind: PsychiatryAppointment['kind'],
  status: PsychiatryAppointment['status'],
) => ({
  id: `0c6b6a2e-6f4f-4d8e-9a51-${String(++n).padStart(12, '0')}`,
  status,
  start: at(days),
  end: new Date(Date.parse(at(days)) + 3_600_000).toISOString(),
  kind,
  kindTitle: kind === 'follow_up' ? 'Opfølgende samtale' : 'Netværksmøde',
  unit,
});
const EMMA = [
  appt(-60, 'follow_up', 'completed'),
  appt(-10, 'follow_up', 'completed'),
  appt(-5, 'follow_up', 'cancelled'),
  appt(7, 'follow_up', 'active'),
  appt(45, 'network_meeting', 'active'),
  appt(120, 'follow_up', 'active'),
];
const oestCase = sampleCase(1);
const CHILDREN: Record<string, FixtureChild> = {
  '6701164470': { cases: [oestCase], appointments: EMMA },
  '6801164471': {
    cases: [sampleCase(2, { kle: '17.03.04', responsibleUnitId: '851-ppr-oest' })],
    appointments: [appt(3, 'follow_up', 'active')],
  },
  '6901164472': {
    cases: [sampleCase(3, { progressState: 'Afsluttet', active: false })],
    appointments: EMMA,
  },
  '7001164473': {
    cases: [sampleCase(4)],
    appointments: EMMA,
    blocks: [{ kind: 'professional', professional: 'cw-oest', municipality: '851' }],
  },
  '7101164474': {
    cases: [sampleCase(5)],
    appointments: EMMA,
    blocks: [
      { kind: 'place', place: { type: 'org_unit', unitId: '851-familieafdelingen', includeSubunits: true } },
    ],
  },
  '7201164475': { cases: [sampleCase(6)] },
};
const PATH = '/v1/appointments/search';
const ask = (cpr: string, extra: object = {}) => ({ cpr, purpose: 'case_handling', ...extra });

let f: ChildAccessFixture;
beforeAll(async () => {
  f = await childAccessFixture(CHILDREN);
}, 60_000);
afterAll(() => f?.close());

const search = async (
  who: (typeof PEOPLE)[keyof typeof PEOPLE] | undefined,
  body: unknown,
  over?: TestKitParts,
) => f.post(createApp(f.kit(manifest, over)), PATH, who, body);
const pulls = () => f.calls.get('appointments') ?? 0;
const shown = (a: ReturnType<typeof appt>) => ({
  start: a.start,
  end: a.end,
  status: a.status,
  kind: a.kind,
  kindTitle: a.kindTitle,
  unit,
});

describe('appointments: POST /v1/appointments/search', () => {
  it('POL-003.1/POL-003.11/POL-003.12: the caseworker on the child’s case sees its appointments 30 days back and 90 ahead — time, unit, kind, status only', async () => {
    const res = await search(PEOPLE.caseworker, ask('670116-4470'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      window: { from: at(-30), to: at(90) },
      upcoming: [shown(EMMA[3]!), shown(EMMA[4]!)],
      recent: [shown(EMMA[2]!), shown(EMMA[1]!)],
      overrideUsed: false,
    });
    expect(res.text).not.toMatch(/0c6b6a2e|indication|diagnos/i);
  });

  it('POL-003.11: asks Aftaleoversigten for the window only, and shows nothing outside it even when it answers more', async () => {
    let asked: { from: Date; to: Date } | undefined;
    const everything: Appointments = {
      appointmentsOf: async (_cpr, period) => {
        asked = period;
        return EMMA;
      },
    };
    const res = await search(PEOPLE.caseworker, ask('670116-4470'), {
      upstreams: { appointments: everything },
    });
    expect(asked).toEqual({ from: new Date(at(-30)), to: new Date(at(90)) });
    expect([...res.body.upcoming, ...res.body.recent].map((a: { start: string }) => a.start).sort()).toEqual(
      [EMMA[1]!, EMMA[2]!, EMMA[3]!, EMMA[4]!].map((a) => a.start),
    );
  });

  it('POL-003.1/POL-003.3: a PPR psychologist sees them through the PPR case their unit performs', async () => {
    const res = await search(PEOPLE.ppr, ask('680116-4471'));
    expect(res.status).toBe(200);
    expect(res.body.upcoming).toHaveLength(1);
    expect((await search(PEOPLE.ppr, ask('670116-4470'))).body.code).toBe('no_relation_to_child');
  });

  it('an active case without appointments gets empty lists, not a refusal', async () => {
    const res = await search(PEOPLE.caseworker, ask('720116-4475'));
    expect([res.status, res.body.upcoming, res.body.recent]).toEqual([200, [], []]);
  });

  it('POL-003.4/POL-003.8/POL-003.10: a caseworker in a sibling unit, the leader and a GP are refused, and Aftaleoversigten is never asked', async () => {
    const before = pulls();
    for (const who of [PEOPLE.caseworkerVest, PEOPLE.leader, PEOPLE.gp]) {
      const res = await search(who, ask('670116-4470'));
      expect([res.status, res.type, res.body.code], who.subject).toEqual([
        403,
        'application/problem+json',
        'no_relation_to_child',
      ]);
      expect(res.text).not.toContain('Ambulatorium');
    }
    expect(pulls()).toBe(before);
  });

  it('POL-003.7: a closed case gives no access', async () => {
    const res = await search(PEOPLE.caseworker, ask('690116-4472'));
    expect([res.status, res.body.code]).toEqual([403, 'no_relation_to_child']);
  });

  it('POL-003.13/POL-008.1/POL-008.2: a blocked caseworker, by name or through a blocked unit above, is told blocked_by_citizen and nothing of the appointments', async () => {
    const before = pulls();
    for (const cpr of ['700116-4473', '710116-4474']) {
      const res = await search(PEOPLE.caseworker, ask(cpr));
      expect([res.status, res.body.code], cpr).toEqual([403, 'blocked_by_citizen']);
      expect(res.body.detail).toMatch(/consent/);
      expect(res.text).not.toMatch(/Ambulatorium|upcoming|recent/);
    }
    expect(pulls()).toBe(before);
    expect((await f.records('700116-4473'))[0]).toMatchObject({
      decision: { outcome: 'deny', reasonCode: 'blocked_by_citizen' },
      override: false,
    });
  });

  it('POL-003.14/POL-008.4: with the guardian’s consent the blocked caseworker sees them, flagged and audited as an override', async () => {
    const res = await search(
      PEOPLE.caseworker,
      ask('700116-4473', {
        override: { reason: 'citizen_consent', justification: 'Guardian consented by phone just now' },
      }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ overrideUsed: true });
    expect(res.body.upcoming).toHaveLength(2);
    expect((await f.records('700116-4473'))[0]).toMatchObject({
      functionName: 'appointments',
      decision: { outcome: 'allow', reasonCode: 'case_handler' },
      override: true,
    });
  });

  it('POL-003.14: a caseworker cannot override in the child’s vital interest (a health professional’s værdispring)', async () => {
    const before = (await f.records('700116-4473')).length;
    const res = await search(
      PEOPLE.caseworker,
      ask('700116-4473', {
        override: { reason: 'vital_interest', justification: 'Guardian consented by phone just now' },
      }),
    );
    expect([res.status, res.body.code]).toEqual([400, 'invalid_request']);
    expect(res.body.errors).toEqual([{ path: 'override.reason', code: 'invalid_value' }]);
    expect((await f.records('700116-4473')).length).toBe(before);
  });

  it('POL-003.8/POL-008.5: an override grants a caseworker without a case nothing', async () => {
    const res = await search(
      PEOPLE.caseworkerVest,
      ask('670116-4470', {
        override: { reason: 'citizen_consent', justification: 'Guardian consented by phone just now' },
      }),
    );
    expect([res.status, res.body.code]).toEqual([403, 'no_relation_to_child']);
  });

  it('POL-007.5/POL-003.10: one audit record per answered request, naming actor, child by pseudonym and purpose — and no appointment in it', async () => {
    const before = (await f.records('670116-4470')).length;
    await search(PEOPLE.caseworker, ask('670116-4470', { purpose: 'care_coordination' }));
    const after = await f.records('670116-4470');
    expect(after.length).toBe(before + 1);
    expect(after[0]).toMatchObject({
      actor: { id: 'cw-oest', name: 'Line Øst', role: 'caseworker', organisationId: '851-myndighed-oest' },
      childPseudonym: f.childOf('670116-4470'),
      functionName: 'appointments',
      action: 'appointments.search',
      purpose: 'care_coordination',
      decision: { outcome: 'allow', reasonCode: 'case_handler' },
      override: false,
    });
    expect(JSON.stringify(after)).not.toMatch(/Ambulatorium|Opfølgende|Netværksmøde/);
  });

  it.each([
    ['a malformed CPR number', ask('67011-64470'), 400, 'invalid_cpr'],
    ['an impossible date', ask('693116-4470'), 400, 'invalid_cpr_date'],
    ['a missing purpose', { cpr: '670116-4470' }, 400, 'invalid_request'],
    ['a health purpose', ask('670116-4470', { purpose: 'treatment' }), 400, 'invalid_request'],
    [
      'an unknown override reason',
      ask('670116-4470', {
        override: { reason: 'because', justification: 'Guardian consented by phone just now' },
      }),
      400,
      'invalid_request',
    ],
    ['a window asked for', ask('670116-4470', { from: '2020-01-01' }), 400, 'invalid_request'],
    ['a body that is not JSON', '{"cpr":', 400, 'invalid_json'],
    ['a body that is too large', ask('670116-4470', { pad: 'x'.repeat(70_000) }), 413, 'body_too_large'],
  ])(
    'answers %s with a problem and a stable code, never echoing the number',
    async (_what, body, status, code) => {
      const res = await search(PEOPLE.caseworker, body);
      expect([res.status, res.type, res.body.code]).toEqual([status, 'application/problem+json', code]);
      expect(res.text).not.toMatch(/67011|69311|670116/);
    },
  );

  it('answers 401 without a token', async () => {
    const res = await search(undefined, ask('670116-4470'));
    expect([res.status, res.body.code]).toEqual([401, 'missing_token']);
  });

  it('POL-002.4: answers 503 when the authorizer cannot answer, logs nothing and pulls nothing', async () => {
    const closed = createEmbeddedAuthorizer({
      model: await loadModel(new URL('../../openfga/model/model.fga', import.meta.url).pathname),
      tuples: [],
    });
    await closed.close();
    const before = [(await f.records('670116-4470')).length, pulls()];
    const res = await search(PEOPLE.caseworker, ask('670116-4470'), { authorizer: closed });
    expect([res.status, res.body.code]).toEqual([503, 'authorizer_unavailable']);
    expect([(await f.records('670116-4470')).length, pulls()]).toEqual(before);
  });

  it('POL-007.5: answers 503 and no appointment when the audit store is down', async () => {
    const broken: AuditLog = { ...f.audit, append: () => Promise.reject(new Error('database down')) };
    const res = await search(PEOPLE.caseworker, ask('670116-4470'), { audit: broken });
    expect([res.status, res.body.code]).toEqual([503, 'audit_unavailable']);
    expect(res.text).not.toMatch(/Ambulatorium|upcoming/);
  });

  it('POL-002.5: Min Spærring failing is a 502 problem, never an answer as if unblocked; not audited', async () => {
    const before = (await f.records('700116-4473')).length;
    const failing = {
      blocks: { blocksOf: async () => Promise.reject(new AppError(502, 'upstream_error', 'down')) },
    };
    const res = await search(PEOPLE.caseworker, ask('700116-4473'), { upstreams: failing });
    expect([res.status, res.body.code]).toEqual([502, 'upstream_error']);
    expect((await f.records('700116-4473')).length).toBe(before);
  });

  it('POL-002.5: Aftaleoversigten failing after an allow is a 502 problem, the access still audited', async () => {
    const before = (await f.records('670116-4470')).length;
    const failing = {
      appointments: {
        appointmentsOf: async () => Promise.reject(new AppError(502, 'upstream_error', 'down')),
      },
    };
    const res = await search(PEOPLE.caseworker, ask('670116-4470'), { upstreams: failing });
    expect([res.status, res.body.code]).toEqual([502, 'upstream_error']);
    expect((await f.records('670116-4470')).length).toBe(before + 1);
  });

  it('POL-002.5: answers 504 within the deadline when an upstream hangs', async () => {
    f.delayMs = 5_000;
    try {
      const started = performance.now();
      const res = await search(PEOPLE.caseworker, ask('670116-4470'), { requestTimeoutMs: 300 });
      expect(res.status).toBe(504);
      expect(performance.now() - started).toBeLessThan(2_000);
    } finally {
      f.delayMs = 0;
    }
  });
});
