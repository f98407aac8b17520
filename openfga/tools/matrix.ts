/**
 * Writes openfga/ACCESS-MATRIX.md: roles × `can_*` permissions, what each
 * permission reads, and the outcome of every store-file test. Fails (exit 1)
 * when the model, the storage policy and the tests disagree.
 *
 *   npm run authz:matrix
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuthorizationModel } from '@openfga/sdk';
import { transformer } from '@openfga/syntax-transformer';
import { parse } from 'yaml';
import { describePermission, ModelIndex, type Role, renderRewrite, type Storage } from './matrix-model.ts';
import { evaluateStoreFiles } from './matrix-outcomes.ts';
import { type Cell, type MatrixData, renderMatrix } from './matrix-render.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const MATRIX_PATH = resolve(ROOT, 'openfga/ACCESS-MATRIX.md');

/** The job roles shown as rows: relations assigned to a person that name what they are. */
export const ROLES: readonly Role[] = [
  // The sync resolves OS2rollekatalog's roles into what they let their holder do with a case.
  {
    relation: 'case_scope#handler',
    label: 'caseworker or PPR psychologist (socialrådgiver, PPR) performing the KLE task',
  },
  { relation: 'case_scope#reader', label: 'leader, or caseworker or PPR with KLE insight only', alone: true },
  { relation: 'org_unit#member', label: 'employee without a role', alone: true },
  { relation: 'municipality#auditor', label: 'municipal auditor' },
  { relation: 'gp_clinic#gp', label: 'GP' },
  { relation: 'psychiatry_unit#psychiatrist', label: 'psychiatrist (BUP)' },
  { relation: 'child#custody_holder', label: 'custody holder (guardian)' },
  { relation: 'child#own_log_viewer', label: 'the child itself (from 15)' },
  { relation: 'gp_clinic#auditor', label: 'GP clinic auditor' },
  { relation: 'psychiatry_unit#auditor', label: 'BUP unit auditor (region)' },
];

export interface Matrix {
  readonly data: MatrixData;
  readonly markdown: string;
  /** Disagreements between model, storage policy and tests; empty when all is well. */
  readonly problems: readonly string[];
}

export async function buildMatrix(root = ROOT): Promise<Matrix> {
  const model = transformer.transformDSLToJSONObject(
    await readFile(resolve(root, 'openfga/model/model.fga'), 'utf8'),
  ) as AuthorizationModel;
  const index = new ModelIndex(model);
  const storage = await loadStorage(resolve(root, 'policies/tuple-storage.yaml'));
  const testDir = resolve(root, 'openfga/tests');
  const testFiles = (await readdir(testDir)).filter((name) => name.endsWith('.fga.yaml')).sort();
  const { outcomes } = await evaluateStoreFiles(
    testFiles.map((name) => resolve(testDir, name)),
    new Set(ROLES.map((role) => role.relation)),
    ROLES.filter((role) => role.alone).map((role) => role.relation),
  );
  const relative = outcomes.map((o) => ({
    ...o,
    result: { ...o.result, file: o.result.file.slice(testDir.length + 1) },
  }));

  const permissions = index
    .permissions()
    .map((p) => describePermission(index, p.type, p.relation, ROLES, storage));
  const cells = new Map<string, Map<string, Cell>>();
  for (const role of ROLES) {
    const row = new Map<string, Cell>();
    for (const p of permissions) {
      const asked = relative.filter(
        (o) =>
          o.result.kind === 'check' &&
          o.result.relation === p.relation &&
          // The same permission name on two types (`can_inspect_access_log`) is two permissions.
          o.result.object.startsWith(`${p.type}:`) &&
          o.roles.includes(role.relation),
      );
      row.set(p.key, {
        granted: p.grantedTo === 'anyone' || p.grantedTo.includes(role.relation),
        allowed: asked.filter((o) => o.result.actual === true).length,
        denied: asked.filter((o) => o.result.actual === false).length,
      });
    }
    cells.set(role.relation, row);
  }
  const used = [...new Set(permissions.flatMap((p) => p.uses))];
  const data: MatrixData = {
    roles: ROLES,
    permissions,
    cells,
    outcomes: relative,
    definitions: used.map((key) => {
      const [type, relation] = key.split('#') as [string, string];
      return `${key} = ${renderRewrite(index, type, relation)}`;
    }),
    conditions: Object.values(model.conditions ?? {}).map((c) => {
      const params = Object.entries(c.parameters ?? {}).map(
        ([name, p]) => `${name}: ${p.type_name.replace('TYPE_NAME_', '').toLowerCase()}`,
      );
      return `${c.name}(${params.join(', ')}) { ${c.expression.trim().replace(/\s+/g, ' ')} }`;
    }),
  };
  return { data, markdown: renderMatrix(data), problems: findProblems(index, storage, data) };
}

function findProblems(index: ModelIndex, storage: Storage, data: MatrixData): string[] {
  const problems: string[] = [];
  const assignable = new Set(index.assignable());
  for (const relation of assignable) {
    const places = Number(storage.stored.has(relation)) + Number(storage.contextual.has(relation));
    if (places !== 1)
      problems.push(`${relation} must be listed once in tuple-storage.yaml, is listed ${places} times`);
  }
  for (const relation of [...storage.stored, ...storage.contextual]) {
    if (!assignable.has(relation))
      problems.push(`tuple-storage.yaml lists ${relation}, which the model cannot store`);
  }
  for (const role of data.roles) {
    if (!assignable.has(role.relation))
      problems.push(`role ${role.relation} is not an assignable relation of the model`);
  }
  for (const p of data.permissions) {
    if (p.grantedTo === 'anyone') problems.push(`${p.key} can be granted without any role`);
    for (const role of data.roles) {
      const cell = data.cells.get(role.relation)?.get(p.key);
      if (cell && !cell.granted && cell.allowed > 0)
        problems.push(`${p.key} allowed a ${role.relation} the model should never grant`);
    }
  }
  for (const o of data.outcomes) {
    if (!o.result.pass)
      problems.push(
        `${o.result.file} "${o.result.test}": ${o.result.relation} for ${o.result.user} differs from the declared expectation`,
      );
  }
  return problems;
}

async function loadStorage(path: string): Promise<Storage> {
  const doc = parse(await readFile(path, 'utf8')) as {
    stored: Record<string, string[]>;
    contextual: Record<string, string[]>;
  };
  const keys = (byType: Record<string, string[]>) =>
    new Set(
      Object.entries(byType).flatMap(([type, relations]) =>
        relations.map((relation) => `${type}#${relation}`),
      ),
    );
  return { stored: keys(doc.stored), contextual: keys(doc.contextual) };
}

async function main(): Promise<void> {
  const matrix = await buildMatrix();
  await writeFile(MATRIX_PATH, matrix.markdown);
  console.log(`wrote ${MATRIX_PATH}`);
  if (matrix.problems.length > 0) {
    for (const problem of matrix.problems) console.error(`problem: ${problem}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
