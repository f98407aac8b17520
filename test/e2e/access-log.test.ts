import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CPR_SHAPED, parseCpr, pseudonym } from '../../functions/runtime/cpr/cpr.ts';
import type { PersonaKey } from '../../functions/sandbox/data/personas.ts';
import { verifyAuditChain } from './support/audit-store.ts';
import { send } from './support/client.ts';
import { type PlatformProcess, startPlatform } from './support/platform-process.ts';
import { embedded, type Prepared, real, type Variant } from './support/variants.ts';
import { devTokens, writeWorld } from './support/world.ts';

/**
 * access-log end to end, as the welcome banner tells a newcomer: `npm start`
 * as a child process, tokens from `npm run dev:token` (the guardian's a dev
 * MitID token), the GP's case lookup first, then the guardian's and the
 * auditor's view over real HTTP; on the embedded stand-ins and on the real
 * OpenFGA server and PostgreSQL where `.ci/with-services` provides them.
 */
const dir = await mkdtemp(join(tmpdir(), 'hoi-e2e-access-log-'));
const world = await writeWorld(dir);
const pseudonymKey = randomBytes(32);
const child = world.persona('guardian').demoChildCpr;
let tokens: Record<string, string> = {};
let keyFile = '';

beforeAll(async () => {
  const issued = await devTokens(dir, [
    'gp',
    'guardian',
    'auditor',
    'gp-other-clinic',
    'child',
    'guardian-party',
    'clinic-auditor',
  ]);
  keyFile = issued.keyFile;
  tokens = issued.tokens;
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describeVariant(embedded);
describeVariant(real);

function describeVariant(variant: Variant) {
  const title = `access-log end to end on ${variant.name}${variant.skip ? ` — skipped: ${variant.skip}` : ''}`;
  describe.skipIf(variant.skip)(title, () => {
    let prepared: Prepared;
    let platform: PlatformProcess;
    /** The records the requests below leave, for the chain's count at the end. */
    let recorded = 0;
    const view = (as: PersonaKey, body: object, path = '/v1/access-log/search') => {
      recorded += 1;
      return send(`${platform.baseUrl}/access-log`, { as, body, path }, tokens, `e2e-al-${as}`);
    };
    const lookup = (fn: 'case-lookup' | 'school-lookup', cpr: string, id: string) => {
      recorded += 1;
      return send(
        `${platform.baseUrl}/${fn}`,
        {
          as: 'gp',
          body: { cpr, purpose: 'treatment' },
          ...(fn === 'school-lookup' ? { path: '/v1/school-or-daycare/search' } : {}),
        },
        tokens,
        id,
      );
    };
    const inspect = async (as: PersonaKey, body: object, accept?: string) => {
      const res = await fetch(`${platform.baseUrl}/access-log/v1/access-log/inspection/search`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${tokens[as]}`,
          ...(accept ? { accept } : {}),
        },
        body: JSON.stringify(body),
      });
      return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
    };

    beforeAll(async () => {
      const common = {
        SANDBOX_DATA_FILE: world.dataFile,
        AUTH_DEV_KEY_FILE: keyFile,
        PSEUDONYM_KEY: pseudonymKey.toString('hex'),
      };
      prepared = await variant.prepare(dir, world, common);
      platform = await startPlatform({ ...common, ...prepared.env });
    }, 180_000);
    afterAll(async () => {
      await platform?.stop();
      await prepared?.cleanup();
    }, 60_000);

    it('POL-007.1, POL-007.2: after the GP’s lookup, the guardian and the auditor see it; a professional is refused', async () => {
      expect((await lookup('case-lookup', child, 'e2e-al-gp')).status).toBe(200);
      const guardian = await view('guardian', { cpr: child, purpose: 'guardian_insight' });
      expect(guardian.status).toBe(200);
      expect(guardian.body).toMatchObject({
        view: 'guardian',
        entries: [
          {
            organisation: { name: world.persona('gp').organisation.name },
            role: { code: 'gp', text: 'Praktiserende læge' },
            data: { code: 'case-lookup' },
            decision: { code: 'allowed' },
            override: false,
          },
        ],
        nextCursor: null,
      });
      expect(guardian.text).not.toContain(world.persona('gp').name);
      const auditor = await view('auditor', { cpr: child, purpose: 'routine_inspection', limit: 10 });
      expect(auditor.status).toBe(200);
      // The auditor sees the guardian's view too (POL-007.8: never named), and the GP's lookup.
      expect(auditor.body.entries.map((e: { audit: { requestId: string } }) => e.audit.requestId)).toEqual([
        'e2e-al-guardian',
        'e2e-al-gp',
      ]);
      expect(auditor.body.entries[0]).toMatchObject({
        role: { code: 'citizen', text: 'Forældremyndighedsindehaver' },
        audit: { actor: { id: null } },
      });
      // The GP persona holds no custody: a health token is no citizen.
      expect((await view('gp-other-clinic', { cpr: child, purpose: 'routine_inspection' })).status).toBe(403);
    });

    it('POL-007.11, POL-007.6: the child of 15+ signs in with MitID and sees its own log, no employee named', async () => {
      const teen = world.persona('child');
      expect((await lookup('case-lookup', teen.cpr!, 'e2e-al-gp-teen')).status).toBe(200);
      const own = await view('child', { cpr: teen.cpr, purpose: 'own_insight' });
      expect(own.status).toBe(200);
      expect(own.body).toMatchObject({
        view: 'child',
        entries: [{ role: { code: 'gp' }, data: { code: 'case-lookup' }, decision: { code: 'allowed' } }],
        nextCursor: null,
      });
      expect(own.text).not.toContain(world.persona('gp').name);
      // The gp persona's guardian is no custody holder of this child.
      const other = await view('guardian', { cpr: teen.cpr, purpose: 'guardian_insight' });
      expect([other.status, other.body.code]).toEqual([403, 'no_relation_to_child']);
    });

    it('POL-007.14: a custody holder the notification case names is not shown the accesses to the child’s cases; the auditor is', async () => {
      const parent = world.persona('guardian-party');
      expect((await lookup('case-lookup', parent.demoChildCpr, 'e2e-al-gp-party')).status).toBe(200);
      expect((await lookup('school-lookup', parent.demoChildCpr, 'e2e-al-gp-party-school')).status).toBe(200);
      const theirs = await view('guardian-party', { cpr: parent.demoChildCpr, purpose: 'guardian_insight' });
      expect(theirs.status).toBe(200);
      expect(theirs.body.entries.map((e: { data: { code: string } }) => e.data.code)).toEqual([
        'school-lookup',
      ]);
      const inspected = await view('auditor', { cpr: parent.demoChildCpr, purpose: 'complaint' });
      expect(inspected.body.entries.map((e: { audit: { requestId: string } }) => e.audit.requestId)).toEqual([
        'e2e-al-guardian-party',
        'e2e-al-gp-party-school',
        'e2e-al-gp-party',
      ]);
    });

    it('POL-007.13: the clinic’s auditor exports its GPs’ accesses as CSV, Aalborg’s auditor its own employees’ as JSON; neither sees the other’s', async () => {
      const torvet = world.persona('clinic-auditor').organisation.id;
      const csv = await inspect(
        'clinic-auditor',
        { organisation: { type: 'gp_clinic', sor: torvet }, purpose: 'routine_inspection' },
        'text/csv',
      );
      expect([csv.status, csv.type]).toEqual([200, 'text/csv; charset=utf-8']);
      const rows = csv.text
        .trim()
        .split('\r\n')
        .slice(1)
        .map((row) => row.split('","'));
      expect(rows.map((r) => r[13])).toEqual([
        'e2e-al-gp-party-school',
        'e2e-al-gp-party',
        'e2e-al-gp-teen',
        'e2e-al-gp',
      ]);
      expect(rows.every((r) => r[3] === world.persona('gp').organisation.name && r[6] === 'gp')).toBe(true);
      // Children by pseudonym only: no CPR number of the children looked up (trace ids are random hex).
      for (const cpr of [child, world.persona('child').cpr!, world.persona('guardian-party').demoChildCpr])
        expect(csv.text).not.toContain(cpr);
      recorded += new Set(rows.map((r) => r[1])).size;
      const json = await inspect('auditor', {
        organisation: { type: 'municipality', code: '851' },
        purpose: 'routine_inspection',
      });
      expect(json.status).toBe(200);
      const entries = JSON.parse(json.text).entries as { role: { code: string }; child: string }[];
      expect(entries.length).toBeGreaterThan(0);
      expect(entries.every((e) => e.role.code === 'auditor')).toBe(true);
      recorded += new Set(entries.map((e) => e.child)).size;
      const refused = await inspect('clinic-auditor', {
        organisation: { type: 'municipality', code: '851' },
        purpose: 'routine_inspection',
      });
      expect(refused.status).toBe(403);
      expect(JSON.parse(refused.text).code).toBe('not_organisation_auditor');
    });

    it('POL-007.5, POL-001.4: the views are in the chain, which verifies, and no CPR number or pseudonym is in a log line', async () => {
      expect(await platform.stop()).toBe(0);
      const parsed = parseCpr(child);
      if (!parsed.ok) throw new Error('the demo child has a valid number');
      const id = pseudonym(parsed.cpr, pseudonymKey);
      for (const line of platform.stdout.filter((l) => l.startsWith('{'))) {
        expect(line).not.toMatch(CPR_SHAPED);
        expect(line).not.toContain(id);
      }
      expect(await verifyAuditChain(prepared.auditStore)).toEqual({
        code: 0,
        printed: [
          expect.stringMatching(new RegExp(`^audit chain OK: ${recorded} records`)),
          'no checkpoint store (AUDIT_CHECKPOINT_DIR): deleted newest records cannot be detected',
        ],
      });
    });
  });
}
