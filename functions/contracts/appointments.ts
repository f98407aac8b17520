import * as z from 'zod/mini';
import type { Cpr } from '../runtime/cpr/cpr.ts';
import { type AdapterOptions, adapterClient, lookupByCpr } from './adapter-options.ts';
import { cprNumber, instant, sorCode } from './wire.ts';

/**
 * Aftaleoversigten (NSP): a patient's appointments as APD-DK documents (MedCom's
 * Danish appointment document, CDA). The wire names follow APD-DK and the XDS
 * query that finds them, so a real integration maps fields instead of redesigning.
 */

/** The appointment's `statusCode` (HL7 v3 ActStatus, as APD-DK uses it). */
export const APPOINTMENT_STATUSES = ['active', 'completed', 'cancelled', 'aborted'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** The appointment's `code`: what kind of meeting it is. */
export const APPOINTMENT_KINDS = [
  'first_visit',
  'follow_up',
  'assessment',
  'group_session',
  'network_meeting',
] as const;
export type AppointmentKind = (typeof APPOINTMENT_KINDS)[number];

export const appointmentWire = z
  .object({
    /** The APD document's id (ClinicalDocument.id), a UUID. */
    documentId: z.uuid(),
    statusCode: z.enum(APPOINTMENT_STATUSES),
    /** When it starts (`low`) and ends (`high`): documentationOf/serviceEvent/effectiveTime. */
    effectiveTime: z.object({ low: instant, high: instant }),
    appointmentType: z.object({
      code: z.enum(APPOINTMENT_KINDS),
      displayName: z.string().check(z.minLength(1)),
    }),
    /** Where it takes place (participant typeCode LOC), with its SOR code and telecom. */
    appointmentLocation: z.object({
      sor: sorCode,
      name: z.string().check(z.minLength(1)),
      phone: z.string().check(z.minLength(1)),
    }),
    // Read only to prove the contract; the adapter never passes them on: clinical text (POL-003.12).
    indication: z.optional(z.object({ text: z.string() })),
    appointmentInstruction: z.optional(z.string()),
  })
  .check(
    z.refine(
      (a) => Date.parse(a.effectiveTime.low) < Date.parse(a.effectiveTime.high),
      'an appointment ends after it starts',
    ),
  );
export type AppointmentWire = z.infer<typeof appointmentWire>;

/** The XDS query for APD documents: the patient in the body, the period by service start time. */
export const appointmentSearchBody = z.object({
  patientCpr: cprNumber,
  serviceStartTimeFrom: instant,
  serviceStartTimeTo: instant,
});
export const appointmentSearchAnswer = z.object({ appointments: z.array(appointmentWire) });

/** What a function may know of an appointment: when, where and whom to call, what kind, its status. */
export interface PsychiatryAppointment {
  readonly id: string;
  readonly status: AppointmentStatus;
  readonly start: string;
  readonly end: string;
  readonly kind: AppointmentKind;
  /** The kind as the unit names it, e.g. `Førstegangssamtale`. */
  readonly kindTitle: string;
  readonly unit: { readonly sor: string; readonly name: string; readonly phone: string };
}

export interface Appointments {
  /**
   * The appointments starting in `[from, to)`, earliest first. A failed lookup
   * throws; an answer outside the contract too.
   */
  appointmentsOf(
    cpr: Cpr,
    period: { readonly from: Date; readonly to: Date },
  ): Promise<PsychiatryAppointment[]>;
}

export function createAppointments(options: AdapterOptions): Appointments {
  const search = lookupByCpr(
    adapterClient('Aftaleoversigten', options),
    '/appointments/search',
    appointmentSearchAnswer,
    { field: 'patientCpr' },
  );
  return {
    async appointmentsOf(cpr, { from, to }) {
      const { appointments } = await search(cpr, {
        serviceStartTimeFrom: from.toISOString(),
        serviceStartTimeTo: to.toISOString(),
      });
      return appointments
        .map(
          (a): PsychiatryAppointment => ({
            id: a.documentId,
            status: a.statusCode,
            start: a.effectiveTime.low,
            end: a.effectiveTime.high,
            kind: a.appointmentType.code,
            kindTitle: a.appointmentType.displayName,
            unit: {
              sor: a.appointmentLocation.sor,
              name: a.appointmentLocation.name,
              phone: a.appointmentLocation.phone,
            },
          }),
        )
        .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
    },
  };
}
