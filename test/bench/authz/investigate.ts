/**
 * Why the embedded evaluator's single-thread figure has been reported as both
 * 142–148k checks/s (session 1) and 33k (issue 10): the same evaluator on the
 * same machine, taken apart. Measures (1) the old bench's own workload (five
 * municipalities of the test generator, 17 contextual tuples, GP/caseworker
 * mix) as it measured it, (2) how the rate climbs while V8 warms up, (3) what
 * contextual tuples cost on their own (the floor with and without a child's
 * tuples attached, which cannot change its answer), (4) how fast this machine
 * is right now (a fixed loop), so a loaded run is recognisable.
 */
import { join } from 'node:path';
import { createEmbeddedAuthorizer } from '../../../functions/openfga-embedded/index.ts';
import type { CheckRequest } from '../../../functions/openfga-embedded/vocabulary/types.ts';
import { loadModel } from '../../../functions/runtime/authz/model.ts';
import { generateChild } from '../../../functions/testing/hoi-child-facts.ts';
import { generateOrganisation } from '../../../functions/testing/hoi-organisation.ts';
import { seededRandom } from '../../../functions/testing/random.ts';
import { type CheckRun, measureChecks } from './measure.ts';

export interface Investigation {
  /** The session-1 bench's workload and method (200k checks after 2k warm-up), on today's evaluator. */
  readonly legacyMix: CheckRun & { readonly contextualTuples: number; readonly storedTuples: number };
  /** Checks/s of a fresh evaluator over consecutive slices of that mix. */
  readonly warmUp: readonly { readonly from: number; readonly to: number; readonly perSecond: number }[];
  /** The floor alone, and the floor carrying 17 contextual tuples that cannot change its answer. */
  readonly contextualTupleCost: { readonly without: CheckRun; readonly with: CheckRun };
  /** Milliseconds of a fixed CPU-bound loop (sorting 200k numbers, 5 times): lower is a faster, quieter machine. */
  readonly calibrationMs: number;
}

const SLICES = [0, 1_000, 10_000, 50_000, 200_000];

export async function investigate(): Promise<Investigation> {
  const calibrationMs = calibrate();
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
  const model = await loadModel(join(import.meta.dirname, '../../../openfga/model/model.fga'));
  const children = Array.from({ length: 2000 }, (_, i) => generateChild(random, org, i));
  const checks: CheckRequest[] = children.flatMap((child) => {
    const base = { contextualTuples: child.contextualTuples, context: child.context };
    const clinic = child.contextualTuples.find((t) => t.relation === 'listed_with')?.user;
    const gp = clinic ? (org.staff.get(clinic) ?? org.gps)[0]! : org.gps[0]!;
    const unit = child.contextualTuples.find((t) => t.relation === 'responsible_unit')?.user;
    const caseworker = unit ? (org.staff.get(unit) ?? org.municipalUsers)[0]! : org.municipalUsers[0]!;
    return [
      { ...base, user: gp, relation: 'can_view_school', object: child.child },
      { ...base, user: caseworker, relation: 'can_view_appointments', object: child.child },
      ...child.cases.map((id) => ({ ...base, user: gp, relation: 'can_view_case_contact', object: id })),
    ];
  });
  const contextualTuples = Math.round(
    checks.reduce((n, c) => n + (c.contextualTuples?.length ?? 0), 0) / checks.length,
  );

  // A fresh evaluator, timed slice by slice from its first check.
  const fresh = createEmbeddedAuthorizer({ model, tuples: org.tuples });
  const warmUp: Investigation['warmUp'][number][] = [];
  for (let s = 0; s + 1 < SLICES.length; s++) {
    const started = performance.now();
    for (let i = SLICES[s]!; i < SLICES[s + 1]!; i++) await fresh.check(checks[i % checks.length]!);
    warmUp.push({
      from: SLICES[s]!,
      to: SLICES[s + 1]!,
      perSecond: (SLICES[s + 1]! - SLICES[s]!) / ((performance.now() - started) / 1000),
    });
  }
  await fresh.close();

  const embedded = createEmbeddedAuthorizer({ model, tuples: org.tuples });
  const anyAnswer = () => true;
  const bounds = { maxChecks: 200_000, maxMs: 4_000, inFlight: 1, warmUp: 2_000 };
  const legacy = await measureChecks(checks, anyAnswer, bounds, (c) => embedded.check(c));
  const floor = org.gpClinics.map((clinic) => ({
    user: org.staff.get(clinic)![0]!,
    relation: 'gp',
    object: clinic,
  }));
  const floorWithTuples = floor.map((c, i) => ({
    ...c,
    contextualTuples: children[i]!.contextualTuples.filter((t) => !t.object.startsWith('gp_clinic:')),
    context: children[i]!.context,
  }));
  const short = { maxChecks: 200_000, maxMs: 1_000, inFlight: 1, warmUp: 3_000 };
  const without = await measureChecks(
    floor,
    () => true,
    short,
    (c) => embedded.check(c),
  );
  const withTuples = await measureChecks(
    floorWithTuples,
    () => true,
    short,
    (c) => embedded.check(c),
  );
  await embedded.close();
  return {
    legacyMix: { ...legacy, contextualTuples, storedTuples: org.tuples.length },
    warmUp,
    contextualTupleCost: { without, with: withTuples },
    calibrationMs,
  };
}

function calibrate(): number {
  const numbers = Array.from({ length: 200_000 }, (_, i) => (i * 2654435761) % 1_000_003);
  const started = performance.now();
  for (let round = 0; round < 5; round++) [...numbers].sort((a, b) => a - b);
  return performance.now() - started;
}
