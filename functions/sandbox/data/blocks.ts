import type { CitizenBlock } from '../../contracts/citizen-blocks.ts';
import type { Rng } from './random.ts';
import type { ChildRecord, SandboxData } from './schema.ts';

const DAY = 86_400_000;

/**
 * Min Spærring for the synthetic children, added after everything else from
 * its own random stream so the rest of the data (and the personas' demo
 * children) stay as they were. About one child in ten holds a block: of a
 * named GP at its clinic, of its clinic, of the BUP centre with its sub-units,
 * or of a period. The demo children (`demoCount` first) hold none.
 */
export function addCitizenBlocks(
  rng: Rng,
  data: Pick<SandboxData, 'clinics' | 'psychiatryUnits'>,
  children: ChildRecord[],
  demoCount: number,
  today: Date,
): void {
  const topUnit = data.psychiatryUnits.find((u) => u.parentSor === null);
  for (const child of children.slice(demoCount)) {
    if (!rng.chance(0.1)) continue;
    const clinic = data.clinics.find((c) => c.sor === child.gpClinicSor);
    const options: CitizenBlock[] = [
      {
        kind: 'period',
        start: iso(today.getTime() - rng.int(30) * DAY),
        end: iso(today.getTime() + (1 + rng.int(60)) * DAY),
      },
    ];
    if (clinic && clinic.staff.length > 0) {
      options.push({ kind: 'professional', professional: rng.pick(clinic.staff).subject });
      options.push({ kind: 'place', place: { type: 'gp_clinic', sor: clinic.sor } });
    }
    if (topUnit)
      options.push({
        kind: 'place',
        place: { type: 'psychiatry_unit', sor: topUnit.sor, includeSubunits: true },
      });
    child.blocks = [rng.pick(options)];
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
