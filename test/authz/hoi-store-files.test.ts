import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddedAuthorizerFactory } from '../../functions/openfga-embedded/index.ts';
import { openFgaStoreFactory } from '../../functions/testing/openfga-store-factory.ts';
import { realOpenFga, SKIP_REAL_OPENFGA } from '../../functions/testing/real-services.ts';
import { runStoreFile } from '../../openfga/tools/store-file.ts';

/**
 * The project's own policy tests (`openfga/tests/*.fga.yaml`, which `fga model
 * test` runs in CI) pass through both adapters of the authorizer port: the
 * embedded evaluator, and the OpenFGA adapter against the real server.
 */
const dir = fileURLToPath(new URL('../../openfga/tests/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.fga.yaml'));
const server = realOpenFga();

function failures(results: Awaited<ReturnType<typeof runStoreFile>>) {
  return results
    .filter((r) => !r.pass && r.skipped === undefined)
    .map(
      (r) =>
        `${r.test}: ${r.user} ${r.relation} ${r.object} expected ${JSON.stringify(r.expected)} got ${JSON.stringify(r.actual)}`,
    );
}

describe('HOI policy tests through the embedded evaluator', () => {
  it('finds the policy test files', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  for (const file of files) {
    it(`${file} passes`, async () => {
      const results = await runStoreFile(`${dir}${file}`, embeddedAuthorizerFactory);
      expect(failures(results)).toEqual([]);
      expect(results.filter((r) => r.kind === 'check').length).toBeGreaterThan(5);
      expect(results.filter((r) => r.skipped !== undefined && r.kind !== 'list_users')).toEqual([]);
    });
  }
});

describe.skipIf(!server)(
  `HOI policy tests through the OpenFGA adapter${server ? '' : ` — ${SKIP_REAL_OPENFGA}`}`,
  () => {
    const stores = server ? openFgaStoreFactory(server) : undefined;
    afterAll(() => stores?.cleanup());

    for (const file of files) {
      it(`${file} passes against the real server`, async () => {
        const results = await runStoreFile(`${dir}${file}`, stores!.factory);
        expect(failures(results)).toEqual([]);
        expect(results.filter((r) => r.kind === 'check').length).toBeGreaterThan(5);
      }, 120_000);
    }
  },
);

describe.skipIf(!server)(
  `POL-002.6: the policy tests pass with the copy deciding every check, each store copied from the real server${server ? '' : ` — ${SKIP_REAL_OPENFGA}`}`,
  () => {
    // Each store written to the real server, copied by its change feed (ReadChanges) into the
    // function's evaluator, which then decides every check (POL-002.6).
    const stores = server ? openFgaStoreFactory(server, { replica: true }) : undefined;
    afterAll(() => stores?.cleanup());

    for (const file of files) {
      it(`${file} passes, the copy deciding`, async () => {
        const before = stores!.replicas.length;
        const results = await runStoreFile(`${dir}${file}`, stores!.factory);
        expect(failures(results)).toEqual([]);
        const made = stores!.replicas.slice(before);
        const decided = made.map((replica) => replica.status().decided);
        expect(decided.reduce((sum, d) => sum + d.server, 0)).toBe(0);
        expect(decided.reduce((sum, d) => sum + d.replica, 0)).toBeGreaterThanOrEqual(
          results.filter((r) => r.kind === 'check').length,
        );
      }, 120_000);
    }
  },
);
