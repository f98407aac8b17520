import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import type { MessagingLocation } from '../../contracts/messaging-locations.ts';
import { AppError } from '../../runtime/http/app-error.ts';
import type { SandboxData } from '../data/schema.ts';

/**
 * SOR's messaging locations (CONTRACTS.md § messaging locations), derived
 * from the sandbox's clinics, BUP units and FK Organisation units: each gets a
 * stable synthetic EAN number `57999…` (and a municipal unit a synthetic SOR
 * code `99914…`, as the sandbox's SOR codes start `999`).
 * The top of each tree (a municipality's administration, the region's BUP)
 * takes no CareCommunication: messages go to its units.
 */
export function messagingLocations(data: SandboxData): MessagingLocation[] {
  return [
    ...data.clinics.map((c) => location(c.sor, c.name, 'gp_clinic', true, null)),
    ...data.psychiatryUnits.map((u) =>
      location(u.sor, u.name, 'psychiatry_unit', u.parentSor !== null, null),
    ),
    ...data.units.map((u) =>
      location(syntheticSor(u.id), u.name, 'municipal_unit', u.parentId !== null, u.id),
    ),
  ];
}

export function sorLocationRoutes(data: SandboxData): Hono {
  const locations = messagingLocations(data);
  const routes = new Hono();
  routes.get('/sor/locations', (c) => {
    const { sor, ean, unit } = c.req.query();
    const found = locations.find(
      (l) =>
        (sor !== undefined && l.sor === sor) ||
        (ean !== undefined && l.ean === ean) ||
        (unit !== undefined && l.unitId === unit),
    );
    if (!found) throw new AppError(404, 'location_not_found', 'SOR knows no such location');
    return c.json(found);
  });
  return routes;
}

function location(
  sor: string,
  name: string,
  kind: MessagingLocation['kind'],
  receives: boolean,
  unitId: string | null,
): MessagingLocation {
  return {
    sor,
    ean: `57999${digits(`ean:${sor}`, 8)}`,
    name,
    kind,
    receivesCareCommunication: receives,
    unitId,
  };
}

const syntheticSor = (unitId: string) => `99914${digits(`sor:${unitId}`, 10)}`;

function digits(seed: string, length: number): string {
  const hash = createHash('sha256').update(seed).digest();
  return Array.from(hash.subarray(0, length), (byte) => String(byte % 10)).join('');
}
