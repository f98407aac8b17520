/**
 * The functions as the organisation grows: the bench's lookups asked again
 * over the pilot's sandbox grown to every municipality (grown-organisation.ts)
 * — case-lookup (the health side) in each configuration the environment
 * offers, the embedded evaluator loading the whole organisation at start, the
 * OpenFGA server holding it in a store of its own; appointments (the
 * municipal side, whose checks run through the units' scopes) in the
 * production-like one. The children, their cases and the professionals asking
 * stay the pilot's, so the answers are the same and only the organisation
 * around them differs.
 * Each configuration runs side by side with itself at the pilot's size on the
 * server core (each against its own sandbox, PGlite in a directory of its own:
 * servers.ts), so the two are measured against the same moment: one after the
 * other, runs a minute apart on this shared machine differed by more than the
 * organisation's size does.
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
import type { FunctionLoad } from './function-loads.ts';
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
  /** The configurations at the pilot's size, as the bench measured them (their stores still there). */
  readonly pilot: readonly BenchConfiguration[];
  /** Measured in every configuration. */
  readonly everywhere: FunctionLoad;
  /** Measured in the production-like configuration (the last) only. */
  readonly productionLike: readonly FunctionLoad[];
  /**
   * `load` in `configuration`'s container with `pilot`'s variables added to the shipped ones,
   * side by side with the same with `grown`'s, which name the grown sandbox.
   */
  measureSideBySide(
    grownSandbox: BundleProcess,
    load: FunctionLoad,
    configuration: BenchConfiguration,
    env: { readonly pilot: Readonly<Record<string, string>>; readonly grown: Record<string, string> },
  ): Promise<readonly [Throughput, Throughput]>;
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
      const municipalities = grown.municipalities.map((m) => m.code).join(',');
      for (const [i, configuration] of configurations.entries()) {
        const last = i === configurations.length - 1;
        for (const load of [bench.everywhere, ...(last ? bench.productionLike : [])]) {
          const [atPilot, atGrown] = await bench.measureSideBySide(sandbox, load, configuration, {
            pilot: bench.pilot[i]!.env,
            grown: {
              ...configuration.env,
              UPSTREAM_BASE_URL: sandbox.url,
              // The embedded evaluator loads every municipality's organisation at start, as a deployment of them all would.
              AUTHZ_MUNICIPALITIES: municipalities,
            },
          });
          results.push({
            label: configuration.label,
            fn: load.fn,
            persona: load.persona,
            pilot: atPilot,
            grown: atGrown,
          });
        }
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
