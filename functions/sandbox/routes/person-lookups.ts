import { Hono } from 'hono';
import type * as z from 'zod/mini';
import type { blocksAnswer } from '../../contracts/citizen-blocks.ts';
import type { personWire } from '../../contracts/cpr-register.ts';
import type { gpListingWire } from '../../contracts/gp-listing.ts';
import type { institutionWire } from '../../contracts/institutions.ts';
import type { coursesAnswer } from '../../contracts/psychiatry-courses.ts';
import { cprLookupBody } from '../../contracts/wire.ts';
import { AppError } from '../../runtime/http/app-error.ts';
import { birthDateOf } from '../data/families.ts';
import type { SandboxData } from '../data/schema.ts';
import { readBody } from './read-body.ts';

const notFound = (code: string, message: string) => new AppError(404, code, message);

/**
 * The lookups keyed by a person's CPR number, always in the body: CPR
 * (persons), sygesikring (GP listing), STIL (institutions), Min Spærring
 * (citizen blocks) and the region's psychiatry record (courses). See CONTRACTS.md.
 */
export function personLookupRoutes(data: SandboxData, now: () => Date): Hono {
  const children = new Map(data.children.map((child) => [child.cpr, child]));
  const adults = new Map(data.adults.map((adult) => [adult.cpr, adult]));
  const routes = new Hono();

  routes.post('/persons/lookup', async (c) => {
    const { cpr } = await readBody(c, cprLookupBody);
    const person = children.get(cpr) ?? adults.get(cpr);
    if (!person) throw notFound('person_not_found', 'CPR knows no such person');
    const answer: z.infer<typeof personWire> = {
      name: person.name,
      birthDate: birthDateOf(person.cpr),
      residenceMunicipality: person.residenceMunicipality,
      custodyHolders: children.get(cpr)?.custodyHolders ?? [],
      addressProtected: person.addressProtected,
    };
    return c.json(answer);
  });

  routes.post('/gp-listing/lookup', async (c) => {
    const { cpr } = await readBody(c, cprLookupBody);
    const clinicSor = children.get(cpr)?.gpClinicSor;
    if (!clinicSor) throw notFound('listing_not_found', 'The person is not listed with a GP');
    const answer: z.infer<typeof gpListingWire> = { clinicSor };
    return c.json(answer);
  });

  routes.post('/institutions/lookup', async (c) => {
    const { cpr } = await readBody(c, cprLookupBody);
    const institution: z.infer<typeof institutionWire> | null | undefined = children.get(cpr)?.institution;
    if (!institution) throw notFound('institution_not_found', 'The child is enrolled nowhere');
    return c.json(institution);
  });

  routes.post('/citizen-blocks/lookup', async (c) => {
    const { cpr } = await readBody(c, cprLookupBody);
    const answer: z.infer<typeof blocksAnswer> = { blocks: children.get(cpr)?.blocks ?? [] };
    return c.json(answer);
  });

  routes.post('/psychiatry/courses/lookup', async (c) => {
    const { cpr } = await readBody(c, cprLookupBody);
    const at = now().getTime();
    // Active and planned only: a course that has ended is history, not a treatment relation.
    const answer: z.infer<typeof coursesAnswer> = {
      courses: (children.get(cpr)?.courses ?? []).filter(
        (course) => course.end === null || Date.parse(course.end) > at,
      ),
    };
    return c.json(answer);
  });
  return routes;
}
