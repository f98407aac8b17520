import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import type { CheckRequest } from '../../openfga-embedded/vocabulary/types.ts';
import type { AuditLog } from '../../runtime/audit/audit-log.ts';
import {
  type ChildAccessFixture,
  childAccessFixture,
  NOW,
  PEOPLE,
  TORVET,
} from '../../testing/child-access-fixture.ts';
import { sampleCase } from '../../testing/sample-case.ts';
import type { TestKitParts } from '../../testing/test-kit.ts';
import { defineFunction } from '../define-function.ts';
import { functionApp } from '../function-app.ts';
import { overrideDeclaration } from './override.ts';
import { childAccess } from './pipeline.ts';

/**
 * The child-access pipeline on its own, with a throw-away function: the rules it
 * owns hold for every function built on it, so they are proven here once.
 */
const manifest = defineFunction({
  name: 'pipeline-probe',
  description: 'A function that exists only for this test',
  exposure: 'cluster-local',
  uses: ['authorizer', 'pseudonyms', 'audit', 'tokens'],
  upstreams: ['case-index', 'gp-listing', 'psychiatry', 'min-spaerring'],
  scaling: { minScale: 0, maxScale: 1, containerConcurrency: 1, timeoutSeconds: 5 },
  resources: { cpu: '50m', memory: '64Mi' },
  processing: { none: 'a test probe on synthetic data' },
});
const body = z.strictObject({
  cpr: z.string(),
  purpose: z.enum(['treatment']),
  override: z.optional(overrideDeclaration(['citizen_consent'])),
});
const LISTED = '6801164471';
const BLOCKED = '7001164473';
let fixture: ChildAccessFixture;
const committed: string[] = [];

function probe(over: TestKitParts = {}): Hono {
  const kit = fixture.kit(manifest, over);
  const app = functionApp(kit, []);
  app.post(
    '/v1/probe',
    childAccess(kit, {
      action: 'probe.search',
      body,
      facts: ['cases', 'gpListing', 'courses', 'blocks'],
      gate: 'can_lookup_cases',
      prepare: async () => 'the child’s data',
      commit: async ({ requestId }) => void committed.push(requestId),
      answer: ({ prepared, overrideUsed }) => ({ prepared, overrideUsed }),
      allowReason: 'treating_relation',
      denials: { no_relation_to_child: 'no relation', blocked_by_citizen: 'blocked' },
    }),
  );
  return app;
}
const ask = (cpr: string, extra: object = {}) => ({ cpr, purpose: 'treatment', ...extra });

beforeAll(async () => {
  fixture = await childAccessFixture({
    [LISTED]: { clinic: TORVET, cases: [sampleCase(1)] },
    [BLOCKED]: { clinic: TORVET, blocks: [{ kind: 'professional', professional: 'gp-torvet' }] },
  });
}, 60_000);
afterAll(() => fixture?.close());

describe('the child-access pipeline', () => {
  it('POL-007.5: no record, no data — an audit store that fails gets 503, nothing answered, nothing committed', async () => {
    const broken: AuditLog = { ...fixture.audit, append: () => Promise.reject(new Error('database down')) };
    committed.length = 0;
    const res = await fixture.post(probe({ audit: broken }), '/v1/probe', PEOPLE.gp, ask(LISTED));
    expect([res.status, res.body.code]).toEqual([503, 'audit_unavailable']);
    expect(res.text).not.toContain('the child’s data');
    expect(committed).toEqual([]);
    // The same request with a working store answers, and commits only after its record is in.
    const ok = await fixture.post(probe(), '/v1/probe', PEOPLE.gp, ask(LISTED));
    expect([ok.status, ok.body.prepared]).toEqual([200, 'the child’s data']);
    expect(committed).toHaveLength(1);
    expect((await fixture.records(LISTED))[0]).toMatchObject({ requestId: committed[0], answered: true });
  });

  it('POL-001.5: child facts are pulled for each request, never kept for the next', async () => {
    fixture.calls.clear();
    const app = probe();
    await fixture.post(app, '/v1/probe', PEOPLE.gp, ask(LISTED));
    await fixture.post(app, '/v1/probe', PEOPLE.gp, ask(LISTED));
    expect([fixture.calls.get('cases'), fixture.calls.get('blocks'), fixture.calls.get('gpListing')]).toEqual(
      [2, 2, 2],
    );
  });

  it('POL-001.6: every authorization request carries current_time from the platform clock, never the caller', async () => {
    const seen: (readonly CheckRequest[])[] = [];
    const spy = {
      ...fixture.authorizer,
      batchCheck: (requests: readonly CheckRequest[]) => {
        seen.push(requests);
        return fixture.authorizer.batchCheck(requests);
      },
    };
    await fixture.post(
      probe({ authorizer: spy }),
      '/v1/probe',
      PEOPLE.gp,
      ask(LISTED, { current_time: '1999-01-01T00:00:00Z' }),
    );
    await fixture.post(probe({ authorizer: spy }), '/v1/probe', PEOPLE.gp, ask(LISTED));
    expect(seen.length).toBe(1);
    expect(seen.flat().map((r) => r.context)).toEqual([{ current_time: NOW.toISOString() }]);
  });

  it('POL-008.6: an override counts only in the request that declares it, and is not remembered', async () => {
    const app = probe();
    const first = await fixture.post(
      app,
      '/v1/probe',
      PEOPLE.gp,
      ask(BLOCKED, {
        override: { reason: 'citizen_consent', justification: 'Guardian consented by phone just now' },
      }),
    );
    expect([first.status, first.body.overrideUsed]).toEqual([200, true]);
    const next = await fixture.post(app, '/v1/probe', PEOPLE.gp, ask(BLOCKED));
    expect([next.status, next.body.code]).toEqual([403, 'blocked_by_citizen']);
    const [last, before] = await fixture.records(BLOCKED);
    expect([last!.override, before!.override]).toEqual([false, true]);
  });

  it('POL-008.7: an override carries a reason from the list and the professional’s own words, both in the audit record', async () => {
    const app = probe();
    const words = '  Guardian   consented by phone\n just now ';
    const res = await fixture.post(
      app,
      '/v1/probe',
      PEOPLE.gp,
      ask(BLOCKED, { override: { reason: 'citizen_consent', justification: words } }),
    );
    expect([res.status, res.body.overrideUsed]).toEqual([200, true]);
    const [record] = await fixture.records(BLOCKED);
    expect(record).toMatchObject({
      override: true,
      overrideReason: 'citizen_consent',
      overrideJustification: 'Guardian consented by phone just now',
    });
    // Without its words, with too few, or with a CPR number or a pseudonym in them: refused before
    // anything is pulled or recorded, and the problem never repeats the text.
    const before = (await fixture.records(BLOCKED)).length;
    fixture.calls.clear();
    const refused = await Promise.all(
      [
        { reason: 'citizen_consent' },
        { reason: 'citizen_consent', justification: '          ok' },
        { reason: 'citizen_consent', justification: 'Mother 010203-1234 said yes' },
        { reason: 'citizen_consent', justification: 'about p-0123456789abcdef0123456789abcdef' },
      ].map((override) => fixture.post(app, '/v1/probe', PEOPLE.gp, ask(BLOCKED, { override }))),
    );
    expect(refused.map((r) => [r.status, r.body.code])).toEqual([
      [400, 'invalid_request'],
      [422, 'override_justification_missing'],
      [422, 'override_justification_identifies'],
      [422, 'override_justification_identifies'],
    ]);
    for (const r of refused) expect(r.text).not.toMatch(/010203|p-0123/);
    expect(fixture.calls.size).toBe(0);
    expect(await fixture.records(BLOCKED)).toHaveLength(before);
  });

  it('POL-002.1: access is granted only by a can_* relation: another gate or item relation is refused', async () => {
    const kit = fixture.kit(manifest);
    const spec = {
      action: 'probe.search',
      body,
      facts: [] as const,
      answer: () => ({}),
      allowReason: 'x',
      denials: { no_relation_to_child: 'no', blocked_by_citizen: 'no' },
    };
    expect(() => childAccess(kit, { ...spec, gate: 'treating_professional' })).toThrow(
      'the gate must be a can_* relation, not treating_professional',
    );
    const app = functionApp(kit, []);
    app.post(
      '/v1/probe',
      childAccess(kit, {
        ...spec,
        gate: 'can_lookup_cases',
        items: () => [{ relation: 'contact_viewer', object: 'case:x', value: 1 }],
      }),
    );
    const res = await fixture.post(app, '/v1/probe', PEOPLE.gp, ask(LISTED));
    expect([res.status, res.body.code]).toEqual([500, 'internal_error']);
  });
});
