import { describe, expect, it } from 'vitest';
import { fakeUpstream, problemOf } from '../testing/fake-upstream.ts';
import { createFkOrganisation, type OrgUnit } from './fk-organisation.ts';

const unit: OrgUnit = {
  id: '851-myndighed-oest',
  municipality: '851',
  name: 'Myndighed Øst',
  parentId: '851-familieafdelingen',
  passesKleDown: false,
  kleTasks: [{ kle: '34.15.05', role: 'Udfoerende' }],
  contact: { phone: '+45 0851 0004', secureEmail: 'myndighed-oest@851.sikkermail.example' },
};

describe('FK Organisation adapter', () => {
  it('lists units, employees and auditors of one municipality', async () => {
    const upstream = fakeUpstream();
    upstream.app.get('/api/units', (c) =>
      c.json({ units: c.req.query('municipality') === '851' ? [unit] : [] }),
    );
    upstream.app.get('/api/employees', (c) =>
      c.json({
        employees: [
          {
            subject: 'syn-851-0010',
            name: 'Line Jensen',
            municipality: '851',
            unitId: unit.id,
            roles: ['caseworker'],
            clearance: 'FOELSOMME_PERSONOPLYSNINGER',
          },
        ],
      }),
    );
    upstream.app.get('/api/auditors', (c) =>
      c.json({ auditors: [{ subject: 'syn-851-0198', name: 'Pia Christiansen', municipality: '851' }] }),
    );
    const fk = createFkOrganisation(upstream.options);
    expect(await fk.units('851')).toEqual([unit]);
    expect((await fk.employees('851'))[0]).toMatchObject({ roles: ['caseworker'], unitId: unit.id });
    expect(await fk.auditors('851')).toEqual([
      { subject: 'syn-851-0198', name: 'Pia Christiansen', municipality: '851' },
    ]);
    expect(upstream.requests.map((r) => r.url)).toEqual([
      'http://upstream.test/api/units?municipality=851',
      'http://upstream.test/api/employees?municipality=851',
      'http://upstream.test/api/auditors?municipality=851',
    ]);
  });

  it('reads one unit, and 404 as "no such unit"', async () => {
    const upstream = fakeUpstream();
    upstream.app.get('/api/units/:id', (c) =>
      c.req.param('id') === unit.id ? c.json(unit) : c.json({}, 404),
    );
    const fk = createFkOrganisation(upstream.options);
    expect(await fk.unit(unit.id)).toEqual(unit);
    expect(await fk.unit('851-nowhere')).toBeNull();
  });

  it('refuses a malformed municipality or unit id before calling', async () => {
    const upstream = fakeUpstream();
    const fk = createFkOrganisation(upstream.options);
    expect(await problemOf(fk.units('85'))).toEqual({ status: 400, code: 'invalid_municipality' });
    expect(await problemOf(fk.unit('../admin'))).toEqual({ status: 400, code: 'invalid_unit_id' });
    expect(upstream.requests).toEqual([]);
  });

  it('answers 502 for a unit whose id is not scoped by its municipality', async () => {
    const upstream = fakeUpstream();
    upstream.app.get('/api/units', (c) => c.json({ units: [{ ...unit, municipality: '810' }] }));
    expect(await problemOf(createFkOrganisation(upstream.options).units('851'))).toEqual({
      status: 502,
      code: 'upstream_invalid_response',
    });
  });
});
