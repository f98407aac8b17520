import { describe, expect, it } from 'vitest';
import { createEmbeddedAuthorizer } from '../../../functions/openfga-embedded/index.ts';
import type { CheckRequest } from '../../../functions/openfga-embedded/vocabulary/types.ts';
import { PARTS_MODEL } from './parts-model.ts';
import type { PermissionCheck } from './permission-checks.ts';
import { partsTable } from './print.ts';
import { measureServerParts, PART_REQUESTS, partSubjects, requestsNeeded, WHOLE } from './server-parts.ts';

const model = PARTS_MODEL;

/** `count` requests, each about a document and folder of its own, that anne owns. */
const requests = (count: number): CheckRequest[] =>
  Array.from({ length: count }, (_, i) => ({
    user: 'user:anne',
    relation: 'can_read',
    object: `doc:${i}`,
    contextualTuples: [
      { user: `folder:${i}`, relation: 'parent', object: `doc:${i}` },
      { user: 'user:anne', relation: 'owner', object: `folder:${i}` },
    ],
  }));
const check = (permission: string, persona: string, expected: boolean, count: number): PermissionCheck => ({
  permission,
  persona,
  expected,
  requests: requests(count),
});
const bounds = { maxChecks: 50, maxMs: 1_000, inFlight: 2, warmUp: 5 };

describe('the parts of each permission', () => {
  it('are measured for the first allowed persona of each can_*, no twin, no floor', () => {
    const checks = [
      check('floor: gp_clinic#gp', 'gp', true, 1),
      check('doc#can_read', 'bob', false, 1),
      check('doc#can_read', 'anne', true, 1),
      check('doc#can_read', 'carl', true, 1),
      check('doc#can_read_without_override', 'anne', true, 1),
    ];
    expect(partSubjects(checks).map((c) => `${c.permission} ${c.persona}`)).toEqual(['doc#can_read anne']);
    // The whole and its four parts: viewer, viewer > editor, viewer > owner, blocked.
    expect(requestsNeeded(model, partSubjects(checks))).toBe(5 * PART_REQUESTS);
  });

  it('each on requests of its own, judged by the reference, and printed against the whole', async () => {
    const embedded = createEmbeddedAuthorizer({ model, tuples: [] });
    const asked: CheckRequest[] = [];
    const rows = await measureServerParts({
      model,
      subjects: [check('doc#can_read', 'anne', true, 5 * PART_REQUESTS)],
      reference: embedded,
      server: (r) => {
        asked.push(r);
        return embedded.check(r);
      },
      bounds,
    });
    expect(rows.map((r) => [r.part, r.allowedShare, r.run.unexpected])).toEqual([
      [WHOLE, 1, 0],
      ['doc#viewer', 1, 0],
      ['doc#viewer > doc#editor', 0, 0],
      ['doc#viewer > folder#owner', 1, 0],
      ['folder#blocked', 0, 0],
    ]);
    expect(rows.every((r) => r.run.checks === bounds.maxChecks && r.cpuMsPerCheck === undefined)).toBe(true);
    // No part asks about a document or folder another part asked about.
    const objects = (part: number) =>
      new Set(asked.slice(part * 55, (part + 1) * 55).map((r) => r.object.replace(/^\w+:/, '')));
    for (let a = 0; a < 5; a++)
      for (let b = a + 1; b < 5; b++) expect([...objects(a)].filter((o) => objects(b).has(o))).toEqual([]);
    const table = partsTable(rows);
    expect(table[3]).toMatch(
      /^\| doc#can_read \| anne \| \(the permission, asked as can_read\) \| 100% \| [\d,]+ \| [\d.]+ \| 1× \|$/,
    );
    expect(table[7]).toMatch(/^\| {2}\| {2}\| folder#blocked \| 0% \| [\d,]+ \| [\d.]+ \| [\d.]+× \|$/);
    await embedded.close();
  });
});
