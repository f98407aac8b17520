import { Hono } from 'hono';
import type * as z from 'zod/mini';
import type {
  auditorsAnswer,
  employeesAnswer,
  orgUnitWire,
  unitsAnswer,
} from '../../contracts/fk-organisation.ts';
import { municipalityCode } from '../../contracts/wire.ts';
import { AppError, badRequest } from '../../runtime/http/app-error.ts';
import type { SandboxData } from '../data/schema.ts';

/** FK Organisation with OS2rollekatalog's role assignments (CONTRACTS.md § FK Organisation). */
export function fkOrganisationRoutes(data: SandboxData): Hono {
  const known = new Set(data.municipalities.map((m) => m.code));
  const units = new Map(data.units.map((u) => [u.id, u]));
  const municipalityOf = (value: string | undefined) => {
    if (!municipalityCode.safeParse(value).success) {
      throw badRequest('invalid_municipality', 'The query needs municipality=<three-digit code>');
    }
    if (!known.has(value!)) throw new AppError(404, 'municipality_not_found', 'No such municipality');
    return value!;
  };

  const routes = new Hono();
  routes.get('/units', (c) => {
    const m = municipalityOf(c.req.query('municipality'));
    const answer: z.infer<typeof unitsAnswer> = { units: data.units.filter((u) => u.municipality === m) };
    return c.json(answer);
  });
  routes.get('/units/:id', (c) => {
    const unit: z.infer<typeof orgUnitWire> | undefined = units.get(c.req.param('id'));
    if (!unit) throw new AppError(404, 'unit_not_found', 'No such unit');
    return c.json(unit);
  });
  routes.get('/employees', (c) => {
    const m = municipalityOf(c.req.query('municipality'));
    const answer: z.infer<typeof employeesAnswer> = {
      employees: data.employees.filter((e) => e.municipality === m),
    };
    return c.json(answer);
  });
  routes.get('/auditors', (c) => {
    const m = municipalityOf(c.req.query('municipality'));
    const answer: z.infer<typeof auditorsAnswer> = {
      auditors: data.auditors.filter((a) => a.municipality === m),
    };
    return c.json(answer);
  });
  return routes;
}
