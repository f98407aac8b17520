import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Institution } from '../contracts/institutions.ts';
import { createEmbeddedAuthorizer } from '../openfga-embedded/index.ts';
import type { AuditLog } from '../runtime/audit/audit-log.ts';
import { loadModel } from '../runtime/authz/model.ts';
import { AppError } from '../runtime/http/app-error.ts';
import {
  BUP,
  type ChildAccessFixture,
  childAccessFixture,
  type FixtureChild,
  PEOPLE,
  TORVET,
} from '../testing/child-access-fixture.ts';
import type { TestKitParts } from '../testing/test-kit.ts';
import { createApp } from './app.ts';
import { manifest } from './manifest.ts';

/** school-lookup through app.request() over the real model, a real audit log and synthetic children. */
const school: Institution = {
  type: 'school',
  institutionNumber: '985101',
  name: 'Lundeskolen',
  phone: '+45 0980 8510',
  municipality: '851',
  address: { street: 'Skolevej 1', postalCode: '9000', city: 'Aalborg' },
  mainContact: {
    name: 'Birgit Kjær',
    title: 'Skoleleder',
    phone: '+45 0981 8510',
    email: 'leder@851.stil.example',
  },
};
const daycare: Institution = {
  ...school,
  type: 'daycare',
  institutionNumber: '985151',
  name: 'Børnehuset Mejsen',
  mainContact: { name: 'Ole Damgaard', title: 'Dagtilbudsleder', phone: '+45 0981 8515', email: null },
};
const course = { unitSor: BUP, start: '2026-09-01T00:00:00.000Z', end: null };
const CHILDREN: Record<string, FixtureChild> = {
  '6701164470': { clinic: TORVET, institution: school },
  '6801164471': { clinic: TORVET },
  '6901164472': { clinic: TORVET, institution: school, addressProtected: true },
  '7001164473': {
    clinic: TORVET,
    institution: school,
    blocks: [{ kind: 'professional', professional: 'gp-torvet' }],
  },
  '7101164474': { courses: [course], institution: daycare },
  '7201164475': {
    clinic: TORVET,
    institution: school,
    addressProtected: true,
    blocks: [{ kind: 'professional', professional: 'gp-torvet' }],
  },
  '7301164476': { clinic: TORVET, institution: school, unknownToCpr: true },
};
const PATH = '/v1/school-or-daycare/search';
const ask = (cpr: string, extra: object = {}) => ({ cpr, purpose: 'treatment', ...extra });

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
const stilCalls = () => f.calls.get('institution') ?? 0;

describe('school-lookup: POST /v1/school-or-daycare/search', () => {
  it('POL-005.1/POL-005.3: the child’s GP gets the school’s name, number, address and main contact — nothing else', async () => {
    const res = await search(PEOPLE.gp, ask('670116-4470'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      enrolled: true,
      institution: {
        type: 'school',
        name: 'Lundeskolen',
        institutionNumber: '985101',
        municipality: { code: '851', name: 'Aalborg Kommune' },
        address: { street: 'Skolevej 1', postalCode: '9000', city: 'Aalborg' },
        phone: '+45 0980 8510',
        mainContact: {
          name: 'Birgit Kjær',
          title: 'Skoleleder',
          phone: '+45 0981 8510',
          email: 'leder@851.stil.example',
        },
      },
      overrideUsed: false,
    });
  });

  it('POL-005.1: a psychiatrist running the child’s course gets its daycare', async () => {
    const res = await search(PEOPLE.psychiatrist, ask('710116-4474'));
    expect(res.status).toBe(200);
    expect(res.body.institution).toMatchObject({ type: 'daycare', name: 'Børnehuset Mejsen' });
    expect(res.body.institution.mainContact.email).toBeNull();
  });

  it('POL-005.4: a child enrolled nowhere gets an explicit empty answer', async () => {
    const res = await search(PEOPLE.gp, ask('680116-4471'));
    expect([res.status, res.body]).toEqual([
      200,
      { enrolled: false, institution: null, overrideUsed: false },
    ]);
  });

  it('POL-005.1/POL-005.7: a GP at another clinic, a psychiatrist without a course and a caseworker are refused, and STIL is never asked', async () => {
    const before = stilCalls();
    const other = await search(PEOPLE.otherGp, ask('670116-4470'));
    expect([other.status, other.body.code]).toEqual([403, 'no_relation_to_child']);
    expect(other.text).not.toContain('Lundeskolen');
    const noCourse = await search(PEOPLE.psychiatrist, ask('670116-4470'));
    expect([noCourse.status, noCourse.body.code]).toEqual([403, 'no_relation_to_child']);
    const caseworker = await search(PEOPLE.caseworker, ask('670116-4470'));
    expect([caseworker.status, caseworker.body.code]).toEqual([403, 'no_relation_to_child']);
    expect(stilCalls()).toBe(before);
  });

  it('POL-005.2/POL-008.5: a protected child’s school is refused as address_protected, even under an override, and STIL is never asked', async () => {
    const before = stilCalls();
    const res = await search(PEOPLE.gp, ask('690116-4472'));
    expect([res.status, res.type, res.body.code]).toEqual([
      403,
      'application/problem+json',
      'address_protected',
    ]);
    expect(res.text).not.toMatch(/Lundeskolen|Skolevej/);
    const overridden = await search(
      PEOPLE.gp,
      ask('690116-4472', {
        override: { reason: 'vital_interest', justification: 'Guardian consented by phone just now' },
      }),
    );
    expect([overridden.status, overridden.body.code]).toEqual([403, 'address_protected']);
    expect(stilCalls()).toBe(before);
    const [last, first] = await f.records('690116-4472');
    expect(first!.decision).toEqual({ outcome: 'deny', reasonCode: 'address_protected' });
    expect(last).toMatchObject({
      decision: { outcome: 'deny', reasonCode: 'address_protected' },
      override: false,
    });
  });

  it('POL-005.6: a child CPR does not know counts as protected (fail closed)', async () => {
    const res = await search(PEOPLE.gp, ask('730116-4476'));
    expect([res.status, res.body.code]).toEqual([403, 'address_protected']);
  });

  it('POL-005.5: protection is told only to one case-lookup would answer: another clinic’s GP is told no relation, a blocked GP blocked', async () => {
    const other = await search(PEOPLE.otherGp, ask('690116-4472'));
    expect([other.status, other.body.code]).toEqual([403, 'no_relation_to_child']);
    const blocked = await search(PEOPLE.gp, ask('720116-4475'));
    expect([blocked.status, blocked.body.code]).toEqual([403, 'blocked_by_citizen']);
    // Only once the block is overridden does the GP stand where case-lookup would answer.
    const overridden = await search(
      PEOPLE.gp,
      ask('720116-4475', {
        override: { reason: 'citizen_consent', justification: 'Guardian consented by phone just now' },
      }),
    );
    expect([overridden.status, overridden.body.code]).toEqual([403, 'address_protected']);
  });

  it('POL-008.1/POL-008.4: a blocked GP is refused as blocked_by_citizen; with an override sees the school, flagged and audited', async () => {
    const blocked = await search(PEOPLE.gp, ask('700116-4473'));
    expect([blocked.status, blocked.body.code]).toEqual([403, 'blocked_by_citizen']);
    const overridden = await search(
      PEOPLE.gp,
      ask('700116-4473', {
        override: { reason: 'citizen_consent', justification: 'Guardian consented by phone just now' },
      }),
    );
    expect(overridden.status).toBe(200);
    expect(overridden.body).toMatchObject({ enrolled: true, overrideUsed: true });
    const [last, first] = await f.records('700116-4473');
    expect(first).toMatchObject({
      decision: { outcome: 'deny', reasonCode: 'blocked_by_citizen' },
      override: false,
    });
    expect(last).toMatchObject({
      decision: { outcome: 'allow', reasonCode: 'treating_relation' },
      override: true,
    });
  });

  it('POL-007.5: one audit record per answered request, naming the actor, the child by pseudonym and the purpose', async () => {
    const before = (await f.records('680116-4471')).length;
    await search(PEOPLE.gp, ask('680116-4471', { purpose: 'care_coordination' }));
    const after = await f.records('680116-4471');
    expect(after.length).toBe(before + 1);
    expect(after[0]).toMatchObject({
      actor: { id: 'gp-torvet', name: 'Grethe Torvet', role: 'gp', organisationId: TORVET },
      childPseudonym: f.childOf('680116-4471'),
      functionName: 'school-lookup',
      action: 'school.lookup',
      purpose: 'care_coordination',
      decision: { outcome: 'allow', reasonCode: 'treating_relation' },
      override: false,
      callingSystem: 'hoi-dev',
    });
  });

  it.each([
    ['a malformed CPR number', ask('67011-64470'), 400, 'invalid_cpr'],
    ['an impossible date', ask('693116-4470'), 400, 'invalid_cpr_date'],
    ['a missing purpose', { cpr: '670116-4470' }, 400, 'invalid_request'],
    ['an unknown purpose', ask('670116-4470', { purpose: 'curiosity' }), 400, 'invalid_request'],
    [
      'an unknown override reason',
      ask('670116-4470', {
        override: { reason: 'because', justification: 'Guardian consented by phone just now' },
      }),
      400,
      'invalid_request',
    ],
    ['an unknown field', ask('670116-4470', { name: 'x' }), 400, 'invalid_request'],
    ['a body that is not JSON', '{"cpr":', 400, 'invalid_json'],
    ['a body that is too large', ask('670116-4470', { pad: 'x'.repeat(70_000) }), 413, 'body_too_large'],
  ])(
    'answers %s with a problem and a stable code, never echoing the number',
    async (_what, body, status, code) => {
      const res = await search(PEOPLE.gp, body);
      expect([res.status, res.type, res.body.code]).toEqual([status, 'application/problem+json', code]);
      expect(res.text).not.toMatch(/67011|69311|670116/);
    },
  );

  it('answers 401 without a token', async () => {
    const res = await search(undefined, ask('670116-4470'));
    expect([res.status, res.body.code]).toEqual([401, 'missing_token']);
  });

  it('POL-002.4: answers 503 when the authorizer cannot answer, logs nothing and asks STIL nothing', async () => {
    const closed = createEmbeddedAuthorizer({
      model: await loadModel(new URL('../../openfga/model/model.fga', import.meta.url).pathname),
      tuples: [],
    });
    await closed.close();
    const before = [(await f.records('670116-4470')).length, stilCalls()];
    const res = await search(PEOPLE.gp, ask('670116-4470'), { authorizer: closed });
    expect([res.status, res.body.code]).toEqual([503, 'authorizer_unavailable']);
    expect([(await f.records('670116-4470')).length, stilCalls()]).toEqual(before);
  });

  it('POL-007.5: answers 503 and no school when the audit store is down, though STIL was asked meanwhile', async () => {
    const broken: AuditLog = { ...f.audit, append: () => Promise.reject(new Error('database down')) };
    const res = await search(PEOPLE.gp, ask('670116-4470'), { audit: broken });
    expect([res.status, res.body.code]).toEqual([503, 'audit_unavailable']);
    expect(res.text).not.toMatch(/Lundeskolen|Skolevej|Birgit/);
  });

  it('POL-002.5: STIL failing after an allow is a 502 problem, the access still audited', async () => {
    const before = (await f.records('670116-4470')).length;
    const failing = {
      institutions: {
        institutionOf: async () => Promise.reject(new AppError(502, 'upstream_error', 'STIL answered 500')),
      },
    };
    const res = await search(PEOPLE.gp, ask('670116-4470'), { upstreams: failing });
    expect([res.status, res.body.code]).toEqual([502, 'upstream_error']);
    expect((await f.records('670116-4470')).length).toBe(before + 1);
  });

  it('POL-002.5: answers 504 within the deadline when an upstream hangs', async () => {
    f.delayMs = 5_000;
    try {
      const started = performance.now();
      const res = await search(PEOPLE.gp, ask('670116-4470'), { requestTimeoutMs: 300 });
      expect(res.status).toBe(504);
      expect(performance.now() - started).toBeLessThan(2_000);
    } finally {
      f.delayMs = 0;
    }
  });
});
