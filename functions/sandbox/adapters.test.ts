import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppointments } from '../contracts/appointments.ts';
import { createCaseIndex } from '../contracts/case-index.ts';
import { createCprRegister } from '../contracts/cpr-register.ts';
import { createFkOrganisation } from '../contracts/fk-organisation.ts';
import { createGpListingRegister } from '../contracts/gp-listing.ts';
import { createHealthOrganisation } from '../contracts/health-organisation.ts';
import { createInstitutions } from '../contracts/institutions.ts';
import { createPsychiatryCourses } from '../contracts/psychiatry-courses.ts';
import { type Cpr, parseCpr, pseudonym } from '../runtime/cpr/cpr.ts';
import type { AppError } from '../runtime/http/app-error.ts';
import { type RunningServer, serveApp } from '../runtime/http/serve.ts';
import { createSandboxApp } from './app.ts';
import { generateSandboxData } from './data/generate.ts';
import { personas } from './data/personas.ts';

/** The adapters against the sandbox over real HTTP: the contracts hold on both sides. */
const today = new Date();
const data = generateSandboxData({ today });
const key = new Uint8Array(32).fill(3);
const servers: RunningServer[] = [];
let healthy = '';
let faulty = '';

async function start(app: ReturnType<typeof createSandboxApp>): Promise<string> {
  const running = await serveApp(app, { port: 0, hostname: '127.0.0.1', signals: [], drainMs: 100 });
  servers.push(running);
  return `http://127.0.0.1:${running.port}`;
}

beforeAll(async () => {
  healthy = await start(createSandboxApp(data));
  faulty = await start(
    createSandboxApp(data, {
      faults: [
        { route: 'POST /cases/search', delayMs: 1500 },
        { route: 'POST /persons/lookup', status: 500 },
        { route: 'GET /units', status: 503 },
      ],
    }),
  );
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.shutdown()));
});

const cpr = (digits: string): Cpr => {
  const parsed = parseCpr(digits);
  if (!parsed.ok) throw new Error('the sandbox holds only valid numbers');
  return parsed.cpr;
};
const options = () => ({ baseUrl: healthy, timeoutMs: 2000 });
const failure = async (promise: Promise<unknown>) => {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as AppError;
  return { status: error.status, code: error.code };
};

describe('adapters against the sandbox', () => {
  const gp = personas(data, today).find((p) => p.key === 'gp')!;
  const child = data.children.find((c) => c.cpr === gp.demoChildCpr)!;

  it('POL-001: the case index adapter answers the demo child’s cases without titles', async () => {
    const cases = await createCaseIndex(options()).casesOfParty(cpr(child.cpr));
    expect(cases.map((c) => c.id)).toEqual(child.cases.map((c) => c.id));
    expect(cases.some((c) => c.active && c.sensitivity !== 'VIP_SAGER')).toBe(true);
    const text = JSON.stringify(cases);
    for (const c of child.cases) expect(text).not.toContain(c.title);
    expect(text).not.toContain('title');
  });

  it('the CPR, listing, STIL and psychiatry adapters answer the same child', async () => {
    const person = await createCprRegister({ ...options(), pseudonymKey: key }).lookup(cpr(child.cpr));
    expect(person).toEqual({
      name: child.name,
      birthDate: cpr(child.cpr).birthDate,
      residenceMunicipality: '851',
      custodyHolders: child.custodyHolders.map((h) => pseudonym(cpr(h), key)),
      addressProtected: false,
    });
    expect(await createGpListingRegister(options()).listingOf(cpr(child.cpr))).toEqual({
      clinicSor: gp.organisation.id,
    });
    expect(await createInstitutions(options()).institutionOf(cpr(child.cpr))).toEqual(child.institution);
    expect(await createPsychiatryCourses(options()).coursesOf(cpr(child.cpr))).toEqual(child.courses);
  });

  it('POL-003.12: the appointments adapter answers the caseworker’s demo child’s appointments without clinical text', async () => {
    const caseworker = personas(data, today).find((p) => p.key === 'caseworker')!;
    const theirs = data.children.find((c) => c.cpr === caseworker.demoChildCpr)!;
    const day = 86_400_000;
    const period = { from: new Date(today.getTime() - 30 * day), to: new Date(today.getTime() + 90 * day) };
    const appointments = await createAppointments(options()).appointmentsOf(cpr(theirs.cpr), period);
    const inPeriod = theirs.appointments.filter((a) => {
      const start = Date.parse(a.effectiveTime.low);
      return period.from.getTime() <= start && start < period.to.getTime();
    });
    expect(appointments.map((a) => a.id)).toEqual(inPeriod.map((a) => a.documentId));
    expect(appointments.some((a) => a.status === 'active')).toBe(true);
    const text = JSON.stringify(appointments);
    for (const a of theirs.appointments) expect(text).not.toContain(a.indication!.text);
    expect(text).not.toMatch(/indication|Medbring/);
  });

  it('the lookups read 404 as not found', async () => {
    const nobody = cpr('6101014000');
    expect(await createCprRegister({ ...options(), pseudonymKey: key }).lookup(nobody)).toBeNull();
    expect(await createGpListingRegister(options()).listingOf(nobody)).toBeNull();
    expect(await createInstitutions(options()).institutionOf(nobody)).toBeNull();
    expect(await createCaseIndex(options()).casesOfParty(nobody)).toEqual([]);
    expect(await createFkOrganisation(options()).unit('851-nowhere')).toBeNull();
  });

  it('the organisation adapters answer FK Organisation and SOR', async () => {
    const fk = createFkOrganisation(options());
    expect((await fk.units('840')).length).toBe(data.units.filter((u) => u.municipality === '840').length);
    expect(await fk.unit('851-ppr')).toEqual(data.units.find((u) => u.id === '851-ppr'));
    expect((await fk.employees('851')).map((e) => e.subject)).toContain(
      personas(data, today).find((p) => p.key === 'caseworker')!.subject,
    );
    expect((await fk.auditors('851')).length).toBeGreaterThan(0);
    const health = createHealthOrganisation(options());
    expect(await health.clinics()).toEqual(data.clinics);
    expect(await health.psychiatryUnits()).toEqual(data.psychiatryUnits);
  });

  it('a hanging upstream becomes 504 within the deadline', async () => {
    const started = performance.now();
    expect(
      await failure(createCaseIndex({ baseUrl: faulty, timeoutMs: 300 }).casesOfParty(cpr(child.cpr))),
    ).toEqual({
      status: 504,
      code: 'upstream_timeout',
    });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('a failing upstream becomes 502, and 503 once its circuit opens', async () => {
    const register = createCprRegister({ baseUrl: faulty, timeoutMs: 2000, retries: 0, pseudonymKey: key });
    expect(await failure(register.lookup(cpr(child.cpr)))).toEqual({ status: 502, code: 'upstream_error' });
    const fk = createFkOrganisation({ baseUrl: faulty, timeoutMs: 2000, retries: 0 });
    for (let i = 0; i < 5; i++)
      expect(await failure(fk.units('851'))).toEqual({ status: 502, code: 'upstream_error' });
    expect(await failure(fk.units('851'))).toEqual({ status: 503, code: 'upstream_unavailable' });
  });
});
