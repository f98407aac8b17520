import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kleChain } from '../contracts/wire.ts';
import { loadRelevantCasesPolicy } from '../kit/org-sync/relevant-cases-policy.ts';
import { createEmbeddedAuthorizer } from '../openfga-embedded/index.ts';
import type { TupleKey } from '../openfga-embedded/vocabulary/types.ts';
import { scopedUser } from '../runtime/auth/principal.ts';
import { loadModel } from '../runtime/authz/model.ts';
import { turnsAgeAt } from '../runtime/cpr/age.ts';
import { type Cpr, parseCpr, pseudonym } from '../runtime/cpr/cpr.ts';
import { generateSandboxData } from './data/generate.ts';
import { type PersonaKey, personas } from './data/personas.ts';
import type { ChildRecord } from './data/schema.ts';
import { sandboxOrganisationTuples } from './organisation-tuples.ts';

/**
 * The personas' demo children, decided by the real model over the synced
 * organisation: proves the sync's tuples and the demo data fit together.
 * Child facts travel as contextual tuples, as a function would send them.
 */
const root = resolve(import.meta.dirname, '../..');
const modelFile = resolve(root, 'openfga/model/model.fga');
const policyFile = resolve(root, 'policies/relevant-cases.yaml');
const ready = existsSync(modelFile) && existsSync(policyFile);
const today = new Date();
const data = generateSandboxData({ today });
const key = new Uint8Array(32).fill(5);
const cpr = (digits: string): Cpr => {
  const parsed = parseCpr(digits);
  if (!parsed.ok) throw new Error('the sandbox holds only valid numbers');
  return parsed.cpr;
};

function childFacts(child: ChildRecord): { object: string; tuples: TupleKey[] } {
  const object = `child:${pseudonym(cpr(child.cpr), key)}`;
  const tuples: TupleKey[] = [
    { object, relation: 'residence_municipality', user: `municipality:${child.residenceMunicipality}` },
    ...child.custodyHolders.map((h) => ({
      object,
      relation: 'custody_holder',
      user: `citizen:${pseudonym(cpr(h), key)}`,
    })),
    // CPR's birth date (the number's): the child from 15, its custody holders until then (POL-007.11, POL-007.12).
    ...(['own_log_viewer', 'under_15'] as const).map((relation) => ({
      object,
      relation,
      user: relation === 'under_15' ? 'citizen:*' : `citizen:${object.slice('child:'.length)}`,
      condition: {
        name: relation === 'under_15' ? 'before_age_15' : 'from_age_15',
        context: { turns_15_at: turnsAgeAt(cpr(child.cpr).birthDate, 15).toISOString() },
      },
    })),
    ...(child.gpClinicSor
      ? [{ object, relation: 'listed_with', user: `gp_clinic:${child.gpClinicSor}` }]
      : []),
    ...child.courses.map((c) => ({
      object,
      relation: 'in_course_at',
      user: `psychiatry_unit:${c.unitSor}`,
      condition: {
        name: 'course_in_window',
        context: { course_start: c.start, course_end: c.end ?? '9999-12-31T23:59:59Z' },
      },
    })),
  ];
  for (const c of child.cases) {
    const kase = `case:${c.id}`;
    tuples.push(
      { object, relation: 'municipal_case', user: kase },
      { object: kase, relation: 'party', user: object },
      { object: kase, relation: 'municipality', user: `municipality:${c.municipality}` },
      { object: kase, relation: 'subject', user: `kle:${c.municipality}-${c.kle}` },
      ...kleChain(c.kle).map((kle) => ({
        object: kase,
        relation: 'scope',
        user: `case_scope:${c.responsibleUnitId}/${kle}`,
      })),
      { object: kase, relation: 'sensitivity', user: `sensitivity:${c.municipality}-${c.sensitivity}` },
      {
        object: kase,
        relation: 'active',
        user: 'user:*',
        condition: { name: 'case_in_progress', context: { progress_state: c.progressState } },
      },
    );
  }
  return { object, tuples };
}

describe.skipIf(!ready)('personas against the model and the synced organisation', async () => {
  const tuples = ready
    ? await sandboxOrganisationTuples(data, await loadRelevantCasesPolicy(policyFile))
    : [];
  const authorizer = ready
    ? createEmbeddedAuthorizer({ model: await loadModel(modelFile), tuples })
    : undefined;
  const list = personas(data, today);
  const persona = (k: PersonaKey) => list.find((p) => p.key === k)!;
  const demoChild = (k: PersonaKey) => data.children.find((c) => c.cpr === persona(k).demoChildCpr)!;
  const check = async (k: PersonaKey, relation: string, child: ChildRecord, object?: string) => {
    const facts = childFacts(child);
    const who = persona(k);
    const { allowed } = await authorizer!.check({
      // A citizen is the keyed pseudonym of the CPR number MitID vouches for, as citizen-principal.ts makes it.
      user: who.cpr ? `citizen:${pseudonym(cpr(who.cpr), key)}` : scopedUser(who, who.subject),
      relation,
      object: object ?? facts.object,
      contextualTuples: facts.tuples,
      context: { current_time: today.toISOString() },
    });
    return allowed;
  };
  const shareableCase = (child: ChildRecord) =>
    `case:${child.cases.find((c) => c.progressState !== 'Afsluttet' && c.sensitivity !== 'VIP_SAGER')!.id}`;

  it('POL-004/POL-005: the GP sees their listed child’s case contact and school; the other clinic does not', async () => {
    const child = demoChild('gp');
    expect(await check('gp', 'can_view_case_contact', child, shareableCase(child))).toBe(true);
    expect(await check('gp', 'can_view_school', child)).toBe(true);
    expect(await check('gp-other-clinic', 'can_view_case_contact', child, shareableCase(child))).toBe(false);
    expect(await check('gp-other-clinic', 'can_view_school', demoChild('gp-other-clinic'))).toBe(true);
  });

  it('POL-004: the psychiatrist sees the shareable case of a child in their course, never the VIP case', async () => {
    const child = demoChild('psychiatrist');
    expect(await check('psychiatrist', 'can_view_case_contact', child, shareableCase(child))).toBe(true);
    const vip = child.cases.find((c) => c.sensitivity === 'VIP_SAGER');
    if (vip)
      expect(await check('psychiatrist', 'can_view_case_contact', child, `case:${vip.id}`)).toBe(false);
  });

  it('POL-003: the caseworker and the PPR psychologist see their child’s appointments; the leader does not', async () => {
    expect(await check('caseworker', 'can_view_appointments', demoChild('caseworker'))).toBe(true);
    expect(await check('ppr', 'can_view_appointments', demoChild('ppr'))).toBe(true);
    expect(await check('leader', 'can_view_appointments', demoChild('leader'))).toBe(false);
  });

  it('POL-006: the leader reads correspondence on a case in their scope', async () => {
    expect(await check('leader', 'can_read_correspondence', demoChild('leader'))).toBe(true);
  });

  it('POL-007: the auditor sees the access log of a child living in Aalborg; a caseworker does not', async () => {
    expect(await check('auditor', 'can_view_access_log', demoChild('auditor'))).toBe(true);
    expect(await check('caseworker', 'can_view_access_log', demoChild('auditor'))).toBe(false);
  });

  it('POL-007.1: the guardian sees their child’s access log and no other child’s', async () => {
    expect(await check('guardian', 'can_view_access_log', demoChild('guardian'))).toBe(true);
    expect(await check('guardian', 'can_view_access_log', demoChild('gp-other-clinic'))).toBe(false);
  });

  it('POL-007.11, POL-007.13: the child of 15+ sees its own log and no other; the clinic’s auditor inspects the clinic, and sees no child’s log', async () => {
    expect(await check('child', 'can_view_access_log', demoChild('child'))).toBe(true);
    expect(await check('child', 'can_view_access_log', demoChild('guardian'))).toBe(false);
    expect(await check('guardian-party', 'can_view_access_log', demoChild('guardian-party'))).toBe(true);
    const clinic = `gp_clinic:${persona('clinic-auditor').organisation.id}`;
    expect(await check('clinic-auditor', 'can_inspect_access_log', demoChild('gp'), clinic)).toBe(true);
    expect(await check('gp', 'can_inspect_access_log', demoChild('gp'), clinic)).toBe(false);
    expect(await check('clinic-auditor', 'can_view_access_log', demoChild('gp'))).toBe(false);
  });
});
