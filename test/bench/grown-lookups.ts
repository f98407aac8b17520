/**
 * case-lookup as the organisation grows: the bench's lookups asked again over
 * the pilot's sandbox grown to every municipality (grown-organisation.ts), in
 * each configuration the environment offers — the embedded evaluator loading
 * the whole organisation at start, the OpenFGA server holding it in a store of
 * its own. The children, their cases and the GPs asking stay the pilot's, so
 * the answers are the same and only the organisation around them differs.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RelevantCasesPolicy } from '../../functions/kit/org-sync/relevant-cases-policy.ts';
import type { SandboxData } from '../../functions/sandbox/data/schema.ts';
import { sandboxOrganisationTuples } from '../../functions/sandbox/organisation-tuples.ts';
import type { Bundle } from '../../infra/build/build.ts';
import { type BundleProcess, waitForStatus } from '../../infra/build/run-bundle.ts';
import type { OrganisationSize } from './authz/organisation.ts';
import { type BenchConfiguration, benchConfigurations } from './configurations.ts';
import { grownSandboxData } from './grown-organisation.ts';
import type { GrownResult, Throughput } from './report.ts';
import { LOAD_CORE, START_TIMEOUT_MS, start, stop } from './servers.ts';

/** Every Danish municipality, 30 FK units each: some 236k stored tuples against the pilot's 6.7k. */
export const GROWN_SIZE: Required<Pick<OrganisationSize, 'municipalities' | 'unitsPerMunicipality'>> = {
  municipalities: 98,
  unitsPerMunicipality: 30,
};

export interface GrownLookups {
  readonly data: SandboxData;
  readonly relevantCases: RelevantCasesPolicy;
  readonly sandboxBundle: Bundle;
  readonly workDir: string;
  /** case-lookup's load against `sandbox` with these variables added to the shipped ones, in `configuration`'s container. */
  measure(
    sandbox: BundleProcess,
    env: Record<string, string>,
    configuration: BenchConfiguration,
  ): Promise<Throughput>;
}

export async function measureGrownLookups(bench: GrownLookups): Promise<GrownResult> {
  const grown = grownSandboxData(bench.data, GROWN_SIZE, bench.relevantCases);
  const dataFile = join(bench.workDir, 'sandbox-data-grown.json');
  await writeFile(dataFile, JSON.stringify(grown));
  const tuples = await sandboxOrganisationTuples(grown, bench.relevantCases);
  const sandbox = await start(bench.sandboxBundle, { SANDBOX_DATA_FILE: dataFile }, LOAD_CORE);
  try {
    await waitForStatus(sandbox, { path: '/health/liveness' }, { timeoutMs: START_TIMEOUT_MS });
    const startedAt = performance.now();
    const configurations = await benchConfigurations(tuples, bench.workDir);
    const storeFillMs = performance.now() - startedAt;
    try {
      const results: GrownResult['configurations'][number][] = [];
      for (const configuration of configurations) {
        const env = {
          UPSTREAM_BASE_URL: sandbox.url,
          // The embedded evaluator loads every municipality's organisation at start, as a deployment of them all would.
          AUTHZ_MUNICIPALITIES: grown.municipalities.map((m) => m.code).join(','),
          ...configuration.env,
        };
        results.push({
          label: configuration.label,
          throughput: await bench.measure(sandbox, env, configuration),
        });
      }
      return {
        ...GROWN_SIZE,
        storedTuples: tuples.length,
        // Only production's configuration fills a store.
        ...(configurations.some((c) => c.env.AUTHZ_MODE === 'openfga') ? { storeFillMs } : {}),
        configurations: results,
      };
    } finally {
      await Promise.all(configurations.map((c) => c.cleanup()));
    }
  } finally {
    await stop(sandbox);
  }
}
