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
  const issued = await devTokens(dir, ['gp', 'guardian', 'auditor', 'gp-other-clinic']);
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
    const view = (as: PersonaKey, body: object) =>
      send(
        `${platform.baseUrl}/access-log`,
        { as, body, path: '/v1/access-log/search' },
        tokens,
        `e2e-al-${as}`,
      );

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
      const lookup = await send(
        `${platform.baseUrl}/case-lookup`,
        { as: 'gp', body: { cpr: child, purpose: 'treatment' } },
        tokens,
        'e2e-al-gp',
      );
      expect(lookup.status).toBe(200);
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
          expect.stringMatching(/^audit chain OK: 4 records/),
          'no checkpoint store (AUDIT_CHECKPOINT_DIR): deleted newest records cannot be detected',
        ],
      });
    });
  });
}
