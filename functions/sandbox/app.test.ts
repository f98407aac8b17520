import { describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import { appointmentSearchAnswer } from '../contracts/appointments.ts';
import { caseSearchAnswer } from '../contracts/case-index.ts';
import { personWire } from '../contracts/cpr-register.ts';
import { auditorsAnswer, employeesAnswer, orgUnitWire, unitsAnswer } from '../contracts/fk-organisation.ts';
import { gpListingWire } from '../contracts/gp-listing.ts';
import { clinicsAnswer, psychiatryUnitsAnswer } from '../contracts/health-organisation.ts';
import { institutionWire } from '../contracts/institutions.ts';
import { coursesAnswer } from '../contracts/psychiatry-courses.ts';
import { CPR_SHAPED } from '../runtime/cpr/cpr.ts';
import { createSandboxApp } from './app.ts';
import { birthDateOf } from './data/families.ts';
import { generateSandboxData } from './data/generate.ts';

const today = new Date('2026-11-25T10:00:00Z');
const data = generateSandboxData({ today });
const app = createSandboxApp(data, { now: () => today });

async function answer<S extends z.ZodMiniType>(path: string, schema: S, body?: unknown): Promise<z.infer<S>> {
  const res = await app.request(
    path,
    body === undefined
      ? {}
      : { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } },
  );
  expect(res.status).toBe(200);
  const parsed = schema.safeParse(await res.json());
  expect(parsed.success).toBe(true);
  return parsed.data as z.infer<S>;
}

async function problem(path: string, body?: unknown) {
  const res = await app.request(
    path,
    body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) },
  );
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const text = await res.text();
  expect(CPR_SHAPED.test(text)).toBe(false);
  return { status: res.status, code: (JSON.parse(text) as { code: string }).code };
}

const withCases = data.children.find((c) => c.cases.length > 1)!;
const unlisted = data.children.find((c) => c.gpClinicSor === null)!;
const unenrolled = data.children.find((c) => c.institution === null)!;
const nobody = '6101014000'; // a substitute number the data does not hold

describe('sandbox: FK Organisation', () => {
  it('answers units, one unit, employees and auditors of a municipality within the contract', async () => {
    const { units } = await answer('/units?municipality=851', unitsAnswer);
    expect(units.length).toBe(data.units.filter((u) => u.municipality === '851').length);
    expect(units.every((u) => u.municipality === '851')).toBe(true);
    expect(await answer('/units/851-myndighed-oest', orgUnitWire)).toMatchObject({
      name: 'Myndighed Øst',
      parentId: '851-familieafdelingen',
    });
    const { employees } = await answer('/employees?municipality=810', employeesAnswer);
    expect(employees.length).toBeGreaterThan(20);
    expect((await answer('/auditors?municipality=787', auditorsAnswer)).auditors).toHaveLength(1);
  });

  it('answers 404 for an unknown unit or municipality and 400 without a municipality', async () => {
    expect(await problem('/units/851-nowhere')).toEqual({ status: 404, code: 'unit_not_found' });
    expect(await problem('/units?municipality=101')).toEqual({ status: 404, code: 'municipality_not_found' });
    expect(await problem('/employees')).toEqual({ status: 400, code: 'invalid_municipality' });
  });
});

describe('sandbox: case index, CPR, GP listing, STIL, psychiatry', () => {
  it('answers the cases of a party, titles included as the real index does', async () => {
    const { cases } = await answer('/cases/search', caseSearchAnswer, { partyCpr: withCases.cpr });
    expect(cases).toEqual(withCases.cases);
    expect(cases[0]?.title).toMatch(/ – /);
    expect((await answer('/cases/search', caseSearchAnswer, { partyCpr: nobody })).cases).toEqual([]);
  });

  it('answers a person with custody holders, an adult without, and 404 for an unknown number', async () => {
    expect(await answer('/persons/lookup', personWire, { cpr: withCases.cpr })).toEqual({
      name: withCases.name,
      birthDate: birthDateOf(withCases.cpr),
      residenceMunicipality: withCases.residenceMunicipality,
      custodyHolders: withCases.custodyHolders,
      addressProtected: withCases.addressProtected,
    });
    const parent = await answer('/persons/lookup', personWire, { cpr: withCases.custodyHolders[0] });
    expect(parent.custodyHolders).toEqual([]);
    expect(await problem('/persons/lookup', { cpr: nobody })).toEqual({
      status: 404,
      code: 'person_not_found',
    });
  });

  it('answers GP listing and institution, or 404', async () => {
    const listed = data.children.find((c) => c.gpClinicSor !== null && c.institution !== null)!;
    expect(await answer('/gp-listing/lookup', gpListingWire, { cpr: listed.cpr })).toEqual({
      clinicSor: listed.gpClinicSor,
    });
    expect(await answer('/institutions/lookup', institutionWire, { cpr: listed.cpr })).toEqual(
      listed.institution,
    );
    expect(await problem('/gp-listing/lookup', { cpr: unlisted.cpr })).toEqual({
      status: 404,
      code: 'listing_not_found',
    });
    expect(await problem('/institutions/lookup', { cpr: unenrolled.cpr })).toEqual({
      status: 404,
      code: 'institution_not_found',
    });
  });

  it('answers running and planned psychiatry courses, never ended ones', async () => {
    const now = today.getTime();
    const ended = (c: { end: string | null }) => c.end !== null && Date.parse(c.end) <= now;
    const mixed = data.children.find((c) => c.courses.some(ended) && c.courses.some((k) => !ended(k)))!;
    const { courses } = await answer('/psychiatry/courses/lookup', coursesAnswer, { cpr: mixed.cpr });
    expect(courses).toEqual(mixed.courses.filter((c) => !ended(c)));
    const planned = data.children.find((c) => c.courses.some((k) => Date.parse(k.start) > now))!;
    expect(
      (await answer('/psychiatry/courses/lookup', coursesAnswer, { cpr: planned.cpr })).courses.length,
    ).toBeGreaterThan(0);
  });

  it('answers 400 for a body outside the contract, without echoing the number', async () => {
    expect(await problem('/persons/lookup', { cpr: '6703154321x' })).toEqual({
      status: 400,
      code: 'invalid_request',
    });
    expect(await problem('/cases/search', { cpr: withCases.cpr })).toEqual({
      status: 400,
      code: 'invalid_request',
    });
  });
});

describe('sandbox: SOR', () => {
  it('answers the clinics and the BUP units with their staff', async () => {
    const { clinics } = await answer('/health/clinics', clinicsAnswer);
    expect(clinics.map((c) => c.name)).toContain('Lægerne Torvet');
    const { units } = await answer('/health/psychiatry-units', psychiatryUnitsAnswer);
    expect(units.filter((u) => u.parentSor === null)).toHaveLength(1);
    expect(units.length).toBeGreaterThan(3);
  });
});

describe('sandbox: fault injection', () => {
  it('fails a route with the given status, only as often as asked', async () => {
    const faulty = createSandboxApp(data, {
      faults: [{ route: 'POST /persons/lookup', status: 500, times: 1 }],
    });
    const ask = () =>
      faulty.request('/persons/lookup', { method: 'POST', body: JSON.stringify({ cpr: withCases.cpr }) });
    expect((await ask()).status).toBe(500);
    expect((await ask()).status).toBe(200);
    expect((await faulty.request('/health/clinics')).status).toBe(200);
  });

  it('delays a route', async () => {
    const slow = createSandboxApp(data, { faults: [{ route: 'GET /health/clinics', delayMs: 150 }] });
    const started = performance.now();
    expect((await slow.request('/health/clinics')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('refuses a fault that does not name a route', () => {
    expect(() => createSandboxApp(data, { faults: [{ route: '/cases/search', status: 500 }] })).toThrow(
      'fault route must be "METHOD /path"',
    );
  });
});

describe('sandbox: Aftaleoversigten', () => {
  const withAppointments = data.children.find((c) => c.appointments.length > 3)!;
  const search = (from: string, to: string, cpr = withAppointments.cpr) =>
    answer('/appointments/search', appointmentSearchAnswer, {
      patientCpr: cpr,
      serviceStartTimeFrom: from,
      serviceStartTimeTo: to,
    });

  it('answers the appointments starting in the asked period, with APD-DK fields', async () => {
    const all = await search('2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z');
    expect(all.appointments).toEqual(withAppointments.appointments);
    const { appointments } = await search('2026-10-26T10:00:00Z', '2027-02-23T10:00:00Z');
    expect(appointments.length).toBeGreaterThan(0);
    expect(appointments.length).toBeLessThan(all.appointments.length);
    for (const a of appointments) {
      expect(Date.parse(a.effectiveTime.low)).toBeGreaterThanOrEqual(Date.parse('2026-10-26T10:00:00Z'));
      expect(Date.parse(a.effectiveTime.low)).toBeLessThan(Date.parse('2027-02-23T10:00:00Z'));
    }
  });

  it('answers no appointments for a child without any, and a problem for a bad query', async () => {
    const none = data.children.find((c) => c.appointments.length === 0)!;
    expect((await search('2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z', none.cpr)).appointments).toEqual([]);
    expect(await problem('/appointments/search', { patientCpr: none.cpr })).toEqual({
      status: 400,
      code: 'invalid_request',
    });
  });
});
