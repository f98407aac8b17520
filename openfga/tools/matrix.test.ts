import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMatrix, MATRIX_PATH, type Matrix } from './matrix.ts';

let matrix: Matrix;
beforeAll(async () => {
  matrix = await buildMatrix();
});

const permission = (relation: string) => matrix.data.permissions.find((p) => p.relation === relation)!;
const cell = (role: string, key: string) => matrix.data.cells.get(role)!.get(key)!;

describe('the access matrix', () => {
  it('finds no disagreement between model, storage policy and tests', () => {
    expect(matrix.problems).toEqual([]);
  });

  it('is up to date on disk (run npm run authz:matrix after changing the model or tests)', async () => {
    expect(await readFile(MATRIX_PATH, 'utf8')).toBe(matrix.markdown);
  });

  it('lists the ten permissions application code checks, each on its object type', () => {
    expect(matrix.data.permissions.map((p) => p.key)).toEqual([
      'municipality#can_inspect_access_log',
      'gp_clinic#can_inspect_access_log',
      'psychiatry_unit#can_inspect_access_log',
      'case#can_view_case_contact',
      'child#can_lookup_cases',
      'child#can_view_school',
      'child#can_view_appointments',
      'child#can_send_correspondence',
      'child#can_read_correspondence',
      'child#can_view_access_log',
    ]);
  });

  it('grants each permission only to the roles the policies name', () => {
    const grants = Object.fromEntries(matrix.data.permissions.map((p) => [p.key.split('#')[1], p.grantedTo]));
    expect(Object.fromEntries(matrix.data.permissions.map((p) => [p.key, p.grantedTo]))).toMatchObject({
      'municipality#can_inspect_access_log': ['municipality#auditor'],
      'gp_clinic#can_inspect_access_log': ['gp_clinic#auditor'],
      'psychiatry_unit#can_inspect_access_log': ['psychiatry_unit#auditor'],
    });
    expect(grants).toEqual({
      can_inspect_access_log: ['psychiatry_unit#auditor'],
      can_view_case_contact: ['gp_clinic#gp', 'psychiatry_unit#psychiatrist'],
      can_lookup_cases: ['gp_clinic#gp', 'psychiatry_unit#psychiatrist'],
      can_view_school: ['gp_clinic#gp', 'psychiatry_unit#psychiatrist'],
      can_view_appointments: ['case_scope#handler'],
      can_send_correspondence: ['case_scope#handler', 'gp_clinic#gp', 'psychiatry_unit#psychiatrist'],
      can_read_correspondence: [
        'case_scope#handler',
        'case_scope#reader',
        'gp_clinic#gp',
        'psychiatry_unit#psychiatrist',
      ],
      can_view_access_log: ['municipality#auditor', 'child#custody_holder', 'child#own_log_viewer'],
    });
  });

  it('counts test outcomes per role: POL-003.8 a leader denied appointments, POL-006.1 a leader reads', () => {
    expect(cell('case_scope#reader', 'child#can_view_appointments')).toEqual({
      granted: false,
      allowed: 0,
      denied: 1,
    });
    expect(cell('case_scope#reader', 'child#can_read_correspondence')).toEqual({
      granted: true,
      allowed: 2,
      denied: 1,
    });
    expect(cell('child#custody_holder', 'child#can_view_access_log')).toEqual({
      granted: true,
      allowed: 4,
      denied: 2,
    });
    expect(cell('gp_clinic#gp', 'child#can_view_appointments')).toEqual({
      granted: false,
      allowed: 0,
      denied: 1,
    });
  });

  /** A blocked place's facts (model.fga, `type place`). */
  const PLACE = [
    'place#gp_clinic',
    'place#org_unit',
    'place#org_unit_and_below',
    'place#psychiatry_unit',
    'place#psychiatry_unit_and_below',
  ];

  it('names the child facts a request for appointments must carry (the contract with functions)', () => {
    expect(permission('can_view_appointments').contextualFacts).toEqual([
      'case#active',
      'case#municipality',
      'case#scope',
      'case#sensitivity',
      'case#subject',
      'child#block_override',
      'child#blocked',
      'child#municipal_case',
      ...PLACE,
    ]);
    expect(permission('can_view_access_log').contextualFacts).toEqual([
      'child#custody_holder',
      'child#own_log_viewer',
      'child#residence_municipality',
      'child#under_15',
    ]);
  });

  it('shows blocks deny every professional permission but not the access log (POL-008, POL-007.4)', () => {
    // A block names a professional, everyone for a period, or a place, which names its organisation.
    const blocks = ['child#blocked', ...PLACE];
    expect(permission('can_view_school').denyingFacts).toEqual(['child#address_protected', ...blocks]);
    for (const relation of ['can_view_case_contact', 'can_view_appointments', 'can_send_correspondence']) {
      expect(permission(relation).denyingFacts).toEqual(blocks);
      expect(permission(relation).withoutOverride).toBe(`${relation}_without_override`);
    }
    expect(permission('can_view_access_log').denyingFacts).toEqual([]);
    expect(permission('can_view_access_log').withoutOverride).toBeUndefined();
  });

  it('renders the rule and the conditions from the model', () => {
    expect(permission('can_view_access_log').rule).toBe(
      'guardian_log_viewer or own_log_viewer or auditor from residence_municipality',
    );
    expect(permission('can_view_case_contact').conditions).toEqual([
      'block_in_force',
      'case_in_progress',
      'course_in_window',
      'override_reason_accepted',
    ]);
    expect(matrix.markdown).toMatch(
      /^\| leader, or caseworker or PPR with KLE insight only `case_scope#reader` +\| — +\| — +\| — +\| — +\| — +\| — +\| — 0\/1 +\| — 0\/1 +\| ✓ 2\/1 +\| — +\|$/m,
    );
    expect(matrix.markdown).toContain(
      'case_in_progress(progress_state: string) { progress_state in ["Opstaaet", "Oplyst", "Afgjort"] }',
    );
  });
});
