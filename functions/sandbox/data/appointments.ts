import type { AppointmentKind, AppointmentWire } from '../../contracts/appointments.ts';
import type { PsychiatryUnit } from '../../contracts/health-organisation.ts';
import { daysFrom } from './calendar.ts';
import type { Rng } from './random.ts';
import type { ChildRecord } from './schema.ts';

const TITLES: Readonly<Record<AppointmentKind, string>> = {
  first_visit: 'Førstegangssamtale',
  follow_up: 'Opfølgende samtale',
  assessment: 'Udredningssamtale',
  group_session: 'Gruppeforløb',
  network_meeting: 'Netværksmøde',
};
/** Made-up clinical text: the adapter must drop it, so the sandbox sends it. */
const INDICATIONS = [
  'Udredning for ADHD',
  'Angst og skolevægring',
  'Spiseforstyrrelse, kontrol',
  'Depression',
];

/**
 * BUP appointments (Aftaleoversigten) for every child with a running course,
 * from their own random stream so the rest of the data stays as it was: one or
 * two in the last month, two or three in the next months (one booked within
 * three weeks, so each demo child has one to show), now and then a cancelled
 * one, and one far outside any window (half a year ahead or back).
 */
export function addAppointments(
  rng: Rng,
  units: readonly PsychiatryUnit[],
  children: ChildRecord[],
  today: Date,
): void {
  const at = today.getTime();
  for (const child of children) {
    const running = child.courses.filter(
      (c) => Date.parse(c.start) <= at && (c.end === null || at < Date.parse(c.end)),
    );
    const course = running[0];
    const unit = course && units.find((u) => u.sor === course.unitSor);
    if (!unit) continue;
    const make = (day: number, kind: AppointmentKind, statusCode: AppointmentWire['statusCode']) => {
      const hour = rng.between(8, 14);
      return {
        documentId: rng.uuid(),
        statusCode,
        effectiveTime: { low: daysFrom(today, day, hour), high: daysFrom(today, day, hour + 1) },
        appointmentType: { code: kind, displayName: TITLES[kind] },
        appointmentLocation: { sor: unit.sor, name: unit.name, phone: unit.phone },
        indication: { text: rng.pick(INDICATIONS) },
        appointmentInstruction: 'Medbring medicinliste',
      } satisfies AppointmentWire;
    };
    const appointments = [
      make(-rng.between(3, 25), rng.pick(['first_visit', 'assessment'] as const), 'completed'),
      make(rng.between(2, 20), 'follow_up', 'active'),
      make(
        rng.between(30, 80),
        rng.pick(['group_session', 'network_meeting', 'follow_up'] as const),
        'active',
      ),
      rng.chance(0.5) ? make(-200, 'first_visit', 'completed') : make(200, 'follow_up', 'active'),
    ];
    if (rng.chance(0.4)) appointments.push(make(-rng.between(1, 28), 'follow_up', 'cancelled'));
    if (rng.chance(0.3)) appointments.push(make(rng.between(21, 60), 'network_meeting', 'active'));
    child.appointments = appointments.sort(
      (a, b) => Date.parse(a.effectiveTime.low) - Date.parse(b.effectiveTime.low),
    );
  }
}
