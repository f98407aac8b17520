import { describe, expect, it } from 'vitest';
import { parseCpr } from '../runtime/cpr/cpr.ts';
import { fakeUpstream, problemOf } from '../testing/fake-upstream.ts';
import { createGpListingRegister } from './gp-listing.ts';
import { createHealthOrganisation } from './health-organisation.ts';
import { createInstitutions } from './institutions.ts';
import { createPsychiatryCourses } from './psychiatry-courses.ts';

const child = (() => {
  const parsed = parseCpr('6703154321'); // substitute number
  if (!parsed.ok) throw new Error('fixture');
  return parsed.cpr;
})();

describe('GP listing, STIL and psychiatry course adapters', () => {
  it('return the listing, the institution and the courses, with the CPR number only in the body', async () => {
    const upstream = fakeUpstream();
    upstream.app.post('/api/gp-listing/lookup', (c) => c.json({ clinicSor: '999120000000001' }));
    upstream.app.post('/api/institutions/lookup', (c) =>
      c.json({
        type: 'school',
        institutionNumber: '985101',
        name: 'Lundeskolen',
        phone: '+45 0980 8510',
        municipality: '851',
        address: { street: 'Skolevej 1', postalCode: '9000', city: 'Aalborg', floor: 'dropped' },
        mainContact: { name: 'Birgit Kjær', title: 'Skoleleder', phone: '+45 0981 8510', email: null },
        className: 'dropped',
      }),
    );
    upstream.app.post('/api/psychiatry/courses/lookup', (c) =>
      c.json({ courses: [{ unitSor: '999130000000002', start: '2026-08-20T09:00:00Z', end: null }] }),
    );
    expect(await createGpListingRegister(upstream.options).listingOf(child)).toEqual({
      clinicSor: '999120000000001',
    });
    expect(await createInstitutions(upstream.options).institutionOf(child)).toEqual({
      type: 'school',
      institutionNumber: '985101',
      name: 'Lundeskolen',
      phone: '+45 0980 8510',
      municipality: '851',
      address: { street: 'Skolevej 1', postalCode: '9000', city: 'Aalborg' },
      mainContact: { name: 'Birgit Kjær', title: 'Skoleleder', phone: '+45 0981 8510', email: null },
    });
    expect(await createPsychiatryCourses(upstream.options).coursesOf(child)).toEqual([
      { unitSor: '999130000000002', start: '2026-08-20T09:00:00Z', end: null },
    ]);
    expect(upstream.requests.every((r) => r.body === '{"cpr":"6703154321"}' && !r.url.includes('6703'))).toBe(
      true,
    );
  });

  it('answers 502 for an institution without its address or main contact', async () => {
    const upstream = fakeUpstream();
    upstream.app.post('/api/institutions/lookup', (c) =>
      c.json({
        type: 'school',
        institutionNumber: '985101',
        name: 'Lundeskolen',
        phone: '+45 0980 8510',
        municipality: '851',
      }),
    );
    expect(await problemOf(createInstitutions(upstream.options).institutionOf(child))).toEqual({
      status: 502,
      code: 'upstream_invalid_response',
    });
  });

  it('read 404 as "not listed" and "enrolled nowhere"', async () => {
    const upstream = fakeUpstream();
    upstream.app.post('/api/gp-listing/lookup', (c) => c.json({ code: 'listing_not_found' }, 404));
    upstream.app.post('/api/institutions/lookup', (c) => c.json({ code: 'institution_not_found' }, 404));
    expect(await createGpListingRegister(upstream.options).listingOf(child)).toBeNull();
    expect(await createInstitutions(upstream.options).institutionOf(child)).toBeNull();
  });

  it('answers 502 for a course that ends before it starts', async () => {
    const upstream = fakeUpstream();
    upstream.app.post('/api/psychiatry/courses/lookup', (c) =>
      c.json({
        courses: [{ unitSor: '999130000000002', start: '2026-08-20T09:00:00Z', end: '2026-01-01T00:00:00Z' }],
      }),
    );
    expect(await problemOf(createPsychiatryCourses(upstream.options).coursesOf(child))).toEqual({
      status: 502,
      code: 'upstream_invalid_response',
    });
  });
});

describe('health organisation adapter (SOR)', () => {
  it('lists clinics and psychiatry units with their staff', async () => {
    const upstream = fakeUpstream();
    const staff = [{ subject: 'syn-gp-01-01', name: 'Rasmus Hansen' }];
    upstream.app.get('/api/health/clinics', (c) =>
      c.json({
        clinics: [{ sor: '999120000000001', name: 'Lægerne Torvet', phone: '+45 0990 0100', staff }],
      }),
    );
    upstream.app.get('/api/health/psychiatry-units', (c) =>
      c.json({
        units: [{ sor: '999130000000001', name: 'BUP', parentSor: null, phone: '+45 0990 0200', staff: [] }],
      }),
    );
    const health = createHealthOrganisation(upstream.options);
    expect(await health.clinics()).toEqual([
      { sor: '999120000000001', name: 'Lægerne Torvet', phone: '+45 0990 0100', staff },
    ]);
    expect((await health.psychiatryUnits())[0]).toMatchObject({ sor: '999130000000001', parentSor: null });
  });

  it('answers 502 when a clinic has no SOR code', async () => {
    const upstream = fakeUpstream();
    upstream.app.get('/api/health/clinics', (c) =>
      c.json({ clinics: [{ name: 'Lægerne Torvet', staff: [] }] }),
    );
    expect(await problemOf(createHealthOrganisation(upstream.options).clinics())).toEqual({
      status: 502,
      code: 'upstream_invalid_response',
    });
  });
});
