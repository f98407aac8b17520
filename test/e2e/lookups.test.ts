import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCprShaped } from '../../functions/testing/cpr-scan.ts';
import type { ScenarioRequest } from './scenarios.ts';
import { readAuditRecords, verifyAuditChain } from './support/audit-store.ts';
import { send } from './support/client.ts';
import { type PlatformProcess, startPlatform } from './support/platform-process.ts';
import { embedded, type Prepared } from './support/variants.ts';
import { devTokens, E2E_CHILDREN, writeWorld } from './support/world.ts';

/**
 * school-lookup and appointments end to end: `npm start` as a child process,
 * real HTTP, tokens from `npm run dev:token`, on the embedded stand-ins — what
 * the curl lines `npm start` prints do, and what each policy refuses.
 */
const dir = await mkdtemp(join(tmpdir(), 'hoi-e2e-lookups-'));
const world = await writeWorld(dir);
const DAY = 86_400_000;
let tokens: Record<string, string> = {};
let prepared: Prepared;
let platform: PlatformProcess;
let n = 0;

beforeAll(async () => {
  const issued = await devTokens(dir, ['gp', 'gp-other-clinic', 'caseworker', 'ppr', 'leader']);
  tokens = issued.tokens;
  const common = {
    SANDBOX_DATA_FILE: world.dataFile,
    AUTH_DEV_KEY_FILE: issued.keyFile,
    PSEUDONYM_KEY: randomBytes(32).toString('hex'),
  };
  prepared = await embedded.prepare(dir, world, common);
  platform = await startPlatform({ ...common, ...prepared.env });
}, 180_000);
afterAll(async () => {
  await platform?.stop();
  await prepared?.cleanup();
  await rm(dir, { recursive: true, force: true });
}, 60_000);

const call = async (fn: string, path: string, request: ScenarioRequest) => {
  const answer = await send(`${platform.baseUrl}/${fn}`, { ...request, path }, tokens, `e2e-lookups-${++n}`);
  expect(findCprShaped(answer.text)).toEqual([]);
  return answer;
};
const school = (as: ScenarioRequest['as'], cpr: string) =>
  call('school-lookup', '/v1/school-or-daycare/search', { as, body: { cpr, purpose: 'treatment' } });
const appointments = (as: ScenarioRequest['as'], cpr: string, extra: object = {}) =>
  call('appointments', '/v1/appointments/search', { as, body: { cpr, purpose: 'case_handling', ...extra } });

describe('school-lookup and appointments end to end on the embedded stand-ins', () => {
  it('POL-005.1/POL-005.3: the gp persona’s curl answers its child’s school with address and main contact', async () => {
    const child = world.child(world.persona('gp').demoChildCpr);
    const answer = await school('gp', child.cpr);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      enrolled: true,
      institution: {
        type: child.institution!.type,
        name: child.institution!.name,
        institutionNumber: child.institution!.institutionNumber,
        municipality: { code: '851', name: 'Aalborg Kommune' },
        address: child.institution!.address,
        phone: child.institution!.phone,
        mainContact: child.institution!.mainContact,
      },
      overrideUsed: false,
    });
  });

  it('POL-005.1/POL-005.2/POL-005.5: another clinic is refused as no relation; a protected child as address_protected', async () => {
    const other = await school('gp-other-clinic', world.persona('gp').demoChildCpr);
    expect([other.status, other.body.code]).toEqual([403, 'no_relation_to_child']);
    const hidden = await school('gp', E2E_CHILDREN.addressProtected);
    expect([hidden.status, hidden.body.code]).toEqual([403, 'address_protected']);
    const cases = await call('case-lookup', '/v1/relevant-cases/search', {
      as: 'gp',
      body: { cpr: E2E_CHILDREN.addressProtected, purpose: 'treatment' },
    });
    expect([cases.status, cases.body.hasRelevantCase]).toEqual([200, true]);
    expect(cases.text).not.toContain(world.child(world.persona('gp').demoChildCpr).institution!.name);
  });

  it('POL-003.1/POL-003.11: the caseworker persona’s curl answers its child’s appointments in the window', async () => {
    const child = world.child(world.persona('caseworker').demoChildCpr);
    const answer = await appointments('caseworker', child.cpr);
    expect(answer.status).toBe(200);
    const now = Date.now();
    const expected = child.appointments
      .filter((a) => {
        const start = Date.parse(a.effectiveTime.low);
        return start >= now - 30 * DAY + 60_000 && start < now + 90 * DAY - 60_000;
      })
      .map((a) => a.effectiveTime.low);
    const shown = [...answer.body.upcoming, ...answer.body.recent].map((a: { start: string }) => a.start);
    expect(shown.sort()).toEqual(expected.sort());
    expect(answer.body.upcoming.length).toBeGreaterThan(0);
    for (const a of child.appointments) expect(answer.text).not.toContain(a.indication!.text);
  });

  it('POL-003.1: the ppr persona sees its child’s appointments; the leader is refused', async () => {
    const ppr = await appointments('ppr', world.persona('ppr').demoChildCpr);
    expect([ppr.status, ppr.body.upcoming.length > 0]).toEqual([200, true]);
    const leader = await appointments('leader', world.persona('leader').demoChildCpr);
    expect([leader.status, leader.body.code]).toEqual([403, 'no_relation_to_child']);
  });

  it('POL-003.13/POL-003.14: a blocked caseworker is told blocked_by_citizen; with the guardian’s consent sees them, flagged', async () => {
    const blocked = await appointments('caseworker', E2E_CHILDREN.blockedForCaseworker);
    expect([blocked.status, blocked.body.code]).toEqual([403, 'blocked_by_citizen']);
    const consent = await appointments('caseworker', E2E_CHILDREN.blockedForCaseworker, {
      override: { reason: 'citizen_consent', justification: 'Guardian consented by phone just now' },
    });
    expect([consent.status, consent.body.overrideUsed]).toEqual([200, true]);
    const vital = await appointments('caseworker', E2E_CHILDREN.blockedForCaseworker, {
      override: { reason: 'vital_interest', justification: 'Guardian consented by phone just now' },
    });
    expect([vital.status, vital.body.code]).toEqual([400, 'invalid_request']);
  });

  it('POL-007.5: every answered request left its record, and the chain verifies', async () => {
    expect(await platform.stop()).toBe(0);
    const stored = await readAuditRecords(prepared.auditStore);
    const by = (fn: string) => stored.filter((r) => r.functionName === fn).length;
    // The refused override (400) never reached the pipeline: five appointment records, not six.
    expect([by('school-lookup'), by('appointments'), by('case-lookup')]).toEqual([3, 5, 1]);
    expect(stored.filter((r) => r.override).map((r) => r.functionName)).toEqual(['appointments']);
    const verified = await verifyAuditChain(prepared.auditStore);
    expect(verified.code).toBe(0);
    const access = platform.logLines().filter((l) => l.msg === 'request');
    expect(access.filter((l) => findCprShaped(JSON.stringify(l)).length > 0)).toEqual([]);
  });
});
