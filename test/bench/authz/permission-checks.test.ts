import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRelevantCasesPolicy } from '../../../functions/kit/org-sync/relevant-cases-policy.ts';
import { loadModel } from '../../../functions/runtime/authz/model.ts';
import { benchOrganisation } from './organisation.ts';
import { checkedPermissions, permissionChecks } from './permission-checks.ts';

const root = join(import.meta.dirname, '../../..');

describe('permissionChecks', () => {
  it('asks what decisions send, and no request twice in a run', async () => {
    const [model, relevantCases, permissions] = await Promise.all([
      loadModel(join(root, 'openfga/model/model.fga')),
      loadRelevantCasesPolicy(join(root, 'policies/relevant-cases.yaml')),
      checkedPermissions(),
    ]);
    const org = await benchOrganisation({ municipalities: 1, unitsPerMunicipality: 3 }, relevantCases);
    const { checks, unknown } = await permissionChecks(permissions, org.people, relevantCases, 3, model);
    // The bench has personas for every permission on a child or a case.
    expect(unknown.filter((p) => /^(child|case)#/.test(p))).toEqual([]);
    const twin = checks.find((c) => c.permission === 'child#can_lookup_cases_without_override');
    const base = checks.find((c) => c.permission === 'child#can_lookup_cases' && c.persona === twin?.persona);
    // The bench's child blocks someone else: without a block reaching the asker the row is sent
    // as the base (POL-008.8). The twin's row is an override of a block naming its persona: the twin
    // itself, refusing, with the block among its tuples.
    expect(base?.requests.map((r) => r.relation)).toEqual(Array(3).fill('treating_professional'));
    expect(base?.expected).toBe(true);
    expect(twin?.requests.map((r) => r.relation)).toEqual(Array(3).fill('can_lookup_cases_without_override'));
    expect(twin?.expected).toBe(false);
    for (const request of twin!.requests)
      expect(request.contextualTuples).toContainEqual({
        user: request.user,
        relation: 'blocked',
        object: request.object,
      });
    for (const row of checks.filter((c) => /^child#can_view_appointments$/.test(c.permission)))
      expect(row.requests[0]?.relation, row.persona).toBe('appointments_viewer');
    // A case's contact is sent as the case's own part behind the gate, in both forms (POL-004.8).
    for (const permission of ['case#can_view_case_contact', 'case#can_view_case_contact_without_override']) {
      const rows = checks.filter((c) => c.permission === permission);
      expect(rows.length, permission).toBeGreaterThan(0);
      for (const row of rows)
        expect(row.requests.map((r) => r.relation)).toEqual([
          'shared_with_health',
          'shared_with_health',
          'shared_with_health',
        ]);
    }
    const all = checks.flatMap((c) => c.requests.map((r) => JSON.stringify(r)));
    expect(all.length).toBe(checks.length * 3);
    expect(new Set(all).size).toBe(all.length);
  });
});
