import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { CaseWire } from '../../../functions/contracts/case-index.ts';
import type { CitizenBlock } from '../../../functions/contracts/citizen-blocks.ts';
import { generateSandboxData } from '../../../functions/sandbox/data/generate.ts';
import { type Persona, type PersonaKey, personas } from '../../../functions/sandbox/data/personas.ts';
import type { ChildRecord, SandboxData } from '../../../functions/sandbox/data/schema.ts';

export const ROOT = resolve(import.meta.dirname, '../../..');

/**
 * Children the e2e scenarios need that the generated data may not hold,
 * listed at the gp persona's clinic (Lægerne Torvet). Substitute CPR numbers
 * (day + 60), so none can be a real person's.
 */
export const E2E_CHILDREN = {
  noCases: '6112154001',
  closedOnly: '6112154012',
  vipOnly: '6112154023',
  blockedForGp: '6112154034',
  blockedClinic: '6112154045',
  /** With the gp persona's child's school and case, under name and address protection (school-lookup). */
  addressProtected: '6112154056',
  /** With the caseworker persona's child's case and appointments, blocking that caseworker (appointments). */
  blockedForCaseworker: '6112154067',
} as const;

export interface World {
  /** `SANDBOX_DATA_FILE` for the platform. */
  readonly dataFile: string;
  readonly data: SandboxData;
  readonly persona: (key: PersonaKey) => Persona;
  readonly child: (cpr: string) => ChildRecord;
}

/**
 * The sandbox's generated data (seed 851) plus the e2e children, written to a
 * file the platform loads, so the tests and the platform see the same world.
 */
export async function writeWorld(dir: string): Promise<World> {
  const data = generateSandboxData({ seed: 851 });
  const people = personas(data);
  const persona = (key: PersonaKey) => people.find((p) => p.key === key)!;
  const gp = persona('gp');
  const template = data.children
    .find((c) => c.cpr === gp.demoChildCpr)!
    .cases.find((k) => k.progressState !== 'Afsluttet')!;
  let n = 0;
  const kase = (over: Partial<CaseWire>): CaseWire => ({
    ...template,
    id: `e2e0000${++n}-0000-4000-8000-000000000000`,
    title: `E2E case ${n} – title health must never see`,
    ...over,
  });
  const listedAtTorvet = (cpr: string, cases: CaseWire[], blocks: CitizenBlock[] = []): ChildRecord => {
    if (data.children.some((c) => c.cpr === cpr)) throw new Error(`the generated data already holds ${cpr}`);
    return {
      cpr,
      name: 'E2E Barn',
      residenceMunicipality: '851',
      custodyHolders: [],
      addressProtected: false,
      gpClinicSor: gp.organisation.id,
      institution: null,
      cases,
      courses: [],
      blocks,
      appointments: [],
    };
  };
  const gpChild = data.children.find((c) => c.cpr === gp.demoChildCpr)!;
  const caseworker = persona('caseworker');
  const cwChild = data.children.find((c) => c.cpr === caseworker.demoChildCpr)!;
  data.children.push(
    listedAtTorvet(E2E_CHILDREN.noCases, []),
    listedAtTorvet(E2E_CHILDREN.closedOnly, [kase({ progressState: 'Afsluttet' })]),
    listedAtTorvet(E2E_CHILDREN.vipOnly, [kase({ sensitivity: 'VIP_SAGER' })]),
    listedAtTorvet(
      E2E_CHILDREN.blockedForGp,
      [kase({})],
      [{ kind: 'professional', professional: gp.subject }],
    ),
    listedAtTorvet(
      E2E_CHILDREN.blockedClinic,
      [kase({})],
      [{ kind: 'place', place: { type: 'gp_clinic', sor: gp.organisation.id } }],
    ),
    {
      ...listedAtTorvet(E2E_CHILDREN.addressProtected, [kase({})]),
      addressProtected: true,
      institution: gpChild.institution,
    },
    {
      ...listedAtTorvet(
        E2E_CHILDREN.blockedForCaseworker,
        cwChild.cases.map((k, i) => ({ ...k, id: `e2e1000${i}-0000-4000-8000-000000000000` })),
        [{ kind: 'professional', professional: caseworker.subject, municipality: caseworker.municipality! }],
      ),
      appointments: cwChild.appointments,
    },
  );
  const dataFile = join(dir, 'sandbox-data.json');
  await writeFile(dataFile, JSON.stringify(data));
  return { dataFile, data, persona, child: (cpr) => data.children.find((c) => c.cpr === cpr)! };
}

/**
 * Bearer tokens as a developer gets them: `npm run dev:token -- <persona>`
 * (the CLI itself), run in `dir`, whose `.cache/local/dev-idp-key.json` the
 * platform is told to trust. Answers the key file too.
 */
export async function devTokens(
  dir: string,
  keys: readonly PersonaKey[],
): Promise<{ keyFile: string; tokens: Record<string, string> }> {
  const run = promisify(execFile);
  const cli = join(ROOT, 'functions/local/dev-token.ts');
  const tsx = join(ROOT, 'node_modules/tsx/dist/loader.mjs');
  // One first, so the key file exists before the others read it.
  const token = async (key: PersonaKey) =>
    [key, (await run(process.execPath, ['--import', tsx, cli, key], { cwd: dir })).stdout.trim()] as const;
  const first = await token(keys[0]!);
  const rest = await Promise.all(keys.slice(1).map(token));
  return {
    keyFile: join(dir, '.cache/local/dev-idp-key.json'),
    tokens: Object.fromEntries([first, ...rest]),
  };
}
