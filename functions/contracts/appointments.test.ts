import { describe, expect, it } from 'vitest';
import { parseCpr } from '../runtime/cpr/cpr.ts';
import { fakeUpstream, problemOf } from '../testing/fake-upstream.ts';
import { createAppointments } from './appointments.ts';

const child = (() => {
  const parsed = parseCpr('6703154321'); // substitute number
  if (!parsed.ok) throw new Error('fixture');
  return parsed.cpr;
})();
const period = { from: new Date('2026-10-26T10:00:00Z'), to: new Date('2027-02-23T10:00:00Z') };
const apd = (over: object = {}) => ({
  documentId: '0c6b6a2e-6f4f-4d8e-9a51-2f1d7c3e9b10',
  statusCode: 'active',
  effectiveTime: { low: '2026-12-02T09:00:00Z', high: '2026-12-02T10:00:00Z' },
  appointmentType: { code: 'follow_up', displayName: 'Opfølgende samtale' },
  appointmentLocation: { sor: '999130000000002', name: 'Ambulatorium for børn', phone: '+45 0990 0201' },
  indication: { text: 'Udredning for ADHD' },
  appointmentInstruction: 'Medbring medicinliste',
  ...over,
});

describe('Aftaleoversigten adapter', () => {
  it('POL-003.12: asks by patient and period in the body, answers earliest first without any clinical text', async () => {
    const upstream = fakeUpstream();
    const later = apd({
      documentId: '1c6b6a2e-6f4f-4d8e-9a51-2f1d7c3e9b10',
      effectiveTime: { low: '2027-01-05T12:00:00Z', high: '2027-01-05T13:00:00Z' },
    });
    upstream.app.post('/api/appointments/search', (c) => c.json({ appointments: [later, apd()] }));
    const answer = await createAppointments(upstream.options).appointmentsOf(child, period);
    expect(answer).toEqual([
      {
        id: '0c6b6a2e-6f4f-4d8e-9a51-2f1d7c3e9b10',
        status: 'active',
        start: '2026-12-02T09:00:00Z',
        end: '2026-12-02T10:00:00Z',
        kind: 'follow_up',
        kindTitle: 'Opfølgende samtale',
        unit: { sor: '999130000000002', name: 'Ambulatorium for børn', phone: '+45 0990 0201' },
      },
      expect.objectContaining({ id: '1c6b6a2e-6f4f-4d8e-9a51-2f1d7c3e9b10' }),
    ]);
    expect(JSON.stringify(answer)).not.toMatch(/ADHD|Medbring/);
    expect(upstream.requests).toHaveLength(1);
    expect(JSON.parse(upstream.requests[0]!.body)).toEqual({
      patientCpr: '6703154321',
      serviceStartTimeFrom: '2026-10-26T10:00:00.000Z',
      serviceStartTimeTo: '2027-02-23T10:00:00.000Z',
    });
    expect(upstream.requests[0]!.url).not.toContain('6703');
  });

  it.each([
    ['an unknown status', apd({ statusCode: 'tentative' })],
    ['an unknown kind', apd({ appointmentType: { code: 'surgery', displayName: 'x' } })],
    [
      'an end before the start',
      apd({ effectiveTime: { low: '2026-12-02T10:00:00Z', high: '2026-12-02T09:00:00Z' } }),
    ],
    ['a location without a SOR code', apd({ appointmentLocation: { name: 'BUP', phone: '+45 0990 0201' } })],
  ])('answers 502 for %s', async (_what, appointment) => {
    const upstream = fakeUpstream();
    upstream.app.post('/api/appointments/search', (c) => c.json({ appointments: [appointment] }));
    expect(await problemOf(createAppointments(upstream.options).appointmentsOf(child, period))).toEqual({
      status: 502,
      code: 'upstream_invalid_response',
    });
  });
});
