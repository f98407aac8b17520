/**
 * npm run bench:authz — checks/s and p99 of the embedded evaluator and (when
 * FGA_API_URL is set, e.g. under `.ci/with-services`) the real OpenFGA server,
 * on the HOI model with a realistic organisation, and their ratio.
 * Aims: embedded ≥ 100,000 checks/s single-threaded; ≥ 10× the server over HTTP.
 */
import { fileURLToPath } from 'node:url';
import { createEmbeddedAuthorizer } from '../../functions/openfga-embedded/index.ts';
import type { CheckRequest } from '../../functions/openfga-embedded/vocabulary/types.ts';
import { loadModel } from '../../functions/runtime/authz/model.ts';
import { createOpenFgaAuthorizer } from '../../functions/runtime/authz/openfga-adapter.ts';
import {
  createStoreWithModel,
  deleteStore,
  writeTuples,
} from '../../functions/runtime/authz/openfga-store-admin.ts';
import { type ChildScenario, generateChild } from '../../functions/testing/hoi-child-facts.ts';
import { generateOrganisation, type Organisation } from '../../functions/testing/hoi-organisation.ts';
import { seededRandom } from '../../functions/testing/random.ts';
import { formatRate, percentile } from './stats.ts';

const random = seededRandom(2026);
const org = generateOrganisation(random, {
  municipalities: ['851', '810', '849', '840', '787'],
  unitsPerMunicipality: 90,
  usersPerUnit: 8,
  gpClinics: 16,
  gpsPerClinic: 4,
  psychiatryUnits: 6,
  psychiatristsPerUnit: 10,
});
const model = await loadModel(fileURLToPath(new URL('../../openfga/model/model.fga', import.meta.url)));
const children = Array.from({ length: 2000 }, (_, i) => generateChild(random, org, i));
const checks = children.flatMap((child) => commonChecks(org, child));

console.log(
  `organisation: ${org.municipalities.length} municipalities, ${[...org.units.values()].flat().length} units, ` +
    `${org.municipalUsers.length + org.gps.length + org.psychiatrists.length} employees, ${org.tuples.length} stored tuples; ` +
    `${checks.length} distinct checks with ${Math.round(avg(checks.map((c) => c.contextualTuples?.length ?? 0)))} contextual tuples on average`,
);

const embedded = createEmbeddedAuthorizer({ model, tuples: org.tuples });
const embeddedResult = await measure('embedded (in-process, 1 thread)', checks, 200_000, 1, (c) =>
  embedded.check(c),
);
const allowedShare = (await embedded.batchCheck(checks)).filter((r) => r.allowed).length / checks.length;
console.log(`share of checks allowed: ${(allowedShare * 100).toFixed(1)}%`);

if (process.env.FGA_API_URL) {
  const connection = {
    apiUrl: process.env.FGA_API_URL,
    ...(process.env.FGA_API_TOKEN ? { apiToken: process.env.FGA_API_TOKEN } : {}),
  };
  const ids = await createStoreWithModel(connection, `bench-${Date.now()}`, model);
  try {
    const config = { mode: 'openfga' as const, ...connection, ...ids, timeoutMs: 30_000, maxRetries: 0 };
    await writeTuples(config, org.tuples);
    const server = createOpenFgaAuthorizer(config);
    const serverResult = await measure('OpenFGA server (HTTP, 4 in flight)', checks, 2_000, 4, (c) =>
      server.check(c),
    );
    console.log(
      `ratio embedded / server throughput: ${(embeddedResult.perSecond / serverResult.perSecond).toFixed(1)}×`,
    );
  } finally {
    await deleteStore(connection, ids.storeId);
  }
} else {
  console.log(
    'OpenFGA server: not measured (FGA_API_URL unset; run `.ci/with-services npm run bench:authz`)',
  );
}

/** The checks functions make on the hot path: health's case contact and school, caseworkers' appointments. */
function commonChecks(o: Organisation, child: ChildScenario): CheckRequest[] {
  const base = { contextualTuples: child.contextualTuples, context: child.context };
  const clinic = child.contextualTuples.find((t) => t.relation === 'listed_with')?.user;
  const gp = clinic ? (o.staff.get(clinic) ?? o.gps)[0]! : o.gps[0]!;
  const scope = child.contextualTuples.find((t) => t.relation === 'scope')?.user;
  const unit = scope ? `org_unit:${scope.slice('case_scope:'.length).split('/')[0]}` : undefined;
  const caseworker = unit ? (o.staff.get(unit) ?? o.municipalUsers)[0]! : o.municipalUsers[0]!;
  const out: CheckRequest[] = [
    { ...base, user: gp, relation: 'can_view_school', object: child.child },
    { ...base, user: caseworker, relation: 'can_view_appointments', object: child.child },
  ];
  for (const id of child.cases)
    out.push({ ...base, user: gp, relation: 'can_view_case_contact', object: id });
  return out;
}

async function measure(
  label: string,
  requests: readonly CheckRequest[],
  total: number,
  inFlight: number,
  run: (c: CheckRequest) => Promise<unknown>,
): Promise<{ perSecond: number }> {
  for (let i = 0; i < Math.min(total, 2000); i++) await run(requests[i % requests.length]!);
  const samples: number[] = new Array(total);
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const t = performance.now();
      await run(requests[i % requests.length]!);
      samples[i] = performance.now() - t;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const seconds = (performance.now() - started) / 1000;
  const perSecond = total / seconds;
  console.log(
    `${label}: ${formatRate(perSecond)} checks/s, p50 ${percentile(samples, 50).toFixed(3)} ms, p99 ${percentile(samples, 99).toFixed(3)} ms (${total} checks)`,
  );
  return { perSecond };
}

function avg(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
}
